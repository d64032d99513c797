/**
 * What the search knows after each round, derived from the records alone with the same analysis
 * every source uses (stats → pricing → analysis), so the size the search settles on is the size
 * `replay` of the recorded run recommends. Pure.
 */
import { recommend } from '../analysis/index.js';
import { SampleSet, summarize } from '../stats/index.js';
import type { Observations } from '../tune/driver.js';
import type { PriceRow, SizeResult, Strategy } from '../types.js';
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
  /** Distinct sizes at most (each one a published version). */
  maxSizes: number;
  /** Invocations over the whole search at most. */
  maxInvocations: number;
}

export interface SizeView {
  memoryMB: number;
  records: number;
  /** Successful warm invocations (no Init or Restore Duration). */
  warm: number;
  errors: number;
  result: SizeResult;
}

export interface SearchView {
  /** Ascending by memory. */
  sizes: SizeView[];
  /** The analysis's recommendation from these records, and the sizes tied with it. */
  pick?: number;
  tiedWith: number[];
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
  }));
  const { recommendation } = recommend(results, { strategy: config.strategy, weight: config.weight, maxDurationMs: config.maxDurationMs });
  const view: SearchView = { sizes, tiedWith: recommendation?.tiedWith ?? [] };
  if (recommendation) view.pick = recommendation.memoryMB;
  return view;
}

/** Sizes that ran without an error and have an interval: what the fit uses. */
export function cleanSizes(view: SearchView): SizeView[] {
  return view.sizes.filter((s) => s.errors === 0 && s.result.durationMs !== null && s.result.sample === 'warm');
}

export function toPoint(s: SizeView): MeasuredPoint {
  const ci = s.result.ci95?.trimmedMeanMs;
  return { memoryMB: s.memoryMB, durationMs: s.result.durationMs!.trimmedMean, halfWidthMs: ci ? (ci.high - ci.low) / 2 : 0, samples: s.result.ci95?.samples ?? 0 };
}

/** The size's measured p95 as a point to fit, with the mean's relative noise (a p95's own is not known). */
export function toP95Point(s: SizeView): MeasuredPoint {
  const point = toPoint(s);
  const p95 = s.result.durationMs!.p95;
  return { ...point, durationMs: p95, halfWidthMs: point.durationMs > 0 ? (point.halfWidthMs * p95) / point.durationMs : 0 };
}

/** Measured p95 over trimmed mean, the median over the clean sizes (1 when none). */
export function p95Ratio(view: SearchView): number {
  const ratios = cleanSizes(view)
    .map((s) => s.result.durationMs!.p95 / s.result.durationMs!.trimmedMean)
    .filter(Number.isFinite)
    .toSorted((a, b) => a - b);
  if (ratios.length === 0) return 1;
  const mid = Math.floor(ratios.length / 2);
  return ratios.length % 2 ? (ratios[mid] as number) : ((ratios[mid - 1] as number) + (ratios[mid] as number)) / 2;
}
