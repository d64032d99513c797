/** Logs Insights: StartQuery / GetQueryResults / StopQuery with a pluggable evaluator. */
import { AwsFault } from './http.js';
import type { IdSource } from './ids.js';
import type { LogsStore } from './logs-store.js';
import type { FakeAwsKnobs } from './types.js';

export interface InsightsEvent {
  timestamp: number;
  message: string;
  logStreamName: string;
  logGroupName: string;
}

export interface InsightsQuery {
  queryString: string;
  logGroupNames: string[];
  /** Epoch seconds, as StartQuery takes them. */
  startTime: number;
  endTime: number;
  limit?: number;
  /** Every stored event of those groups inside [startTime, endTime]. */
  events: InsightsEvent[];
}

export type ResultRow = Array<{ field: string; value: string }>;

/** Evaluates a query; tests of `scan` plug in an evaluator that understands their query strings. */
export type InsightsEvaluator = (query: InsightsQuery) => ResultRow[];

export type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled';

export interface QueryRecord {
  queryId: string;
  request: Omit<InsightsQuery, 'events'>;
  status: QueryStatus;
  polls: number;
  startedAt: number;
  results: ResultRow[];
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
}

/** Without a plugged evaluator a query returns the raw events, like `fields @timestamp, @message`. */
export const rawEventsEvaluator: InsightsEvaluator = (query) =>
  query.events.map((event) => [
    { field: '@timestamp', value: new Date(event.timestamp).toISOString().replace('T', ' ').replace('Z', '') },
    { field: '@message', value: event.message },
    { field: '@logStream', value: event.logStreamName },
  ]);

/** Log group ARNs (with or without `:*`) name the group after `log-group:`. */
function groupName(identifier: string): string {
  const marker = ':log-group:';
  const at = identifier.indexOf(marker);
  return at < 0 ? identifier : identifier.slice(at + marker.length).replace(/:\*$/, '');
}

const TERMINAL: readonly QueryStatus[] = ['Complete', 'Failed', 'Cancelled'];

export class Insights {
  readonly queries = new Map<string, QueryRecord>();
  evaluator: InsightsEvaluator = rawEventsEvaluator;

  constructor(
    private readonly store: LogsStore,
    private readonly ids: IdSource,
    private readonly knobs: FakeAwsKnobs,
  ) {}

  /** Would the next poll complete it? Such a query no longer counts against the concurrency limit. */
  private ready(query: QueryRecord): boolean {
    return query.polls >= this.knobs.queryPolls && Date.now() - query.startedAt >= this.knobs.queryLatencyMs;
  }

  active(): number {
    return [...this.queries.values()].filter((q) => !TERMINAL.includes(q.status) && !this.ready(q)).length;
  }

  start(body: Record<string, unknown>): { queryId: string } {
    const names = [
      ...(typeof body.logGroupName === 'string' ? [body.logGroupName] : []),
      ...((body.logGroupNames as string[] | undefined) ?? []),
      ...((body.logGroupIdentifiers as string[] | undefined) ?? []).map(groupName),
    ];
    if (names.length === 0) throw new AwsFault(400, 'InvalidParameterException', 'At least one log group is required.');
    for (const name of names) {
      if (!this.store.groups.has(name)) throw new AwsFault(400, 'ResourceNotFoundException', `Log group '${name}' does not exist.`);
    }
    if (this.active() >= this.knobs.maxConcurrentQueries) {
      throw new AwsFault(400, 'LimitExceededException', `Account maximum query concurrency limit of [${this.knobs.maxConcurrentQueries}] reached.`);
    }
    const queryId = this.ids.uuid();
    this.queries.set(queryId, {
      queryId,
      request: {
        queryString: String(body.queryString ?? ''),
        logGroupNames: names,
        startTime: Number(body.startTime),
        endTime: Number(body.endTime),
        ...(typeof body.limit === 'number' ? { limit: body.limit } : {}),
      },
      status: 'Scheduled',
      polls: 0,
      startedAt: Date.now(),
      results: [],
      statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
    });
    return { queryId };
  }

  private find(queryId: unknown): QueryRecord {
    const query = this.queries.get(String(queryId));
    if (!query) throw new AwsFault(400, 'ResourceNotFoundException', `Query ${String(queryId)} does not exist.`);
    return query;
  }

  private complete(query: QueryRecord): void {
    const { request } = query;
    const events = request.logGroupNames.flatMap((logGroupName) =>
      this.store
        .events(logGroupName, { startTime: request.startTime * 1000, endTime: request.endTime * 1000 + 999 })
        .map(({ timestamp, message, logStreamName }) => ({ timestamp, message, logStreamName, logGroupName })),
    );
    try {
      const rows = this.evaluator({ ...request, events });
      query.results = rows.slice(0, Math.min(request.limit ?? 10_000, 10_000));
      query.status = 'Complete';
    } catch {
      query.status = 'Failed';
    }
    query.statistics = {
      recordsMatched: query.results.length,
      recordsScanned: events.length,
      bytesScanned: events.reduce((sum, e) => sum + Buffer.byteLength(e.message), 0),
    };
  }

  results(body: Record<string, unknown>): object {
    const query = this.find(body.queryId);
    if (!TERMINAL.includes(query.status)) {
      if (this.ready(query)) this.complete(query);
      else query.status = query.polls === 0 && this.knobs.queryPolls >= 2 ? 'Scheduled' : 'Running';
      query.polls += 1;
    }
    return { queryLanguage: 'CWLI', status: query.status, results: query.results, statistics: query.statistics };
  }

  stop(body: Record<string, unknown>): { success: boolean } {
    const query = this.find(body.queryId);
    if (TERMINAL.includes(query.status)) return { success: false };
    query.status = 'Cancelled';
    return { success: true };
  }
}
