import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, parseRecords, type ParseCounters } from '../../../src/logs/index.js';
import type { InvocationRecord } from '../../../src/types.js';

const FIXTURES = 'test/fixtures/logs';

async function* chunksOf(parts: ReadonlyArray<Buffer | string>): AsyncGenerator<Buffer | string> {
  yield* parts;
}

async function parseAll(parts: ReadonlyArray<Buffer | string>): Promise<{ records: InvocationRecord[]; counters: ParseCounters }> {
  const counters: ParseCounters = { records: 0, malformed: 0 };
  const records: InvocationRecord[] = [];
  for await (const record of parseRecords(chunksOf(parts), counters)) records.push(record);
  return { records, counters };
}

const fixture = (name: string): Promise<Buffer> => readFile(`${FIXTURES}/${name}`);

describe('parseRecords over the fixture files', () => {
  it.each([
    {
      case: 'raw text with TABs, INIT_START and app lines mentioning REPORT',
      file: 'text-tabs.log',
      records: 3,
      malformed: 0,
      first: { initDurationMs: 176.02, billedDurationMs: 302 },
    },
    { case: 'a copy with spaces instead of TABs', file: 'text-spaces.log', records: 2, malformed: 0, first: { initDurationMs: 402.61, memoryMB: 256 } },
    {
      case: 'aws logs tail and sam logs output',
      file: 'aws-logs-tail.log',
      records: 2,
      malformed: 0,
      first: { timestamp: '2024-06-11T08:15:02.331000+00:00' },
    },
    { case: 'a console copy', file: 'console.log', records: 1, malformed: 0, first: { durationMs: 734.02 } },
    {
      case: '100 ms billing with the space before the TAB',
      file: 'old-billing.log',
      records: 1,
      malformed: 0,
      first: { billedDurationMs: 100, memoryMB: 128 },
    },
    { case: 'X-Ray suffixes on the same and the next line', file: 'xray.log', records: 2, malformed: 0, first: { durationMs: 47.25 } },
    {
      case: 'a pasted line without its request id',
      file: 'missing-request-id.log',
      records: 1,
      malformed: 0,
      first: { durationMs: 12.04, billedDurationMs: 13 },
    },
    {
      case: 'a SnapStart restore',
      file: 'snapstart.log',
      records: 1,
      malformed: 0,
      first: { billedDurationMs: 610, billedRestoreDurationMs: 303, restoreDurationMs: 303.52 },
    },
    { case: 'a timeout, an OOM and INIT_REPORT lines', file: 'status-errors.log', records: 2, malformed: 0, first: { status: 'timeout' } },
    {
      case: 'JSON log format with app logs, extension text and a broken line',
      file: 'json-format.log',
      records: 3,
      malformed: 1,
      first: { logFormat: 'json', initDurationMs: 201.337 },
    },
    {
      case: 'pretty-printed filter-log-events output',
      file: 'filter-log-events.json',
      records: 2,
      malformed: 0,
      first: { memoryMB: 1536, durationMs: 278.06 },
    },
    {
      case: 'JSON Lines of events with a broken line first',
      file: 'get-log-events.jsonl',
      records: 2,
      malformed: 1,
      first: { logFormat: 'json', timestamp: '2024-06-11T09:00:00.250Z' },
    },
    {
      case: 'records JSONL with one bad record',
      file: 'records.jsonl',
      records: 3,
      malformed: 1,
      first: { requestId: '7b1d3f5a-9c1e-4b3d-8f5a-9c1e3b5d7f9a' },
    },
    { case: 'malformed REPORT lines among a good one', file: 'malformed.log', records: 1, malformed: 3, first: { durationMs: 14.25 } },
    { case: 'CRLF line endings', file: 'crlf.log', records: 1, malformed: 0, first: { maxMemoryUsedMB: 77, memoryMB: 640 } },
  ])('reads $case', async ({ file, records, malformed, first }) => {
    const result = await parseAll([await fixture(file)]);
    expect(result.counters).toMatchObject({ records, malformed });
    expect(result.records).toHaveLength(records);
    expect(result.records[0]).toMatchObject(first);
  });

  it('reports the errors of status-errors.log with their type', async () => {
    const { records } = await parseAll([await fixture('status-errors.log')]);
    expect(records.map((r) => [r.status, r.errorType])).toEqual([
      ['timeout', undefined],
      ['error', 'Runtime.OutOfMemory'],
    ]);
  });

  it('maps JSON statuses in json-format.log', async () => {
    const { records } = await parseAll([await fixture('json-format.log')]);
    expect(records.map((r) => [r.status, r.errorType])).toEqual([
      ['success', undefined],
      ['error', 'Runtime.Unknown'],
      ['timeout', undefined],
    ]);
  });

  it('dates text reports from a JSON Lines event by its timestamp', async () => {
    const { records } = await parseAll([await fixture('get-log-events.jsonl')]);
    expect(records[1]).toMatchObject({ logFormat: 'text', timestamp: new Date(1718096402000).toISOString() });
  });

  it('names the first malformed line in the counters', async () => {
    const { counters } = await parseAll([await fixture('malformed.log')]);
    expect(counters.firstMalformedReason).toMatch(/^REPORT line lacks Max Memory Used: "REPORT RequestId: 2f4a6c8e/);
  });
});

describe('parseRecords input handling', () => {
  const report = (id: string, ms: string): string =>
    `REPORT RequestId: ${id}\tDuration: ${ms} ms\tBilled Duration: ${Math.ceil(Number(ms))} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;

  it.each([
    { case: 'strings', parts: [`${report('a', '1.50')}\n`, `${report('b', '2.50')}\n`] },
    { case: 'a last line without a newline', parts: [`${report('a', '1.50')}\n${report('b', '2.50')}`] },
    {
      case: 'a line split across three chunks',
      parts: [report('a', '1.50').slice(0, 5), report('a', '1.50').slice(5, 40), `${report('a', '1.50').slice(40)}\n${report('b', '2.50')}\n`],
    },
    { case: 'empty chunks', parts: ['', `${report('a', '1.50')}\n`, Buffer.alloc(0), report('b', '2.50')] },
  ])('reads $case', async ({ parts }) => {
    const { records } = await parseAll(parts);
    expect(records.map((r) => r.requestId)).toEqual(['a', 'b']);
  });

  it('unescapes \\uXXXX and \\" in a "message" value', async () => {
    const line =
      '{"timestamp": 1718092800401, "message": "REPORT RequestId: \\u0061bc\\u0009Duration: 2.00 ms\\tBilled Duration: 2 ms\\tMemory Size: 128 MB\\tMax Memory Used: 60 MB\\t\\n", "note": "\\"quoted\\""}\n';
    const { records } = await parseAll([line]);
    expect(records).toEqual([expect.objectContaining({ requestId: 'abc', durationMs: 2 })]);
  });

  it('reads every "message" on a single-line JSON document', async () => {
    const events = ['a', 'b', 'c'].map((id, i) => ({ timestamp: 1718092800000 + i, message: `${report(id, '1.00')}\n` }));
    const { records } = await parseAll([`${JSON.stringify({ events })}\n`]);
    expect(records.map((r) => r.requestId)).toEqual(['a', 'b', 'c']);
  });

  it('skips, and counts as malformed, a report-bearing line longer than the limit', async () => {
    const huge = `${report('x', '1.00')}${' '.repeat(MAX_LINE_BYTES)}`;
    const { records, counters } = await parseAll([huge.slice(0, MAX_LINE_BYTES / 2), huge.slice(MAX_LINE_BYTES / 2), `\n${report('b', '1.00')}\n`]);
    expect(records.map((r) => r.requestId)).toEqual(['b']);
    expect(counters).toMatchObject({ malformed: 1, firstMalformedReason: expect.stringMatching(/longer than 16 MiB/) });
  });

  it('gives the same records wherever the chunks split the input', async () => {
    const names = ['text-tabs.log', 'filter-log-events.json', 'get-log-events.jsonl', 'json-format.log', 'crlf.log', 'xray.log'];
    const whole = Buffer.concat(await Promise.all(names.map(async (name) => Buffer.concat([await fixture(name), Buffer.from('\n')]))));
    const expected = await parseAll([whole]);
    expect(expected.counters.records).toBe(13);
    for (let at = 1; at < whole.length; at++) {
      const split = await parseAll([whole.subarray(0, at), whole.subarray(at)]);
      expect(split, `split at byte ${at}`).toEqual(expected);
    }
  });

  it('gives the same records for random chunk sizes down to one byte', async () => {
    const whole = await fixture('filter-log-events.json');
    const expected = await parseAll([whole]);
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 23;
    for (let round = 0; round < 20; round++) {
      const parts: Buffer[] = [];
      for (let at = 0; at < whole.length;) {
        const size = 1 + next();
        parts.push(whole.subarray(at, at + size));
        at += size;
      }
      expect(await parseAll(parts)).toEqual(expected);
    }
  });

  it("does not change the caller's chunks", async () => {
    const chunk = Buffer.from(`${report('a', '1.50')}\r\n`);
    const copy = Buffer.from(chunk);
    await parseAll([chunk]);
    expect(chunk.equals(copy)).toBe(true);
  });
});
