import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchReportLookup, reportFilterPattern } from '../../../src/aws/report-lookup.js';
import { AwsError } from '../../../src/errors.js';
import { LookupDeniedError } from '../../../src/tune/errors.js';

const logs = mockClient(CloudWatchLogsClient);
const meta = { $metadata: {} };
const report = (id: string, memory = 512): string =>
  `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: ${memory} MB\tMax Memory Used: 70 MB\t\n`;
const query = { logGroup: '/aws/lambda/orders', requestId: 'r-1', logFormat: 'text' as const, startTimeMs: 1_000 };

function lookup(): { finder: CloudWatchReportLookup; sleeps: number[] } {
  const sleeps: number[] = [];
  const finder = new CloudWatchReportLookup(new CloudWatchLogsClient({ region: 'eu-west-1' }), {
    delaysMs: [10, 20, 40],
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { finder, sleeps };
}

beforeEach(() => logs.reset());

describe('reportFilterPattern', () => {
  it.each([
    { case: 'a text REPORT phrase', logFormat: 'text' as const, expected: '"REPORT RequestId: r-1"' },
    {
      case: 'a JSON platform.report with the request id',
      logFormat: 'json' as const,
      expected: '{ $.type = "platform.report" && $.record.requestId = "r-1" }',
    },
  ])('matches $case', ({ logFormat, expected }) => {
    expect(reportFilterPattern('r-1', logFormat)).toBe(expected);
  });

  it('drops quotes that would break out of the pattern', () => {
    expect(reportFilterPattern('r"1\\', 'text')).toBe('"REPORT RequestId: r1"');
  });
});

describe('CloudWatchReportLookup', () => {
  it('finds the REPORT after empty pages that still carry a nextToken', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [], nextToken: 't1' })
      .resolvesOnce({ events: [{ message: report('r-1') }] });
    const found = await lookup().finder.findReport(query);
    expect(found).toMatchObject({ kind: 'found', record: { requestId: 'r-1', memoryMB: 512, billedDurationMs: 13, status: 'success' } });
    expect(logs.commandCalls(FilterLogEventsCommand)[1]!.args[0].input).toMatchObject({
      logGroupName: '/aws/lambda/orders',
      startTime: 1_000,
      filterPattern: '"REPORT RequestId: r-1"',
      nextToken: 't1',
    });
  });

  it('ignores the REPORT of another request', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: report('r-2') }] });
    expect(await lookup().finder.findReport(query)).toEqual({ kind: 'not-found', logGroup: '/aws/lambda/orders', waitedMs: 70 });
  });

  it('tries again later, because logs arrive late', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [] })
      .resolvesOnce({ events: [] })
      .resolves({ events: [{ message: report('r-1') }] });
    const { finder, sleeps } = lookup();
    expect(await finder.findReport(query)).toMatchObject({ kind: 'found' });
    expect(sleeps).toEqual([10, 20, 40]);
  });

  it('says the log group does not exist at once, and does not ask again for it', async () => {
    logs.on(FilterLogEventsCommand).rejects(new ResourceNotFoundException({ message: 'no group', ...meta }));
    const { finder, sleeps } = lookup();
    expect(await finder.findReport(query)).toEqual({ kind: 'no-log-group', logGroup: '/aws/lambda/orders' });
    expect(await finder.findReport({ ...query, requestId: 'r-2' })).toEqual({ kind: 'no-log-group', logGroup: '/aws/lambda/orders' });
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(1);
    expect(sleeps).toEqual([10, 10]);
  });

  it('names the missing permission when access is denied', async () => {
    logs.on(FilterLogEventsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: {} }));
    const error = await lookup()
      .finder.findReport(query)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LookupDeniedError);
    expect((error as AwsError).message).toBe('access denied: logs:FilterLogEvents on /aws/lambda/orders');
  });
});
