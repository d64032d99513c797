/**
 * The Logs Insights query `scan` runs, and how its result rows become `SizeStats`.
 *
 * One query covers up to 50 log groups (the StartQuery limit) of one log format and returns one
 * row per (log group, stream tag, memory size): the aggregation happens on AWS's side, so scanning
 * a fleet moves kilobytes. Grouping by memory size keeps records from before and after a memory
 * change apart; grouping by stream tag separates the functions of a shared log group
 * (see attribution.ts).
 */
import type { LogFormat } from '../types.js';
import { logGroupOfInsightsLog, STREAM_TAG_PATTERN } from './attribution.js';
import type { SizeStats } from './types.js';

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
  stats: SizeStats;
}

/** Turns a result row into stats; undefined for a row without a usable memory size. */
export function parseInsightsRow(row: QueryRow, format: LogFormat): ParsedRow | undefined {
  const log = row['@log'];
  const memoryRaw = num(row[FIELDS[format].memorySize]);
  if (log === undefined || memoryRaw === null || memoryRaw <= 0) return undefined;
  const unit = format === 'json' ? 1 : bytesPerMB(memoryRaw);
  const mb = (value: number | null): number | null => (value === null ? null : round1(value / unit));
  return {
    logGroup: logGroupOfInsightsLog(log),
    streamTag: row.streamTag === undefined || row.streamTag === '' ? undefined : row.streamTag,
    stats: {
      memoryMB: Math.round(memoryRaw / unit),
      invocations: num(row.invocations) ?? 0,
      coldStarts: num(row.coldStarts) ?? 0,
      errors: num(row.errors) ?? 0,
      timeouts: num(row.timeouts) ?? 0,
      outOfMemory: num(row.outOfMemory) ?? 0,
      durationMs: { p50: num(row.durationP50), p95: num(row.durationP95), p99: num(row.durationP99) },
      billedDurationMsSum: num(row.billedDurationSum) ?? 0,
      maxMemoryUsedMB: mb(num(row.maxMemoryUsed)),
      p99MemoryUsedMB: mb(num(row.maxMemoryUsedP99)),
    },
  };
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
