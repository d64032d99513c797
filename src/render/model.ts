/** The figures each output shows per memory size, derived once from a Report so all formats agree. */
import type { Report, SizeResult } from '../types.js';

/** Columns where a lower value is better, and which therefore get best/worst colours. */
export type Metric = 'meanMs' | 'p95Ms' | 'billedMs' | 'costPerInvocation' | 'costPerUnit';

export interface SizeRow {
  result: SizeResult;
  recommended: boolean;
  /** Failed invocations as a fraction of all invocations (0 when there were none). */
  errorRate: number;
  /** Trimmed mean: the speed figure the recommendation uses. */
  meanMs: number | null;
  p95Ms: number | null;
  billedMs: number | null;
  costPerInvocation: number | null;
  costPerUnit: number | null;
  /** Percent more than the cheapest size per invocation; 0 for the cheapest. */
  vsCheapestPercent: number | null;
  /** Trimmed mean over the fastest size's; 1 for the fastest. */
  vsFastestRatio: number | null;
}

export type Rank = 'best' | 'worst';

/** Relative tolerance for "the same value": float noise must not split a tie. */
const TIE_TOLERANCE = 1e-9;

export function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= TIE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function minOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.min(...present);
}

export function buildRows(report: Report): SizeRow[] {
  const rec = report.recommendation;
  // With two architectures (tune --copy --arch) a size appears once per architecture.
  const isRecommended = (r: SizeResult): boolean =>
    r.memoryMB === rec?.memoryMB && (rec.architecture === undefined || r.architecture === undefined || r.architecture === rec.architecture);
  const base = report.results.map((result) => ({
    result,
    recommended: isRecommended(result),
    errorRate: result.invocations > 0 ? result.errors / result.invocations : 0,
    meanMs: result.durationMs?.trimmedMean ?? null,
    p95Ms: result.durationMs?.p95 ?? null,
    billedMs: result.billedDurationMs?.mean ?? null,
    costPerInvocation: result.costUSD?.perInvocation ?? null,
    costPerUnit: result.costUSD?.perUnit ?? null,
  }));
  const cheapest = minOf(base.map((row) => row.costPerInvocation));
  const fastest = minOf(base.map((row) => row.meanMs));
  return base.map((row) => ({
    ...row,
    vsCheapestPercent: compare(row.costPerInvocation, cheapest, (v, min) => (v / min - 1) * 100, 0),
    vsFastestRatio: compare(row.meanMs, fastest, (v, min) => v / min, 1),
  }));
}

function compare(value: number | null, min: number | null, relate: (value: number, min: number) => number, atMin: number): number | null {
  if (value === null || min === null) return null;
  if (isClose(value, min)) return atMin;
  // A zero minimum (e.g. a free price override) has no meaningful ratio.
  return min === 0 ? null : relate(value, min);
}

/**
 * Which rows hold the best (lowest) and worst (highest) value of a metric. Empty when fewer than two
 * rows have a value or all values are equal: colouring a lone or uniform column would say nothing.
 */
export function rankMetric(rows: readonly SizeRow[], metric: Metric): Map<number, Rank> {
  const ranks = new Map<number, Rank>();
  const values = rows.map((row) => row[metric]);
  const present = values.filter((v): v is number => v !== null);
  if (present.length < 2) return ranks;
  const low = Math.min(...present);
  const high = Math.max(...present);
  if (isClose(low, high)) return ranks;
  values.forEach((value, index) => {
    if (value === null) return;
    if (isClose(value, low)) ranks.set(index, 'best');
    else if (isClose(value, high)) ranks.set(index, 'worst');
  });
  return ranks;
}
