/** How sure the search is of its answer: the recommended size's intervals, contenders and bracket. Pure. */
import { meanInterval } from '../stats/index.js';
import type { SearchAnswer } from '../types.js';
import type { Bounds } from './budget.js';
import { cleanSizes, type SearchView } from './view.js';

export function answerOf(view: SearchView, bounds: Bounds): SearchAnswer | undefined {
  const clean = cleanSizes(view);
  const pick = clean.find((s) => s.memoryMB === view.pick);
  const cost = pick?.result.ci95?.costPerInvocationUSD;
  const duration = pick ? meanInterval(pick.durations) : undefined;
  if (!pick || !cost || !duration) return undefined;
  const mean = pick.durations.reduce((a, b) => a + b, 0) / pick.durations.length;
  // Any measured size brackets, a failing one too: it is where the working sizes end.
  const below = view.sizes.filter((s) => s.memoryMB < pick.memoryMB).at(-1)?.memoryMB;
  const above = view.sizes.find((s) => s.memoryMB > pick.memoryMB)?.memoryMB;
  const answer: SearchAnswer = {
    memoryMB: pick.memoryMB,
    samples: pick.durations.length,
    meanDurationMs: { mean, ...duration },
    costUSD: { mean: pick.result.costUSD!.perInvocation, ...cost },
    contenders: [...view.tiedWith],
    bracket: { belowMB: pick.memoryMB <= bounds.minMB ? null : (below ?? null), aboveMB: pick.memoryMB >= bounds.maxMB ? null : (above ?? null) },
  };
  const upper = pick.result.ci95?.p95UpperMs;
  if (upper !== undefined) answer.p95UpperMs = upper;
  return answer;
}
