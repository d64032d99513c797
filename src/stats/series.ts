/**
 * One measured quantity of one memory size (e.g. warm durations) in bounded memory: every value is
 * kept exactly up to `exactLimit`, beyond that a LogSketch takes over. Count, sum, min and max are
 * always exact, so the plain mean, min and max never depend on the sketch.
 */
import type { Distribution } from '../types.js';
import { Column } from './column.js';
import { distribution, checkDiscard } from './distribution.js';
import { bucketOf, LogSketch } from './sketch.js';

/**
 * Values kept exactly per series: far above what a tune run measures per size, so its percentiles
 * are always exact; a log with more invocations per size than this gets sketched percentiles.
 */
export const EXACT_LIMIT = 16_384;

export class Series {
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;
  #exact: Column | undefined = new Column();
  #sketch: LogSketch | undefined;

  constructor(private readonly exactLimit = EXACT_LIMIT) {}

  get length(): number {
    return this.#count;
  }

  /** True while every value is kept, i.e. percentiles and the trimmed mean are exact. */
  get exact(): boolean {
    return this.#exact !== undefined;
  }

  push(value: number): void {
    this.#count += 1;
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    if (this.#exact === undefined) {
      this.#sketch!.add(value);
      return;
    }
    this.#exact.push(value);
    if (this.#exact.length > this.exactLimit) this.#toSketch();
  }

  /** The values, when still exact (a view: valid until the next push); an empty array once sketched. */
  values(): Readonly<Float64Array> {
    return this.#exact?.view() ?? new Float64Array(0);
  }

  /**
   * The summary: exact (see `distribution`) while exact; beyond, mean/min/max stay exact and the
   * percentiles and trimmed mean are within SKETCH_RELATIVE_ERROR of the exact ones.
   */
  distribution(discard: number): Distribution {
    if (this.#exact !== undefined) return distribution(this.#exact.view(), discard);
    checkDiscard(discard);
    const n = this.#count;
    const sketch = this.#sketch!;
    const clamp = (value: number): number => Math.min(this.#max, Math.max(this.#min, value));
    const lo = bucketOf(this.#min);
    const hi = bucketOf(this.#max);
    // Same rank arithmetic as `distribution`, with ranks read from the sketch.
    const percentile = (q: number): number => {
      const h = (n - 1) * q;
      const below = Math.floor(h);
      const low = clamp(sketch.valueAtRank(below, lo, hi));
      const high = clamp(sketch.valueAtRank(Math.min(below + 1, n - 1), lo, hi));
      return low + (h - below) * (high - low);
    };
    const trim = Math.min(Math.floor(n * discard), Math.floor((n - 1) / 2));
    const trimmedMean = trim === 0 ? this.#sum / n : clamp(sketch.sumOfRanks(trim, n - trim, lo, hi) / (n - 2 * trim));
    return {
      mean: this.#sum / n,
      trimmedMean,
      p50: percentile(0.5),
      p90: percentile(0.9),
      p95: percentile(0.95),
      p99: percentile(0.99),
      min: this.#min,
      max: this.#max,
    };
  }

  #toSketch(): void {
    const held = this.#exact!.view();
    this.#sketch = new LogSketch();
    this.#sketch.addRun(held, 0, held.length);
    this.#exact = undefined;
  }
}
