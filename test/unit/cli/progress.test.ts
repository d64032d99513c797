import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tuneProgress } from '../../../src/cli/progress.js';
import type { TuneEvent } from '../../../src/tune/index.js';

function sink(isTTY: boolean): PassThrough & { isTTY: boolean; columns: number; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120, text: (): string => '' });
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  stream.text = () => chunks.join('');
  return stream;
}

const events: TuneEvent[] = [
  { type: 'preparing', memoryMB: 128, index: 0, total: 2 },
  { type: 'size-started', memoryMB: 128, qualifier: '7', created: true },
  ...Array.from({ length: 4 }, (_, i): TuneEvent => ({ type: 'invocations', memoryMB: 128, done: i + 1, total: 4, errors: 0 })),
  { type: 'throttled', memoryMB: 128, waitMs: 1000, concurrency: 2 },
  { type: 'size-done', memoryMB: 128, measured: 4, errors: 0, missing: 0 },
];

describe('tuneProgress', () => {
  it('prints one line per size-level event and nothing per invocation when stderr is not a terminal', async () => {
    const stderr = sink(false);
    const progress = tuneProgress(stderr);
    events.forEach(progress.onEvent);
    progress.end();
    await new Promise(setImmediate);
    const lines = stderr.text().trimEnd().split('\n');
    expect(lines).toEqual([
      '[1/2] 128 MB: setting the memory and publishing a version',
      '128 MB: invoking 7',
      '128 MB: throttled; retrying in 1.0 s at concurrency 2',
      '128 MB: done (4 measured)',
    ]);
    expect(stderr.text()).not.toMatch(/█|\r/);
  });

  it('prints only what was left changed under --quiet', async () => {
    const stderr = sink(true);
    const progress = tuneProgress(stderr, { quiet: true });
    [...events, { type: 'note', message: 'restored orders to 512 MB' }, { type: 'note', message: 'could not delete 7', warning: true }].forEach((e) =>
      progress.onEvent(e as TuneEvent),
    );
    await new Promise(setImmediate);
    expect(stderr.text()).toBe('warning: could not delete 7\n');
  });

  it('redraws a bar in place on a terminal and clears it at the end', async () => {
    const stderr = sink(true);
    const progress = tuneProgress(stderr);
    events.forEach(progress.onEvent);
    progress.end();
    await new Promise(setImmediate);
    const text = stderr.text();
    expect(text).toContain('████████████████████████ 4/4 invocations of 128 MB · 0/2 sizes done · 1 throttles');
    expect(text).toContain('\r\x1b[2K128 MB: done (4 measured)\n');
    expect(text.endsWith('\n')).toBe(true);
  });
});
