/** The other shapes logs come in: CSV exports, JSON documents (streamed), and their detection. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCsvBatches, parseJsonDocumentBatches, type ParseCounters } from '../../../src/logs/index.js';
import { unitResults } from '../../../src/logs/json-document.js';
import { detectFormat } from '../../../src/replay/detect.js';
import { seededRandom } from '../../support/fake-aws/ids.js';
import type { InvocationRecord } from '../../../src/types.js';

const DIR = 'test/fixtures/logs/formats';
type Parser = typeof parseCsvBatches;

/** `bytes` in pieces of `size` bytes: a document cut anywhere (inside strings, escapes, UTF-8). */
async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parse(parser: Parser, bytes: Buffer, size = bytes.length): Promise<{ records: InvocationRecord[]; counters: ParseCounters }> {
  const counters: ParseCounters = { records: 0, malformed: 0 };
  const records: InvocationRecord[] = [];
  for await (const batch of parser(pieces(bytes, size), counters)) records.push(...batch);
  return { records, counters };
}

const cases = [
  {
    case: 'a Logs Insights CSV export (quoted messages with TABs, newlines, quotes and commas)',
    file: 'insights-results.csv',
    parser: parseCsvBatches,
    expected: [
      { requestId: '4e6a8c0e-2a4c-4e6a-8c0e-2a4c6e8a0c2e', durationMs: 1204.51, billedDurationMs: 1205, memoryMB: 512, initDurationMs: 311.09 },
      { requestId: '5f7b9d1f-3b5d-4f7b-9d1f-3b5d7f9b1d3f', durationMs: 301.22 },
      { requestId: '6a8c0e2a-4c6e-4a8c-8e2a-4c6e8a0c2e4a', maxMemoryUsedMB: 91 },
    ],
  },
  {
    case: 'a console CSV export with CRLF rows and a timeout',
    file: 'console-events.csv',
    parser: parseCsvBatches,
    expected: [
      { durationMs: 258.4, memoryMB: 256, status: 'success' },
      { durationMs: 3000, status: 'timeout' },
    ],
  },
  {
    case: 'get-query-results with @message',
    file: 'get-query-results.json',
    parser: parseJsonDocumentBatches,
    expected: [
      { requestId: '4e6a8c0e-2a4c-4e6a-8c0e-2a4c6e8a0c2e', initDurationMs: 311.09, timestamp: '2024-06-11T08:15:02.331Z' },
      { durationMs: 301.22, timestamp: '2024-06-11T08:15:09.310Z' },
    ],
  },
  {
    case: 'get-query-results with the discovered fields (memory in MB × 10^6)',
    file: 'get-query-results-fields.json',
    parser: parseJsonDocumentBatches,
    expected: [
      {
        requestId: '4e6a8c0e-2a4c-4e6a-8c0e-2a4c6e8a0c2e',
        durationMs: 1204.51,
        billedDurationMs: 1205,
        memoryMB: 512,
        maxMemoryUsedMB: 88,
        initDurationMs: 311.09,
      },
      { memoryMB: 512, maxMemoryUsedMB: 90 },
    ],
  },
  {
    case: 'a pretty-printed array of JSON-format events',
    file: 'pretty-events.json',
    parser: parseJsonDocumentBatches,
    expected: [
      { logFormat: 'json', durationMs: 310.118, billedDurationMs: 512, memoryMB: 1024, initDurationMs: 201.337, timestamp: '2024-06-11T10:00:00.512Z' },
      { logFormat: 'json', durationMs: 144.702, requestId: 'b2d4f6a8-0c2e-4a4b-9d6f-8a0c2e4b6d8f' },
    ],
  },
  {
    case: 'pretty-printed events one after another (jq . output)',
    file: 'pretty-concatenated.json',
    parser: parseJsonDocumentBatches,
    expected: [{ durationMs: 310.118 }, { durationMs: 144.702 }],
  },
  {
    case: 'pretty-printed filter-log-events output',
    file: '../filter-log-events.json',
    parser: parseJsonDocumentBatches,
    expected: [
      { durationMs: 278.06, timestamp: '2024-06-11T08:00:00.401Z' },
      { durationMs: 301.44, memoryMB: 1536 },
    ],
  },
];

describe('parsers of whole documents', () => {
  it.each(cases)('read $case', async ({ file, parser, expected }) => {
    const { records, counters } = await parse(parser, await readFile(`${DIR}/${file}`));

    expect(counters).toEqual({ records: expected.length, malformed: 0 });
    expected.forEach((fields, i) => expect(records[i]).toMatchObject(fields));
    // Optional fields stay absent, never 0: only the fixtures' first record is a cold start.
    expect(records.slice(1).every((r) => r.initDurationMs === undefined)).toBe(true);
  });

  it.each(cases.flatMap((c) => [1, 7, 64].map((size) => ({ ...c, size, case: `${c.file} in ${size}-byte pieces` }))))(
    'give the same records for $case',
    async ({ file, parser, size }) => {
      const bytes = await readFile(`${DIR}/${file}`);

      expect(await parse(parser, bytes, size)).toEqual(await parse(parser, bytes));
    },
  );

  it.each([
    { case: 'a broken JSON unit that holds a report', text: '[{"message": "REPORT RequestId: x\\tDuration: 1 ms"\n  , oops}]', malformed: 1 },
    { case: 'a broken unit of application data', text: '[{"level": "info", oops}]', malformed: 0 },
  ])('count $case as malformed only when it was a report', async ({ text, malformed }) => {
    const { counters } = await parse(parseJsonDocumentBatches, Buffer.from(text));

    expect(counters).toMatchObject({ records: 0, malformed });
  });

  it('reads a CSV row whose quoted message spans several lines as one message', async () => {
    const csv =
      '@timestamp,@message\n1,"START RequestId: a Version: 1\nREPORT RequestId: a\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\n"\n';

    const { records } = await parse(parseCsvBatches, Buffer.from(csv));

    expect(records).toEqual([
      { requestId: 'a', durationMs: 2.5, billedDurationMs: 3, memoryMB: 128, maxMemoryUsedMB: 50, status: 'success', logFormat: 'text' },
    ]);
  });
});

describe('detectFormat', () => {
  it.each([
    { case: 'raw text', head: 'START RequestId: a Version: 1\nREPORT RequestId: a\tDuration: 1 ms\n', expected: 'lines' },
    { case: 'JSON-format log lines', head: '{"time":"t","type":"platform.start","record":{}}\n{"time":"t"}\n', expected: 'lines' },
    { case: 'JSON Lines whose first line is broken', head: '{"timestamp": 1, "message": "REPO\n{"timestamp": 2}\n', expected: 'lines' },
    { case: 'a pretty-printed object', head: '{\n    "events": [\n', expected: 'json' },
    { case: 'an array', head: '[{"message": "x"}]', expected: 'json' },
    { case: 'an Insights CSV header', head: '@timestamp,@message,@logStream,@log\n2024,"x"\n', expected: 'csv' },
    { case: 'a console CSV header with a BOM and quotes', head: '\uFEFF"timestamp","message"\r\n1,"x"\r\n', expected: 'csv' },
    { case: 'a text line with commas but no message column', head: 'INFO a,b,c\nREPORT RequestId: a\n', expected: 'lines' },
  ])('tells $case', ({ head, expected }) => {
    expect(detectFormat(head)).toBe(expected);
  });
});

describe('the JSON document scanner on strings with escapes, cut anywhere', () => {
  // Seeded (mulberry32): a failure names a seed that reproduces it.
  const tricky = ['\\', '"', '\\"', '\\\\', '\\\\"', '"\\', '}', ']', '{"a":[', '\t', 'REPORT', ''];
  it.each([71, 72, 73].map((seed) => ({ case: `seed ${seed}`, seed })))('finds the events JSON.parse finds ($case)', async ({ seed }) => {
    const rand = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const junk = (): string => Array.from({ length: Math.floor(rand() * 6) }, () => pick(tricky)).join('');
    const events = Array.from({ length: 300 }, (_, i) => ({
      logStreamName: `s${junk()}`,
      timestamp: 1718092800000 + i,
      message: `REPORT RequestId: r-${i}\tDuration: ${i}.50 ms\tBilled Duration: ${i + 1} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n`,
      ...(rand() < 0.5 ? { note: junk() } : {}),
    }));
    const document = Buffer.from(JSON.stringify({ events, nextToken: junk() }, null, rand() < 0.5 ? 4 : undefined));
    const expected = events.flatMap((event) => unitResults(JSON.stringify(event))).flatMap((r) => (r.kind === 'record' ? [r.record] : []));

    for (const size of [1, 2, 3, 5, 64, 1000]) {
      const { records } = await parse(parseJsonDocumentBatches, document, size);
      expect(records).toEqual(expected);
    }
    expect(expected).toHaveLength(300);
    expect(expected.every((record) => record.timestamp !== undefined)).toBe(true);
    // For statistics (replay without -o records) the events' times are not made at all.
    const counters: ParseCounters = { records: 0, malformed: 0 };
    const plain: InvocationRecord[] = [];
    for await (const batch of parseJsonDocumentBatches(pieces(document, 4096), counters, { timestamps: false })) plain.push(...batch);
    expect(plain).toEqual(expected.map(({ timestamp: _, ...record }) => record));
  });
});
