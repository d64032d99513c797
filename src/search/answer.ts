/** How sure the search is of its answer: the recommended size's intervals, contenders and bracket. Pure. */
import { meanInterval, t975 } from '../stats/index.js';
import type { Interval, SearchAnswer } from '../types.js';
import type { Bounds } from './budget.js';
import { cleanSizes, pooledRelativeSd, type SearchView } from './view.js';

/**
 * The answer's intervals of the mean duration and cost are the t-intervals of its own values,
 * widened to the spread pooled over every size measured (relative SD, by degrees of freedom) where
 * that is wider: a rare slow invocation (a tail, a slow kind of request) that the answer's own
 * values happen to miss was seen at the other sizes, and an interval blind to it would not cover
 * the true mean.
 */
export function answerOf(view: SearchView, bounds: Bounds): SearchAnswer | undefined {
  const clean = cleanSizes(view);
  const pick = clean.find((s) => s.memoryMB === view.pick);
  const ownCost = pick?.result.ci95?.costPerInvocationUSD;
  const ownDuration = pick ? meanInterval(pick.durations) : undefined;
  if (!pick || !ownCost || !ownDuration) return undefined;
  const n = pick.durations.length;
  const mean = pick.durations.reduce((a, b) => a + b, 0) / n;
  const cost = pick.result.costUSD!.perInvocation;
  const relative = (t975(n - 1) * pooledRelativeSd(clean)) / Math.sqrt(n);
  const widen = (own: Interval, centre: number): Interval => ({
    low: Math.min(own.low, centre * (1 - relative)),
    high: Math.max(own.high, centre * (1 + relative)),
  });
  // Any measured size brackets, a failing one too: it is where the working sizes end.
  const below = view.sizes.filter((s) => s.memoryMB < pick.memoryMB).at(-1)?.memoryMB;
  const above = view.sizes.find((s) => s.memoryMB > pick.memoryMB)?.memoryMB;
  const answer: SearchAnswer = {
    memoryMB: pick.memoryMB,
    samples: n,
    meanDurationMs: { mean, ...widen(ownDuration, mean) },
    costUSD: { mean: cost, ...widen(ownCost, cost) },
    contenders: [...view.tiedWith],
    bracket: { belowMB: pick.memoryMB <= bounds.minMB ? null : (below ?? null), aboveMB: pick.memoryMB >= bounds.maxMB ? null : (above ?? null) },
  };
  const upper = pick.result.ci95?.p95UpperMs;
  if (upper !== undefined) answer.p95UpperMs = upper;
  return answer;
}
