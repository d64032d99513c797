import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHistorySpec, readHistories } from '../../../src/diff/history.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(name: string, lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rightsize-history-'));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** `aws logs tail`-style lines: a stream, an ISO time, then the REPORT line. */
const report = (i: number, day: number, memoryMB = 512) =>
  `2026/01/0${day}/[$LATEST]abc 2026-01-0${day}T10:00:0${i % 10}.000Z REPORT RequestId: r-${day}-${i}\tDuration: 100.00 ms\tBilled Duration: 101 ms\tMemory Size: ${memoryMB} MB\tMax Memory Used: 80 MB\t`;

describe('parseHistorySpec', () => {
  it.each([
    { case: 'a name and a path', raw: 'api=logs/x.log', want: { name: 'api', path: 'logs/x.log' } },
    { case: 'a file named after the function', raw: 'logs/orders-api.log.gz', want: { name: 'orders-api', path: 'logs/orders-api.log.gz' } },
  ])('reads $case', ({ raw, want }) => {
    expect(parseHistorySpec(raw)).toEqual(want);
  });
});

describe('readHistories', () => {
  it('aggregates per size and spans the window between the first and the last record', async () => {
    const path = file('api.log', [report(1, 1), report(2, 3), report(3, 3, 1024)]);

    const histories = await readHistories([{ name: 'api', path }]);

    const api = histories.get('api');
    expect(api?.sizes.map((s) => [s.memoryMB, s.invocations])).toEqual([
      [512, 2],
      [1024, 1],
    ]);
    expect(api?.windowDays).toBeCloseTo(2, 3);
    expect(api?.notes).toEqual([]);
  });

  it('counts an invocation in two files of one function once', async () => {
    const a = file('a.log', [report(1, 1), report(2, 2)]);
    const b = file('b.log', [report(2, 2), report(3, 3)]);

    const histories = await readHistories([
      { name: 'api', path: a },
      { name: 'api', path: b },
    ]);

    expect(histories.get('api')?.sizes[0]?.invocations).toBe(3);
  });

  it('says there is no traffic per month without timestamps', async () => {
    const path = file('api.log', [report(1, 1).replace(/^.*?REPORT/, 'REPORT')]);

    const api = (await readHistories([{ name: 'api', path }])).get('api');

    expect(api?.windowDays).toBeUndefined();
    expect(api?.notes?.[0]).toMatch(/no timestamps on the REPORT lines, so no traffic per month/);
  });

  it('refuses a file without a REPORT line', async () => {
    const path = file('api.log', ['hello']);

    await expect(readHistories([{ name: 'api', path }])).rejects.toThrow(/no Lambda REPORT line in it/);
  });
});
