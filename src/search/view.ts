/**
 * What the search knows after each round, derived from the records alone with the same analysis
 * every source uses (stats → pricing → analysis), so the size the search settles on is the size
 * `replay` of the recorded run recommends. Pure.
 */
import { recommend } from '../analysis/index.js';
import { SampleSet, summarize } from '../stats/index.js';
import type { Observations } from '../tune/index.js';
import type { InvocationRecord, PriceRow, SizeResult, Strategy } from '../types.js';
import type { MeasuredPoint } from './fit.js';

export interface SearchConfig {
  strategy: Strategy;
  weight: number;
  maxDurationMs?: number;
  discard: number;
  price: PriceRow;
  /** The range searched, whole MB. */
  minMB: number;
  maxMB: number;
  /**
   * Invocations of one size at once (sent with every request): each holds its own execution
   * environment, so a new size starts cold in this many.
   */
  parallel: number;
  /** Warm invocations every measured size gets at least. */
  minWarm: number;
  /** Invocations at one size at most. */
  perSizeCap: number;
  /** …except where an SLO's p95 is being confirmed (an upper bound of a p95 needs 59 warm values): 0 without an SLO. */
  sloCap: number;
  /** Distinct sizes at most (each one a published version). */
  maxSizes: number;
  /** Invocations over the whole search at most. */
  maxInvocations: number;
  /**
   * GB-seconds over the whole search at most, as a fraction of what the 7-size × 20 grid would
   * spend on the same function (estimated from the durations measured so far: budget.ts).
   */
  spend: number;
}

export interface SizeView {
  memoryMB: number;
  records: number;
  /** Successful warm invocations (no Init or Restore Duration). */
  warm: number;
  errors: number;
  result: SizeResult;
  /** The warm durations past the warm-up (the steady state), ms, in the order they were measured. */
  durations: number[];
  /** GB-seconds billed for every invocation of the size (cold, warm, failed). */
  gbSeconds: number;
}

export interface SearchView {
  /** Ascending by memory. */
  sizes: SizeView[];
  /** The analysis's recommendation from these records, and the sizes tied with it. */
  pick?: number;
  tiedWith: number[];
  /** The tie, if any, holds within 3 % at 95 % confidence (analysis/ties.ts). */
  settled: boolean;
  /** How much worse the pick may be than the best tied size (95 % upper bound), %; 0 without a tie. */
  worseByPercent: number;
  /** With an SLO: the pick's p95 is confirmed by its upper bound (analysis/slo.ts). */
  sloConfirmed?: boolean;
}

export function observe(observed: Observations, config: SearchConfig): SearchView {
  const set = new SampleSet();
  for (const records of observed.values()) for (const r of records) set.add(r);
  const results = summarize(set, { discard: config.discard, price: config.price, per: 1 });
  const sizes = results.map((result) => ({
    memoryMB: result.memoryMB,
    records: result.invocations,
    // The interval is over exactly the successful warm invocations (a single one has none).
    warm: result.sample === 'warm' ? (result.ci95?.samples ?? 1) : 0,
    errors: result.errors,
    result,
    // The steady state: past the environments' warm-up, as the analysis (stats/summarize.ts) splits it.
    durations: (observed.get(result.memoryMB) ?? [])
      .filter(isWarmSuccess)
      .map((r) => r.durationMs)
      .slice(result.warmUp?.count ?? 0),
    gbSeconds: (observed.get(result.memoryMB) ?? []).reduce((sum, r) => sum + (r.billedDurationMs * result.memoryMB) / 1024 / 1000, 0),
  }));
  const { recommendation } = recommend(results, { strategy: config.strategy, weight: config.weight, maxDurationMs: config.maxDurationMs });
  const view: SearchView = {
    sizes,
    tiedWith: recommendation?.tiedWith ?? [],
    settled: recommendation?.settled ?? true,
    worseByPercent: recommendation?.worseByPercent ?? 0,
  };
  if (recommendation) view.pick = recommendation.memoryMB;
  if (recommendation?.sloConfirmed !== undefined) view.sloConfirmed = recommendation.sloConfirmed;
  return view;
}

function isWarmSuccess(r: InvocationRecord): boolean {
  return r.status === 'success' && r.initDurationMs === undefined && r.restoreDurationMs === undefined;
}

/** Sizes that ran without an error and have an interval: what the fit uses. */
export function cleanSizes(view: SearchView): SizeView[] {
  return view.sizes.filter((s) => s.errors === 0 && s.result.durationMs !== null && s.result.sample === 'warm');
}

export function toPoint(s: SizeView): MeasuredPoint {
  const ci = s.result.ci95?.trimmedMeanMs;
  const point: MeasuredPoint = {
    memoryMB: s.memoryMB,
    durationMs: s.result.durationMs!.trimmedMean,
    halfWidthMs: ci ? (ci.high - ci.low) / 2 : 0,
    samples: s.result.ci95?.samples ?? 0,
  };
  const sd = standardDeviation(s.durations);
  if (sd !== undefined) point.sdMs = sd;
  return point;
}

/** Sample standard deviation; undefined below two values. */
export function standardDeviation(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

/** Sample skewness (adjusted Fisher–Pearson G1); 0 below three values or without spread. */
export function skewness(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const m2 = values.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  const m3 = values.reduce((a, v) => a + (v - mean) ** 3, 0) / n;
  if (!(m2 > 0)) return 0;
  return ((m3 / m2 ** 1.5) * Math.sqrt(n * (n - 1))) / (n - 2);
}

/**
 * The p95 over the trimmed mean, from every clean size's warm durations pooled as ratios to their
 * size's trimmed mean (1 when none): the spread is relative, so pooling gives one p95 from 15–30 values instead
 * of one per size from 5, each of which errs low (a p95 of five is close to their maximum).
 */
export function p95Ratio(view: SearchView): number {
  const ratios = relativeDurations(view);
  if (ratios.length === 0) return 1;
  const sorted = ratios.toSorted((a, b) => a - b);
  const h = (sorted.length - 1) * 0.95;
  const low = sorted[Math.floor(h)] as number;
  const high = sorted[Math.ceil(h)] as number;
  return low + (h - Math.floor(h)) * (high - low);
}

/**
 * Every clean size's warm durations over that size's trimmed mean — the figure the model is fitted
 * to, so a ratio times the fitted curve is a duration — pooled: the shape of the noise. (Over the
 * mean instead, a slow kind of request would count twice: in the ratio and, through the mean, in
 * the curve it multiplies.)
 */
export function relativeDurations(view: SearchView): number[] {
  return cleanSizes(view).flatMap((s) => {
    const centre = s.result.durationMs!.trimmedMean;
    return centre > 0 ? s.durations.map((d) => d / centre) : [];
  });
}

/** The warm durations' SD relative to their mean, pooled over the sizes by degrees of freedom. */
export function pooledRelativeSd(sizes: readonly SizeView[]): number {
  let df = 0;
  let sum = 0;
  for (const s of sizes) {
    const sd = standardDeviation(s.durations);
    const mean = s.durations.reduce((a, b) => a + b, 0) / Math.max(1, s.durations.length);
    if (sd === undefined || !(mean > 0)) continue;
    df += s.durations.length - 1;
    sum += (s.durations.length - 1) * (sd / mean) ** 2;
  }
  return df > 0 ? Math.sqrt(sum / df) : 0;
}
