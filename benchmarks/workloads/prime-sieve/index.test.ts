import { describe, expect, it } from 'vitest';
import { countPrimes, handler } from './index.mjs';

describe('prime-sieve workload', () => {
  it.each([
    { case: 'below the first prime', limit: 1, expected: 0 },
    { case: 'the first prime', limit: 2, expected: 1 },
    { case: 'primes up to 100', limit: 100, expected: 25 },
    { case: 'primes up to 10,000', limit: 10_000, expected: 1229 },
    { case: 'primes up to 1,000,000 (the slide)', limit: 1_000_000, expected: 78_498 },
  ])('counts $case', ({ limit, expected }) => {
    expect(countPrimes(limit)).toBe(expected);
  });

  it('repeats the sieve and reports what it did', async () => {
    const result = await handler({ limit: 10_000, repeat: 2 });
    expect(result).toMatchObject({ limit: 10_000, repeat: 2, count: 1229 });
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it.each([
    { case: 'a negative limit', payload: { limit: -1 } },
    { case: 'a fractional repeat', payload: { repeat: 1.5 } },
    { case: 'a string limit', payload: { limit: '100' as unknown as number } },
    { case: 'a limit too large for 128 MB', payload: { limit: 1e9 } },
  ])('rejects $case', async ({ payload }) => {
    await expect(handler(payload)).rejects.toThrow(RangeError);
  });
});
