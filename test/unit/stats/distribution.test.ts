import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { distribution } from '../../../src/stats/index.js';

const oneToTen = [10, 3, 7, 1, 9, 2, 8, 4, 6, 5];

describe('distribution', () => {
  it.each([
    {
      case: 'ten values without trimming',
      values: oneToTen,
      discard: 0,
      // numpy.percentile([1..10], [50, 90, 95, 99]) → 5.5, 9.1, 9.55, 9.91
      expected: { mean: 5.5, trimmedMean: 5.5, p50: 5.5, p90: 9.1, p95: 9.55, p99: 9.91, min: 1, max: 10 },
    },
    {
      case: 'ten values trimming 20 % at each end',
      values: oneToTen,
      discard: 0.2,
      expected: { mean: 5.5, trimmedMean: 5.5, min: 1, max: 10 },
    },
    {
      case: 'an outlier that only the trimmed mean ignores',
      values: [100, 100, 100, 100, 10_000],
      discard: 0.2,
      expected: { mean: 2080, trimmedMean: 100, p50: 100, max: 10_000 },
    },
    {
      case: 'a single value',
      values: [42],
      discard: 0.4,
      expected: { mean: 42, trimmedMean: 42, p50: 42, p90: 42, p95: 42, p99: 42, min: 42, max: 42 },
    },
    {
      case: 'two values at the largest discard, keeping at least one',
      values: [1, 3],
      discard: 0.4,
      expected: { mean: 2, trimmedMean: 2, p50: 2 },
    },
    {
      case: 'three values at the largest discard, keeping the middle one',
      values: [1, 2, 30],
      discard: 0.4,
      expected: { mean: 11, trimmedMean: 2 },
    },
    {
      case: 'a Float64Array',
      values: Float64Array.from([4, 2, 8, 6]),
      discard: 0,
      // numpy.percentile([2, 4, 6, 8], 95) → 7.7
      expected: { mean: 5, p50: 5, p95: 7.7, min: 2, max: 8 },
    },
  ])('summarises $case', ({ values, discard, expected }) => {
    const result = distribution(values, discard);

    for (const [key, value] of Object.entries(expected)) {
      expect(result[key as keyof typeof result], key).toBeCloseTo(value, 10);
    }
  });

  it('sorts numerically, not as strings', () => {
    expect(distribution([9, 10, 100, 2], 0)).toMatchObject({ min: 2, max: 100, p50: 9.5 });
  });

  it.each([
    { case: 'an array', values: [3, 1, 2] },
    { case: 'a Float64Array', values: Float64Array.from([3, 1, 2]) },
  ])('leaves $case unchanged', ({ values }) => {
    const before = Array.from(values);

    distribution(values, 0.2);

    expect(Array.from(values)).toEqual(before);
  });

  it('refuses an empty sample', () => {
    expect(() => distribution([], 0)).toThrow(RangeError);
  });

  it.each([
    { case: 'a negative fraction', discard: -0.1 },
    { case: 'a fraction above 0.4', discard: 0.5 },
    { case: 'NaN', discard: Number.NaN },
  ])('rejects a discard of $case', ({ discard }) => {
    expect(() => distribution([1, 2], discard)).toThrow(UsageError);
  });
});
