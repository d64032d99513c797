import { describe, expect, it } from 'vitest';
import { mergeSizeStats, SizeAggregator, type ReportFields } from '../../../src/scan/aggregate.js';
import type { SizeStats } from '../../../src/scan/types.js';

const record = (over: Partial<ReportFields> = {}): ReportFields => ({
  memoryMB: 512,
  durationMs: 100,
  billedDurationMs: 100,
  maxMemoryUsedMB: 200,
  status: 'success',
  ...over,
});

describe('SizeAggregator', () => {
  it('keeps memory sizes apart, in ascending order', () => {
    const agg = new SizeAggregator();
    for (const memoryMB of [1024, 512, 1024]) agg.add(record({ memoryMB }));

    expect(agg.stats().map((s) => [s.memoryMB, s.invocations])).toEqual([
      [512, 1],
      [1024, 2],
    ]);
    expect(agg.size).toBe(3);
  });

  it.each([
    { case: 'cold starts', records: [record({ initDurationMs: 200 }), record()], field: 'coldStarts', value: 1 },
    { case: 'errors', records: [record({ status: 'error' }), record()], field: 'errors', value: 1 },
    { case: 'timeouts', records: [record({ status: 'timeout' }), record({ status: 'timeout' })], field: 'timeouts', value: 2 },
    { case: 'out-of-memory errors', records: [record({ status: 'error', errorType: 'Runtime.OutOfMemory' })], field: 'outOfMemory', value: 1 },
    { case: 'the summed duration', records: [record({ durationMs: 7.5 }), record({ durationMs: 5.25 })], field: 'durationMsSum', value: 12.75 },
    { case: 'the billed duration', records: [record({ billedDurationMs: 7 }), record({ billedDurationMs: 5 })], field: 'billedDurationMsSum', value: 12 },
    { case: 'the peak memory', records: [record({ maxMemoryUsedMB: 90 }), record({ maxMemoryUsedMB: 300 })], field: 'maxMemoryUsedMB', value: 300 },
  ])('counts $case', ({ records, field, value }) => {
    const agg = new SizeAggregator();
    for (const r of records) agg.add(r);

    expect(agg.stats()[0]?.[field as keyof SizeStats]).toBe(value);
  });

  it('takes percentiles of durations and memory used', () => {
    const agg = new SizeAggregator();
    for (let i = 1; i <= 100; i++) agg.add(record({ durationMs: i, maxMemoryUsedMB: 100 + i }));

    const [stats] = agg.stats();
    expect(stats?.durationMs.p50).toBeCloseTo(50.5, 6);
    expect(stats?.p99MemoryUsedMB).toBeCloseTo(199, 0);
  });
});

describe('mergeSizeStats', () => {
  it('adds counts and keeps the larger peaks', () => {
    const a: SizeStats = {
      memoryMB: 512,
      invocations: 10,
      coldStarts: 1,
      errors: 0,
      timeouts: 1,
      outOfMemory: 0,
      durationMs: { p50: 1, p95: 2, p99: 3 },
      durationMsSum: 80,
      billedDurationMsSum: 100,
      maxMemoryUsedMB: 200,
      p99MemoryUsedMB: 190,
    };
    const b: SizeStats = { ...a, invocations: 30, durationMs: { p50: 4, p95: 5, p99: 6 }, maxMemoryUsedMB: null, p99MemoryUsedMB: 195 };

    expect(mergeSizeStats(a, b)).toEqual({
      ...a,
      invocations: 40,
      coldStarts: 2,
      timeouts: 2,
      durationMsSum: 160,
      billedDurationMsSum: 200,
      durationMs: b.durationMs,
      maxMemoryUsedMB: 200,
      p99MemoryUsedMB: 195,
    });
  });
});
