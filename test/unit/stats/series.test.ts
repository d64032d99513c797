import { describe, expect, it } from 'vitest';
import { distribution, EXACT_LIMIT, Series, SKETCH_RELATIVE_ERROR } from '../../../src/stats/index.js';
// Seeded (mulberry32): a failure names a seed that reproduces it.
import { seededRandom as random } from '../../support/fake-aws/ids.js';

/** Durations the way Lambda reports them (2 decimals), log-normal around `medianMs` with a slow tail. */
function durations(count: number, seed: number, medianMs = 120): number[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const gauss = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return Math.round(medianMs * Math.exp(0.6 * gauss) * 100) / 100;
  });
}

function seriesOf(values: readonly number[], exactLimit?: number): Series {
  const series = new Series(exactLimit);
  for (const value of values) series.push(value);
  return series;
}

const PERCENTILES = ['trimmedMean', 'p50', 'p90', 'p95', 'p99'] as const;

describe('Series', () => {
  it.each([
    { case: 'a handful of values', values: [10, 3, 7, 1, 9, 2, 8, 4, 6, 5] },
    { case: 'exactly the exact limit', values: durations(EXACT_LIMIT, 1) },
  ])('gives the exact distribution for $case', ({ values }) => {
    const series = seriesOf(values);

    expect(series.exact).toBe(true);
    expect(series.distribution(0.2)).toEqual(distribution(values, 0.2));
  });

  it.each([
    { case: 'no trimming', discard: 0 },
    { case: 'the default 20 % trim', discard: 0.2 },
  ])('keeps sketched figures within the stated relative error beyond the limit, with $case', ({ discard }) => {
    const values = durations(100_000, 7);
    const exact = distribution(values, discard);

    const sketched = seriesOf(values, 1000).distribution(discard);

    expect(sketched).toMatchObject({ min: exact.min, max: exact.max });
    expect(sketched.mean).toBeCloseTo(exact.mean, 6);
    for (const key of PERCENTILES) {
      expect(Math.abs(sketched[key] - exact[key]) / exact[key], key).toBeLessThanOrEqual(SKETCH_RELATIVE_ERROR);
    }
  });

  it('stops keeping values once past the limit, so memory does not grow with the count', () => {
    const series = seriesOf(durations(2001, 3), 2000);

    expect(series.exact).toBe(false);
    expect(series.values()).toHaveLength(0);
    expect(series.length).toBe(2001);
  });

  it('treats values below the sketch floor as zero without leaving [min, max]', () => {
    const series = seriesOf([0, 0, 0, 0.0005, 5, 5], 2);

    const d = series.distribution(0);

    expect(d).toMatchObject({ min: 0, max: 5, p50: 0 });
    expect(d.p99).toBeCloseTo(5, 2);
  });
});
