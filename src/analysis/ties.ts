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
  /** The upper 95 % bound of how much worse the chosen size's figure is than the best of the others (fraction; ≤ 0 when it is shown better). */
  worseBy: number;
  /** worseBy ≤ SETTLE_MARGIN: the choice holds within 3 % at 95 % confidence. */
  settled: boolean;
}

/** A tie is settled when the chosen size is at most this much worse than every contender, with 95 % confidence. */
export const SETTLE_MARGIN = 0.03;

/** What each strategy does with a tie: the reason a user reads, and the order it applies. */
export const TIE_RULES: Readonly<Record<Strategy, string>> = Object.freeze({
  speed: 'of sizes equally fast within the noise, the cheapest',
  cost: 'of sizes equally cheap within the noise, the one measured cheapest',
  balanced: 'of sizes equally balanced within the noise, the cheapest',
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
  // turned five values' noise into a bias towards small sizes). speed and balanced: the cheapest,
  // as speed's loss counts the extra cost of a size no faster (a dearer size must show it is faster).
  const order = strategy === 'cost' ? [(c: C) => c.cost, (c: C) => c.memoryMB] : [(c: C) => c.cost, (c: C) => c.speed, (c: C) => c.memoryMB];
  const chosen = tie.toSorted((a, b) => compareBy(a, b, order))[0] as C;
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
