/**
 * The CloudWatch Logs fallback of `tune`: when a chatty function pushes its REPORT line out of the
 * 4 KB `LogType=Tail` window, find that line by request id with FilterLogEvents.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import pLimit from 'p-limit';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { AwsError } from '../errors.js';
import { parseReportLine } from '../logs/index.js';
import type { ReportLookup, ReportQuery } from '../tune/ports.js';
import type { InvocationRecord, LogFormat } from '../types.js';
import { clientConfig, type AwsSettings } from './config.js';

export interface ReportLookupOptions {
  /** Waits before each try; logs arrive seconds (sometimes minutes) after the invocation. */
  delaysMs?: readonly number[];
  /** FilterLogEvents has a low per-account rate limit, so lookups share a small pool. */
  maxConcurrent?: number;
  /** Pages read per try before giving up on it. */
  maxPages?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const DEFAULT_DELAYS_MS = [1000, 2000, 4000, 8000];
const sleepDefault = (ms: number, signal?: AbortSignal): Promise<void> => sleepFor(ms, undefined, { signal });

export function createReportLookup(settings: AwsSettings, options: ReportLookupOptions = {}): ReportLookup {
  return new CloudWatchReportLookup(new CloudWatchLogsClient(clientConfig(settings)), options);
}

export class CloudWatchReportLookup implements ReportLookup {
  private readonly delaysMs: readonly number[];
  private readonly maxPages: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(
    private readonly client: CloudWatchLogsClient,
    options: ReportLookupOptions = {},
  ) {
    this.delaysMs = options.delaysMs ?? DEFAULT_DELAYS_MS;
    this.maxPages = options.maxPages ?? 20;
    this.sleep = options.sleep ?? sleepDefault;
    this.limit = pLimit(options.maxConcurrent ?? 2);
  }

  async findReport(query: ReportQuery): Promise<InvocationRecord | undefined> {
    for (const delay of this.delaysMs) {
      await this.sleep(delay, query.signal);
      const found = await this.limit(() => this.search(query));
      if (found) return found;
    }
    return undefined;
  }

  private async search(query: ReportQuery): Promise<InvocationRecord | undefined> {
    let nextToken: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      let out;
      try {
        out = await this.client.send(
          new FilterLogEventsCommand({
            logGroupName: query.logGroup,
            startTime: query.startTimeMs,
            filterPattern: reportFilterPattern(query.requestId, query.logFormat),
            nextToken,
          }),
          { abortSignal: query.signal },
        );
      } catch (error) {
        const name = (error as { name?: string }).name;
        // The group appears with the function's first log line, which may not have arrived yet.
        if (name === 'ResourceNotFoundException') return undefined;
        if (name === 'ThrottlingException') return undefined;
        throw logsError(error, query.logGroup);
      }
      for (const event of out.events ?? []) {
        const record = recordFor(event.message ?? '', query.requestId);
        if (record) return record;
      }
      // A page can be empty while nextToken is still returned: keep paging.
      nextToken = out.nextToken;
      if (!nextToken) return undefined;
    }
    return undefined;
  }
}

/** The narrowest pattern that still matches the REPORT of one request in either log format. */
export function reportFilterPattern(requestId: string, logFormat: LogFormat): string {
  const id = requestId.replace(/["\\]/g, '');
  return logFormat === 'json'
    ? `{ $.type = "platform.report" && $.record.requestId = "${id}" }`
    : `"REPORT RequestId: ${id}"`;
}

function recordFor(message: string, requestId: string): InvocationRecord | undefined {
  for (const line of message.split('\n')) {
    const parsed = parseReportLine(line);
    if (parsed.kind === 'record' && parsed.record.requestId === requestId) return parsed.record;
  }
  return undefined;
}

function logsError(error: unknown, logGroup: string): Error {
  const e = error as { name?: string; message?: string; $metadata?: unknown };
  if (e.name === 'AccessDeniedException' || e.name === 'AccessDenied') {
    return new AwsError(`access denied: logs:FilterLogEvents on ${logGroup}`, {
      hint: 'allow logs:FilterLogEvents on the function\'s log group (needed when REPORT lines fall out of the 4 KB log tail)',
      cause: error,
      awsName: e.name,
    });
  }
  if (e.$metadata !== undefined) return new AwsError(`logs:FilterLogEvents on ${logGroup} failed: ${e.name}: ${e.message}`, { cause: error, awsName: e.name });
  return error instanceof Error ? error : new Error(String(error));
}
