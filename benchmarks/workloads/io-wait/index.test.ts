import { describe, expect, it } from 'vitest';
import { handler } from './index.mjs';

describe('io-wait workload', () => {
  it('waits for the requested time', async () => {
    const result = await handler({ ms: 30 });
    expect(result.ms).toBe(30);
    // Timers may fire a little early under load, never much.
    expect(result.waitedMs).toBeGreaterThanOrEqual(28);
  });

  it('returns at once for a zero wait', async () => {
    expect((await handler({ ms: 0 })).ms).toBe(0);
  });

  it.each([
    { case: 'a negative wait', payload: { ms: -5 } },
    { case: 'a wait beyond the Lambda timeout', payload: { ms: 1_000_000 } },
    { case: 'a string', payload: { ms: '5' as unknown as number } },
  ])('rejects $case', async ({ payload }) => {
    await expect(handler(payload)).rejects.toThrow(RangeError);
  });
});
