/**
 * An in-memory `ScanLogs` over generated events, evaluated with our Insights evaluator: drives
 * runScan in unit tests without a server. Queries pass through Scheduled and Running before
 * Complete, as real ones do.
 */
import { AwsError } from '../../../src/errors.js';
import type { FilterRequest, InsightsQuery, LogEventsPage, LogGroupInfo, QueryResults, ScanLogs } from '../../../src/scan/deps.js';
import { evaluateInsights } from './evaluate.js';
import type { LogEvent } from './fields.js';

export interface MemoryLogsOptions {
  groups: readonly LogGroupInfo[];
  events: readonly LogEvent[];
  /** StartQuery throws AccessDeniedException (for every group, or for queries over these). */
  denyInsights?: boolean;
  denyGroups?: readonly string[];
  /** GetQueryResults calls that answer Scheduled/Running before Complete. */
  pollsBeforeComplete?: number;
  /** FilterLogEvents page size; every other page is empty to exercise paging. */
  pageSize?: number;
  /** Answers a query with these rows instead of evaluating it (an endpoint that ignores `stats`). */
  rowsFor?: (query: InsightsQuery) => QueryResults['rows'] | undefined;
}

export class MemoryLogs implements ScanLogs {
  readonly calls: { startQuery: InsightsQuery[]; getQueryResults: number; stopQuery: string[]; filterLogEvents: FilterRequest[] } = {
    startQuery: [],
    getQueryResults: 0,
    stopQuery: [],
    filterLogEvents: [],
  };
  /** Queries started and not yet Complete, now and at most. */
  running = 0;
  maxRunning = 0;
  private readonly queries = new Map<string, { polls: number; rows: QueryResults['rows'] }>();

  constructor(private readonly options: MemoryLogsOptions) {}

  async describeLogGroup(name: string): Promise<LogGroupInfo | undefined> {
    return this.options.groups.find((g) => g.name === name);
  }

  async startQuery(query: InsightsQuery): Promise<string> {
    this.calls.startQuery.push(query);
    const deniedGroup = query.logGroupNames.some((g) => this.options.denyGroups?.includes(g));
    if (this.options.denyInsights || deniedGroup) throw new AwsError('access denied: logs:StartQuery', { awsName: 'AccessDeniedException' });
    const rows =
      this.options.rowsFor?.(query) ?? evaluateInsights({ ...query, startTime: query.startTimeS, endTime: query.endTimeS, events: this.options.events });
    const id = `q${this.queries.size + 1}`;
    this.queries.set(id, { polls: 0, rows });
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    return id;
  }

  async getQueryResults(queryId: string): Promise<QueryResults> {
    this.calls.getQueryResults += 1;
    const query = this.queries.get(queryId);
    if (!query) throw new AwsError(`unknown query ${queryId}`, { awsName: 'ResourceNotFoundException' });
    query.polls += 1;
    const before = this.options.pollsBeforeComplete ?? 2;
    if (query.polls <= before) return { status: query.polls === 1 ? 'Scheduled' : 'Running', rows: [] };
    if (query.polls === before + 1) this.running -= 1;
    return { status: 'Complete', rows: query.rows };
  }

  async stopQuery(queryId: string): Promise<void> {
    this.calls.stopQuery.push(queryId);
  }

  async filterLogEvents(request: FilterRequest): Promise<LogEventsPage> {
    this.calls.filterLogEvents.push(request);
    const pattern = request.filterPattern;
    const matching = this.options.events.filter(
      (e) =>
        e.logGroupName === request.logGroupName &&
        e.timestamp >= request.startTimeMs &&
        e.timestamp <= request.endTimeMs &&
        (pattern.includes('platform.report') ? e.message.includes('"type":"platform.report"') : e.message.includes('REPORT RequestId')),
    );
    const size = this.options.pageSize ?? 1000;
    // Token "n" = page n; after every page with events comes an empty one with a token, as
    // FilterLogEvents can answer.
    const page = Number(request.nextToken ?? '0');
    if (page % 2 === 1) return { events: [], nextToken: String(page + 1) };
    const k = page / 2;
    const more = (k + 1) * size < matching.length;
    return { events: matching.slice(k * size, (k + 1) * size), ...(more ? { nextToken: String(page + 1) } : {}) };
  }
}
