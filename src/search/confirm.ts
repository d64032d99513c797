/**
 * Step 5 of the search: what must hold of the pick before the search stops, each settled by
 * measuring — or named, when the caps stop it first. Pure.
 *   - SLO: the upper 95 % bound of the pick's p95 within it (59 warm values); when the bound breaks
 *     it, a larger size is confirmed instead.
 *   - Ties: the pick within 3 % of every size it cannot be told apart from, at 95 % confidence
 *     (analysis/ties.ts): the contenders are measured more, sizes out of the running are not.
 *   - The mean: a skewed sample (a heavy tail, two kinds of request) needs more values before a
 *     t-interval of its mean — the cost's — covers: Cochran's rule, n > 25·G1² (G1 the skewness).
 */
import { formatPercent } from '../format.js';
import { P95_BOUND_MIN_SAMPLES } from '../stats/index.js';
import type { Bounds, Budget, Request } from './budget.js';
import { sloHedge } from './slo-hedge.js';
import { cleanSizes, p95Ratio, relativeDurations, skewness, type SearchConfig, type SearchView, type SizeView } from './view.js';

export type ConfirmOutcome =
  | { kind: 'measure'; sizes: Request[]; note: string }
  | {
      kind: 'done';
      /** What could not be confirmed within the caps, in words. */
      unresolved: string[];
      /** What was confirmed, in words. */
      held: string[];
    };

/**
 * Warm values a size gets before its 59: a p95 of five values is nearly their maximum and errs low,
 * so a size that passes on five often fails on 59; twenty tell most of those apart for a third of
 * the price.
 */
export const SCREEN_WARM = 20;

/** A measured size this much above the pick, at most, is confirmed in its place. */
const NEARBY = 0.15;

/** A size confirmed in place of one that meets the SLO too narrowly is at least this much larger (just past NEAR, so it is a new size). */
const MIN_STEP = 0.025;

/** …and at most this much: a p95 far over the SLO is often a tail's few values, which memory does not shorten in proportion. */
const MAX_STEP = 0.5;

/** Cochran's rule for the mean of a skewed sample: n > 25·G1². */
export const COCHRAN = 25;

export function confirmStep(
  view: SearchView,
  config: SearchConfig,
  budget: Budget,
  bounds: Bounds,
  predictedP95?: (memoryMB: number) => number,
): ConfirmOutcome {
  const clean = cleanSizes(view);
  const pick = clean.find((s) => s.memoryMB === view.pick);
  const measure = (sizes: Request[], note: string): ConfirmOutcome => ({ kind: 'measure', sizes, note });
  const slo = config.maxDurationMs;
  if (!pick) {
    // Nothing meets the SLO on its measured p95. Five values can mislead (a tail event, a warm-up
    // not yet over): the fastest size is screened with more before looking further up.
    const fastest = clean.toSorted((a, b) => a.result.durationMs!.p95 - b.result.durationMs!.p95).at(0);
    const screen = slo !== undefined && fastest && fastest.warm < SCREEN_WARM ? budget.upTo([fastest.memoryMB], SCREEN_WARM, true) : [];
    if (screen.length > 0)
      return measure(screen, `no measured size meets p95 ≤ ${slo} ms yet: screening the fastest, ${sizesText(screen)}, with ${SCREEN_WARM} warm invocations`);
    // Every size measured to its bound broke the SLO, and nothing else qualifies: one size up.
    const next = slo === undefined ? undefined : nextAfterBroken(clean, slo, bounds);
    const asks = next ? budget.newSizes([next.memoryMB], () => SCREEN_WARM) : [];
    if (next && asks.length > 0)
      return measure(
        asks,
        `no measured size has p95 ≤ ${slo} ms confirmed (${next.from} MB's upper bound is ${Math.round(next.upper)} ms): confirming ${sizesText(asks)}`,
      );
    return { kind: 'done', unresolved: [], held: [] };
  }
  const unresolved: string[] = [];
  const held: string[] = [];

  if (slo !== undefined && view.sloConfirmed) {
    held.push(`p95 ≤ ${slo} ms confirmed (upper 95 % bound ${Math.round(pick.result.ci95!.p95UpperMs!)} ms over ${pick.warm} warm invocations)`);
  } else if (slo !== undefined) {
    // The size to confirm: the pick, unless its p95 (measured, or on a trusted curve) meets the SLO
    // with less than the hedge (slo-hedge.ts) to spare and a larger measured size meets it with that room — a
    // bound from 59 values lies above the p95, so a narrow pass would fail and cost a second size.
    // A size's p95 is judged three ways, the least favourable counting: measured, on a trusted
    // curve, and as its mean × the p95 ratio pooled over every size (steadier than five values).
    const ratio = p95Ratio(view);
    const p95Of = (s: SizeView): number =>
      predictedP95 && s.warm < P95_BOUND_MIN_SAMPLES ? predictedP95(s.memoryMB) : Math.max(s.result.durationMs!.p95, s.result.durationMs!.trimmedMean * ratio);
    const aim = slo / (1 + sloHedge(view));
    const room = (s: SizeView): boolean => p95Of(s) <= aim;
    const passing = clean.filter((s) => s.memoryMB >= pick.memoryMB && s.result.durationMs!.p95 <= slo && s.warm < P95_BOUND_MIN_SAMPLES);
    // A larger measured size stands in only when near: far above, a new size just past the excess costs less.
    const roomy = room(pick) ? pick : passing.find((s) => room(s) && s.memoryMB <= pick.memoryMB * (1 + NEARBY));
    // Judged too narrow on five values (a trimmed mean ±2 %): screen the pick itself before paying for a larger size.
    if (!roomy && pick.warm < SCREEN_WARM && !predictedP95) {
      const asks = budget.upTo([pick.memoryMB], SCREEN_WARM, true);
      if (asks.length > 0)
        return measure(
          asks,
          `screening ${pick.memoryMB} MB for p95 ≤ ${slo} ms with ${SCREEN_WARM} warm invocations: on ${pick.warm} it meets the SLO too narrowly to tell`,
        );
    }
    if (!roomy) {
      // Nothing measured meets the SLO with room: a size that should, before any is screened.
      const excess = p95Of(pick) / aim - 1;
      const memoryMB = Math.round(Math.min(bounds.maxMB, pick.memoryMB * (1 + Math.min(MAX_STEP, Math.max(MIN_STEP, 1.5 * excess)))));
      const asks = memoryMB > pick.memoryMB ? budget.newSizes([memoryMB], () => SCREEN_WARM) : [];
      if (asks.length > 0)
        return measure(
          asks,
          `${pick.memoryMB} MB meets p95 ≤ ${slo} ms too narrowly to confirm (about ${Math.round(p95Of(pick))} ms): screening ${sizesText(asks)}`,
        );
    }
    const target = roomy ?? pick;
    if (target.warm < SCREEN_WARM) {
      const asks = budget.upTo([target.memoryMB], SCREEN_WARM, true);
      if (asks.length > 0)
        return measure(
          asks,
          `screening ${target.memoryMB} MB for p95 ≤ ${slo} ms with ${SCREEN_WARM} warm invocations before confirming it with ${P95_BOUND_MIN_SAMPLES}`,
        );
    }
    if (target.warm < P95_BOUND_MIN_SAMPLES) {
      const asks = budget.upTo([target.memoryMB], P95_BOUND_MIN_SAMPLES, true);
      if (asks.length > 0)
        return measure(
          asks,
          `confirming p95 ≤ ${slo} ms at ${target.memoryMB} MB: an upper 95 % bound of a p95 needs ${P95_BOUND_MIN_SAMPLES} warm invocations`,
        );
      unresolved.push(
        `p95 ≤ ${slo} ms is not confirmed at ${pick.memoryMB} MB (${pick.warm} warm invocations; ${P95_BOUND_MIN_SAMPLES} are needed for a bound)`,
      );
    } else {
      const upper = upperOf(pick);
      const larger = passing.at(0);
      const next = nextAfterBroken([pick], slo, bounds);
      const asks = larger
        ? budget.upTo([larger.memoryMB], P95_BOUND_MIN_SAMPLES, true)
        : next
          ? budget.newSizes([next.memoryMB], () => P95_BOUND_MIN_SAMPLES)
          : [];
      if (asks.length > 0)
        return measure(asks, `p95 ≤ ${slo} ms is not confirmed at ${pick.memoryMB} MB (upper bound ${Math.round(upper)} ms): confirming ${sizesText(asks)}`);
      unresolved.push(`p95 ≤ ${slo} ms is not confirmed at ${pick.memoryMB} MB (the upper 95 % bound of its p95 is ${Math.round(upper)} ms)`);
    }
  }

  if (view.tiedWith.length > 0) {
    const tied = view.tiedWith.map((mb) => `${mb} MB`).join(', ');
    if (view.settled) held.push(`within 3 % of ${tied} at 95 % confidence`);
    else {
      const asks = budget.more([pick.memoryMB, ...view.tiedWith].toSorted((a, b) => a - b));
      if (asks.length > 0)
        return measure(
          asks,
          `sampling ${asks.map((a) => `${a.memoryMB} MB`).join(', ')}: ${pick.memoryMB} MB may still be up to ${formatPercent(view.worseByPercent)} worse than ${tied}`,
        );
      unresolved.push(`${pick.memoryMB} MB may be up to ${formatPercent(view.worseByPercent)} worse than ${tied} (95 % confidence; 3 % was the aim)`);
    }
  }

  const skewed = meanNeeds(pick, view);
  if (skewed !== undefined && pick.warm < skewed.needed) {
    const asks = budget.upTo([pick.memoryMB], skewed.needed);
    if (asks.length > 0)
      return measure(asks, `the durations at ${pick.memoryMB} MB are skewed (G1 ${skewed.g1.toFixed(1)}): measuring ${skewed.needed} for the mean's interval`);
    unresolved.push(
      `the durations at ${pick.memoryMB} MB are skewed (G1 ${skewed.g1.toFixed(1)}), and ${pick.warm} values are fewer than the ${skewed.needed} a covering interval of the mean (and the cost) needs`,
    );
  }
  return { kind: 'done', unresolved, held };
}

function sizesText(asks: readonly Request[]): string {
  return asks.map((a) => `${a.memoryMB} MB`).join(', ');
}

function upperOf(s: SizeView): number {
  return s.result.ci95?.p95UpperMs ?? s.result.durationMs!.p95;
}

/**
 * Above the largest size whose p95 bound broke the SLO: further by 1.5 × the relative excess of
 * its bound (durations fall less than in proportion to memory), at least 5 %, at most MAX_STEP.
 */
function nextAfterBroken(sizes: readonly SizeView[], slo: number, bounds: Bounds): { memoryMB: number; from: number; upper: number } | undefined {
  // Broken: by its bound (59 values), or by its measured p95 once screened (20).
  const broken = sizes.filter((s) => (s.warm >= P95_BOUND_MIN_SAMPLES && upperOf(s) > slo) || (s.warm >= SCREEN_WARM && s.result.durationMs!.p95 > slo)).at(-1);
  if (!broken) return undefined;
  const upper = upperOf(broken);
  const memoryMB = Math.round(Math.min(bounds.maxMB, broken.memoryMB * (1 + Math.min(MAX_STEP, Math.max(0.05, 1.5 * (upper / slo - 1))))));
  return memoryMB > broken.memoryMB ? { memoryMB, from: broken.memoryMB, upper } : undefined;
}

/**
 * Values a covering interval of the pick's mean needs, when its durations are skewed to the right
 * (a heavy tail, a slow kind of request): Cochran's n > 25·G1², with G1 from every size's durations
 * pooled as ratios to their mean (five values say nothing about a tail), capped at the SLO's count.
 */
function meanNeeds(s: SizeView, view: SearchView): { g1: number; needed: number } | undefined {
  const g1 = skewness(relativeDurations(view));
  if (!(g1 > 0)) return undefined;
  const needed = Math.min(P95_BOUND_MIN_SAMPLES, Math.ceil(COCHRAN * g1 * g1));
  return needed > s.warm ? { g1, needed } : undefined;
}
