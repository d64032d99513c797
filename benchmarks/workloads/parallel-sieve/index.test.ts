import { describe, expect, it } from 'vitest';
import { handler, shares } from './index.mjs';

describe('parallel-sieve workload', () => {
  it.each([
    { case: 'an even split', repeat: 8, threads: 4, expected: [2, 2, 2, 2] },
    { case: 'a remainder on the first threads', repeat: 10, threads: 4, expected: [3, 3, 2, 2] },
    { case: 'more threads than sieves', repeat: 2, threads: 3, expected: [1, 1, 0] },
  ])('shares the sieves in $case', ({ repeat, threads, expected }) => {
    expect(shares(repeat, threads)).toEqual(expected);
  });

  it('counts the primes up to 10,000 in every thread', async () => {
    const result = await handler({ limit: 10_000, repeat: 4, threads: 2 });
    expect(result).toMatchObject({ limit: 10_000, repeat: 4, threads: 2, count: 1229 });
  });

  it('defaults to one thread per available CPU', async () => {
    const { availableParallelism } = await import('node:os');
    const result = await handler({ limit: 100, repeat: 1 });
    expect(result).toMatchObject({ threads: availableParallelism(), count: 25 });
  });

  it.each([
    { case: 'zero threads', payload: { threads: 0 } },
    { case: 'a fractional thread count', payload: { threads: 1.5 } },
    { case: 'a negative repeat', payload: { repeat: -1 } },
  ])('rejects $case', async ({ payload }) => {
    await expect(handler(payload)).rejects.toThrow(RangeError);
  });
});
