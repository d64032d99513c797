/** Per-memory-size samples of invocations, kept as columns of numbers rather than records. */
import type { InvocationRecord } from '../types.js';
import { Column } from './column.js';

/** Everything kept for one memory size. Columns are views: read them, do not keep them across `add`. */
export interface SizeSamples {
  readonly memoryMB: number;
  readonly invocations: number;
  readonly errors: number;
  /** Errors per status/type: 'timeout', the errorType of an error, or 'error' when it has none. */
  readonly errorsByType: Readonly<Record<string, number>>;
  /** Invocations with an Init or Restore Duration, successful or not. */
  readonly coldStarts: number;
  readonly maxMemoryUsedMB: number;
  readonly warm: { readonly durationMs: Readonly<Float64Array>; readonly billedDurationMs: Readonly<Float64Array> };
  /** Successful cold starts; `startupMs[i]` is the Init (or SnapStart Restore) Duration of invocation i. */
  readonly cold: {
    readonly durationMs: Readonly<Float64Array>;
    readonly billedDurationMs: Readonly<Float64Array>;
    readonly startupMs: Readonly<Float64Array>;
  };
}

class SizeAccumulator {
  invocations = 0;
  errors = 0;
  readonly errorsByType = new Map<string, number>();
  coldStarts = 0;
  maxMemoryUsedMB = 0;
  readonly warmDuration = new Column();
  readonly warmBilled = new Column();
  readonly coldDuration = new Column();
  readonly coldBilled = new Column();
  readonly coldStartup = new Column();

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
    if (cold) {
      this.coldDuration.push(r.durationMs);
      this.coldBilled.push(r.billedDurationMs);
      this.coldStartup.push((r.initDurationMs ?? 0) + (r.restoreDurationMs ?? 0));
    } else {
      this.warmDuration.push(r.durationMs);
      this.warmBilled.push(r.billedDurationMs);
    }
  }

  snapshot(memoryMB: number): SizeSamples {
    return {
      memoryMB,
      invocations: this.invocations,
      errors: this.errors,
      errorsByType: Object.fromEntries([...this.errorsByType].toSorted(([a], [b]) => a.localeCompare(b))),
      coldStarts: this.coldStarts,
      maxMemoryUsedMB: this.maxMemoryUsedMB,
      warm: { durationMs: this.warmDuration.view(), billedDurationMs: this.warmBilled.view() },
      cold: {
        durationMs: this.coldDuration.view(),
        billedDurationMs: this.coldBilled.view(),
        startupMs: this.coldStartup.view(),
      },
    };
  }
}

/**
 * Invocations grouped by memory size, in bounded memory: about 16 bytes per successful
 * invocation (24 for a cold start) and no record objects, so a million-line log fits easily.
 */
export class SampleSet {
  readonly #sizes = new Map<number, SizeAccumulator>();
  #size = 0;

  add(r: InvocationRecord): void {
    let acc = this.#sizes.get(r.memoryMB);
    if (!acc) {
      acc = new SizeAccumulator();
      this.#sizes.set(r.memoryMB, acc);
    }
    acc.add(r);
    this.#size += 1;
  }

  /** Number of invocations added. */
  get size(): number {
    return this.#size;
  }

  /** Memory sizes seen, ascending. */
  memorySizes(): number[] {
    return [...this.#sizes.keys()].toSorted((a, b) => a - b);
  }

  /** The samples of one memory size, or undefined when none was added. */
  samples(memoryMB: number): SizeSamples | undefined {
    return this.#sizes.get(memoryMB)?.snapshot(memoryMB);
  }
}
