import { describe, expect, it } from 'vitest';
import { meanInterval, p95UpperBound, t975, trimmedMeanInterval } from '../../../src/stats/index.js';

describe('t975', () => {
  it.each([
    { case: 'one degree of freedom', df: 1, expected: 12.706 },
    { case: 'four (five values)', df: 4, expected: 2.776 },
    { case: 'thirty, the end of the table', df: 30, expected: 2.042 },
    { case: 'sixty, by the expansion', df: 60, expected: 2.0003 },
    { case: 'a thousand, close to the normal quantile', df: 1000, expected: 1.9623 },
  ])('is the 97.5 % quantile of Student t for $case', ({ df, expected }) => {
    expect(t975(df)).toBeCloseTo(expected, 3);
  });

  it('refuses zero degrees of freedom', () => {
    expect(() => t975(0)).toThrow(RangeError);
  });
});

describe('trimmedMeanInterval', () => {
  it.each([
    // mean 3, s = √2.5, t(4) = 2.776: 3 ± 2.776·1.5811/√5.
    { case: 'without trimming, the textbook t-interval', values: [1, 2, 3, 4, 5], discard: 0, low: 3 - 1.9629, high: 3 + 1.9629 },
    // g = 1, h = 3, trimmed mean 3; winsorized 2,2,3,4,4 has variance 1; SE² = 4·1/(3·2); t(2) = 4.303.
    { case: "Yuen's interval, which an outlier does not blow up", values: [1, 2, 3, 4, 100], discard: 0.2, low: 3 - 3.5134, high: 3 + 3.5134 },
    { case: 'a sample without spread, a point', values: [7, 7, 7], discard: 0.2, low: 7, high: 7 },
  ])('gives $case', ({ values, discard, low, high }) => {
    const interval = trimmedMeanInterval(values, discard);

    expect(interval?.low).toBeCloseTo(low, 3);
    expect(interval?.high).toBeCloseTo(high, 3);
  });

  it.each([
    { case: 'no value', values: [] },
    { case: 'one value', values: [5] },
  ])('has no interval for $case', ({ values }) => {
    expect(trimmedMeanInterval(values, 0.2)).toBeUndefined();
    expect(meanInterval(values)).toBeUndefined();
  });

  it('leaves its input as it was', () => {
    const values = [5, 1, 4, 2, 3];

    trimmedMeanInterval(values, 0.2);

    expect(values).toEqual([5, 1, 4, 2, 3]);
  });
});

describe('p95UpperBound', () => {
  const ascending = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

  it.each([
    { case: 'no bound from 58 values (the maximum covers the p95 only 94.9 % of the time)', n: 58, expected: undefined },
    { case: 'the maximum of 59 values', n: 59, expected: 59 },
    { case: 'the maximum of 80 values', n: 80, expected: 80 },
    { case: 'the 99th of 100 values', n: 100, expected: 99 },
    { case: 'the 196th of 200 values', n: 200, expected: 196 },
  ])('is $case', ({ n, expected }) => {
    expect(p95UpperBound(ascending(n).reverse())).toBe(expected);
  });

  it('covers the true p95 of a heavy-tailed distribution in at least 95 % of samples of 59', () => {
    // Pareto with shape 1.5: the p95 is 0.05^(−1/1.5).
    let seed = 7;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const truth = 0.05 ** (-1 / 1.5);
    let covered = 0;
    for (let run = 0; run < 2000; run += 1) {
      const sample = Array.from({ length: 59 }, () => (1 - random()) ** (-1 / 1.5));
      if (p95UpperBound(sample)! >= truth) covered += 1;
    }
    expect(covered / 2000).toBeGreaterThanOrEqual(0.94);
    expect(covered / 2000).toBeLessThan(0.97);
  });
});
