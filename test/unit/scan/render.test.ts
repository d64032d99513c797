import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { resolvePrice } from '../../../src/pricing/index.js';
import { SCAN_DEFAULTS } from '../../../src/scan/defaults.js';
import { analyseFunction } from '../../../src/scan/findings.js';
import { renderAnnotations, renderScanReport } from '../../../src/scan/render/index.js';
import { buildScanReport, withFunctions } from '../../../src/scan/report.js';
import type { FunctionScan, ScanFunctionConfig, ScanReport, SizeStats } from '../../../src/scan/types.js';

const price = resolvePrice({ region: 'us-east-1', architecture: 'x86_64' });
const chalk = new Chalk({ level: 0 });

const size = (memoryMB: number, invocations: number, p99: number, max: number, over: Partial<SizeStats> = {}): SizeStats => ({
  memoryMB,
  invocations,
  coldStarts: 3,
  errors: 0,
  timeouts: 0,
  outOfMemory: 0,
  durationMs: { p50: 80, p95: 120.25, p99: 150 },
  durationMsSum: invocations * 90,
  billedDurationMsSum: invocations * 100,
  maxMemoryUsedMB: max,
  p99MemoryUsedMB: p99,
  ...over,
});

function scan(
  name: string,
  memoryMB: number,
  sizes: SizeStats[],
  over: Partial<ScanFunctionConfig> = {},
  source: FunctionScan['source'] = 'insights',
): FunctionScan {
  const config: ScanFunctionConfig = { name, memoryMB, architecture: 'x86_64', timeoutS: 30, logFormat: 'text', logGroup: `/aws/lambda/${name}`, ...over };
  return analyseFunction({ config, source, sizes, windowDays: 14, price, thresholds: SCAN_DEFAULTS.thresholds });
}

const API_IAC = {
  tool: 'sam',
  file: 'infra/template.yaml',
  line: 12,
  text: '      MemorySize: 1024',
  memoryMB: 1024,
  scope: 'function',
  matchedBy: 'aws:cloudformation:logical-id ApiFunction',
  patch: '--- a/infra/template.yaml\n+++ b/infra/template.yaml\n@@ -12 +12 @@\n-      MemorySize: 1024\n+      MemorySize: 256\n',
} as const;

function report(): ScanReport {
  return buildScanReport({
    region: 'us-east-1',
    window: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-15T00:00:00.000Z', days: 14 },
    thresholds: SCAN_DEFAULTS.thresholds,
    pricing: [price],
    functions: [
      scan('worker', 512, [size(512, 5000, 380, 400)]),
      scan('api', 1024, [size(512, 300, 100, 120), size(1024, 2_000_000, 140, 160)]),
      scan('hungry', 256, [size(256, 101, 200, 256, { outOfMemory: 1, errors: 1 })]),
      scan('ghost', 1024, [], {}, 'none'),
      scan('pipe|name', 1024, [size(1024, 7, 50, 60)]),
      scan('guess', 2048, [size(2048, 900, 200, 220)]),
      scan('fleet', 4096, [], { capacityProviderArn: 'arn:aws:lambda:us-east-1:1:capacity-provider:fleet' }, 'skipped'),
    ].map((f) => (f.name === 'api' ? { ...f, iac: API_IAC } : f)),
    warnings: ['a warning with 100% and a | pipe'],
  });
}

describe('renderScanReport', () => {
  it('prints one row per function, then each finding with its evidence', () => {
    expect(renderScanReport(report(), 'table', { chalk })).toMatchSnapshot();
  });

  it('writes a pull-request comment with escaped cells', () => {
    const markdown = renderScanReport(report(), 'markdown', { chalk });

    expect(markdown).toMatchSnapshot();
    expect(markdown).toContain('pipe\\|name');
  });

  it('serialises the very report it is given', () => {
    const r = report();

    expect(JSON.parse(renderScanReport(r, 'json', { chalk }))).toEqual(r);
  });

  it('marks known findings and counts only new ones', () => {
    const r = report();
    const known = withFunctions(
      r,
      r.functions.map((f) => (f.name === 'api' ? { ...f, findings: f.findings.map((x) => ({ ...x, known: true })) } : f)),
    );

    const text = renderScanReport(known, 'table', { chalk });

    expect(text).toContain('over-provisioned → 256 MB, save');
    expect(text).toMatch(/api: over-provisioned \(known\)/);
    expect(text).toMatch(/\(5 new, the rest in the baseline\)/);
  });

  it('keeps the unverified upper bound out of the verified total and shows it apart', () => {
    const r = report();

    const text = renderScanReport(r, 'table', { chalk });

    const verified = r.functions.find((f) => f.name === 'api')?.findings[0]?.monthlyCostUSD?.saving ?? 0;
    expect(r.summary.monthlySavingUSD).toBeCloseTo(verified, 12);
    expect(r.summary.unverifiedMonthlySavingUSD).toBeGreaterThan(0);
    expect(text).toMatch(/guess: memory-headroom — unverified:/);
    expect(text).toMatch(/memory-headroom → 320 MB, up to \$[\d.]+\/month \(unverified\)/);
    expect(text).toMatch(/; up to \$[\d.]+\/month more if the unverified ones hold/);
  });

  it('links the line that sets the memory in the pull-request comment', () => {
    const markdown = renderScanReport(report(), 'markdown', { chalk, fileUrlBase: 'https://github.com/o/r/blob/abc123' });

    expect(markdown).toContain('- **api** — memory set at [infra/template.yaml:12 (sam)](https://github.com/o/r/blob/abc123/infra/template.yaml#L12)');
    expect(markdown).toContain('  ```diff\n  --- a/infra/template.yaml');
  });

  it.each([
    { case: 'twelve minutes', days: 12 / 1440, start: '2026-01-15T11:48:00.000Z', text: 'us-east-1, last 12 min (2026-01-15 11:48 → 12:00 UTC)' },
    { case: 'two minutes', days: 2 / 1440, start: '2026-01-15T11:58:00.000Z', text: 'us-east-1, last 2 min (2026-01-15 11:58 → 12:00 UTC)' },
    { case: 'twenty seconds', days: 20 / 86400, start: '2026-01-15T11:59:40.000Z', text: 'us-east-1, last under 1 min (2026-01-15 11:59 → 12:00 UTC)' },
    { case: 'six hours', days: 0.25, start: '2026-01-15T06:00:00.000Z', text: 'us-east-1, last 6 h (2026-01-15 06:00 → 12:00 UTC)' },
    { case: 'fourteen days', days: 14, start: '2026-01-01T12:00:00.000Z', text: 'us-east-1, last 14 d (2026-01-01 → 2026-01-15)' },
  ])('heads a window of $case as "$text"', ({ days, start, text }) => {
    const r = { ...report(), window: { start, end: '2026-01-15T12:00:00.000Z', days } };

    expect(renderScanReport(r, 'table', { chalk })).toContain(text);
  });
});

describe('renderAnnotations', () => {
  it('annotates each new finding at a level that matches its kind', () => {
    const lines = renderAnnotations(report()).trimEnd().split('\n');

    expect(lines.map((l) => l.slice(0, l.indexOf('::', 2)))).toEqual([
      '::warning file=infra/template.yaml,line=12,title=api%3A over-provisioned',
      '::notice title=fleet%3A managed-instances',
      '::notice title=ghost%3A no-data',
      '::notice title=guess%3A memory-headroom',
      '::error title=hungry%3A under-provisioned',
      '::notice title=pipe|name%3A too-little-data',
    ]);
  });

  it('keeps each annotation on one line, escaping newlines and percent signs', () => {
    const lines = renderAnnotations(report()).trimEnd().split('\n');

    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(/%0Arun `lambda-rightsize guess --memory 320,2048` to confirm: CPU scales with memory/);
    expect(lines[4]).toContain('(100 %25)');
  });

  it('leaves out known findings', () => {
    const r = report();
    const allKnown = withFunctions(
      r,
      r.functions.map((f) => ({ ...f, findings: f.findings.map((x) => ({ ...x, known: true })) })),
    );

    expect(renderAnnotations(allKnown)).toBe('');
  });
});
