/**
 * Per-memory-size samples of invocations, in memory that does not grow with their number: each
 * quantity is a Series (exact up to EXACT_LIMIT values, a sketch beyond), never a list of records.
 */
import { compareNames } from '../format.js';
import type { InvocationRecord } from '../types.js';
import { EXACT_LIMIT, Series } from './series.js';

const SERIES_NAMES = ['warmDuration', 'warmBilled', 'coldDuration', 'coldBilled', 'coldStartup', 'coldTotal'] as const;
type SeriesName = (typeof SERIES_NAMES)[number];

/** Everything kept for one memory size. Arrays and series are views: read them, do not keep them across `add`. */
export interface SizeSamples {
  readonly memoryMB: number;
  readonly invocations: number;
  readonly errors: number;
  /** Errors per status/type: 'timeout', the errorType of an error, or 'error' when it has none. */
  readonly errorsByType: Readonly<Record<string, number>>;
  /** Invocations with an Init or Restore Duration, successful or not. */
  readonly coldStarts: number;
  readonly maxMemoryUsedMB: number;
  /**
   * The exact values of successful warm invocations — empty once a series holds more than
   * EXACT_LIMIT values (then only `series` has them, sketched).
   */
  readonly warm: { readonly durationMs: Readonly<Float64Array>; readonly billedDurationMs: Readonly<Float64Array> };
  /** Successful cold starts; `startupMs[i]` is the Init (or SnapStart Restore) Duration of invocation i. */
  readonly cold: {
    readonly durationMs: Readonly<Float64Array>;
    readonly billedDurationMs: Readonly<Float64Array>;
    readonly startupMs: Readonly<Float64Array>;
  };
  /** The same quantities as bounded-memory series (`coldTotal` = startup + duration of each cold start). */
  readonly series: Readonly<Record<SeriesName, Series>>;
}

class SizeAccumulator {
  invocations = 0;
  errors = 0;
  readonly errorsByType = new Map<string, number>();
  coldStarts = 0;
  maxMemoryUsedMB = 0;
  readonly series: Record<SeriesName, Series>;

  constructor(exactLimit: number) {
    this.series = Object.fromEntries(SERIES_NAMES.map((name) => [name, new Series(exactLimit)])) as Record<SeriesName, Series>;
  }

  add(r: InvocationRecord): void {
    this.invocations += 1;
    // Max Memory Used is kept for failures too: an out-of-memory error is exactly when it matters.
    if (r.maxMemoryUsedMB > this.maxMemoryUsedMB) this.maxMemoryUsedMB = r.maxMemoryUsedMB;
    const cold = r.initDurationMs !== undefined || r.restoreDurationMs !== undefined;
    if (cold) this.coldStarts += 1;
    if (r.status !== 'success') {
      this.errors += 1;
      const type = r.status === 'timeout' ? 'timeout' : (r.errorType ?? 'error');
      this.errorsByType.set(type, (this.errorsByType.get(type) ?? 0) + 1);
      return;
    }
    this.addSuccess(r.durationMs, r.billedDurationMs, cold ? (r.initDurationMs ?? 0) + (r.restoreDurationMs ?? 0) : -1);
  }

  /** A successful invocation; `startupMs` -1 for a warm one. */
  addSuccess(durationMs: number, billedDurationMs: number, startupMs: number): void {
    const s = this.series;
    if (startupMs !== -1) {
      s.coldDuration.push(durationMs);
      s.coldBilled.push(billedDurationMs);
      s.coldStartup.push(startupMs);
      // What a caller waits for on a cold start: the init (or restore) phase, then the handler.
      s.coldTotal.push(durationMs + startupMs);
    } else {
      s.warmDuration.push(durationMs);
      s.warmBilled.push(billedDurationMs);
    }
  }

  snapshot(memoryMB: number): SizeSamples {
    const s = this.series;
    return {
      memoryMB,
      invocations: this.invocations,
      errors: this.errors,
      errorsByType: Object.fromEntries([...this.errorsByType].toSorted(([a], [b]) => compareNames(a, b))),
      coldStarts: this.coldStarts,
      maxMemoryUsedMB: this.maxMemoryUsedMB,
      warm: { durationMs: s.warmDuration.values(), billedDurationMs: s.warmBilled.values() },
      cold: { durationMs: s.coldDuration.values(), billedDurationMs: s.coldBilled.values(), startupMs: s.coldStartup.values() },
      series: s,
    };
  }
}

/** Lambda's largest memory size is 10,240 MB. */
const TABLE_MB = 10_241;

/**
 * Invocations grouped by memory size. Memory per size is bounded: six series of at most
 * EXACT_LIMIT doubles (8 bytes each) or one sketch (~92 KB) each — under 0.6 MB a size, and
 * nothing per invocation once a size passes EXACT_LIMIT invocations.
 */
export class SampleSet {
  /**
   * The accumulators of whole-MB sizes below TABLE_MB (every Lambda size), by MB: the fast path's
   * lookup. Logs interleave sizes line by line, so a last-size cache missed most lines and each paid a
   * Map lookup; an array index is a fraction of that. Filled (never holey), so it stays fast.
   */
  readonly #table: Array<SizeAccumulator | undefined> = Array.from({ length: TABLE_MB }, () => undefined);
  /** Any other size (no Lambda log has one, but a records file may). */
  readonly #odd = new Map<number, SizeAccumulator>();

  constructor(private readonly exactLimit = EXACT_LIMIT) {}

  add(r: InvocationRecord): void {
    this.#accumulator(r.memoryMB).add(r);
  }

  /**
   * The same as `add` of a successful invocation without Restore Duration, from its numbers alone
   * (the fast path of a replay: no record object). `initDurationMs` -1 when there was none.
   */
  addSuccess(memoryMB: number, durationMs: number, billedDurationMs: number, maxMemoryUsedMB: number, initDurationMs: number): void {
    const acc = this.#accumulator(memoryMB);
    acc.invocations += 1;
    if (maxMemoryUsedMB > acc.maxMemoryUsedMB) acc.maxMemoryUsedMB = maxMemoryUsedMB;
    if (initDurationMs !== -1) acc.coldStarts += 1;
    acc.addSuccess(durationMs, billedDurationMs, initDurationMs);
  }

  /** Number of invocations added: the accumulators' own counts, so it cannot drift from them. */
  get size(): number {
    return this.#entries().reduce((sum, [, acc]) => sum + acc.invocations, 0);
  }

  /** Memory sizes seen, ascending. */
  memorySizes(): number[] {
    return this.#entries()
      .map(([memoryMB]) => memoryMB)
      .toSorted((a, b) => a - b);
  }

  /** The samples of one memory size, or undefined when none was added. */
  samples(memoryMB: number): SizeSamples | undefined {
    return this.#find(memoryMB)?.snapshot(memoryMB);
  }

  #entries(): Array<[number, SizeAccumulator]> {
    const whole = this.#table.flatMap((acc, memoryMB): Array<[number, SizeAccumulator]> => (acc ? [[memoryMB, acc]] : []));
    return [...whole, ...this.#odd];
  }

  #find(memoryMB: number): SizeAccumulator | undefined {
    return isTabled(memoryMB) ? this.#table[memoryMB] : this.#odd.get(memoryMB);
  }

  #accumulator(memoryMB: number): SizeAccumulator {
    const found = this.#find(memoryMB);
    if (found) return found;
    const acc = new SizeAccumulator(this.exactLimit);
    if (isTabled(memoryMB)) this.#table[memoryMB] = acc;
    else this.#odd.set(memoryMB, acc);
    return acc;
  }
}

function isTabled(memoryMB: number): boolean {
  return Number.isInteger(memoryMB) && memoryMB >= 0 && memoryMB < TABLE_MB;
}
