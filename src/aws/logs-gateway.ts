/**
 * The CloudWatch Logs calls `scan` makes (all read-only): DescribeLogGroups, Logs Insights
 * StartQuery / GetQueryResults / StopQuery, and FilterLogEvents for the fallback. SDK exceptions
 * become AwsError with the exception's name in `awsName`, so callers decide by name.
 */
import { mapCommonAwsError } from './common-errors.js';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { AwsError, RightsizeError } from '../errors.js';
import type { FilterRequest, InsightsQuery, LogEventsPage, LogGroupInfo, QueryResults, ScanLogs } from '../scan/deps.js';
import { clientConfig, type AwsSettings } from './config.js';

/** DescribeLogGroups pages to look through for an exact name (prefix matches sort first). */
const DESCRIBE_PAGES = 5;

export function createLogsGateway(settings: AwsSettings): ScanLogs {
  return new CloudWatchLogsGateway(new CloudWatchLogsClient(clientConfig(settings)));
}

export class CloudWatchLogsGateway implements ScanLogs {
  constructor(private readonly client: CloudWatchLogsClient) {}

  async describeLogGroup(name: string): Promise<LogGroupInfo | undefined> {
    let nextToken: string | undefined;
    for (let page = 0; page < DESCRIBE_PAGES; page++) {
      const out = await this.call('logs:DescribeLogGroups', name, () =>
        this.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) })),
      );
      const group = out.logGroups?.find((g) => g.logGroupName === name);
      if (group) {
        const info: LogGroupInfo = { name };
        if (group.creationTime !== undefined) info.creationTimeMs = group.creationTime;
        if (group.retentionInDays !== undefined) info.retentionInDays = group.retentionInDays;
        return info;
      }
      nextToken = out.nextToken;
      if (!nextToken) return undefined;
    }
    return undefined;
  }

  async startQuery(query: InsightsQuery): Promise<string> {
    const out = await this.call('logs:StartQuery', query.logGroupNames.join(', '), () =>
      this.client.send(
        new StartQueryCommand({
          logGroupNames: [...query.logGroupNames],
          queryString: query.queryString,
          startTime: query.startTimeS,
          endTime: query.endTimeS,
          limit: query.limit,
        }),
      ),
    );
    if (!out.queryId) throw new AwsError('StartQuery returned no query id', { hint: 'run again' });
    return out.queryId;
  }

  async getQueryResults(queryId: string): Promise<QueryResults> {
    const out = await this.call('logs:GetQueryResults', queryId, () => this.client.send(new GetQueryResultsCommand({ queryId })));
    return {
      status: out.status ?? 'Unknown',
      rows: (out.results ?? []).map((fields) => {
        const row: Record<string, string> = {};
        for (const f of fields) if (f.field !== undefined && f.value !== undefined) row[f.field] = f.value;
        return row;
      }),
    };
  }

  async stopQuery(queryId: string): Promise<void> {
    await this.call('logs:StopQuery', queryId, () => this.client.send(new StopQueryCommand({ queryId })));
  }

  async filterLogEvents(request: FilterRequest): Promise<LogEventsPage> {
    const out = await this.call('logs:FilterLogEvents', request.logGroupName, () =>
      this.client.send(
        new FilterLogEventsCommand({
          logGroupName: request.logGroupName,
          filterPattern: request.filterPattern,
          startTime: request.startTimeMs,
          endTime: request.endTimeMs,
          ...(request.nextToken ? { nextToken: request.nextToken } : {}),
        }),
      ),
    );
    const page: LogEventsPage = {
      events: (out.events ?? []).map((e) => ({ logStreamName: e.logStreamName, message: e.message, timestamp: e.timestamp })),
    };
    if (out.nextToken) page.nextToken = out.nextToken;
    return page;
  }

  private async call<T>(action: string, target: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw logsErrorToRightsize(error, action, target);
    }
  }
}

/** One clear line per failure, chosen by the exception's name (never its message). */
export function logsErrorToRightsize(error: unknown, action: string, target: string): Error {
  if (error instanceof RightsizeError) return error;
  const e = error as { name?: string; message?: string; $metadata?: unknown };
  const name = e.name ?? 'Error';
  const detail = e.message ?? String(error);
  const base = { cause: error, awsName: name };
  switch (name) {
    case 'AccessDeniedException':
    case 'AccessDenied':
      return new AwsError(`access denied: ${action} on ${target}`, { ...base, hint: `allow ${action} in your IAM policy (see the scan policy in the README)` });
    case 'ResourceNotFoundException':
      return new AwsError(`${target} not found (${action})`, { ...base, hint: 'check the region (--region)' });
    case 'LimitExceededException':
      return new AwsError(`CloudWatch Logs refused ${action}: too many concurrent Logs Insights queries in the account`, {
        ...base,
        hint: 'lower --concurrency, or wait for other queries (dashboards count too) to finish',
      });
    case 'ThrottlingException':
      return new AwsError(`CloudWatch Logs throttled ${action} past the retries`, { ...base, hint: 'lower --concurrency or set AWS_MAX_ATTEMPTS higher' });
    case 'MalformedQueryException':
    case 'InvalidParameterException':
      return new AwsError(`CloudWatch Logs rejected ${action}: ${detail}`, { ...base, hint: 'this is a bug in lambda-rightsize; please report it' });
  }
  return mapCommonAwsError(error, `${action} on ${target}`);
}

/**
 * The region the SDK would use for these settings (flag, environment or the profile's), without a
 * request; undefined when none is configured.
 */
export async function resolveRegion(settings: AwsSettings): Promise<string | undefined> {
  // Outside the try: a profile that does not exist is the user's to hear about, not "no region".
  const config = clientConfig(settings);
  try {
    return await new CloudWatchLogsClient(config).config.region();
  } catch {
    return undefined;
  }
}
