/**
 * Property-style: a JSON document's events read for statistics (a message that is one canonical
 * REPORT is read from its bytes, without JSON.parse) give the very figures, malformed counts and
 * duplicates that parsing every event as JSON gives, on generated documents cut into chunks anywhere.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonDocumentBatches, RequestIds, type ParseCounters, type StatisticsSink } from '../../../src/logs/index.js';
// Seeded (mulberry32): a failure names a seed that reproduces it.
import { seededRandom as random } from '../../support/fake-aws/ids.js';

const report = (id: string, memoryMB = 512, tail = '\t'): string =>
  `REPORT RequestId: ${id}\tDuration: 12.25 ms\tBilled Duration: 13 ms\tMemory Size: ${memoryMB} MB\tMax Memory Used: 80 MB${tail}`;

/** Events as the AWS CLI prints them, and the ways one can differ from what the byte path reads. */
const EVENTS: ReadonlyArray<(i: number) => Record<string, unknown>> = [
  (i) => ({
    logStreamName: '2024/06/11/[$LATEST]9f8e',
    timestamp: 1718092800000 + i,
    message: `${report(`a-${i}`)}\n`,
    ingestionTime: 1718092800050,
    eventId: String(i),
  }),
  (i) => ({ logStreamName: 's', timestamp: 1, message: `${report(`b-${i}`, 128, '\tInit Duration: 150.50 ms\t')}\n` }),
  (i) => ({ message: report(`c-${i}`, 1024, '') }),
  (i) => ({ message: `${report(`d-${i}`)}\r\n` }),
  (i) => ({ message: `${report(`e-${i}`)}\nsecond line` }),
  (i) => ({ message: `${report(`f-${i}`, 128, '\tStatus: timeout')}\n` }),
  (i) => ({ message: `2024-06-11T08:00:00.000Z ${report(`g-${i}`)}\n` }),
  (i) => ({ message: report(`h"${i}`) }),
  (i) => ({ message: report(`i\\${i}`) }),
  (i) => ({ message: `${report(`j-${i}`)}\u00e9` }),
  (i) => ({ message: report(`k-${i}`, 99_999) }),
  (i) => ({ message: `${report(`a-${i % 50}`)}\n` }),
  () => ({ message: 'XRAY TraceId: 1-5e1b4151-5ac6c58f5e0e4fc8c9a5f2b3\tSegmentId: 7f9a1c3e5a7b9d1f\tSampled: true\t\n' }),
  // A tracing line is skipped from the bytes only when it is the whole message.
  (i) => ({ message: `XRAY TraceId: 1-5e1b4151-5ac6c58f5e0e4fc8c9a5f2b3\tSegmentId: 7f9a1c3e5a7b9d1f\tSampled: false\n${report(`q-${i}`)}\n` }),
  () => ({ message: 'XRAY TraceId: 1-5e1b4151-5ac6c58f5e0e4fc8c9a5f2b3\tSegmentId: 7f9a1c3e5a7b9d1f\tSampled: true' }),
  (i) => ({ type: 'message', other: report(`l-${i}`) }),
  (i) => ({ nested: { message: report(`m-${i}`) }, message: report(`n-${i}`) }),
  (i) => ({ message: report(`o-${i}`), note: { message: 'x' } }),
  () => ({ message: 42 }),
  (i) => ({ message: `START RequestId: p-${i} Version: 1\n` }),
];

function generate(seed: number, count: number): string {
  const rand = random(seed);
  const events = Array.from({ length: count }, (_, i) => EVENTS[Math.floor(rand() * EVENTS.length)]!(i));
  // The CLI's 4-space layout, or one line (jq -c).
  return JSON.stringify({ events, searchedLogStreams: [] }, null, rand() < 0.5 ? 4 : undefined);
}

async function* cut(text: Buffer, seed: number): AsyncGenerator<Buffer> {
  const rand = random(seed);
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(rand() ** 3 * 8000);
    yield text.subarray(at, at + size);
    at += size;
  }
}

const figures = (
  memoryMB: number,
  durationMs: number,
  billedDurationMs: number,
  maxMemoryUsedMB: number,
  initDurationMs?: number,
  status = 'success',
): string =>
  [memoryMB, durationMs, billedDurationMs, maxMemoryUsedMB, initDurationMs === undefined || initDurationMs === -1 ? '-' : initDurationMs, status].join(' ');

describe('a JSON document read for statistics against parsing every event', () => {
  it.each([31, 32, 33, 34].map((seed) => ({ case: `seed ${seed}`, seed })))(
    'gives the same figures, malformed lines and duplicates ($case)',
    async ({ seed }) => {
      const text = Buffer.from(generate(seed, 2000));
      const expected: string[] = [];
      const parsed: ParseCounters = { records: 0, malformed: 0 };
      for await (const batch of parseJsonDocumentBatches(cut(text, seed), parsed, { ids: new RequestIds() })) {
        for (const r of batch) expected.push(figures(r.memoryMB, r.durationMs, r.billedDurationMs, r.maxMemoryUsedMB, r.initDurationMs, r.status));
      }
      const seen: string[] = [];
      const counters: ParseCounters = { records: 0, malformed: 0 };
      let fromBytes = 0;
      const statistics: StatisticsSink = { addSuccess: (...values) => ((fromBytes += 1), seen.push(figures(...values))) };

      for await (const batch of parseJsonDocumentBatches(cut(text, seed + 100), counters, { statistics, ids: new RequestIds() })) {
        for (const r of batch) seen.push(figures(r.memoryMB, r.durationMs, r.billedDurationMs, r.maxMemoryUsedMB, r.initDurationMs, r.status));
      }

      expect(seen.toSorted()).toEqual(expected.toSorted());
      expect(counters).toEqual(parsed);
      expect(parsed.records).toBeGreaterThan(1000);
      // Most events took the byte path; the rest were parsed as JSON.
      expect(fromBytes).toBeGreaterThan(parsed.records / 3);
      expect(fromBytes).toBeLessThan(parsed.records);
      expect(parsed.duplicates).toBeGreaterThan(0);
      expect(parsed.malformed).toBeGreaterThan(0);
    },
  );
});
