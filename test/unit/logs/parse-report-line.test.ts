import { describe, expect, it } from 'vitest';
import { parseReportLine, type LineResult } from '../../../src/logs/index.js';
import type { InvocationRecord } from '../../../src/types.js';

const ID = '6f1c2a4e-8a1b-4f3e-9d2c-7b5e1a0c3d9f';
const TAIL = 'Duration: 125.37 ms\tBilled Duration: 126 ms\tMemory Size: 512 MB\tMax Memory Used: 81 MB';
const BASE: InvocationRecord = {
  requestId: ID,
  memoryMB: 512,
  durationMs: 125.37,
  billedDurationMs: 126,
  maxMemoryUsedMB: 81,
  status: 'success',
  logFormat: 'text',
};
const record = (extra: Partial<InvocationRecord> = {}): LineResult => ({ kind: 'record', record: { ...BASE, ...extra } });
const platformReport = (recordBody: object, time = '2024-06-11T10:00:00.311Z'): string => JSON.stringify({ time, type: 'platform.report', record: recordBody });
const METRICS = { durationMs: 107.518, billedDurationMs: 108, memorySizeMB: 1024, maxMemoryUsedMB: 92 };
const JSON_BASE: InvocationRecord = {
  requestId: ID,
  memoryMB: 1024,
  durationMs: 107.518,
  billedDurationMs: 108,
  maxMemoryUsedMB: 92,
  status: 'success',
  logFormat: 'json',
  timestamp: '2024-06-11T10:00:00.311Z',
};

/** The SnapStart restore both layouts below describe. */
const restored = () =>
  record({ durationMs: 306.34, billedDurationMs: 610, memoryMB: 1024, maxMemoryUsedMB: 142, restoreDurationMs: 303.52, billedRestoreDurationMs: 303 });

describe('parseReportLine on text REPORT lines', () => {
  it.each([
    { case: 'TAB separators', line: `REPORT RequestId: ${ID}\t${TAIL}`, expected: record() },
    { case: 'a trailing TAB', line: `REPORT RequestId: ${ID}\t${TAIL}\t`, expected: record() },
    { case: 'runs of spaces instead of TABs', line: `REPORT RequestId: ${ID}    ${TAIL.replaceAll('\t', '    ')}`, expected: record() },
    { case: 'single spaces instead of TABs', line: `REPORT RequestId: ${ID} ${TAIL.replaceAll('\t', ' ')}`, expected: record() },
    {
      case: 'the old space before the TAB after "ms"',
      line: `REPORT RequestId: ${ID}\tDuration: 3.47 ms\tBilled Duration: 100 ms \tMemory Size: 128 MB\tMax Memory Used: 35 MB\t`,
      expected: record({ durationMs: 3.47, billedDurationMs: 100, memoryMB: 128, maxMemoryUsedMB: 35 }),
    },
    {
      case: 'fields in an unusual order',
      line: `REPORT RequestId: ${ID}\tMax Memory Used: 81 MB\tBilled Duration: 126 ms\tMemory Size: 512 MB\tDuration: 125.37 ms`,
      expected: record(),
    },
    { case: 'a cold start', line: `REPORT RequestId: ${ID}\t${TAIL}\tInit Duration: 176.02 ms\t`, expected: record({ initDurationMs: 176.02 }) },
    {
      case: 'a SnapStart restore, keeping Billed Duration as reported',
      line: `REPORT RequestId: ${ID}\tDuration: 306.34 ms\tBilled Duration: 610 ms\tMemory Size: 1024 MB\tMax Memory Used: 142 MB\tRestore Duration: 303.52 ms\tBilled Restore Duration: 303 ms\t`,
      expected: restored(),
    },
    {
      case: 'a SnapStart restore copied with spaces',
      line: `REPORT RequestId: ${ID} Duration: 306.34 ms Billed Duration: 610 ms Memory Size: 1024 MB Max Memory Used: 142 MB Restore Duration: 303.52 ms Billed Restore Duration: 303 ms`,
      expected: restored(),
    },
    {
      case: 'an X-Ray suffix on the same line',
      line: `REPORT RequestId: ${ID}\t${TAIL}\tXRAY TraceId: 1-666803a1-0f2d4b6c8e1a3c5e7a9b1d3f\tSegmentId: 3b5d7f9a1c3e5a7b\tSampled: true\t`,
      expected: record(),
    },
    { case: 'a missing request id', line: `REPORT RequestId: ${TAIL}`, expected: { kind: 'record', record: { ...BASE, requestId: undefined } } },
    { case: 'a timeout', line: `REPORT RequestId: ${ID}\t${TAIL}\tStatus: timeout`, expected: record({ status: 'timeout' }) },
    {
      case: 'an error with its type',
      line: `REPORT RequestId: ${ID}\t${TAIL}\tStatus: error\tError Type: Runtime.OutOfMemory`,
      expected: record({ status: 'error', errorType: 'Runtime.OutOfMemory' }),
    },
    {
      case: 'an aws logs tail prefix, keeping its timestamp',
      line: `2024-06-11T08:15:02.331000+00:00 2024/06/11/[$LATEST]5e2c8f0a REPORT RequestId: ${ID}\t${TAIL}\t`,
      expected: record({ timestamp: '2024-06-11T08:15:02.331000+00:00' }),
    },
    {
      case: 'a sam logs prefix (stream first)',
      line: `2024/06/11/[$LATEST]5e2c8f0a 2024-06-11T08:16:40.907000 REPORT RequestId: ${ID}\t${TAIL}\t`,
      expected: record({ timestamp: '2024-06-11T08:16:40.907000' }),
    },
    { case: 'a console time prefix', line: `[2:34:39 PM] REPORT RequestId: ${ID}\t${TAIL}\t`, expected: record() },
    { case: 'an unknown future field after a TAB', line: `REPORT RequestId: ${ID}\t${TAIL}\tShiny New Metric: 7 units\t`, expected: record() },
    {
      case: 'a memory size Lambda allows but lists nowhere',
      line: `REPORT RequestId: ${ID}\t${TAIL.replace('512 MB', '3009 MB')}`,
      expected: record({ memoryMB: 3009 }),
    },
  ])('reads $case', ({ line, expected }) => {
    expect(parseReportLine(line)).toEqual(expected);
  });

  it('leaves optional fields undefined rather than 0', () => {
    const result = parseReportLine(`REPORT RequestId: ${ID}\t${TAIL}`);
    expect(result.kind === 'record' && Object.keys(result.record)).toEqual([
      'memoryMB',
      'durationMs',
      'billedDurationMs',
      'maxMemoryUsedMB',
      'status',
      'logFormat',
      'requestId',
    ]);
  });
});

describe('parseReportLine on lines that are not invocation reports', () => {
  it.each([
    { case: 'START', line: `START RequestId: ${ID} Version: $LATEST` },
    { case: 'END', line: `END RequestId: ${ID}` },
    { case: 'an INIT_REPORT', line: 'INIT_REPORT Init Duration: 912.44 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ExitError' },
    { case: 'a RESTORE_REPORT', line: 'RESTORE_REPORT Restore Duration: 303.52 ms' },
    { case: 'an X-Ray line on its own', line: 'XRAY TraceId: 1-666803a5-1a3c5e7a9b1d3f5a7c9e1b3d\tSegmentId: 5d7f9a1c3e5a7b9d\tSampled: true\t' },
    { case: 'an app line mentioning REPORT', line: `2024-06-11T08:00:00.412Z\t${ID}\tINFO\tbuilding monthly REPORT for tenant 42` },
    { case: 'an empty line', line: '' },
    { case: 'platform.start', line: JSON.stringify({ time: 'x', type: 'platform.start', record: { requestId: ID } }) },
    {
      case: 'platform.initReport',
      line: JSON.stringify({ time: 'x', type: 'platform.initReport', record: { phase: 'init', metrics: { durationMs: 201.3 } } }),
    },
    { case: 'platform.runtimeDone', line: JSON.stringify({ time: 'x', type: 'platform.runtimeDone', record: { requestId: ID, metrics: { durationMs: 1 } } }) },
    { case: 'a JSON app log', line: '{"timestamp":"2024-06-11T10:00:00.230Z","level":"INFO","message":"order 981 accepted"}' },
    { case: 'a JSON app log that mentions billedDurationMs', line: '{"level":"INFO","billedDurationMs":12}' },
    { case: 'a broken JSON app log', line: '{"level":"INFO","msg":"unterminated' },
  ])('treats $case as other', ({ line }) => {
    expect(parseReportLine(line)).toEqual({ kind: 'other' });
  });
});

describe('parseReportLine on malformed REPORT lines', () => {
  it.each([
    {
      case: 'a missing Max Memory Used',
      line: `REPORT RequestId: ${ID}\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB\t`,
      reason: /lacks Max Memory Used/,
    },
    {
      case: 'a missing Duration (not taken from Billed Duration)',
      line: `REPORT RequestId: ${ID}\tBilled Duration: 12 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
      reason: /lacks Duration/,
    },
    {
      case: 'a non-numeric Duration',
      line: `REPORT RequestId: ${ID}\tDuration: n/a ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
      reason: /Duration is not a number/,
    },
    {
      case: 'an empty Memory Size',
      line: `REPORT RequestId: ${ID}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: \tMax Memory Used: 60 MB`,
      reason: /Memory Size is not a number/,
    },
    {
      case: 'a wrong unit',
      line: `REPORT RequestId: ${ID}\tDuration: 12.50 s\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
      reason: /Duration is not a number of ms/,
    },
    {
      case: 'a number with trailing junk',
      line: `REPORT RequestId: ${ID}\tDuration: 12.5x ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
      reason: /Duration is not a number/,
    },
    { case: 'a repeated field', line: `REPORT RequestId: ${ID} ${TAIL.replaceAll('\t', ' ')} Duration: 1.00 ms`, reason: /Duration appears twice/ },
    { case: 'an unknown Status', line: `REPORT RequestId: ${ID}\t${TAIL}\tStatus: weird`, reason: /unknown Status "weird"/ },
    { case: 'nothing after RequestId', line: 'REPORT RequestId:', reason: /lacks/ },
  ])('rejects $case with a reason', ({ line, reason }) => {
    const result = parseReportLine(line);
    expect(result.kind).toBe('malformed');
    expect(result.kind === 'malformed' && result.reason).toMatch(reason);
  });

  it('quotes the start of the line in the reason', () => {
    const result = parseReportLine(`REPORT RequestId: ${ID}\tDuration: 12.00 ms`);
    expect(result.kind === 'malformed' && result.reason).toContain(`"REPORT RequestId: ${ID}`);
  });
});

describe('parseReportLine on JSON log format lines', () => {
  it.each([
    { case: 'a warm platform.report', line: platformReport({ requestId: ID, metrics: METRICS, status: 'success' }), expected: JSON_BASE },
    {
      case: 'a platform.report behind an `aws logs tail` prefix',
      line: `2024/06/11/orders[$LATEST]0a1b2c 2024-06-11T10:00:00.311000+00:00 ${platformReport({ requestId: ID, metrics: METRICS, status: 'success' })}`,
      expected: JSON_BASE,
    },
    {
      case: 'a cold start, keys in another order',
      line: `{"record":{"status":"success","metrics":{"initDurationMs":201.337,"maxMemoryUsedMB":92,"memorySizeMB":1024,"billedDurationMs":108,"durationMs":107.518},"requestId":"${ID}"},"type":"platform.report","time":"2024-06-11T10:00:00.311Z"}`,
      expected: { ...JSON_BASE, initDurationMs: 201.337 },
    },
    { case: 'no status key (success)', line: platformReport({ requestId: ID, metrics: METRICS }), expected: JSON_BASE },
    {
      case: 'status failure as error, with its type',
      line: platformReport({ requestId: ID, metrics: METRICS, status: 'failure', errorType: 'Runtime.Unknown' }),
      expected: { ...JSON_BASE, status: 'error', errorType: 'Runtime.Unknown' },
    },
    { case: 'status timeout', line: platformReport({ requestId: ID, metrics: METRICS, status: 'timeout' }), expected: { ...JSON_BASE, status: 'timeout' } },
    {
      case: 'a SnapStart restore',
      line: platformReport({ requestId: ID, metrics: { ...METRICS, restoreDurationMs: 303.52, billedRestoreDurationMs: 303 }, status: 'success' }),
      expected: { ...JSON_BASE, restoreDurationMs: 303.52, billedRestoreDurationMs: 303 },
    },
    {
      case: 'tracing and spans',
      line: platformReport({
        requestId: ID,
        metrics: METRICS,
        tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-6668' },
        spans: [{ name: 'responseLatency', durationMs: 1 }],
        status: 'success',
      }),
      expected: JSON_BASE,
    },
    { case: 'leading blanks', line: `  ${platformReport({ requestId: ID, metrics: METRICS })}`, expected: JSON_BASE },
  ])('reads $case', ({ line, expected }) => {
    expect(parseReportLine(line)).toEqual({ kind: 'record', record: expected });
  });

  it.each([
    { case: 'broken JSON', line: '{"time":"2024-06-11T10:00:01.000Z","type":"platform.report","record":{"metrics":{"durationMs":88.0', reason: /invalid JSON/ },
    { case: 'no metrics', line: platformReport({ requestId: ID }), reason: /without record.metrics/ },
    {
      case: 'a missing maxMemoryUsedMB',
      line: platformReport({ requestId: ID, metrics: { ...METRICS, maxMemoryUsedMB: undefined } }),
      reason: /maxMemoryUsedMB is missing/,
    },
    { case: 'a string duration', line: platformReport({ requestId: ID, metrics: { ...METRICS, durationMs: '107' } }), reason: /durationMs is not a number/ },
    {
      case: 'a string initDurationMs',
      line: platformReport({ requestId: ID, metrics: { ...METRICS, initDurationMs: 'x' } }),
      reason: /initDurationMs is not a number/,
    },
    { case: 'an unknown status', line: platformReport({ requestId: ID, metrics: METRICS, status: 'maybe' }), reason: /unknown record.status/ },
  ])('rejects a platform.report with $case', ({ line, reason }) => {
    const result = parseReportLine(line);
    expect(result.kind === 'malformed' && result.reason).toMatch(reason);
  });
});

describe('parseReportLine on records JSONL', () => {
  const own: InvocationRecord = {
    requestId: ID,
    memoryMB: 512,
    durationMs: 125.37,
    billedDurationMs: 302,
    maxMemoryUsedMB: 81,
    initDurationMs: 176.02,
    status: 'success',
    logFormat: 'text',
    timestamp: '2024-06-11T08:00:00.530Z',
  };

  it('reads back a record it wrote', () => {
    expect(parseReportLine(JSON.stringify(own))).toEqual({ kind: 'record', record: own });
  });

  it('defaults a missing logFormat to json', () => {
    const { logFormat: _, ...rest } = own;
    expect(parseReportLine(JSON.stringify(rest))).toEqual({ kind: 'record', record: { ...own, logFormat: 'json' } });
  });

  it.each([
    { case: 'a string duration', change: { durationMs: 'fast' }, reason: /durationMs is not a number/ },
    { case: 'a missing maxMemoryUsedMB', change: { maxMemoryUsedMB: undefined }, reason: /maxMemoryUsedMB is missing/ },
    { case: 'zero memory', change: { memoryMB: 0 }, reason: /memoryMB must be positive/ },
    { case: 'a negative billed duration', change: { billedDurationMs: -1 }, reason: /billedDurationMs is negative/ },
    { case: 'an unknown status', change: { status: 'ok' }, reason: /status must be/ },
    { case: 'a missing status', change: { status: undefined }, reason: /status must be/ },
    { case: 'an unknown logFormat', change: { logFormat: 'xml' }, reason: /logFormat must be/ },
    { case: 'a numeric requestId', change: { requestId: 7 }, reason: /requestId must be a string/ },
  ])('rejects $case', ({ change, reason }) => {
    const result = parseReportLine(JSON.stringify({ ...own, ...change }));
    expect(result.kind === 'malformed' && result.reason).toMatch(reason);
  });
});
