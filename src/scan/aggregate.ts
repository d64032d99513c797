/**
 * Local aggregation for the FilterLogEvents fallback: the same `SizeStats` the Insights query
 * computes on AWS's side, from parsed REPORT records.
 */
import { distribution } from '../stats/index.js';
import type { InvocationRecord } from '../types.js';
import type { SizeStats } from './types.js';

export type ReportFields = Pick<
  InvocationRecord,
  'memoryMB' | 'durationMs' | 'billedDurationMs' | 'maxMemoryUsedMB' | 'initDurationMs' | 'status' | 'errorType'
>;

interface Bucket {
  count: number;
  coldStarts: number;
  errors: number;
  timeouts: number;
  outOfMemory: number;
  billedSum: number;
  durations: number[];
  memory: number[];
}

/** Collects records per memory size; `stats()` summarises them. */
export class SizeAggregator {
  private readonly buckets = new Map<number, Bucket>();

  add(record: ReportFields): void {
    let bucket = this.buckets.get(record.memoryMB);
    if (!bucket) {
      bucket = { count: 0, coldStarts: 0, errors: 0, timeouts: 0, outOfMemory: 0, billedSum: 0, durations: [], memory: [] };
      this.buckets.set(record.memoryMB, bucket);
    }
    bucket.count += 1;
    if (record.initDurationMs !== undefined) bucket.coldStarts += 1;
    if (record.status === 'error') bucket.errors += 1;
    if (record.status === 'timeout') bucket.timeouts += 1;
    if (record.errorType === 'Runtime.OutOfMemory') bucket.outOfMemory += 1;
    bucket.billedSum += record.billedDurationMs;
    bucket.durations.push(record.durationMs);
    bucket.memory.push(record.maxMemoryUsedMB);
  }

  get size(): number {
    let total = 0;
    for (const bucket of this.buckets.values()) total += bucket.count;
    return total;
  }

  stats(): SizeStats[] {
    return [...this.buckets.entries()]
      .toSorted(([a], [b]) => a - b)
      .map(([memoryMB, b]) => {
        const durations = distribution(b.durations, 0);
        const memory = distribution(b.memory, 0);
        return {
          memoryMB,
          invocations: b.count,
          coldStarts: b.coldStarts,
          errors: b.errors,
          timeouts: b.timeouts,
          outOfMemory: b.outOfMemory,
          durationMs: { p50: durations.p50, p95: durations.p95, p99: durations.p99 },
          durationMsSum: b.durations.reduce((sum, d) => sum + d, 0),
          billedDurationMsSum: b.billedSum,
          maxMemoryUsedMB: memory.max,
          p99MemoryUsedMB: Math.round(memory.p99 * 10) / 10,
        };
      });
  }
}

/** Merges stats of the same memory size coming from several rows (e.g. query batches). */
export function mergeSizeStats(a: SizeStats, b: SizeStats): SizeStats {
  // Percentiles cannot be merged exactly; the larger sample's value is the better estimate.
  const major = a.invocations >= b.invocations ? a : b;
  return {
    memoryMB: a.memoryMB,
    invocations: a.invocations + b.invocations,
    coldStarts: a.coldStarts + b.coldStarts,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    outOfMemory: a.outOfMemory + b.outOfMemory,
    durationMs: major.durationMs,
    durationMsSum: a.durationMsSum === null || b.durationMsSum === null ? null : a.durationMsSum + b.durationMsSum,
    billedDurationMsSum: a.billedDurationMsSum + b.billedDurationMsSum,
    maxMemoryUsedMB: maxOf(a.maxMemoryUsedMB, b.maxMemoryUsedMB),
    p99MemoryUsedMB: maxOf(a.p99MemoryUsedMB, b.p99MemoryUsedMB),
  };
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
