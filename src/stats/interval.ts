/**
 * 95 % confidence intervals for the figures the analysis compares: the trimmed mean duration (the
 * speed figure) and the mean billed duration (what the cost is computed from). Pure.
 */
import type { Interval } from '../types.js';

/** Student t quantiles t(0.975; df) for df = 1…30 (any statistics table, e.g. NIST/SEMATECH 1.3.6.7.2). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z975 = 1.959964;

/**
 * t(0.975; df): the table up to 30 degrees of freedom, above it the Cornish–Fisher expansion
 * t ≈ z + (z³ + z)/(4·df) + (5z⁵ + 16z³ + 3z)/(96·df²) (Abramowitz & Stegun 26.7.5), within 1e-3.
 */
export function t975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`t975() needs at least one degree of freedom, got ${df}`);
  const whole = Math.floor(df);
  if (whole <= T975.length) return T975[whole - 1] as number;
  const z = Z975;
  return z + (z ** 3 + z) / (4 * whole) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * whole ** 2);
}

/** Values cut at each end by the trimmed mean (the same rule as distribution()). */
export function trimCount(n: number, discard: number): number {
  return Math.min(Math.floor(n * discard), Math.floor((n - 1) / 2));
}

/**
 * 95 % interval of the trimmed mean, after Yuen (1974): with g values trimmed at each end and
 * h = n − 2g kept, the squared standard error is (n − 1)·s²_w / (h·(h − 1)), where s²_w is the
 * variance of the winsorized sample (the trimmed values replaced by the nearest kept one), with
 * h − 1 degrees of freedom. Without trimming this is the textbook t-interval s/√n.
 *
 * @returns undefined when fewer than two values are kept (no spread to estimate).
 */
export function trimmedMeanInterval(values: ArrayLike<number>, discard: number): Interval | undefined {
  const n = values.length;
  if (n < 2) return undefined;
  const g = trimCount(n, discard);
  const h = n - 2 * g;
  if (h < 2) return undefined;
  const sorted = Float64Array.from(values).sort();
  const low = sorted[g] as number;
  const high = sorted[n - g - 1] as number;
  let trimmedSum = 0;
  for (let i = g; i < n - g; i += 1) trimmedSum += sorted[i] as number;
  const center = trimmedSum / h;
  const winsorized = Array.from(sorted, (v) => Math.min(high, Math.max(low, v)));
  const wMean = winsorized.reduce((a, b) => a + b, 0) / n;
  const wVar = winsorized.reduce((a, v) => a + (v - wMean) ** 2, 0) / (n - 1);
  const half = t975(h - 1) * Math.sqrt(((n - 1) * wVar) / (h * (h - 1)));
  return { low: center - half, high: center + half };
}

/** 95 % t-interval of the plain mean: mean ± t(0.975; n − 1)·s/√n; undefined below two values. */
export function meanInterval(values: ArrayLike<number>): Interval | undefined {
  return trimmedMeanInterval(values, 0);
}

/** Warm values below which no order statistic bounds the p95 from above at 95 %: 0.95^59 < 0.05 ≤ 0.95^58. */
export const P95_BOUND_MIN_SAMPLES = 59;

/**
 * Distribution-free upper 95 % confidence bound of the 95th percentile: the k-th smallest value,
 * with k the smallest rank such that P(Binomial(n, 0.95) ≥ k) ≤ 0.05 (the count of values below
 * the true p95 is Binomial(n, 0.95), so x₍ₖ₎ lies below it with probability at most 5 %). With 59
 * values k = 59 (the maximum); with more, a lower order statistic. No assumption about the shape,
 * so it holds for heavy tails and mixtures alike.
 *
 * @returns undefined below P95_BOUND_MIN_SAMPLES values.
 */
export function p95UpperBound(values: ArrayLike<number>): number | undefined {
  const n = values.length;
  if (n < P95_BOUND_MIN_SAMPLES) return undefined;
  const sorted = Float64Array.from(values).sort();
  // P(X = j) from the top, in logs (0.95^n underflows for long logs): p(j − 1) = p(j)·j/(n − j + 1)·(0.05/0.95).
  let logP = n * Math.log(0.95);
  let tail = Math.exp(logP);
  let k = n;
  for (let j = n; j > 1; j -= 1) {
    logP += Math.log(j / (n - j + 1)) + Math.log(0.05 / 0.95);
    tail += Math.exp(logP);
    if (tail > 0.05) break;
    k = j - 1;
  }
  return sorted[k - 1];
}
