import { describe, expect, it } from 'vitest';
import { invocationCost } from '../../../src/pricing/index.js';
import { SampleSet, summarize } from '../../../src/stats/index.js';
import type { InvocationRecord, PriceRow } from '../../../src/types.js';
import { record } from './records.js';

const price: PriceRow = { region: 'us-east-1', architecture: 'x86_64', gbSecondUSD: 0.0000166667, requestUSD: 0.0000002, asOf: '2026-11-27' };
const opts = { discard: 0, price, per: 1_000_000 };

function summarise(records: InvocationRecord[], discard = 0) {
  const set = new SampleSet();
  for (const r of records) set.add(r);
  return summarize(set, { ...opts, discard });
}

describe('summarize', () => {
  it('returns one result per memory size, ascending', () => {
    const results = summarise([record({ memoryMB: 512 }), record({ memoryMB: 128 }), record({ memoryMB: 256 })]);

    expect(results.map((r) => r.memoryMB)).toEqual([128, 256, 512]);
  });

  it('gives a size the 95 % intervals of its trimmed mean and cost, over its warm invocations only', () => {
    // Warm 10, 20, 30 ms: mean 20, s = 10, t(2) = 4.303 → 20 ± 24.84; the cold start stays out.
    const [result] = summarise([
      record({ durationMs: 900, billedDurationMs: 900, initDurationMs: 300 }),
      ...[10, 20, 30].map((ms) => record({ durationMs: ms, billedDurationMs: ms })),
    ]);

    expect(result?.ci95?.samples).toBe(3);
    expect(result?.ci95?.trimmedMeanMs.low).toBeCloseTo(20 - 24.843, 2);
    expect(result?.ci95?.trimmedMeanMs.high).toBeCloseTo(20 + 24.843, 2);
    expect(result?.ci95?.costPerInvocationUSD.high).toBeCloseTo(invocationCost(128, 20 + 24.843, price), 11);
    // A negative billed duration is no cost: the interval's low end is the request fee alone.
    expect(result?.ci95?.costPerInvocationUSD.low).toBe(invocationCost(128, 0, price));
  });

  it('gives no interval to a size with a single usable invocation', () => {
    expect(summarise([record()])[0]?.ci95).toBeUndefined();
  });

  it('returns nothing for an empty set', () => {
    expect(summarize(new SampleSet(), opts)).toEqual([]);
  });

  it.each([
    {
      case: 'warm invocations when there are some',
      records: [
        record({ durationMs: 1000, billedDurationMs: 1001, initDurationMs: 500 }),
        record({ durationMs: 10, billedDurationMs: 10 }),
        record({ durationMs: 30, billedDurationMs: 30 }),
      ],
      sample: 'warm',
      meanMs: 20,
      meanBilledMs: 20,
    },
    {
      case: 'all successful invocations when every one was cold',
      records: [
        record({ durationMs: 100, billedDurationMs: 350, initDurationMs: 250 }),
        record({ durationMs: 300, billedDurationMs: 550, initDurationMs: 250 }),
      ],
      sample: 'all',
      meanMs: 200,
      meanBilledMs: 450,
    },
  ])('summarises $case', ({ records, sample, meanMs, meanBilledMs }) => {
    const [result] = summarise(records);

    expect(result?.sample).toBe(sample);
    expect(result?.durationMs?.mean).toBe(meanMs);
    expect(result?.billedDurationMs?.mean).toBe(meanBilledMs);
  });

  it('prices an invocation from the mean billed duration, not the trimmed mean', () => {
    const [result] = summarise(
      [100, 100, 100, 100, 1100].map((b) => record({ memoryMB: 1024, durationMs: b, billedDurationMs: b })),
      0.2,
    );
    const perInvocation = invocationCost(1024, 300, price);

    expect(result?.billedDurationMs?.trimmedMean).toBe(100);
    expect(result?.costUSD?.perInvocation).toBeCloseTo(perInvocation, 18);
    expect(result?.costUSD?.perUnit).toBeCloseTo(perInvocation * 1_000_000, 9);
  });

  it('summarises cold starts apart, with the time a caller waits', () => {
    const [result] = summarise([record({ durationMs: 100, initDurationMs: 400 }), record({ durationMs: 200, restoreDurationMs: 600 }), record()]);

    expect(result?.coldStarts).toBe(2);
    expect(result?.cold).toMatchObject({
      count: 2,
      initDurationMs: { mean: 500, min: 400, max: 600 },
      totalDurationMs: { mean: 650, min: 500, max: 800 },
    });
  });

  it('has no cold summary when no invocation was cold', () => {
    expect(summarise([record()])[0]?.cold).toBeNull();
  });

  it('leaves every figure null when no invocation succeeded, but counts the errors', () => {
    const [result] = summarise([
      record({ status: 'timeout', maxMemoryUsedMB: 80 }),
      record({ status: 'error', errorType: 'Runtime.OutOfMemory', initDurationMs: 300 }),
      record({ status: 'error', errorType: 'Runtime.OutOfMemory' }),
    ]);

    expect(result).toEqual({
      memoryMB: 128,
      invocations: 3,
      errors: 3,
      errorsByType: { 'Runtime.OutOfMemory': 2, timeout: 1 },
      coldStarts: 1,
      sample: 'all',
      durationMs: null,
      billedDurationMs: null,
      cold: { count: 1, initDurationMs: null, totalDurationMs: null },
      maxMemoryUsedMB: 80,
      costUSD: null,
    });
  });

  it('keeps errors out of the durations of a size that also succeeded', () => {
    const [result] = summarise([record({ durationMs: 50 }), record({ durationMs: 3000, status: 'timeout' })]);

    expect(result).toMatchObject({ invocations: 2, errors: 1, durationMs: { max: 50 } });
  });
});
