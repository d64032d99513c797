import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseQueuedRanges, readRange } from '../../../src/replay/range.js';
// Seeded (mulberry32): a failure names a seed that reproduces it.
import { seededRandom as random } from '../../support/fake-aws/ids.js';

async function collect(path: string, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  // Copied: readRange reuses its buffer for the next chunk.
  for await (const chunk of readRange(path, start, end)) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

let dir: string;
let text: Buffer;
let path: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rightsize-range-'));
  const rand = random(42);
  // Lines from empty to longer than a read (1 MB), and no newline at the very end.
  const lines = Array.from({ length: 400 }, (_, i) => 'x'.repeat(i === 200 ? 1_500_000 : Math.floor(rand() * 300)));
  text = Buffer.from(lines.join('\n'));
  path = join(dir, 'lines.log');
  await writeFile(path, text);
});

describe('readRange', () => {
  it.each([2, 3, 7].map((parts) => ({ case: `${parts} ranges`, parts })))('gives every byte exactly once across $case', async ({ parts }) => {
    const rand = random(parts);
    const cuts = [0, ...Array.from({ length: parts - 1 }, () => Math.floor(rand() * text.length)).toSorted((a, b) => a - b), text.length];

    const joined = Buffer.concat(await Promise.all(cuts.slice(0, -1).map((start, i) => collect(path, start, cuts[i + 1]!))));

    expect(joined.equals(text)).toBe(true);
  });

  it.each([
    { case: 'a cut right after a newline', at: (t: Buffer) => t.indexOf('\n') + 1 },
    { case: 'a cut on a newline', at: (t: Buffer) => t.indexOf('\n') },
    { case: 'a cut inside the line longer than a read', at: (t: Buffer) => t.indexOf('x'.repeat(1_400_000)) + 700_000 },
  ])('splits cleanly at $case', async ({ at }) => {
    const cut = at(text);

    const joined = Buffer.concat([await collect(path, 0, cut), await collect(path, cut, text.length)]);

    expect(joined.equals(text)).toBe(true);
  });
});

describe('parseQueuedRanges', () => {
  it('counts the REPORT lines of a range, fast path and general path alike', async () => {
    const report = (id: number, tail: string) => `REPORT RequestId: r${id}\tDuration: 10.50 ms\tBilled Duration: 11 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB${tail}`;
    const file = join(dir, 'reports.log');
    await writeFile(file, [report(1, '\t'), 'app line', report(2, '\tStatus: timeout'), `[1:00:00 PM] ${report(3, '')}`].join('\n'));

    const { counters, state } = await parseQueuedRanges(file, [0, 1e9], new Int32Array(new SharedArrayBuffer(4)), () => false);

    expect(counters).toEqual({ records: 3, malformed: 0 });
    expect(state.sizes).toMatchObject([{ memoryMB: 128, invocations: 3, errors: 1 }]);
  });
});
