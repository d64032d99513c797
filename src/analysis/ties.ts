/**
 * Near-ties: measured sizes the strategy's figure cannot tell apart at the measured noise, and the
 * rule that picks one of them. Two sizes are "not told apart" when the 95 % intervals of the
 * strategy's figure overlap (a conservative test: for equal widths it is about a 0.6 % two-sided
 * test of the difference). A size with fewer than DEFAULTS.minWarmSamples values, or no interval, takes part
 * in no near-tie. A tie is *settled* when the chosen size is at most SETTLE_MARGIN worse than every
 * size of the tie with 95 % confidence; until then it is a guess, which the search resolves by
 * measuring more and every other source reports as such. Pure.
 */
import { DEFAULTS } from '../config/defaults.js';
import type { Interval, Strategy } from '../types.js';

export interface TieCandidate {
  memoryMB: number;
  cost: number;
  speed: number;
  samples: number;
  costCi?: Interval;
  speedCi?: Interval;
}

export interface TieOutcome<C extends TieCandidate> {
  chosen: C;
  /** The other sizes of the tie, ascending. */
  tiedWith: number[];
  rule: string;
  /** The upper 95 % bound of how much worse the chosen size's figure is than the best of the others (fraction; ≤ 0 when it is shown better); speed: than the fastest level. */
  worseBy: number;
  /** worseBy ≤ SETTLE_MARGIN: the choice holds within 3 % at 95 % confidence. */
  settled: boolean;
}

/** A tie is settled when the chosen size is at most this much worse than every contender, with 95 % confidence. */
export const SETTLE_MARGIN = 0.03;

/**
 * speed: a size whose 95 % interval of the duration reaches within this of the fastest level may be
 * as fast; of those `speedChoice` takes the one likely to lose least — otherwise a curve that keeps
 * improving by 0.1 % would send "fastest" to the largest size at several times the cost. The level
 * is the durations made non-increasing in memory (`monotone`) at its lowest: a plateau's sizes
 * pooled, not its luckiest draw. The search aims at the same answer (search/refine.ts).
 */
export const SPEED_TOLERANCE = 0.01;
/** …and a size without an interval (fewer than two values) may be as fast within this, on its figure alone. */
export const SPEED_SLACK = 0.02;

/** Whether `c` may be as fast as `level` (SPEED_TOLERANCE by its interval, SPEED_SLACK without one). */
export function mayBeAsFast(c: Pick<TieCandidate, 'speed' | 'speedCi' | 'samples'>, level: number): boolean {
  return c.speedCi && c.samples >= DEFAULTS.minWarmSamples ? c.speedCi.low <= level * (1 + SPEED_TOLERANCE) : c.speed <= level * (1 + SPEED_SLACK);
}

/**
 * speed's answer among `candidates`: of the sizes that may be as fast as the fastest level, the one
 * likely to lose least — the larger of how much slower than the level its figure is and how much
 * more it would cost than the cheapest of them at the same speed (cost per ms of its duration: the
 * memory price, as Lambda bills). So the cheapest once it is measured near the level, and a dearer
 * size only when the cheaper one measured slower by more than it saves. The others that may be as fast are its tie; worseBy is the upper
 * end of the chosen size's loss (its interval's, or its extra cost), settled within SETTLE_MARGIN.
 * (Midway to the interval's upper end instead of the figure made a ±5 % function's 1769 MB, measured
 * 3 % slow on six values, lose to 1872 MB one run in two.)
 */
export function speedChoice<C extends TieCandidate>(candidates: readonly C[]): { chosen: C; tie?: TieOutcome<C> } {
  const ascending = candidates.toSorted((a, b) => a.memoryMB - b.memoryMB);
  const level = fastestLevel(
    ascending.map((c) => c.speed),
    ascending.map((c) => Math.max(1, c.samples)),
  );
  const asFast = candidates.filter((c) => mayBeAsFast(c, level));
  const pool = asFast.length > 0 ? asFast : candidates.filter((c) => c.speed === Math.min(...candidates.map((x) => x.speed)));
  // Without an interval (too few values) its own figure stands in; the tie then cannot be settled.
  const interval = (c: C): Interval | undefined => (c.speedCi && c.samples >= DEFAULTS.minWarmSamples ? c.speedCi : undefined);
  // Cost at the same speed (per ms of its own duration): what a size would cost if it were as fast.
  const atLevel = (c: C): number => (c.speed > 0 ? c.cost / c.speed : c.cost);
  const cheapestAtLevel = Math.min(...pool.map(atLevel));
  const larger = (c: C): number => (cheapestAtLevel > 0 ? atLevel(c) / cheapestAtLevel - 1 : 0);
  const likely = (c: C): number => Math.max(c.speed / level - 1, larger(c));
  const chosen = pool.toSorted((a, b) => compareBy(a, b, [likely, (c) => c.cost, (c) => c.memoryMB]))[0] as C;
  // A cheaper size ruled slower by a narrow margin may yet be as fast: it is a contender too, to be
  // measured more, while what it would save (were it as fast) is more than SETTLE_MARGIN.
  const saving = (c: C): number => (atLevel(c) > 0 ? atLevel(chosen) / atLevel(c) - 1 : 0);
  const near = candidates.filter((c) => !pool.includes(c) && interval(c) && interval(c)!.low <= level * (1 + SETTLE_MARGIN) && saving(c) > SETTLE_MARGIN);
  const others = [...pool.filter((c) => c !== chosen), ...near];
  if (others.length === 0) return { chosen };
  const own = interval(chosen);
  const worseBy = own ? Math.max(own.high / level - 1, larger(chosen), ...near.map(saving)) : Infinity;
  return {
    chosen,
    tie: { chosen, tiedWith: others.map((c) => c.memoryMB).toSorted((a, b) => a - b), rule: TIE_RULES.speed, worseBy, settled: worseBy <= SETTLE_MARGIN },
  };
}

/**
 * Non-increasing weighted least squares of `values` (ascending memory): pool-adjacent-violators.
 * Durations do not grow with memory, so sizes that say otherwise are pooled into one level.
 */
export function monotone(values: readonly number[], weights: readonly number[]): number[] {
  const blocks: { value: number; weight: number; count: number }[] = [];
  values.forEach((value, i) => {
    let block = { value, weight: weights[i] ?? 1, count: 1 };
    while (blocks.length > 0 && (blocks.at(-1) as typeof block).value < block.value) {
      const before = blocks.pop() as typeof block;
      const weight = before.weight + block.weight;
      block = { value: (before.value * before.weight + block.value * block.weight) / weight, weight, count: before.count + block.count };
    }
    blocks.push(block);
  });
  return blocks.flatMap((b) => Array.from({ length: b.count }, () => b.value));
}

/** speed's fastest level: the lowest of the durations made monotone (`speeds` ascending by memory). */
export function fastestLevel(speeds: readonly number[], weights: readonly number[]): number {
  return Math.min(...monotone(speeds, weights));
}

/** What each strategy does with a tie: the reason a user reads, and the order it applies. */
export const TIE_RULES: Readonly<Record<Strategy, string>> = Object.freeze({
  speed: `of sizes that may be as fast as the fastest (within ${SPEED_TOLERANCE * 100} %), the one likely to lose least, slower or dearer`,
  cost: 'of sizes equally cheap within the noise, the one measured cheapest',
  balanced: 'of sizes equally balanced within the noise, the one measured best',
});

/**
 * The tie around `best` (already the strategy's winner by point estimates) among `candidates`, and
 * the one the strategy's rule picks from it; undefined when nothing ties with `best`.
 * `score` is balanced's score and its interval, for that strategy only.
 */
export function breakTie<C extends TieCandidate>(candidates: readonly C[], best: C, strategy: Strategy, score?: (c: C) => Interval): TieOutcome<C> | undefined {
  const interval = intervalOf(strategy, DEFAULTS.minWarmSamples, score);
  const around = interval(best);
  if (!around) return undefined;
  const tie = candidates.filter((c) => {
    if (c === best) return true;
    const other = interval(c);
    return other !== undefined && overlaps(other, around);
  });
  if (tie.length < 2) return undefined;
  // cost: the measured cheapest, the best guess on the figure itself (taking the smallest instead
  // turned five values' noise into a bias towards small sizes); balanced likewise the one measured
  // best (the cheapest of the tie leaned the same way). speed has its own rule (speedChoice).
  const chosen = strategy === 'cost' ? (tie.toSorted((a, b) => compareBy(a, b, [(c: C) => c.cost, (c: C) => c.memoryMB]))[0] as C) : best;
  const others = tie.filter((c) => c !== chosen);
  const mine = interval(chosen) as Interval;
  const worseBy = Math.max(...others.map((c) => worseBound(mine, interval(c) as Interval)));
  return { chosen, tiedWith: others.map((c) => c.memoryMB).toSorted((a, b) => a - b), rule: TIE_RULES[strategy], worseBy, settled: worseBy <= SETTLE_MARGIN };
}

/**
 * The upper 95 % bound of how much larger (worse) the figure of `a` is than that of `b`, relative to
 * b: (a − b + √(hₐ² + h_b²)) / b, with h the half-widths of their 95 % intervals (the difference of
 * two independent estimates; the normal approximation).
 */
export function worseBound(a: Interval, b: Interval): number {
  const mid = (i: Interval): number => (i.low + i.high) / 2;
  const half = (i: Interval): number => (i.high - i.low) / 2;
  const base = mid(b);
  if (!(base > 0)) return 0;
  return (mid(a) - base + Math.hypot(half(a), half(b))) / base;
}

/** The strategy's interval of a candidate; undefined without one (or below `minSamples`): such a size ties only exactly, by recommend's own keys. */
function intervalOf<C extends TieCandidate>(strategy: Strategy, minSamples: number, score?: (c: C) => Interval): (c: C) => Interval | undefined {
  return (c) => {
    if (c.samples < minSamples || !c.costCi || !c.speedCi) return undefined;
    if (strategy === 'balanced' && score) return score(c);
    return strategy === 'cost' ? c.costCi : c.speedCi;
  };
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.low <= b.high && b.low <= a.high;
}

function compareBy<C>(a: C, b: C, keys: readonly ((c: C) => number)[]): number {
  for (const key of keys) {
    const d = key(a) - key(b);
    if (d !== 0) return d;
  }
  return 0;
}
