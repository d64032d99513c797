import { describe, expect, it } from 'vitest';
import type { IacChange } from '../../../src/diff/changes.js';
import { projectChange, type FunctionHistory } from '../../../src/diff/project.js';
import { resolvePrice } from '../../../src/pricing/index.js';
import type { IacResource } from '../../../src/scan/iac/types.js';
import type { SizeStats } from '../../../src/scan/types.js';
import type { Architecture } from '../../../src/types.js';

const price = (architecture: Architecture) => resolvePrice({ region: 'us-east-1', architecture });
const thresholds = { maxSlowdown: 0.2, minInvocations: 50 };

const resource = (memoryMB?: number, extra: Partial<IacResource> = {}): IacResource => ({
  tool: 'terraform',
  file: 'main.tf',
  key: 'aws_lambda_function.api',
  names: ['api'],
  patterns: [],
  line: 3,
  text: `  memory_size = ${memoryMB}`,
  ...(memoryMB !== undefined ? { memoryMB, memoryValue: String(memoryMB) } : {}),
  scope: 'function',
  ...extra,
});

const change = (
  before: number | null,
  after: number | null,
  kind: IacChange['kind'] = 'memory',
  arch: [Architecture, Architecture] = ['x86_64', 'x86_64'],
): IacChange => ({
  kind,
  ...(before !== null ? { before: resource(before) } : {}),
  ...(after !== null ? { after: resource(after) } : {}),
  memoryMB: { before, after },
  architecture: { before: arch[0], after: arch[1] },
});

/** `n` invocations of `meanMs` each at `memoryMB` (p95 10 % above the mean). */
const size = (memoryMB: number, meanMs: number, n = 1000): SizeStats => ({
  memoryMB,
  invocations: n,
  coldStarts: 0,
  errors: 0,
  timeouts: 0,
  outOfMemory: 0,
  durationMs: { p50: meanMs, p95: meanMs * 1.1, p99: meanMs * 1.2 },
  durationMsSum: meanMs * n,
  billedDurationMsSum: Math.ceil(meanMs) * n,
  maxMemoryUsedMB: 100,
  p99MemoryUsedMB: 90,
});

const history = (sizes: SizeStats[], cpu?: FunctionHistory['cpu']): FunctionHistory => ({ name: 'api', sizes, ...(cpu ? { cpu } : {}), windowDays: 10 });
const project = (c: IacChange, h?: FunctionHistory) => projectChange({ change: c, name: 'api', ...(h ? { history: h } : {}), price, thresholds });

describe('projectChange', () => {
  // Durations of seconds, so the request fee hardly moves the cost ratios.
  it.each([
    {
      case: 'all CPU, halved: twice as slow, the same money',
      cpuMs: 1000,
      meanMs: 1000 / (1024 / 1769),
      from: 1024,
      to: 512,
      duration: 2,
      cost: 1,
      verdict: 'slower',
      flags: ['slower'],
    },
    {
      case: 'all I/O, to a third: as fast, a third of the money',
      cpuMs: 0,
      meanMs: 3000,
      from: 1536,
      to: 512,
      duration: 1,
      cost: 1 / 3,
      verdict: 'cheaper',
      flags: [],
    },
    {
      case: 'all CPU, doubled: twice as fast for the same money',
      cpuMs: 500,
      meanMs: 500 / (512 / 1769),
      from: 512,
      to: 1024,
      duration: 0.5,
      cost: 1,
      verdict: 'faster',
      flags: [],
    },
    {
      case: 'all I/O, doubled: twice the money for no speed',
      cpuMs: 0,
      meanMs: 3000,
      from: 512,
      to: 1024,
      duration: 1,
      cost: 2,
      verdict: 'dearer-for-no-speed',
      flags: ['dearer'],
    },
  ])('projects $case', ({ cpuMs, meanMs, from, to, duration, cost, verdict, flags }) => {
    const h = history([size(from, meanMs)], [{ memoryMB: from, invocations: 1000, cpuTimeMsSum: cpuMs * 1000, durationMsSum: meanMs * 1000 }]);

    const result = project(change(from, to), h);

    expect(result).toMatchObject({ evidence: { basis: 'lambda-insights' }, verdict, flags });
    expect((result.durationMs.after as number) / meanMs).toBeCloseTo(duration, 1);
    expect((result.monthlyCostUSD.after as number) / (result.monthlyCostUSD.before as number)).toBeCloseTo(cost, 1);
    expect(result.durationMs.low).toBeLessThan(result.durationMs.after as number);
    expect(result.durationMs.high).toBeGreaterThan(result.durationMs.after as number);
  });

  it('widens the interval across one vCPU, where the evidence cannot tell the threads', () => {
    const meanMs = 1000 / (1024 / 1769);
    const h = history([size(1024, meanMs)], [{ memoryMB: 1024, invocations: 1000, cpuTimeMsSum: 1000 * 1000, durationMsSum: meanMs * 1000 }]);

    const result = project(change(1024, 4096), h);

    // One thread: 1000 ms at one vCPU; four threads would take 4096/1769 vCPUs: 432 ms.
    expect(result.durationMs.after).toBeCloseTo(1000, -1);
    expect(result.durationMs.low).toBeLessThan(1000 / (4096 / 1769));
    expect(result.durationMs.high).toBeGreaterThan(1000);
  });

  it.each([
    { case: 'less memory: the cost at an unchanged duration is a lower bound', to: 512, side: 'low', empty: 'high', bound: /a lower bound/ },
    { case: 'more memory: an upper bound', to: 2048, side: 'high', empty: 'low', bound: /an upper bound/ },
  ] as const)('without evidence, $case', ({ to, side, empty, bound }) => {
    const result = project(change(1024, to), history([size(1024, 2000)]));

    expect(result).toMatchObject({ verdict: 'unknown', flags: [], evidence: { basis: 'none' } });
    expect(result.durationMs).toMatchObject({ before: 2000, after: null, [side]: 2000, [empty]: null });
    expect(result.monthlyCostUSD.after).toBeNull();
    expect((result.monthlyCostUSD[side] as number) / (result.monthlyCostUSD.before as number)).toBeCloseTo(to / 1024, 1);
    expect(result.message).toMatch(bound);
  });

  it('takes a size the function already ran at as measured', () => {
    const result = project(change(1024, 512), history([size(512, 700), size(1024, 400)]));

    expect(result.durationMs).toEqual({ before: 400, after: 700, low: 700, high: 700 });
    expect(result.evidence.summary).toBe('measured at 512 MB in the window (1,000 invocations)');
  });

  it("counts a deleted function's cost as saved", () => {
    const result = project(change(1024, null, 'removed'), history([size(1024, 400)]));

    expect(result).toMatchObject({ verdict: 'deleted', monthlyCostUSD: { after: 0 } });
    expect(result.message).toMatch(/^function deleted: saves about \$[\d.]+\/month$/);
  });

  it('prices an architecture change at an unchanged duration and leaves the duration unknown', () => {
    const result = project(change(1024, 1024, 'architecture', ['x86_64', 'arm64']), history([size(1024, 400)]));

    expect(result).toMatchObject({ verdict: 'unknown', durationMs: { before: 400, after: null }, monthlyCostUSD: { after: null } });
    expect(result.message).toMatch(
      /^x86_64 → arm64: duration on arm64 unknown without a measurement; at an unchanged duration \$[\d.]+ per 1M invocations instead of \$[\d.]+/,
    );
    expect(result.advice).toBe('measure arm64 before merging: `lambda-rightsize api --copy --arch x86_64,arm64 --memory 1024`');
  });

  it('names the expression it cannot resolve, with the file and line', () => {
    const c: IacChange = { ...change(1024, null, 'unresolved'), after: resource(undefined, { memoryValue: 'var.memory' }), expression: 'var.memory' };

    expect(project(c).message).toBe('memory set by `var.memory` at main.tf:3, which the tool cannot resolve: cost and duration unknown');
  });

  it('gives a new function the price of a million 100 ms invocations', () => {
    const result = project(change(null, 1024, 'added'));

    // 1M × 1 GB × 0.1 s × $0.0000166667 + 1M × $0.0000002
    expect(result.message).toBe('new function at 1024 MB x86_64: $1.867 per 1M invocations of 100 ms (no history, so no duration)');
  });
});

describe('projectChange with memory from a default', () => {
  it('says which default it used and that a deploy-time value would override it', () => {
    const c: IacChange = { ...change(1024, 512), after: { ...resource(512), memoryValue: 'var.memory', resolvedVia: 'the default of variable memory' } };

    expect(project(c).notes).toContain('head: 512 MB from the default of variable memory (`var.memory`); a value given at deploy time would override it');
  });
});
