import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { planBench } from '../../../src/bench/plan.js';
import { renderPlan, renderSideBySide, type ArchReport } from '../../../src/bench/render.js';
import type { Architecture, Distribution, Report, SizeResult } from '../../../src/types.js';

const chalk = new Chalk({ level: 0 });

function dist(mean: number): Distribution {
  return { mean, trimmedMean: mean, p50: mean, p90: mean * 1.1, p95: mean * 1.2, p99: mean * 1.3, min: mean * 0.9, max: mean * 1.3 };
}

function size(memoryMB: number, meanMs: number | null, gbSecondUSD: number): SizeResult {
  const perInvocation = meanMs === null ? 0 : (memoryMB / 1024) * (Math.ceil(meanMs) / 1000) * gbSecondUSD + 0.0000002;
  return {
    memoryMB,
    invocations: 10,
    errors: meanMs === null ? 10 : 0,
    errorsByType: meanMs === null ? { 'Runtime.OutOfMemory': 10 } : {},
    coldStarts: 1,
    sample: 'warm',
    durationMs: meanMs === null ? null : dist(meanMs),
    billedDurationMs: meanMs === null ? null : dist(Math.ceil(meanMs)),
    cold: null,
    maxMemoryUsedMB: Math.min(memoryMB, 90),
    costUSD: meanMs === null ? null : { perInvocation, perUnit: perInvocation * 1_000_000 },
  };
}

function report(architecture: Architecture, means: Array<[number, number | null]>, recommended: number): Report {
  const gbSecondUSD = architecture === 'arm64' ? 0.0000133334 : 0.0000166667;
  return {
    schemaVersion: 1,
    source: 'bench',
    function: { name: 'prime-sieve', region: 'us-east-1', architecture },
    pricing: { region: 'us-east-1', architecture, gbSecondUSD, requestUSD: 0.0000002, asOf: '2026-11-27', per: 1_000_000 },
    strategy: { name: 'speed' },
    discard: 0.2,
    results: means.map(([mb, mean]) => size(mb, mean, gbSecondUSD)),
    recommendation: { memoryMB: recommended, reason: 'fastest error-free size' },
    warnings: [],
  };
}

const x86: ArchReport = {
  architecture: 'x86_64',
  report: report(
    'x86_64',
    [
      [128, 11722.965],
      [1024, 1465.984],
    ],
    1024,
  ),
};
const arm: ArchReport = {
  architecture: 'arm64',
  report: report(
    'arm64',
    [
      [128, 13000],
      [1024, 1600],
    ],
    1024,
  ),
};

describe('renderSideBySide', () => {
  it('puts the architectures side by side with the second against the first', () => {
    expect(renderSideBySide('prime-sieve', [x86, arm], 'table', chalk)).toMatchInlineSnapshot(`
      "prime-sieve · x86_64 vs arm64 · us-east-1 · prices as of 2026-11-27

                       x86_64                      arm64            arm64 vs x86_64
      Memory    Trimmed       p95   $ per    Trimmed       p95   $ per
      MB        mean ms        ms      1M    mean ms        ms      1M      cost    time
      ──────────────────────────────────────────────────────────────────────────────────
      128      11,723.0  14,067.6  $24.62   13,000.0  15,600.0  $21.87   -11.2 %   ×1.11
      1024    ▶ 1,466.0   1,759.2  $24.63  ▶ 1,600.0   1,920.0  $21.53   -12.6 %   ×1.09

      ▶ = recommended size per architecture
      x86_64: recommended: 1024 MB (speed) — fastest error-free size
      arm64: recommended: 1024 MB (speed) — fastest error-free size
      "
    `);
  });

  it.each([
    { case: "the slide's prices per 1M", per: 1_000_000 },
    { case: 'per 1000, with longer prices', per: 1000 },
  ])('fits an 80-column terminal by leaving out p95 ($case)', ({ per }) => {
    const perUnit = (r: ArchReport): ArchReport => ({ ...r, report: { ...r.report, pricing: { ...r.report.pricing, per } } });
    const text = renderSideBySide('prime-sieve', [perUnit(x86), perUnit(arm)], 'table', chalk, 80);

    const lines = text.split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(/p95/);
    expect(lines.find((line) => line.startsWith('1024 '))).toMatch(/^1024 +▶ 1,466\.0 +\$\S+ +▶ 1,600\.0 +\$\S+ +-12\.6 % +×1\.09$/);
    expect(text).toMatch(/arm64 vs x86_64/);
  });

  it('keeps p95 when the terminal is wide enough', () => {
    const text = renderSideBySide('prime-sieve', [x86, arm], 'table', chalk, 120);

    expect(text).toBe(renderSideBySide('prime-sieve', [x86, arm], 'table', chalk));
  });

  it("wraps a long warning under the table at the terminal's width", () => {
    const warned: ArchReport = {
      ...arm,
      report: {
        ...arm.report,
        warnings: ['1024 MB: 3 of 10 invocations were throttled and retried; the concurrency was lowered to 2 for the rest of the run'],
      },
    };
    const lines = renderSideBySide('prime-sieve', [x86, warned], 'table', chalk, 80).split('\n');

    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(lines.join(' ')).toMatch(/arm64: warning: 1024 MB: 3 of 10 invocations were throttled/);
  });

  it('renders one architecture without a comparison', () => {
    const text = renderSideBySide('prime-sieve', [x86], 'table', chalk);
    expect(text).not.toMatch(/vs x86_64/);
    expect(text).toMatch(/▶ 1,466\.0/);
  });

  it('shows a size that failed on one architecture', () => {
    const failing: ArchReport = {
      architecture: 'arm64',
      report: report(
        'arm64',
        [
          [128, null],
          [1024, 1600],
        ],
        1024,
      ),
    };
    const line = renderSideBySide('memory-hungry', [x86, failing], 'table', chalk)
      .split('\n')
      .find((l) => l.startsWith('128 '));
    expect(line).toMatch(/failed/);
    expect(line).toMatch(/—\s+—$/);
  });

  it('renders Markdown with escaped prices', () => {
    expect(renderSideBySide('prime-sieve', [x86, arm], 'markdown', chalk)).toMatchInlineSnapshot(`
      "### prime-sieve · x86\\_64 vs arm64 · us-east-1 · prices as of 2026-11-27

      | Memory MB | x86\\_64 Trimmed mean ms | x86\\_64 p95 ms | x86\\_64 \\$ per 1M | arm64 Trimmed mean ms | arm64 p95 ms | arm64 \\$ per 1M | arm64 vs x86\\_64 cost | arm64 vs x86\\_64 time |
      | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
      | 128 | 11,723.0 | 14,067.6 | \\$24.62 | 13,000.0 | 15,600.0 | \\$21.87 | -11.2 % | ×1.11 |
      | 1024 | ▶ 1,466.0 | 1,759.2 | \\$24.63 | ▶ 1,600.0 | 1,920.0 | \\$21.53 | -12.6 % | ×1.09 |

      - x86\\_64: recommended: 1024 MB (speed) — fastest error-free size
      - arm64: recommended: 1024 MB (speed) — fastest error-free size
      "
    `);
  });

  it('says when the prices were overridden', () => {
    const overridden = (r: ArchReport): ArchReport => ({ ...r, report: { ...r.report, pricing: { ...r.report.pricing, asOf: 'override' } } });
    expect(renderSideBySide('prime-sieve', [overridden(x86), overridden(arm)], 'table', chalk).split('\n')[0]).toBe(
      'prime-sieve · x86_64 vs arm64 · us-east-1 · prices overridden',
    );
  });

  it('does not change the reports it renders', () => {
    const before = structuredClone([x86, arm]);
    renderSideBySide('prime-sieve', [x86, arm], 'table', new Chalk({ level: 3 }));
    expect([x86, arm]).toEqual(before);
  });
});

describe('renderPlan', () => {
  it('bounds a search per function by every invocation it may ask for at 10240 MB', () => {
    const plan = planBench({
      runId: 'run00001',
      region: 'eu-west-1',
      workloads: ['prime-sieve'],
      architectures: ['x86_64'],
      memorySizes: [],
      invocations: 10,
      concurrency: 5,
      timeoutSeconds: 60,
      price: (architecture) => ({ region: 'eu-west-1', architecture, gbSecondUSD: 0.0000166667, requestUSD: 0.0000002, asOf: '2026-11-27' }),
    });

    expect(plan.totalInvocations).toBe(120);
    expect(plan.costBoundUSD).toBeGreaterThan(120 * 10 * 60 * 0.0000166667);
    expect(renderPlan(plan)).toContain("  memory sizes chosen per function by tune's search of 128–10240 MB, concurrency 5, timeout 60 s");
  });

  it('lists the functions, the sizes and the cost bound', () => {
    const plan = planBench({
      runId: 'run00001',
      region: 'eu-west-1',
      workloads: ['prime-sieve'],
      architectures: ['x86_64', 'arm64'],
      memorySizes: [128, 1024],
      invocations: 10,
      concurrency: 5,
      timeoutSeconds: 60,
      price: (architecture) => ({ region: 'eu-west-1', architecture, gbSecondUSD: 0.0000166667, requestUSD: 0.0000002, asOf: '2026-11-27' }),
    });
    expect(renderPlan(plan)).toMatchInlineSnapshot(`
      "bench run run00001 in eu-west-1: 2 function(s), created, measured and deleted one after another
        lambda-rightsize-bench-prime-sieve-x86_64-run00001  (prime-sieve, x86_64)
        lambda-rightsize-bench-prime-sieve-arm64-run00001  (prime-sieve, arm64)
        memory sizes 128, 1024 MB × 10 invocations, concurrency 5, timeout 60 s
        40 invocations in all; cost at most $0.02438 (every invocation running into the timeout, plus cold starts)
      "
    `);
  });
});
