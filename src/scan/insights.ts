/**
 * Runs the Logs Insights query over batches of log groups: StartQuery, then GetQueryResults polled
 * with backoff until Complete.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { AwsError } from '../errors.js';
import type { LogFormat } from '../types.js';
import type { ScanLogs } from './deps.js';
import {
  buildCpuQuery,
  buildInsightsQuery,
  MAX_GROUPS_PER_QUERY,
  parseCpuRow,
  parseInsightsRow,
  QUERY_ROW_LIMIT,
  type CpuRow,
  type ParsedRow,
} from './query.js';
import type { ScanFunctionConfig } from './types.js';

export interface Batch {
  format: LogFormat;
  logGroups: string[];
}

/** One batch per (log format, up to 50 existing log groups that hold a function of that format). */
export function planBatches(functions: readonly ScanFunctionConfig[], existingGroups: ReadonlySet<string>): Batch[] {
  const batches: Batch[] = [];
  for (const format of ['text', 'json'] as const) {
    const groups = [...new Set(functions.filter((f) => f.logFormat === format && existingGroups.has(f.logGroup)).map((f) => f.logGroup))].toSorted();
    for (let i = 0; i < groups.length; i += MAX_GROUPS_PER_QUERY) {
      batches.push({ format, logGroups: groups.slice(i, i + MAX_GROUPS_PER_QUERY) });
    }
  }
  return batches;
}

export interface InsightsContext {
  logs: ScanLogs;
  startTimeS: number;
  endTimeS: number;
  pollStartMs: number;
  pollMaxMs: number;
  timeoutMs: number;
  now: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

export interface BatchResult {
  rows: ParsedRow[];
  warnings: string[];
}

const FINAL_FAILURES = new Set(['Failed', 'Cancelled', 'Timeout', 'Unknown']);
/** Another tool's queries may hold the account's concurrent-query slots; wait this long at most. */
const LIMIT_EXCEEDED_RETRIES = 8;

/**
 * Runs one batch. A batch whose result reaches the 10,000-row cap is split in two and each half run
 * again (inside the caller's concurrency slot), so rows are never silently lost; a single log
 * group over the cap is reported as a warning.
 */
export async function runBatch(batch: Batch, ctx: InsightsContext): Promise<BatchResult> {
  const rows = await runQuery(batch.logGroups, buildInsightsQuery(batch.format), ctx);
  if (rows.length < QUERY_ROW_LIMIT) {
    return { rows: rows.map((r) => parseInsightsRow(r, batch.format)), warnings: [] };
  }
  if (batch.logGroups.length === 1) {
    return {
      rows: rows.map((r) => parseInsightsRow(r, batch.format)),
      warnings: [
        `${batch.logGroups[0]}: Logs Insights returned its ${QUERY_ROW_LIMIT}-row maximum, so some functions may be missing: scan with --include to narrow it`,
      ],
    };
  }
  const half = Math.ceil(batch.logGroups.length / 2);
  const first = await runBatch({ format: batch.format, logGroups: batch.logGroups.slice(0, half) }, ctx);
  const second = await runBatch({ format: batch.format, logGroups: batch.logGroups.slice(half) }, ctx);
  return { rows: [...first.rows, ...second.rows], warnings: [...first.warnings, ...second.warnings] };
}

/** CPU time per function and size from Lambda Insights' performance events in `logGroup`. */
export async function runCpuQuery(logGroup: string, ctx: InsightsContext): Promise<{ rows: CpuRow[]; warnings: string[] }> {
  const rows = await runQuery([logGroup], buildCpuQuery(), ctx);
  const warnings =
    rows.length >= QUERY_ROW_LIMIT
      ? [`${logGroup}: Logs Insights returned its ${QUERY_ROW_LIMIT}-row maximum, so some functions may lack their CPU evidence`]
      : [];
  return { rows: rows.map(parseCpuRow), warnings };
}

async function runQuery(logGroups: readonly string[], queryString: string, ctx: InsightsContext): Promise<Record<string, string | undefined>[]> {
  const batch = { logGroups };
  const queryId = await startWithRetry(logGroups, queryString, ctx);
  const started = ctx.now();
  let delay = ctx.pollStartMs;
  try {
    for (;;) {
      await sleep(ctx, delay);
      const result = await ctx.logs.getQueryResults(queryId);
      if (result.status === 'Complete') return result.rows;
      if (FINAL_FAILURES.has(result.status)) {
        throw new AwsError(`the Logs Insights query over ${describeGroups(batch)} ended ${result.status}`, {
          hint: 'run again; if it persists, scan fewer functions or a shorter --since',
        });
      }
      if (ctx.now() - started >= ctx.timeoutMs) {
        throw new AwsError(`the Logs Insights query over ${describeGroups(batch)} did not complete in ${Math.round(ctx.timeoutMs / 60_000)} min`, {
          hint: 'scan a shorter --since or fewer functions at a time',
        });
      }
      delay = Math.min(Math.round(delay * 1.5), ctx.pollMaxMs);
    }
  } catch (error) {
    // Leaves no query running on the account's 30 slots after an abort or a timeout.
    await ctx.logs.stopQuery(queryId).catch(() => undefined);
    throw error;
  }
}

async function startWithRetry(logGroups: readonly string[], queryString: string, ctx: InsightsContext): Promise<string> {
  const query = {
    logGroupNames: logGroups,
    queryString,
    startTimeS: ctx.startTimeS,
    endTimeS: ctx.endTimeS,
    limit: QUERY_ROW_LIMIT,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.logs.startQuery(query);
    } catch (error) {
      // LimitExceededException: the account's concurrent queries are taken (the SDK does not retry it).
      if (!(error instanceof AwsError) || error.awsName !== 'LimitExceededException' || attempt >= LIMIT_EXCEEDED_RETRIES) throw error;
      await sleep(ctx, Math.min(1000 * 2 ** attempt, 15_000));
    }
  }
}

function sleep(ctx: InsightsContext, ms: number): Promise<void> {
  return ctx.sleep ? ctx.sleep(ms, ctx.signal) : sleepFor(ms, undefined, { signal: ctx.signal });
}

function describeGroups(batch: { logGroups: readonly string[] }): string {
  const [first] = batch.logGroups;
  return batch.logGroups.length === 1 ? `${first}` : `${first} and ${batch.logGroups.length - 1} more log groups`;
}
