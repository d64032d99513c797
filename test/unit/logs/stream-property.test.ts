/**
 * Property-style: the streaming scanner (searches, fast lane, skipped X-Ray lines, chunk seams)
 * finds exactly the records that parsing every line on its own finds, on generated logs cut into
 * chunks anywhere.
 */
import { describe, expect, it } from 'vitest';
import { parseRecordBatches, parseRecords, type ParseCounters, type StatisticsSink } from '../../../src/logs/index.js';
import { parseLogText } from '../../../src/logs/text.js';
import type { InvocationRecord } from '../../../src/types.js';
// Seeded (mulberry32): a failure names a seed that reproduces it.
import { seededRandom as random } from '../../support/fake-aws/ids.js';

const LINES: ReadonlyArray<(i: number) => string> = [
  (i) => `REPORT RequestId: id-${i}\tDuration: ${i % 997}.25 ms\tBilled Duration: ${(i % 997) + 1} ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t`,
  (i) => `REPORT RequestId: id-${i}\tDuration: 9.50 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 150.00 ms`,
  (i) => `REPORT RequestId: id-${i}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 61 MB\tStatus: timeout`,
  (i) => `2024-06-11T08:00:00.000Z REPORT RequestId: id-${i}  Duration: 5.00 ms  Billed Duration: 5 ms  Memory Size: 256 MB  Max Memory Used: 50 MB`,
  () => 'XRAY TraceId: 1-5e1b4151-5ac6c58f5e0e4fc8c9a5f2b3\tSegmentId: 7f9a1c3e5a7b9d1f\tSampled: true\t',
  () => 'XRAY TraceId: 1-5E1B-Ms\tSegmentId: 7f\tSampled: true',
  (i) => `2024-06-11T08:00:00.120Z\tid-${i}\tINFO\tmonthly REPORT skipped; took 5 Ms`,
  (i) =>
    `{"time":"2024-06-11T10:00:00.512Z","type":"platform.report","record":{"requestId":"j-${i}","metrics":{"durationMs":3.5,"billedDurationMs":4,"memorySizeMB":1024,"maxMemoryUsedMB":90}}}`,
  () => '{"level":"info","msg":"billedDurationMs is a key we log","durationMs":3}',
  (i) =>
    `{"timestamp": 1718092800401, "message": "REPORT RequestId: e-${i}\\tDuration: 7.00 ms\\tBilled Duration: 7 ms\\tMemory Size: 1536 MB\\tMax Memory Used: 143 MB\\t\\n"}`,
  () => 'START RequestId: x Version: $LATEST',
  (i) =>
    `2024-06-11T08:00:00.300Z REPORT RequestId: s-${i}\tDuration: 280.50 ms\tBilled Duration: 281 ms\tMemory Size: 1024 MB\tMax Memory Used: 91 MB\tInit Duration: 190.25 ms\t`,
  (i) => `[2:34:39 PM] REPORT RequestId: c-${i}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB`,
  (i) =>
    `2024/06/11/[$LATEST]9f8e 2024-06-11T08:15:02.331000+00:00 REPORT RequestId: t-${i}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 256 MB\tMax Memory Used: 50 MB\t`,
  (i) => `{ REPORT RequestId: b-${i}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB`,
  (i) => `x"y REPORT RequestId: q-${i}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB`,
  (i) => `monthly REPORT job; REPORT RequestId: m-${i}\tDuration: 4.00 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB`,
  () => '',
];

function generate(seed: number, count: number): string {
  const rand = random(seed);
  return Array.from({ length: count }, (_, i) => LINES[Math.floor(rand() * LINES.length)]!(i)).join(rand() < 0.5 ? '\n' : '\r\n') + (rand() < 0.5 ? '\n' : '');
}

async function* cut(text: Buffer, seed: number): AsyncGenerator<Buffer> {
  const rand = random(seed);
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(rand() ** 3 * 4000);
    yield text.subarray(at, at + size);
    at += size;
  }
}

describe('the streaming scanner against line-by-line parsing', () => {
  it.each([11, 12, 13, 14].map((seed) => ({ case: `seed ${seed}`, seed })))('finds the same records and malformed lines ($case)', async ({ seed }) => {
    const text = generate(seed, 3000);
    const expected = text.split('\n').flatMap((line) => parseLogText(line.replace(/\r$/, '')));
    const counters: ParseCounters = { records: 0, malformed: 0 };
    const records: InvocationRecord[] = [];

    for await (const record of parseRecords(cut(Buffer.from(text), seed), counters)) records.push(record);

    expect(records).toEqual(expected.flatMap((r) => (r.kind === 'record' ? [r.record] : [])));
    expect(counters.malformed).toBe(expected.filter((r) => r.kind === 'malformed').length);
    expect(records.length).toBeGreaterThan(1000);
  });
});

/** What statistics see of a record: its numbers and status, not its request id or time stamp. */
function figures(
  r: Pick<InvocationRecord, 'memoryMB' | 'durationMs' | 'billedDurationMs' | 'maxMemoryUsedMB'> & { initDurationMs?: number; status?: string },
): string {
  return [
    r.memoryMB,
    r.durationMs,
    r.billedDurationMs,
    r.maxMemoryUsedMB,
    r.initDurationMs === undefined || r.initDurationMs === -1 ? '-' : r.initDurationMs,
    r.status ?? 'success',
  ].join(' ');
}

describe('the statistics path (fields without record objects) against line-by-line parsing', () => {
  it.each([21, 22, 23].map((seed) => ({ case: `seed ${seed}`, seed })))('gives the same figures ($case)', async ({ seed }) => {
    const text = generate(seed, 3000);
    const expected = text
      .split('\n')
      .flatMap((line) => parseLogText(line.replace(/\r$/, '')))
      .flatMap((r) => (r.kind === 'record' ? [r.record] : []));
    const counters: ParseCounters = { records: 0, malformed: 0 };
    const seen: string[] = [];

    const statistics: StatisticsSink = {
      addSuccess: (memoryMB, durationMs, billedDurationMs, maxMemoryUsedMB, initDurationMs) =>
        seen.push(figures({ memoryMB, durationMs, billedDurationMs, maxMemoryUsedMB, initDurationMs })),
    };
    for await (const batch of parseRecordBatches(cut(Buffer.from(text), seed), counters, { statistics })) {
      for (const record of batch) seen.push(figures(record));
    }

    expect(seen.toSorted()).toEqual(expected.map(figures).toSorted());
    expect(counters.records).toBe(expected.length);
  });
});
