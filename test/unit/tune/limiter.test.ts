import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency, backoffMs } from '../../../src/tune/limiter.js';

describe('AdaptiveConcurrency', () => {
  it('halves the limit on a throttle, not below 1', () => {
    const limiter = new AdaptiveConcurrency(8);
    expect([0, 1, 2, 3, 4].map((generation) => limiter.onThrottle(generation))).toEqual([4, 2, 1, 1, 1]);
    expect(limiter.lowest).toBe(1);
  });

  it('lowers the limit once for a burst of throttles from calls started together', () => {
    const limiter = new AdaptiveConcurrency(8);
    expect([0, 0, 0].map((generation) => limiter.onThrottle(generation))).toEqual([4, 4, 4]);
  });

  it('adds a slot after as many successes as there are slots, up to the start', () => {
    const limiter = new AdaptiveConcurrency(3);
    limiter.onThrottle(0);
    expect(limiter.current).toBe(1);
    limiter.onSuccess();
    expect(limiter.current).toBe(2);
    limiter.onSuccess();
    limiter.onSuccess();
    expect(limiter.current).toBe(3);
    for (let i = 0; i < 10; i++) limiter.onSuccess();
    expect(limiter.current).toBe(3);
  });

  it('runs no more tasks at once than the limit', async () => {
    const limiter = new AdaptiveConcurrency(2);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limiter.run(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 1));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
  });
});

describe('backoffMs', () => {
  it.each([
    { case: 'the wait Lambda asked for', attempt: 5, retryAfter: 2, random: 0.5, expected: 2000 },
    { case: 'half the ceiling with no jitter', attempt: 0, retryAfter: undefined, random: 0, expected: 125 },
    { case: 'the full ceiling with full jitter', attempt: 2, retryAfter: undefined, random: 1, expected: 1000 },
    { case: 'at most 20 s', attempt: 30, retryAfter: undefined, random: 1, expected: 20_000 },
  ])('waits $case', ({ attempt, retryAfter, random, expected }) => {
    expect(backoffMs(attempt, retryAfter, () => random)).toBe(expected);
  });
});
