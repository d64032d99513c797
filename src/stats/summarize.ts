/** Turns a SampleSet into one SizeResult per memory size. */
import { invocationCost } from '../pricing/index.js';
import type { Distribution, PriceRow, SizeResult } from '../types.js';
import { distribution } from './distribution.js';
import { meanInterval, trimmedMeanInterval } from './interval.js';
import type { SampleSet, SizeSamples } from './sample-set.js';

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
  const sample = s.warm.durationMs.length > 0 ? 'warm' : 'all';
  const durations = sample === 'warm' ? s.warm.durationMs : s.cold.durationMs;
  const billed = sample === 'warm' ? s.warm.billedDurationMs : s.cold.billedDurationMs;
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
  };
}

function intervals(memoryMB: number, durations: ArrayLike<number>, billed: ArrayLike<number>, opts: SummarizeOptions): SizeResult['ci95'] {
  const speed = trimmedMeanInterval(durations, opts.discard);
  const billedMean = meanInterval(billed);
  if (!speed || !billedMean) return undefined;
  // Cost is linear in the mean billed duration, so its interval maps end to end.
  const cost = (ms: number): number => invocationCost(memoryMB, Math.max(0, ms), opts.price);
  return { samples: durations.length, trimmedMeanMs: speed, costPerInvocationUSD: { low: cost(billedMean.low), high: cost(billedMean.high) } };
}

function coldSummary(s: SizeSamples, discard: number): SizeResult['cold'] {
  if (s.coldStarts === 0) return null;
  const { durationMs, startupMs } = s.cold;
  // What a caller waits for on a cold start: the init (or restore) phase, then the handler.
  const total = durationMs.map((d, i) => d + (startupMs[i] as number));
  return {
    count: s.coldStarts,
    initDurationMs: maybeDistribution(startupMs, discard),
    totalDurationMs: maybeDistribution(total, discard),
  };
}

function costOf(memoryMB: number, meanBilledMs: number, opts: SummarizeOptions): SizeResult['costUSD'] {
  // The mean (not trimmed) billed duration: AWS bills every invocation, outliers included.
  const perInvocation = invocationCost(memoryMB, meanBilledMs, opts.price);
  return { perInvocation, perUnit: perInvocation * opts.per };
}

function maybeDistribution(values: ArrayLike<number>, discard: number): Distribution | null {
  return values.length > 0 ? distribution(values, discard) : null;
}
