import { describe, expect, it } from 'vitest';
import { bucketOf, representative, SKETCH_MIN_VALUE, SKETCH_RELATIVE_ERROR } from '../../../src/stats/sketch.js';

describe('the log-linear sketch buckets', () => {
  it.each([
    { case: 'the smallest value kept apart from zero', value: SKETCH_MIN_VALUE },
    { case: 'a sub-millisecond duration', value: 0.37 },
    { case: 'a power of two', value: 1024 },
    { case: 'just below a power of two', value: 1023.999 },
    { case: 'a typical duration', value: 1204.51 },
    { case: "Lambda's 900 s timeout", value: 900_000 },
  ])('represent $case within the stated relative error', ({ value }) => {
    const rep = representative(bucketOf(value));

    expect(Math.abs(rep - value) / value).toBeLessThanOrEqual(SKETCH_RELATIVE_ERROR);
  });

  it('keeps bucket order the order of values', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => 0.001 * 1.0013 ** i);

    const buckets = values.map(bucketOf);

    expect(buckets.every((b, i) => i === 0 || b >= buckets[i - 1]!)).toBe(true);
  });

  it.each([
    { case: 'zero', value: 0 },
    { case: 'a value below the floor', value: SKETCH_MIN_VALUE / 2 },
    { case: 'not a number', value: Number.NaN },
  ])('puts $case in the zero bucket', ({ value }) => {
    expect(bucketOf(value)).toBe(0);
    expect(representative(0)).toBe(0);
  });
});
