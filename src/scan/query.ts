/**
 * The Logs Insights query `scan` runs, and how its result rows become `SizeStats`.
 *
 * One query covers up to 50 log groups (the StartQuery limit) of one log format and returns one
 * row per (log group, stream tag, memory size): the aggregation happens on AWS's side, so scanning
 * a fleet moves kilobytes. Grouping by memory size keeps records from before and after a memory
 * change apart; grouping by stream tag separates the functions of a shared log group
 * (see attribution.ts).
 */
import { AwsError } from '../errors.js';
import type { LogFormat } from '../types.js';
import { logGroupOfInsightsLog, STREAM_TAG_PATTERN } from './attribution.js';
import type { CpuStats, SizeStats } from './types.js';

/** StartQuery accepts at most 50 log groups. */
export const MAX_GROUPS_PER_QUERY = 50;
/** Logs Insights returns at most 10,000 rows; reaching it means rows may be missing. */
export const QUERY_ROW_LIMIT = 10_000;

interface FormatFields {
  filter: string;
  memorySize: string;
  maxMemoryUsed: string;
  duration: string;
  billedDuration: string;
  initDuration: string;
  errors: string;
  timeouts: string;
  outOfMemory: string;
}

/**
 * Text REPORT lines are auto-discovered as `@type = "REPORT"` with `@duration`, `@billedDuration`,
 * `@initDuration`, `@memorySize` and `@maxMemoryUsed` — the last two in bytes, counted as
 * MB × 1,000,000 (a 768 MB function reports 768000000). `Status:` and `Error Type:` (newer
 * platform versions only) are not discovered, so they are counted with `strcontains`, which
 * returns 1 or 0. JSON-format logs are discovered as their own keys (`record.metrics.*`, in MB).
 */
const FIELDS: Record<LogFormat, FormatFields> = {
  text: {
    filter: '@type = "REPORT"',
    memorySize: '@memorySize',
    maxMemoryUsed: '@maxMemoryUsed',
    duration: '@duration',
    billedDuration: '@billedDuration',
    initDuration: '@initDuration',
    errors: 'sum(strcontains(@message, "Status: error"))',
    timeouts: 'sum(strcontains(@message, "Status: timeout"))',
    outOfMemory: 'sum(strcontains(@message, "Runtime.OutOfMemory"))',
  },
  json: {
    filter: 'type = "platform.report"',
    memorySize: 'record.metrics.memorySizeMB',
    maxMemoryUsed: 'record.metrics.maxMemoryUsedMB',
    duration: 'record.metrics.durationMs',
    billedDuration: 'record.metrics.billedDurationMs',
    initDuration: 'record.metrics.initDurationMs',
    errors: 'sum(strcontains(record.status, "error")) + sum(strcontains(record.status, "failure"))',
    timeouts: 'sum(strcontains(record.status, "timeout"))',
    outOfMemory: 'sum(strcontains(record.errorType, "Runtime.OutOfMemory"))',
  },
};

/** The query for one log format. Identical for every batch, so results are comparable. */
export function buildInsightsQuery(format: LogFormat): string {
  const f = FIELDS[format];
  return [
    `filter ${f.filter}`,
    // The fallback's pattern, its one group named so Insights creates the field.
    `| parse @logStream /${STREAM_TAG_PATTERN.source.replace('(', '(?<streamTag>')}/`,
    '| stats count(*) as invocations,',
    `    count(${f.initDuration}) as coldStarts,`,
    `    ${f.errors} as errors,`,
    `    ${f.timeouts} as timeouts,`,
    `    ${f.outOfMemory} as outOfMemory,`,
    `    pct(${f.duration}, 50) as durationP50,`,
    `    pct(${f.duration}, 95) as durationP95,`,
    `    pct(${f.duration}, 99) as durationP99,`,
    `    sum(${f.duration}) as durationSum,`,
    `    sum(${f.billedDuration}) as billedDurationSum,`,
    `    max(${f.maxMemoryUsed}) as maxMemoryUsed,`,
    `    pct(${f.maxMemoryUsed}, 99) as maxMemoryUsedP99`,
    `  by @log, streamTag, ${f.memorySize}`,
    `| limit ${QUERY_ROW_LIMIT}`,
  ].join('\n');
}

/** One row of GetQueryResults, as field → value. */
export type QueryRow = Readonly<Record<string, string | undefined>>;

export interface ParsedRow {
  logGroup: string;
  streamTag: string | undefined;
  /** Undefined when the row cannot be read: `problem` says why, `raw` is the row. */
  stats: SizeStats | undefined;
  problem?: string;
  raw: QueryRow;
}

/**
 * Turns a result row into stats. A row without `@log` or a count cannot belong to any function:
 * the endpoint did not run the query's `stats` (moto and some LocalStack versions return raw
 * events), so it throws rather than let every function look like "no data". A row that names its
 * log group but lacks a memory size or a sum comes back with `problem`; the caller throws if it
 * belongs to a scanned function.
 */
export function parseInsightsRow(row: QueryRow, format: LogFormat): ParsedRow {
  const log = row['@log'];
  const invocations = num(row.invocations);
  if (log === undefined || invocations === null) {
    throw unreadableRow(row, log === undefined ? 'no @log field' : 'no invocations count');
  }
  const base = { logGroup: logGroupOfInsightsLog(log), streamTag: row.streamTag === undefined || row.streamTag === '' ? undefined : row.streamTag, raw: row };
  const memoryRaw = num(row[FIELDS[format].memorySize]);
  const billed = num(row.billedDurationSum);
  if (memoryRaw === null || memoryRaw <= 0) return { ...base, stats: undefined, problem: `no ${FIELDS[format].memorySize}` };
  if (billed === null) return { ...base, stats: undefined, problem: 'no billedDurationSum' };
  const unit = format === 'json' ? 1 : bytesPerMB(memoryRaw);
  const mb = (value: number | null): number | null => (value === null ? null : round1(value / unit));
  return {
    ...base,
    stats: {
      memoryMB: Math.round(memoryRaw / unit),
      invocations,
      coldStarts: num(row.coldStarts) ?? 0,
      errors: num(row.errors) ?? 0,
      timeouts: num(row.timeouts) ?? 0,
      outOfMemory: num(row.outOfMemory) ?? 0,
      durationMs: { p50: num(row.durationP50), p95: num(row.durationP95), p99: num(row.durationP99) },
      durationMsSum: num(row.durationSum),
      billedDurationMsSum: billed,
      maxMemoryUsedMB: mb(num(row.maxMemoryUsed)),
      p99MemoryUsedMB: mb(num(row.maxMemoryUsedP99)),
    },
  };
}

/**
 * Lambda Insights writes one EMF "performance" event per invocation to /aws/lambda-insights, with
 * `function_name`, `total_memory` (MB), `duration` and `cpu_total_time` (ms)
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-example-event.html).
 * Summed per function and memory size on AWS's side, like the REPORT query.
 */
export function buildCpuQuery(): string {
  return [
    'filter event_type = "performance" and ispresent(cpu_total_time)',
    '| stats count(*) as invocations,',
    '    sum(cpu_total_time) as cpuTimeSum,',
    '    sum(duration) as durationSum',
    '  by function_name, total_memory',
    `| limit ${QUERY_ROW_LIMIT}`,
  ].join('\n');
}

export interface CpuRow {
  functionName: string;
  stats: CpuStats;
}

/** A CPU row; throws with the row when a field is missing (the query guarantees every one). */
export function parseCpuRow(row: QueryRow): CpuRow {
  const functionName = row.function_name;
  const memoryMB = num(row.total_memory);
  const invocations = num(row.invocations);
  const cpuTimeMsSum = num(row.cpuTimeSum);
  const durationMsSum = num(row.durationSum);
  const missing = [
    ['function_name', functionName],
    ['total_memory', memoryMB],
    ['invocations', invocations],
    ['cpuTimeSum', cpuTimeMsSum],
    ['durationSum', durationMsSum],
  ].find(([, v]) => v === undefined || v === null);
  if (missing) throw unreadableRow(row, `no ${missing[0] as string}`, 'Lambda Insights');
  return {
    functionName: functionName as string,
    stats: {
      memoryMB: Math.round(memoryMB as number),
      invocations: invocations as number,
      cpuTimeMsSum: cpuTimeMsSum as number,
      durationMsSum: durationMsSum as number,
    },
  };
}

/** The error for result rows scan cannot read, with the first offending row as it came. */
export function unreadableRow(row: QueryRow, reason: string, what = 'Logs Insights'): AwsError {
  return new AwsError(`${what} returned a row scan cannot read (${reason}): ${JSON.stringify(row)}`, {
    awsName: 'UnreadableQueryResults',
    hint:
      "the endpoint did not run the query's stats (moto and some LocalStack versions do not): rerun with --filter-log-events to read the REPORT lines with FilterLogEvents instead; " +
      'else the log fields changed. Nothing was reported as "no data"',
  });
}

/**
 * Insights reports text-format memory as MB × 1,000,000 (observed in real results). Should it
 * ever report MiB × 1,048,576 instead, the configured size tells: it is a whole number of MB in
 * exactly one of the two units.
 */
function bytesPerMB(memorySize: number): number {
  if (memorySize % 1_000_000 === 0) return 1_000_000;
  if (memorySize % 1_048_576 === 0) return 1_048_576;
  return 1_000_000;
}

function num(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
