import { describe, expect, it } from 'vitest';
import { combineArchitectures, recommendAcross, type ArchitectureRun } from '../../../src/analysis/index.js';
import type { Architecture, Report, SizeResult, Strategy } from '../../../src/types.js';
import { measuredSize } from './size-result.js';

function run(architecture: Architecture, results: SizeResult[], recommendedMB: number | null, failed?: string): ArchitectureRun {
  const report: Report = {
    schemaVersion: 1,
    source: 'tune',
    function: { name: 'orders', architecture, originalMemoryMB: 1024 },
    pricing: {
      region: 'us-east-1',
      architecture,
      gbSecondUSD: architecture === 'arm64' ? 0.0000133334 : 0.0000166667,
      requestUSD: 0.0000002,
      asOf: '2026-11-27',
      per: 1_000_000,
    },
    strategy: { name: 'balanced', weight: 0.5 },
    discard: 0.2,
    results,
    recommendation: recommendedMB === null ? null : { memoryMB: recommendedMB, reason: `own reason ${architecture}` },
    warnings: [`own warning ${architecture}`],
  };
  return { architecture, report, ...(failed !== undefined ? { failed } : {}) };
}

// Today: x86_64 at 1024 MB, $0.000010 and 100 ms. arm64 at 1024 MB: 21 % cheaper, 4 % slower; x86_64 at 2048 MB: dearer, faster.
const x86 = run('x86_64', [measuredSize(1024, 0.00001, 100), measuredSize(2048, 0.000012, 60)], 2048);
const arm = run('arm64', [measuredSize(1024, 0.0000079, 104)], 1024);
const today = { architecture: 'x86_64' as const, memoryMB: 1024 };

describe('recommendAcross', () => {
  it.each([
    { case: 'cost takes the cheaper architecture', strategy: 'cost' as Strategy, architecture: 'arm64', memoryMB: 1024 },
    { case: 'speed takes the faster architecture', strategy: 'speed' as Strategy, architecture: 'x86_64', memoryMB: 2048 },
  ])('$case', ({ strategy, architecture, memoryMB }) => {
    const rec = recommendAcross([x86, arm], { name: strategy }, today);

    expect(rec).toMatchObject({ architecture, memoryMB });
  });

  it('says how the winner compares with today, in the words of the issue', () => {
    const rec = recommendAcross([x86, arm], { name: 'cost' }, today);

    expect(rec?.reason).toMatch(/^arm64 at 1024 MB: 21\.0 % cheaper than today, 4\.0 % slower \(today: x86_64 at 1024 MB\); own reason arm64$/);
    expect(rec?.savingVsCurrent).toEqual({ costPercent: expect.closeTo(21, 6), durationPercent: expect.closeTo(-4, 6), currentMemoryMB: 1024 });
  });

  it('answers with the other architecture when one has no recommendation (its code failed there)', () => {
    const failed = run('arm64', [measuredSize(1024, 0.0000079, 104, { errors: { 'Runtime.ImportModuleError': 10 } })], null, 'the code failed on arm64');

    expect(recommendAcross([x86, failed], { name: 'cost' }, today)).toMatchObject({ architecture: 'x86_64', memoryMB: 2048 });
  });
});

describe('combineArchitectures', () => {
  it("keeps every result with its architecture, each part's prices, and warnings named by architecture, without changing its input", () => {
    const before = structuredClone([x86, arm]);

    const combined = combineArchitectures([x86, arm], today);

    expect(combined.results.map((r) => [r.architecture, r.memoryMB])).toEqual([
      ['x86_64', 1024],
      ['x86_64', 2048],
      ['arm64', 1024],
    ]);
    expect(combined.architectures?.map((p) => [p.architecture, p.pricing.gbSecondUSD, p.recommendation?.memoryMB])).toEqual([
      ['x86_64', 0.0000166667, 2048],
      ['arm64', 0.0000133334, 1024],
    ]);
    expect(combined.warnings).toEqual(['x86_64: own warning x86_64', 'arm64: own warning arm64']);
    expect(combined.function).toMatchObject({ architecture: 'x86_64', originalMemoryMB: 1024 });
    expect([x86, arm]).toEqual(before);
  });
});
