/**
 * The CloudWatch Logs fallback of `tune`: when a chatty function pushes its REPORT line out of the
 * 4 KB `LogType=Tail` window, find that line by request id with FilterLogEvents.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import pLimit from 'p-limit';
import { AwsError } from '../errors.js';
import { parseReportLine } from '../logs/index.js';
import { LookupDeniedError } from '../tune/errors.js';
import type { LookupResult, ReportLookup, ReportQuery } from '../tune/ports.js';
import type { InvocationRecord, LogFormat } from '../types.js';
import { clientConfig, type AwsSettings } from './config.js';
import { sleepShared, withChildSignal } from '../shared-abort.js';

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
    this.sleep = options.sleep ?? sleepShared;
    this.limit = pLimit(options.maxConcurrent ?? 2);
  }

  /** Log groups found missing: not asked again (the group would have appeared with earlier logs). */
  private readonly missingGroups = new Set<string>();
  /** The first search of each group: later lookups wait for it, so a missing group is asked about once. */
  private readonly firstSearch = new Map<string, Promise<unknown>>();

  async findReport(query: ReportQuery): Promise<LookupResult> {
    let waitedMs = 0;
    for (const delay of this.delaysMs) {
      await this.sleep(delay, query.signal);
      waitedMs += delay;
      const first = this.firstSearch.get(query.logGroup);
      if (first) await first.catch(() => undefined);
      if (this.missingGroups.has(query.logGroup)) return { kind: 'no-log-group', logGroup: query.logGroup };
      const search = this.limit(() => this.search(query));
      if (!first) this.firstSearch.set(query.logGroup, search);
      const found = await search;
      if (found === 'no-log-group') {
        this.missingGroups.add(query.logGroup);
        return { kind: 'no-log-group', logGroup: query.logGroup };
      }
      if (found) return { kind: 'found', record: found };
    }
    return { kind: 'not-found', logGroup: query.logGroup, waitedMs };
  }

  private async search(query: ReportQuery): Promise<InvocationRecord | 'no-log-group' | undefined> {
    let nextToken: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      let out;
      try {
        const command = new FilterLogEventsCommand({
          logGroupName: query.logGroup,
          startTime: query.startTimeMs,
          filterPattern: reportFilterPattern(query.requestId, query.logFormat),
          nextToken,
        });
        out = await withChildSignal(query.signal, (abortSignal) => this.client.send(command, { abortSignal }));
      } catch (error) {
        const name = (error as { name?: string }).name;
        // Tune invokes functions that have logged before (bench creates its group up front), so a
        // missing group will not appear by waiting: the function logs elsewhere, or cannot log.
        if (name === 'ResourceNotFoundException') return 'no-log-group';
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
  return logFormat === 'json' ? `{ $.type = "platform.report" && $.record.requestId = "${id}" }` : `"REPORT RequestId: ${id}"`;
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
    return new LookupDeniedError(`access denied: logs:FilterLogEvents on ${logGroup}`, {
      hint: "allow logs:FilterLogEvents on the function's log group (needed when REPORT lines fall out of the 4 KB log tail)",
      cause: error,
      awsName: e.name,
    });
  }
  if (e.$metadata !== undefined) return new AwsError(`logs:FilterLogEvents on ${logGroup} failed: ${e.name}: ${e.message}`, { cause: error, awsName: e.name });
  return error instanceof Error ? error : new Error(String(error));
}
