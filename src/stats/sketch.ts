/**
 * A log-linear histogram (the HdrHistogram layout) with a relative-error guarantee: a value's
 * bucket is its binary exponent and the top 9 bits of its mantissa, read straight from the
 * double's bits — no logarithm per value. A bucket spans 1/512 of its power of two, and its
 * midpoint is within 1/1024 (0.098 %) of every value in it, so every order statistic read from the
 * sketch is within that of the true one, whatever the number of values, in constant memory.
 */

const SUB_BITS = 9;
const SUB_BUCKETS = 1 << SUB_BITS;
/** Relative error of any order statistic read from the sketch: 1/1024 ≈ 0.098 %. */
export const SKETCH_RELATIVE_ERROR = 1 / (2 * SUB_BUCKETS);
const MIN_EXPONENT = -10;
const MAX_EXPONENT = 23;
/** Values below this (2^-10 ≈ 0.001 ms) share one bucket represented as 0: an absolute error below 0.001 ms. */
export const SKETCH_MIN_VALUE = 2 ** MIN_EXPONENT;
/** Bucket 0 holds the values below SKETCH_MIN_VALUE; values from 2^24 ms (4.6 h, far above Lambda's 900 s) on share the top bucket. */
export const SKETCH_BUCKETS = 1 + (MAX_EXPONENT - MIN_EXPONENT + 1) * SUB_BUCKETS;

// One double and its two 32-bit halves (little-endian on every platform Node runs on: x64, arm64).
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

export class LogSketch {
  /** Counts per bucket (doubles: exact integers far beyond any log's size). ~136 KB. */
  readonly counts = new Float64Array(SKETCH_BUCKETS);

  add(value: number): void {
    const bucket = bucketOf(value);
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
  }

  /** `add` of each of `data[from … to)`. */
  addRun(data: Float64Array, from: number, to: number): void {
    const counts = this.counts;
    for (let i = from; i < to; i++) {
      const bucket = bucketOf(data[i]!);
      counts[bucket] = (counts[bucket] as number) + 1;
    }
  }

  /**
   * The representative of the value at 0-based `rank` in sorted order (rank < total count). With
   * `lo`/`hi`, the buckets of the least and greatest value (see `bucketOf`): only those between are
   * read — a size's durations span a few hundred of the ~17,000 buckets.
   */
  valueAtRank(rank: number, lo = 0, hi = this.counts.length - 1): number {
    let seen = 0;
    const counts = this.counts;
    for (let k = lo; k <= hi; k++) {
      seen += counts[k] as number;
      if (seen > rank) return representative(k);
    }
    return representative(hi);
  }

  /** Sum of the representatives of the values at ranks [from, to) (`lo`/`hi` as for valueAtRank). */
  sumOfRanks(from: number, to: number, lo = 0, hi = this.counts.length - 1): number {
    let sum = 0;
    let start = 0;
    const counts = this.counts;
    for (let k = lo; k <= hi && start < to; k++) {
      const count = counts[k] as number;
      const end = start + count;
      const overlap = Math.min(end, to) - Math.max(start, from);
      if (overlap > 0) sum += overlap * representative(k);
      start = end;
    }
    return sum;
  }
}

export function bucketOf(value: number): number {
  if (!(value >= SKETCH_MIN_VALUE)) return 0;
  bits[0] = value;
  const high = words[1]!;
  const exponent = ((high >>> 20) & 0x7ff) - 1023;
  if (exponent > MAX_EXPONENT) return SKETCH_BUCKETS - 1;
  return 1 + (exponent - MIN_EXPONENT) * SUB_BUCKETS + ((high >>> (20 - SUB_BITS)) & (SUB_BUCKETS - 1));
}

/** The midpoint of bucket `k`. */
export function representative(k: number): number {
  if (k === 0) return 0;
  const exponent = Math.floor((k - 1) / SUB_BUCKETS) + MIN_EXPONENT;
  const sub = (k - 1) % SUB_BUCKETS;
  return 2 ** exponent * (1 + (sub + 0.5) / SUB_BUCKETS);
}
