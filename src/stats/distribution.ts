/** Summary statistics of a sample of durations. */
import { UsageError } from '../errors.js';
import { DEFAULTS } from '../config/defaults.js';
import type { Distribution } from '../types.js';

/**
 * Summarises `values` (not modified: a sorted copy is used).
 *
 * Percentiles use linear interpolation between the closest ranks (numpy's default, "type 7"):
 * p(q) = x[h] with h = (n − 1)·q, interpolated between floor(h) and ceil(h) of the sorted sample.
 * `trimmedMean` drops the `discard` fraction at each end (rounded down), always keeping at least one
 * value, as AWS Lambda Power Tuning does with its 20 % default.
 *
 * @throws RangeError for an empty sample (a caller bug); UsageError for `discard` outside 0..0.4.
 */
export function distribution(values: ArrayLike<number>, discard: number): Distribution {
  checkDiscard(discard);
  const n = values.length;
  if (n === 0) throw new RangeError('distribution() needs at least one value');
  const sorted = Float64Array.from(values).sort();
  const trim = Math.min(Math.floor(n * discard), Math.floor((n - 1) / 2));
  return {
    mean: meanOf(sorted, 0, n),
    trimmedMean: meanOf(sorted, trim, n - trim),
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
  };
}

/** @throws UsageError for `discard` outside 0..0.4. */
export function checkDiscard(discard: number): void {
  if (!(discard >= 0 && discard <= DEFAULTS.maxDiscard)) {
    throw new UsageError(`--discard must be between 0 and ${DEFAULTS.maxDiscard}, got ${discard}.`);
  }
}

function meanOf(sorted: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += sorted[i] as number;
  return sum / (to - from);
}

function percentile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const low = sorted[lo] as number;
  const high = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return low + (h - lo) * (high - low);
}
