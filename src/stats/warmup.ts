/**
 * Per-environment warm-up (a JIT, lazy initialisation, cold caches): an environment's first warm
 * invocations are slower than its later ones. A measuring run invokes a size through a few
 * environments, so their first invocations come first in the size's warm series; the steady state
 * is what follows. Pure.
 */

/**
 * Values of a size beyond which none is looked for: a measuring run's sizes have tens to hundreds; a
 * production log's thousands come from many environments interleaved, in no order that shows one
 * environment's warm-up (and the search over prefixes is quadratic).
 */
const MAX_VALUES = 1000;
/** Warm values the steady state keeps at least, for its own spread. */
const MIN_STEADY = 5;
/** How far (in standard errors) the warm-up's mean must lie above the steady state's. */
const T_MIN = 4;
/** …and by how much, relatively: a warm-up that costs less than this is noise to a user. */
const MIN_EXCESS = 0.1;

/**
 * How many leading values of `values` (warm durations in the order measured) are warm-up: the
 * longest prefix (of at least two values) whose mean lies at least T_MIN Welch standard errors and
 * MIN_EXCESS above the rest's, and most
 * of the prefix lies above the rest's 90th percentile (a tail event that happens to come first is
 * not a warm-up); 0 when there is none.
 */
export function warmUpCount(values: ArrayLike<number>): number {
  const n = values.length;
  if (n > MAX_VALUES) return 0;
  let longest = 0;
  for (let k = 2; k <= n - MIN_STEADY; k += 1) {
    const prefix = Array.from({ length: k }, (_, i) => values[i] as number);
    const rest = Array.from({ length: n - k }, (_, i) => values[k + i] as number);
    const restMean = mean(rest);
    const prefixMean = mean(prefix);
    const excess = prefixMean - restMean;
    if (!(excess > MIN_EXCESS * restMean)) continue;
    // Welch: the prefix's own spread counts, so one outlier with a normal value is no warm-up.
    const se = Math.sqrt(variance(prefix, prefixMean) / k + variance(rest, restMean) / rest.length);
    const t = excess / Math.max(se, 1e-9 * restMean);
    const p90 = rest.toSorted((a, b) => a - b)[Math.floor(0.9 * (rest.length - 1))] as number;
    const above = prefix.filter((v) => v > p90).length;
    if (t >= T_MIN && above >= 0.8 * k) longest = k;
  }
  return longest;
}

/**
 * The series is still falling at its end: its later half is faster than its earlier half by
 * MIN_EXCESS and two standard errors (a warm-up longer than what was measured, so no steady state
 * yet). Needs at least four values.
 */
export function stillWarming(values: ArrayLike<number>): boolean {
  const n = values.length;
  if (n < 4) return false;
  const half = Math.floor(n / 2);
  const early = Array.from({ length: half }, (_, i) => values[i] as number);
  const late = Array.from({ length: n - half }, (_, i) => values[half + i] as number);
  const [me, ml] = [mean(early), mean(late)];
  const se = Math.sqrt(variance(early, me) / early.length + variance(late, ml) / late.length);
  // Two standard errors, not T_MIN: a false alarm costs a few invocations, not a wrong figure
  // (and MIN_EXCESS keeps uniform noise of ±8 % out).
  return me - ml > MIN_EXCESS * ml && me - ml > 2 * se;
}

function variance(values: readonly number[], m: number): number {
  return values.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(1, values.length - 1);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
