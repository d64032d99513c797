import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeRunMarker, HEARTBEAT_MS, isAlive, RUN_MARKER_TAG } from '../../../src/tune/marks.js';
import { startHeartbeat, writeMarker } from '../../../src/tune/marker.js';
import { initialState } from '../../../src/tune/prepare.js';
import { FakeLambda } from '../../support/fake-lambda.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the run marker heartbeat', () => {
  it('rewrites the marker every minute with the time it was last seen, and stops for good', async () => {
    vi.useFakeTimers();
    let clock = Date.parse('2026-12-01T09:00:00Z');
    const fake = new FakeLambda();
    const state = initialState(await fake.getConfiguration('orders'), 'ab12cd34', clock);
    await writeMarker(state, fake, [128, 256], clock);
    const beat = startHeartbeat(state, fake, () => clock);

    clock += HEARTBEAT_MS;
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(decodeRunMarker(fake.tags[RUN_MARKER_TAG])).toMatchObject({ sizes: [128, 256], startedAt: '2026-12-01T09:00:00Z', seenAt: '2026-12-01T09:01:00Z' });

    await beat.stop();
    const writes = fake.calls.filter((c) => c.method === 'tagFunction').length;
    await vi.advanceTimersByTimeAsync(5 * HEARTBEAT_MS);
    expect(fake.calls.filter((c) => c.method === 'tagFunction')).toHaveLength(writes);
  });

  it.each([
    { case: 'heard from a minute ago', seenAgoMs: 60_000, alive: true },
    { case: 'silent for three minutes', seenAgoMs: 180_000, alive: false },
    { case: 'with an unreadable time', seenAgoMs: Number.NaN, alive: false },
  ])('takes a marker $case as alive: $alive', ({ seenAgoMs, alive }) => {
    const now = Date.parse('2026-12-01T09:00:00Z');
    const seenAt = Number.isNaN(seenAgoMs) ? 'yesterday' : new Date(now - seenAgoMs).toISOString();
    expect(isAlive({ runId: 'a', originalMemoryMB: 1, codeSha256: 'x', sizes: [], startedAt: seenAt, seenAt }, now)).toBe(alive);
  });
});
