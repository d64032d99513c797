import { describe, expect, it } from 'vitest';
import { stillWarming, warmUpCount } from '../../../src/stats/index.js';

/** ±4 % around `ms`, in a fixed pattern. */
const noisy = (ms: number, n: number): number[] => Array.from({ length: n }, (_, i) => ms * (1 + [0.04, -0.03, 0.01, -0.04, 0.02][i % 5]!));

describe('warm-up', () => {
  it.each([
    { case: 'two environments’ first three invocations each, 3× to 1.5× slower', values: [900, 880, 600, 610, 450, 460, ...noisy(300, 10)], expected: 6 },
    { case: 'nothing in a steady series', values: noisy(300, 16), expected: 0 },
    { case: 'nothing for one slow tail event that happens to come first', values: [1500, ...noisy(300, 15)], expected: 0 },
    { case: 'nothing without five steady values after it', values: [900, 880, 300, 310, 290, 305], expected: 0 },
  ])('finds $case', ({ values, expected }) => {
    expect(warmUpCount(values)).toBe(expected);
  });

  it('leaves warm-up out of the steady figures and reports it apart, like cold starts', async () => {
    const { SampleSet, summarize } = await import('../../../src/stats/index.js');
    const { resolvePrice } = await import('../../../src/pricing/index.js');
    const set = new SampleSet();
    for (const durationMs of [900, 880, 600, 610, ...noisy(300, 10)])
      set.add({ memoryMB: 1024, durationMs, billedDurationMs: Math.ceil(durationMs), maxMemoryUsedMB: 80, status: 'success', logFormat: 'text' });

    const [result] = summarize(set, { discard: 0.2, price: resolvePrice({ region: 'us-east-1', architecture: 'x86_64' }), per: 1 });

    expect(result!.warmUp).toMatchObject({ count: 4, durationMs: { mean: 747.5 } });
    expect(result!.ci95!.samples).toBe(10);
    expect(result!.durationMs!.max).toBeLessThan(320);
  });

  it.each([
    { case: 'a series still falling at its end', values: [900, 880, 750, 740, 600, 610], expected: true },
    { case: 'a steady series', values: noisy(300, 6), expected: false },
  ])('tells $case is still warming up: $expected', ({ values, expected }) => {
    expect(stillWarming(values)).toBe(expected);
  });
});
