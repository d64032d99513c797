import { describe, expect, it } from 'vitest';
import { resolvePrice } from '../../../src/pricing/index.js';
import { SCAN_DEFAULTS } from '../../../src/scan/defaults.js';
import { costAt, judgeOversize, type OversizeInput } from '../../../src/scan/oversize.js';
import { modelFromCpuTime, modelFromSizes, slowdown } from '../../../src/scan/projection.js';
import type { CpuStats, SizeStats } from '../../../src/scan/types.js';

const price = resolvePrice({ region: 'us-east-1', architecture: 'x86_64' });

const size = (over: Partial<SizeStats> = {}): SizeStats => ({
  memoryMB: 1024,
  invocations: 1000,
  coldStarts: 0,
  errors: 0,
  timeouts: 0,
  outOfMemory: 0,
  durationMs: { p50: 100, p95: 120, p99: 130 },
  durationMsSum: 100_000,
  billedDurationMsSum: 100_000,
  maxMemoryUsedMB: 160,
  p99MemoryUsedMB: 140,
  ...over,
});

const cpu = (cpuMsMean: number, over: Partial<CpuStats> = {}): CpuStats => ({
  memoryMB: 1024,
  invocations: 1000,
  cpuTimeMsSum: cpuMsMean * 1000,
  durationMsSum: 100_000,
  ...over,
});

function input(over: Partial<OversizeInput> = {}): OversizeInput {
  const current = over.current ?? size();
  const memoryMB = over.config?.memoryMB ?? 1024;
  return {
    config: { name: 'api', memoryMB, architecture: 'x86_64', timeoutS: 30, logFormat: 'text', logGroup: '/aws/lambda/api' },
    current,
    sizes: [current],
    monthlyInvocations: 30_000,
    currentCostUSD: costAt(memoryMB, current.billedDurationMsSum / current.invocations, 30_000, price),
    windowDays: 14,
    thresholds: SCAN_DEFAULTS.thresholds,
    price,
    ...over,
  };
}

describe("the README's tune example function (1769 MB, 180 ms of its 220 ms CPU, 115 MB used)", () => {
  const current = size({
    memoryMB: 1769,
    durationMsSum: 220_000,
    billedDurationMsSum: 220_400,
    durationMs: { p50: 219, p95: 229, p99: 231 },
    maxMemoryUsedMB: 115,
    p99MemoryUsedMB: 115,
  });
  const example = (minSaving: number): OversizeInput =>
    input({
      config: { name: 'orders-api', memoryMB: 1769, architecture: 'x86_64', timeoutS: 30, logFormat: 'text', logGroup: '/aws/lambda/orders-api' },
      current,
      sizes: [current],
      cpu: [cpu(180, { memoryMB: 1769, durationMsSum: 220_000 })],
      currentCostUSD: costAt(1769, 220.4, 30_000, price),
      thresholds: { ...SCAN_DEFAULTS.thresholds, minSaving },
    });

  it('is kept by default: the cheapest size within the speed limit saves under 10 %', () => {
    const result = judgeOversize(example(SCAN_DEFAULTS.thresholds.minSaving));
    expect(result.finding).toBeUndefined();
    expect(result.note).toMatch(/keep 1769 MB$/);
  });

  it('is flagged at 1472 MB with --min-saving 0.02', () => {
    expect(judgeOversize(example(0.02)).finding).toMatchObject({ kind: 'over-provisioned', suggestedMemoryMB: 1472 });
  });
});

describe('judgeOversize', () => {
  // At 1024 MB a function gets 0.579 vCPU. 5 ms of CPU in 100 ms: 8.6 ms of it is CPU, 91.4 ms I/O;
  // 256 MB → 91.4 + 34.6 = 126 ms (+26 %, over the 20 % limit); 320 MB → 119 ms (+19 %): the
  // smallest size within the limit is also the cheapest, since GB-s = MB × (io + cpu/share).
  // 55 ms of CPU in 100 ms: 95 ms is CPU; 1.2 × 100 ms needs ≥ 846 MB, where GB-s fall < 1 %.
  it.each([
    { case: 'an I/O-bound function (Lambda Insights)', over: { cpu: [cpu(5)] }, kind: 'over-provisioned', suggested: 320 },
    {
      case: 'an I/O-bound function with a looser --max-duration',
      over: { cpu: [cpu(5)], thresholds: { ...SCAN_DEFAULTS.thresholds, maxDurationMs: 200 } },
      kind: 'over-provisioned',
      suggested: 256,
    },
    { case: 'a CPU-bound function (Lambda Insights)', over: { cpu: [cpu(55)] }, kind: undefined, suggested: undefined },
    {
      case: 'an I/O-bound function measured at 512 and 1024 MB',
      over: { sizes: [size({ memoryMB: 512, durationMsSum: 105_000 }), size()] },
      kind: 'over-provisioned',
      suggested: 256,
    },
    {
      case: 'a CPU-bound function measured at 512 and 1024 MB',
      over: { sizes: [size({ memoryMB: 512, durationMsSum: 200_000, billedDurationMsSum: 200_000 }), size()] },
      kind: undefined,
      suggested: undefined,
    },
    // 40 ms of CPU in 100 ms at 1024 MB: the cheapest size within the limit saves about 5 %.
    { case: 'a saving under --min-saving (10 %)', over: { cpu: [cpu(40)] }, kind: undefined, suggested: undefined },
    {
      case: 'the same saving with --min-saving 0.02',
      over: { cpu: [cpu(40)], thresholds: { ...SCAN_DEFAULTS.thresholds, minSaving: 0.02 } },
      kind: 'over-provisioned',
      suggested: 832,
    },
    { case: 'Lambda Insights at another size only', over: { cpu: [cpu(5, { memoryMB: 2048 })] }, kind: 'memory-headroom', suggested: 256 },
    {
      case: 'too few Lambda Insights events',
      over: { cpu: [cpu(5, { invocations: 10, cpuTimeMsSum: 50, durationMsSum: 1000 })] },
      kind: 'memory-headroom',
      suggested: 256,
    },
    {
      case: 'an older size with too few invocations',
      over: { sizes: [size({ memoryMB: 512, invocations: 10, durationMsSum: 1050 }), size()] },
      kind: 'memory-headroom',
      suggested: 256,
    },
    { case: 'no duration evidence', over: {}, kind: 'memory-headroom', suggested: 256 },
  ] satisfies { case: string; over: Partial<OversizeInput>; kind: string | undefined; suggested: number | undefined }[])(
    'judges $case: $kind',
    ({ over, kind, suggested }) => {
      const result = judgeOversize(input(over));

      expect(result.finding?.kind).toBe(kind);
      expect(result.finding?.suggestedMemoryMB).toBe(suggested);
    },
  );

  it('does not flag the 1769 MB CPU-bound function that uses 115 MB, and says why', () => {
    const current = size({
      memoryMB: 1769,
      p99MemoryUsedMB: 110,
      maxMemoryUsedMB: 115,
      durationMsSum: 1_000_000,
      billedDurationMsSum: 1_000_000,
      durationMs: { p50: 1000, p95: 1050, p99: 1100 },
    });

    const result = judgeOversize(
      input({ config: { ...input().config, memoryMB: 1769 }, current, sizes: [current], cpu: [cpu(990, { memoryMB: 1769, durationMsSum: 1_000_000 })] }),
    );

    expect(result.finding).toBeUndefined();
    expect(result.note).toMatch(
      /^memory headroom \(p99 max memory used 110 MB is 6 % of 1769 MB.*\), but CPU time is 99 % of the duration \(Lambda Insights, 1,000 invocations\): at 192 MB it would take ×9\.1 as long/,
    );
    expect(result.note).toMatch(/no smaller size is cheaper within p95 ≤ 1,260\.0 ms — keep 1769 MB$/);
  });

  it('states the evidence, the projection and the limit of a verified finding', () => {
    const result = judgeOversize(input({ cpu: [cpu(5)] }));

    expect(result.finding?.message).toMatch(
      /; CPU time is 9 % of the duration \(Lambda Insights, 1,000 invocations\): at 320 MB a p95 of about 142\.\d ms \(now 120\.0 ms\)/,
    );
    // From one size (Lambda Insights) the projection is the model's alone, and says so.
    expect(result.finding?.message).toMatch(/\(within p95 ≤ 144\.0 ms; projected by Lambda's resource model beyond the size measured, not measured there\)$/);
    expect(result.finding?.evidence).toMatchObject({
      basis: 'lambda-insights',
      model: { threads: 1, cpuMs: 5 },
      projected: { memoryMB: 320 },
      projection: 'extrapolated',
      p95LimitMs: 144,
    });
    const { current, suggested, saving } = result.finding?.monthlyCostUSD ?? { current: 0, suggested: 0, saving: 0 };
    expect(suggested).toBeLessThan(current);
    expect(saving).toBeCloseTo(current - suggested, 12);
  });

  it.each([
    {
      case: 'below every size measured: the model alone',
      smallerMB: 512,
      projection: 'extrapolated',
      words: /; projected by Lambda's resource model beyond the sizes measured, not measured there\)$/,
    },
    { case: 'between sizes measured', smallerMB: 256, projection: 'interpolated', words: /; projected between sizes measured\)$/ },
  ])('says how far a projection from durations at several sizes rests on them: $case', ({ smallerMB, projection, words }) => {
    const result = judgeOversize(input({ sizes: [size({ memoryMB: smallerMB, durationMsSum: 105_000 }), size()] }));

    expect(result.finding).toMatchObject({ kind: 'over-provisioned', suggestedMemoryMB: 256, evidence: { basis: 'memory-sizes', projection } });
    expect(result.finding?.message).toMatch(words);
  });

  it('never suggests a size whose projected p95 passes the timeout', () => {
    const tight = { ...input().config, timeoutS: 0.125 };

    const result = judgeOversize(input({ config: tight, cpu: [cpu(5)], thresholds: { ...SCAN_DEFAULTS.thresholds, maxDurationMs: 1000 } }));

    expect(result.finding?.evidence?.p95LimitMs).toBe(125);
    expect(result.finding?.evidence?.projected.durationMsP95).toBeLessThanOrEqual(125);
  });
});

describe('the projection', () => {
  it.each([
    { case: 'single-threaded CPU time under the share', memoryMB: 1024, cpuMs: 5, durationMs: 100, model: { threads: 1, cpuMs: 5 } },
    { case: 'all CPU at one vCPU', memoryMB: 1769, cpuMs: 100, durationMs: 100, model: { threads: 1, cpuMs: 100, ioMs: 0 } },
    { case: 'two busy threads at 3538 MB', memoryMB: 3538, cpuMs: 200, durationMs: 100, model: { threads: 2, cpuMs: 200, ioMs: 0 } },
    { case: 'more CPU than the share allows (a burst)', memoryMB: 512, cpuMs: 100, durationMs: 120, model: { threads: 1, ioMs: 0 } },
  ])('fits $case from Lambda Insights', ({ memoryMB, cpuMs, durationMs, model }) => {
    const fitted = modelFromCpuTime(memoryMB, cpuMs, durationMs);

    expect(fitted).toMatchObject(model);
    expect(slowdown(fitted, memoryMB, memoryMB)).toBe(1);
  });

  it('fits the model through durations at two sizes under one vCPU', () => {
    // 1769/512 = 3.455 and 1769/1024 = 1.728 vCPU-seconds per CPU second: 100 ms more at 512 MB
    // is 57.9 ms of CPU, and nothing is left for I/O.
    const model = modelFromSizes([
      { memoryMB: 512, durationMsMean: 200, invocations: 100 },
      { memoryMB: 1024, durationMsMean: 100, invocations: 100 },
    ]);

    expect(model?.threads).toBe(1);
    expect(model?.cpuMs).toBeCloseTo(100 / (1769 / 512 - 1769 / 1024), 9);
    expect(model?.ioMs).toBeCloseTo(0, 9);
  });

  it('assumes full parallelism when every size is at or above one vCPU', () => {
    const model = modelFromSizes([
      { memoryMB: 2048, durationMsMean: 150, invocations: 100 },
      { memoryMB: 4096, durationMsMean: 100, invocations: 100 },
    ]);

    expect(model?.threads).toBe(6);
  });

  it('cannot fit one size', () => {
    expect(modelFromSizes([{ memoryMB: 1024, durationMsMean: 100, invocations: 100 }])).toBeUndefined();
  });

  it('leaves its inputs unchanged', () => {
    const points = [
      { memoryMB: 1024, durationMsMean: 100, invocations: 100 },
      { memoryMB: 512, durationMsMean: 200, invocations: 100 },
    ];
    const copy = structuredClone(points);

    modelFromSizes(points);

    expect(points).toEqual(copy);
  });
});

describe('an unverified finding', () => {
  it.each([
    { case: 'no evidence at all', over: {}, reason: '(no Lambda Insights, one memory size in the window)' },
    {
      case: 'too few Lambda Insights events',
      over: { cpu: [cpu(5, { invocations: 10, cpuTimeMsSum: 50, durationMsSum: 1000 })] },
      reason: '(Lambda Insights has 10 events at 1024 MB, 50 needed, one memory size in the window)',
    },
    {
      case: 'an older size with too few invocations',
      over: { sizes: [size({ memoryMB: 512, invocations: 10 }), size()] },
      reason: '(no Lambda Insights, too few invocations at 512 MB)',
    },
  ] satisfies { case: string; over: Partial<OversizeInput>; reason: string }[])('says what is missing: $case', ({ over, reason }) => {
    expect(judgeOversize(input(over)).finding?.message).toContain(`without duration evidence ${reason}`);
  });
});
