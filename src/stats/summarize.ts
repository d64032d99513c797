/** Turns a SampleSet into one SizeResult per memory size. */
import { invocationCost } from '../pricing/index.js';
import type { Distribution, PriceRow, SizeResult } from '../types.js';
import { meanInterval, p95UpperBound, trimmedMeanInterval } from './interval.js';
import type { SampleSet, SizeSamples } from './sample-set.js';
import { Series } from './series.js';
import { warmUpCount } from './warmup.js';

export interface SummarizeOptions {
  /** Fraction discarded at each end for the trimmed mean (0..0.4). */
  discard: number;
  price: PriceRow;
  /** Number of invocations `costUSD.perUnit` is for. */
  per: number;
}

/** One SizeResult per memory size in `set`, ascending by memory. */
export function summarize(set: SampleSet, opts: SummarizeOptions): SizeResult[] {
  return set.memorySizes().flatMap((memoryMB) => {
    const samples = set.samples(memoryMB);
    return samples ? [summarizeSize(samples, opts)] : [];
  });
}

function summarizeSize(s: SizeSamples, opts: SummarizeOptions): SizeResult {
  // Warm invocations show the steady state a size settles into; cold ones are reported apart.
  // Only when there is no warm one do cold ones stand in, so a size is never left without figures.
  const sample = s.series.warmDuration.length > 0 ? 'warm' : 'all';
  const warmUp = sample === 'warm' ? splitWarmUp(s.series.warmDuration, s.series.warmBilled, opts.discard) : undefined;
  const durations = warmUp?.durations ?? (sample === 'warm' ? s.series.warmDuration : s.series.coldDuration);
  const billed = warmUp?.billed ?? (sample === 'warm' ? s.series.warmBilled : s.series.coldBilled);
  const durationMs = maybeDistribution(durations, opts.discard);
  const billedDurationMs = maybeDistribution(billed, opts.discard);
  const ci95 = intervals(s.memoryMB, durations, billed, opts);
  return {
    memoryMB: s.memoryMB,
    invocations: s.invocations,
    errors: s.errors,
    errorsByType: { ...s.errorsByType },
    coldStarts: s.coldStarts,
    sample,
    durationMs,
    billedDurationMs,
    cold: coldSummary(s, opts.discard),
    maxMemoryUsedMB: s.maxMemoryUsedMB,
    costUSD: billedDurationMs ? costOf(s.memoryMB, billedDurationMs.mean, opts) : null,
    ...(ci95 ? { ci95 } : {}),
    ...(warmUp ? { warmUp: warmUp.summary } : {}),
  };
}

/**
 * The environments' warm-up split off the warm series (stats/warmup.ts), reported apart like cold
 * starts; undefined when there is none, or the series is too long to keep in order (a log).
 */
function splitWarmUp(
  durations: Series,
  billed: Series,
  discard: number,
): { durations: Series; billed: Series; summary: NonNullable<SizeResult['warmUp']> } | undefined {
  if (!durations.exact || !billed.exact) return undefined;
  const values = durations.values();
  const count = warmUpCount(values);
  if (count === 0) return undefined;
  const tail = (series: Series, from: number): Series => {
    const out = new Series();
    const all = series.values();
    for (let i = from; i < all.length; i += 1) out.push(all[i] as number);
    return out;
  };
  const head = new Series();
  for (let i = 0; i < count; i += 1) head.push(values[i] as number);
  return { durations: tail(durations, count), billed: tail(billed, count), summary: { count, durationMs: head.distribution(discard) } };
}

/** A series past its exact limit (a very long log) keeps no values to spread, and needs no interval. */
function intervals(memoryMB: number, durations: Series, billed: Series, opts: SummarizeOptions): SizeResult['ci95'] {
  if (!durations.exact || !billed.exact) return undefined;
  const speed = trimmedMeanInterval(durations.values(), opts.discard);
  const billedMean = meanInterval(billed.values());
  if (!speed || !billedMean) return undefined;
  // Cost is linear in the mean billed duration, so its interval maps end to end.
  const cost = (ms: number): number => invocationCost(memoryMB, Math.max(0, ms), opts.price);
  const ci95: NonNullable<SizeResult['ci95']> = {
    samples: durations.length,
    trimmedMeanMs: speed,
    costPerInvocationUSD: { low: cost(billedMean.low), high: cost(billedMean.high) },
  };
  const p95UpperMs = p95UpperBound(durations.values());
  if (p95UpperMs !== undefined) ci95.p95UpperMs = p95UpperMs;
  return ci95;
}

function coldSummary(s: SizeSamples, discard: number): SizeResult['cold'] {
  if (s.coldStarts === 0) return null;
  return {
    count: s.coldStarts,
    initDurationMs: maybeDistribution(s.series.coldStartup, discard),
    totalDurationMs: maybeDistribution(s.series.coldTotal, discard),
  };
}

function costOf(memoryMB: number, meanBilledMs: number, opts: SummarizeOptions): SizeResult['costUSD'] {
  // The mean (not trimmed) billed duration: AWS bills every invocation, outliers included.
  const perInvocation = invocationCost(memoryMB, meanBilledMs, opts.price);
  return { perInvocation, perUnit: perInvocation * opts.per };
}

function maybeDistribution(series: Series, discard: number): Distribution | null {
  return series.length > 0 ? series.distribution(discard) : null;
}
