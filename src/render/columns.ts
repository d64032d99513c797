/** The per-size columns the table and the Markdown output share (same headers, same cell text). */
import type { Interval, Report } from '../types.js';
import { formatCount, formatMB, formatMs, formatPer, formatPercent, formatRatio, formatUsd } from '../format.js';
import type { Metric, SizeRow } from './model.js';

export type ColumnKey =
  | 'architecture'
  | 'memory'
  | 'invocations'
  | 'coldStarts'
  | 'mean'
  | 'meanCi'
  | 'p95'
  | 'billed'
  | 'costPerInvocation'
  | 'costCi'
  | 'costPerUnit'
  | 'vsCheapest'
  | 'vsFastest'
  | 'maxUsed';

export interface Column {
  key: ColumnKey;
  /** Two header lines: the table stacks them, Markdown joins them with a space. */
  header: readonly [string, string];
  /** The metric whose best/worst rows this column colours, if any. */
  metric?: Metric;
  text(row: SizeRow): string;
}

/**
 * What a narrow terminal gives up first, so a row never wraps: the figures that are context
 * (peak memory, billed duration, cold starts, the per-invocation price beside the per-`--per`
 * one, the invocation count; the cost's interval before the price it belongs to, the mean's last)
 * go, one at a time in this order, until the table fits. Memory, mean, p95, cost and the two
 * comparisons always stay: they are the answer.
 */
/** Columns a size without any successful invocation cannot fill; one spanning cell explains why. */
const FAILED_SPAN: readonly ColumnKey[] = ['mean', 'meanCi', 'p95', 'billed', 'costPerInvocation', 'costCi', 'costPerUnit', 'vsCheapest', 'vsFastest'];

/**
 * The failed-size cell of a table with `cols`: where it starts, how many columns it spans, and
 * whether a column is one it covers (the renderers emit the cell at `first` and skip the others).
 */
export function failedSpan(cols: readonly Column[]): { first: ColumnKey | undefined; count: number; covers(key: ColumnKey): boolean } {
  const present = FAILED_SPAN.filter((key) => cols.some((col) => col.key === key));
  return { first: present[0], count: present.length, covers: (key) => FAILED_SPAN.includes(key) };
}

export const NARROW_DROP_ORDER: readonly ColumnKey[] = ['maxUsed', 'billed', 'coldStarts', 'costCi', 'costPerInvocation', 'invocations', 'meanCi'];

/** Shown for a figure that does not exist (no successful invocation), never a blank. */
export const MISSING = '—';

function orMissing(value: number | null, format: (value: number) => string): string {
  return value === null ? MISSING : format(value);
}

/** "20" or, when some failed, "20 (3 err)". */
export function invocationsText(row: SizeRow): { count: string; errors: string } {
  const { invocations, errors } = row.result;
  return { count: formatCount(invocations), errors: errors > 0 ? `(${formatCount(errors)} err)` : '' };
}

export function vsCheapestText(row: SizeRow): string {
  return orMissing(row.vsCheapestPercent, (p) => (p === 0 ? 'cheapest' : formatPercent(p, { signed: true })));
}

export function vsFastestText(row: SizeRow): string {
  return orMissing(row.vsFastestRatio, (r) => (r === 1 ? 'fastest' : `${formatRatio(r)} slower`));
}

/** "±2.1 %": the half-width of a 95 % interval relative to its centre. */
function halfWidthText(interval: Interval | undefined): string {
  if (!interval) return MISSING;
  const centre = (interval.low + interval.high) / 2;
  return centre > 0 ? `±${formatPercent(((interval.high - interval.low) / 2 / centre) * 100)}` : MISSING;
}

/** The interval columns appear only when some size has intervals, so older reports render as before. */
export function columns(report: Report): Column[] {
  const intervals = report.results.some((r) => r.ci95 !== undefined);
  return allColumns(report).filter((col) => intervals || (col.key !== 'meanCi' && col.key !== 'costCi'));
}

function allColumns(report: Report): Column[] {
  // `tune --copy --arch a,b`: one row per architecture and size.
  const architecture: Column[] =
    (report.architectures?.length ?? 0) > 1 ? [{ key: 'architecture', header: ['', 'Arch'], text: (row) => row.result.architecture ?? '' }] : [];
  return [
    ...architecture,
    { key: 'memory', header: ['Memory', 'MB'], text: (row) => formatMB(row.result.memoryMB) },
    {
      key: 'invocations',
      header: ['', 'Invocations'],
      text: (row) => {
        const { count, errors } = invocationsText(row);
        return errors ? `${count} ${errors}` : count;
      },
    },
    { key: 'coldStarts', header: ['Cold', 'starts'], text: (row) => formatCount(row.result.coldStarts) },
    { key: 'mean', header: meanHeader(report.discard), metric: 'meanMs', text: (row) => orMissing(row.meanMs, formatMs) },
    { key: 'meanCi', header: ['95 %', 'CI'], text: (row) => halfWidthText(row.result.ci95?.trimmedMeanMs) },
    { key: 'p95', header: ['p95', 'ms'], metric: 'p95Ms', text: (row) => orMissing(row.p95Ms, formatMs) },
    { key: 'billed', header: ['Billed', 'ms'], metric: 'billedMs', text: (row) => orMissing(row.billedMs, formatMs) },
    {
      key: 'costPerInvocation',
      header: ['$ per', 'invocation'],
      metric: 'costPerInvocation',
      text: (row) => orMissing(row.costPerInvocation, formatUsd),
    },
    { key: 'costCi', header: ['95 %', 'CI'], text: (row) => halfWidthText(row.result.ci95?.costPerInvocationUSD) },
    {
      key: 'costPerUnit',
      header: ['$ per', formatPer(report.pricing.per)],
      metric: 'costPerUnit',
      text: (row) => orMissing(row.costPerUnit, formatUsd),
    },
    { key: 'vsCheapest', header: ['vs', 'cheapest'], metric: 'costPerInvocation', text: vsCheapestText },
    { key: 'vsFastest', header: ['vs', 'fastest'], metric: 'meanMs', text: vsFastestText },
    { key: 'maxUsed', header: ['Max used', 'MB'], text: (row) => formatMB(row.result.maxMemoryUsedMB) },
  ];
}

/**
 * The trimmed mean's header, in two lines, named so: "Mean" means the plain mean in every output
 * (CSV duration_mean_ms, JSON durationMs.mean). Without trimming the two are the same number.
 */
export function meanHeader(discard: number): [string, string] {
  return discard > 0 ? ['Trimmed', 'mean ms'] : ['Mean', 'ms'];
}
