import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleepShared, withChildSignal } from '../../src/shared-abort.js';

describe('withChildSignal', () => {
  it('adds one listener to the parent however many calls wait on it', async () => {
    const parent = new AbortController();
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));

    const calls = Array.from({ length: 50 }, () => withChildSignal(parent.signal, () => gate));

    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
    release();
    await Promise.all(calls);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
  });

  it('aborts every waiting call with the parent, and its reason', async () => {
    const parent = new AbortController();
    const sleeps = Array.from({ length: 20 }, () => sleepShared(60_000, parent.signal).catch((e: unknown) => e));

    parent.abort(new Error('SIGINT'));

    const errors = await Promise.all(sleeps);
    expect(errors.every((e) => (e as { name?: string }).name === 'AbortError')).toBe(true);
  });

  it('hands an already aborted parent through, so the call fails at once', async () => {
    const parent = new AbortController();
    parent.abort();

    const seen = await withChildSignal(parent.signal, (signal) => Promise.resolve(signal));

    expect(seen).toBe(parent.signal);
  });
});
