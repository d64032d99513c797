/**
 * A log-bucketed histogram with a relative-error guarantee (the DDSketch idea, fixed range): each
 * value falls into bucket i = ⌈log_γ v⌉ with γ = (1 + α) / (1 − α), and the bucket's representative
 * 2γ^i / (γ + 1) is within α of every value in it. So every order statistic read from the sketch is
 * within α (relative) of the true one, whatever the number of values, in constant memory.
 */

/** Relative error of any order statistic read from the sketch: 0.1 %. */
export const SKETCH_RELATIVE_ERROR = 0.001;
/** Values below this (ms) share one bucket represented as 0: an absolute error of at most 0.001 ms. */
export const SKETCH_MIN_VALUE = 1e-3;
/** Above Lambda's 900 s timeout by far; larger values are clamped into the top bucket. */
const MAX_VALUE = 1e7;

const GAMMA = (1 + SKETCH_RELATIVE_ERROR) / (1 - SKETCH_RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);
const LOW_INDEX = Math.ceil(Math.log(SKETCH_MIN_VALUE) / LOG_GAMMA);
const HIGH_INDEX = Math.ceil(Math.log(MAX_VALUE) / LOG_GAMMA);
/** Bucket 0 holds the values below SKETCH_MIN_VALUE; bucket k > 0 is index LOW_INDEX + k − 1. */
export const SKETCH_BUCKETS = HIGH_INDEX - LOW_INDEX + 2;

export class LogSketch {
  /** Counts per bucket (doubles: exact integers far beyond any log's size). ~92 KB. */
  readonly counts: Float64Array;

  constructor(counts?: Float64Array) {
    this.counts = counts ?? new Float64Array(SKETCH_BUCKETS);
  }

  add(value: number, times = 1): void {
    const bucket = bucketOf(value);
    this.counts[bucket] = (this.counts[bucket] as number) + times;
  }

  merge(other: LogSketch): void {
    const mine = this.counts;
    const theirs = other.counts;
    for (let i = 0; i < mine.length; i++) mine[i] = (mine[i] as number) + (theirs[i] as number);
  }

  /** The representative of the value at 0-based `rank` in sorted order (rank < total count). */
  valueAtRank(rank: number): number {
    let seen = 0;
    const counts = this.counts;
    for (let k = 0; k < counts.length; k++) {
      seen += counts[k] as number;
      if (seen > rank) return representative(k);
    }
    return representative(counts.length - 1);
  }

  /** Sum of the representatives of the values at ranks [from, to). */
  sumOfRanks(from: number, to: number): number {
    let sum = 0;
    let start = 0;
    const counts = this.counts;
    for (let k = 0; k < counts.length && start < to; k++) {
      const count = counts[k] as number;
      const end = start + count;
      const overlap = Math.min(end, to) - Math.max(start, from);
      if (overlap > 0) sum += overlap * representative(k);
      start = end;
    }
    return sum;
  }
}

function bucketOf(value: number): number {
  if (!(value >= SKETCH_MIN_VALUE)) return 0;
  const index = Math.ceil(Math.log(Math.min(value, MAX_VALUE)) / LOG_GAMMA);
  return index - LOW_INDEX + 1;
}

function representative(bucket: number): number {
  if (bucket === 0) return 0;
  return (2 * GAMMA ** (bucket + LOW_INDEX - 1)) / (GAMMA + 1);
}
