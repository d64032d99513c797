import { describe, expect, it } from 'vitest';
import { STREAM_TAG_PATTERN } from '../../../src/scan/attribution.js';
import { AwsError } from '../../../src/errors.js';
import { buildCpuQuery, buildInsightsQuery, parseCpuRow, parseInsightsRow, type QueryRow } from '../../../src/scan/query.js';
import { evaluateInsights } from '../../support/insights/evaluate.js';
import { streamName, textReport, jsonReport } from '../../support/insights/generate.js';

describe('buildInsightsQuery', () => {
  it.each([
    { case: 'text logs', format: 'text' as const, filter: 'filter @type = "REPORT"', by: 'by @log, streamTag, @memorySize' },
    { case: 'JSON logs', format: 'json' as const, filter: 'filter type = "platform.report"', by: 'by @log, streamTag, record.metrics.memorySizeMB' },
  ])('filters REPORT records and groups by log group, stream tag and memory size for $case', ({ format, filter, by }) => {
    const query = buildInsightsQuery(format);

    expect(query.split('\n')[0]).toBe(filter);
    expect(query).toContain(by);
  });

  it('extracts the stream tag with the same pattern the fallback uses', () => {
    const regex = /parse @logStream \/(.*)\/$/m.exec(buildInsightsQuery('text'))?.[1];

    expect(regex?.replace('?<streamTag>', '')).toBe(STREAM_TAG_PATTERN.source);
  });

  it.each([
    {
      case: 'a text REPORT in a default group',
      format: 'text' as const,
      message: textReport('r1', { memoryMB: 1024, durationMs: 12.5, maxUsedMB: 300 }),
      custom: false,
    },
    {
      case: 'a JSON report in a custom group',
      format: 'json' as const,
      message: jsonReport('r1', { memoryMB: 1024, durationMs: 12.5, maxUsedMB: 300 }, '2026-01-10T00:00:00.000Z'),
      custom: true,
    },
  ])('returns one parsable row per size for $case', ({ format, message, custom }) => {
    const group = custom ? '/shared/app' : '/aws/lambda/api';
    const rows = evaluateInsights({
      queryString: buildInsightsQuery(format),
      logGroupNames: [group],
      startTime: 0,
      endTime: 2_000_000_000,
      events: [{ logGroupName: group, logStreamName: streamName('api', { custom }), timestamp: 1_768_000_000_000, message }],
    });

    expect(rows.map((r) => parseInsightsRow(r, format))).toEqual([
      {
        logGroup: group,
        streamTag: custom ? 'api[' : '[',
        stats: expect.objectContaining({ memoryMB: 1024, invocations: 1, maxMemoryUsedMB: 300, durationMsSum: 12.5, billedDurationMsSum: 13 }),
        raw: rows[0],
      },
    ]);
  });
});

describe('parseInsightsRow', () => {
  const base = { '@log': '123456789012:/aws/lambda/api', streamTag: '[', invocations: '10', billedDurationSum: '1500' };

  it.each([
    {
      case: 'text memory in MB × 1,000,000',
      format: 'text' as const,
      row: { ...base, '@memorySize': '1024000000', maxMemoryUsed: '300000000', maxMemoryUsedP99: '290000000' },
      memoryMB: 1024,
      max: 300,
      p99: 290,
    },
    {
      case: 'text memory in MiB × 1,048,576',
      format: 'text' as const,
      row: { ...base, '@memorySize': String(1024 * 1_048_576), maxMemoryUsed: String(300 * 1_048_576) },
      memoryMB: 1024,
      max: 300,
      p99: null,
    },
    {
      case: 'JSON memory in MB',
      format: 'json' as const,
      row: { ...base, 'record.metrics.memorySizeMB': '512', maxMemoryUsed: '128', maxMemoryUsedP99: '120' },
      memoryMB: 512,
      max: 128,
      p99: 120,
    },
  ])('converts $case', ({ format, row, memoryMB, max, p99 }) => {
    const parsed = parseInsightsRow(row, format);

    expect(parsed?.stats).toMatchObject({ memoryMB, maxMemoryUsedMB: max, p99MemoryUsedMB: p99, invocations: 10, billedDurationMsSum: 1500 });
    expect(parsed?.logGroup).toBe('/aws/lambda/api');
  });

  it.each([
    { case: 'no memory size', row: { ...base }, problem: 'no @memorySize' },
    { case: 'a zero memory size', row: { ...base, '@memorySize': '0' }, problem: 'no @memorySize' },
    { case: 'no billed duration sum', row: { ...base, billedDurationSum: undefined, '@memorySize': '128000000' }, problem: 'no billedDurationSum' },
  ] satisfies { case: string; row: QueryRow; problem: string }[])('returns no stats and the problem for a row with $case', ({ row, problem }) => {
    expect(parseInsightsRow(row, 'text')).toMatchObject({ logGroup: '/aws/lambda/api', stats: undefined, problem, raw: row });
  });

  it.each([
    {
      case: 'no @log (raw events, as from an endpoint that ignores stats)',
      row: { '@timestamp': '2026-01-10 00:00:00.000', '@message': 'REPORT RequestId: r1' },
      reason: /no @log field/,
    },
    { case: 'no invocations count', row: { '@log': 'g', '@memorySize': '128000000' }, reason: /no invocations count/ },
  ] satisfies { case: string; row: QueryRow; reason: RegExp }[])('throws an AWS error showing the row for $case', ({ row, reason }) => {
    const read = (): unknown => parseInsightsRow(row, 'text');

    expect(read).toThrow(AwsError);
    expect(read).toThrow(reason);
    expect(read).toThrow(JSON.stringify(row));
  });

  it('reads absent aggregates as null or zero, never as a made-up number', () => {
    const parsed = parseInsightsRow({ '@log': 'g', '@memorySize': '128000000', invocations: '3', billedDurationSum: '30' }, 'text');

    expect(parsed.stats).toMatchObject({ coldStarts: 0, durationMs: { p50: null, p95: null, p99: null }, durationMsSum: null, maxMemoryUsedMB: null });
    expect(parsed.streamTag).toBeUndefined();
  });
});

describe('the Lambda Insights CPU query', () => {
  it('sums CPU time and duration per function and memory size from the performance events', () => {
    const event = (fn: string, memory: number, cpu: number, duration: number) => ({
      logGroupName: '/aws/lambda-insights',
      logStreamName: 's',
      timestamp: 1_768_000_000_000,
      message: JSON.stringify({ _aws: { Timestamp: 1 }, event_type: 'performance', function_name: fn, total_memory: memory, cpu_total_time: cpu, duration }),
    });
    const rows = evaluateInsights({
      queryString: buildCpuQuery(),
      logGroupNames: ['/aws/lambda-insights'],
      startTime: 0,
      endTime: 2_000_000_000,
      events: [event('a', 1024, 10, 100), event('a', 1024, 30, 120), event('b', 512, 200, 700)],
    });

    expect(rows.map(parseCpuRow).toSorted((x, y) => x.functionName.localeCompare(y.functionName))).toEqual([
      { functionName: 'a', stats: { memoryMB: 1024, invocations: 2, cpuTimeMsSum: 40, durationMsSum: 220 } },
      { functionName: 'b', stats: { memoryMB: 512, invocations: 1, cpuTimeMsSum: 200, durationMsSum: 700 } },
    ]);
  });

  it.each([
    { case: 'no function_name', row: { total_memory: '1024', invocations: '2', cpuTimeSum: '1', durationSum: '2' }, reason: /no function_name/ },
    { case: 'no cpuTimeSum', row: { function_name: 'a', total_memory: '1024', invocations: '2', durationSum: '2' }, reason: /no cpuTimeSum/ },
  ] satisfies { case: string; row: QueryRow; reason: RegExp }[])('throws for a row with $case', ({ row, reason }) => {
    expect(() => parseCpuRow(row)).toThrow(reason);
  });
});

describe('the documented query', () => {
  it('is the query scan runs for text logs', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../../src/scan/README.md', import.meta.url), 'utf8');

    const block = /```\n((?: {3}filter @type[\s\S]*?))\n {3}```/.exec(readme)?.[1];

    expect(
      block
        ?.split('\n')
        .map((l) => l.slice(3))
        .join('\n'),
    ).toBe(buildInsightsQuery('text'));
  });
});
