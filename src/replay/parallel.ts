/**
 * A large plain file parsed on several cores: cut into byte ranges that the main thread and
 * worker threads take from a shared queue; their statistics merge into one SampleSet.
 */
import type { ParseCounters } from '../logs/index.js';
import type { SampleSet } from '../stats/index.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseQueuedRangesInto, type RangeResult } from './range.js';

/** Below this a worker's start-up (~30 ms) costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
/** Past four threads the disk (or page cache) is the limit, not the parsing. */
const MAX_THREADS = 4;

export function defaultThreads(): number {
  return Math.max(1, Math.min(MAX_THREADS, availableParallelism()));
}

/**
 * The worker's file, in the build (`dist/replay/worker.js`, next to the chunk this code is in).
 * Undefined when running from sources (tests): then everything runs on the main thread.
 */
function workerFile(): string | undefined {
  for (const candidate of ['./replay/worker.js', './worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (url.protocol === 'file:' && url.pathname.endsWith('.js') && existsSync(fileURLToPath(url))) return fileURLToPath(url);
  }
  return undefined;
}

/** The size of a piece of work taken from the queue (at most 8 per thread). */
const RANGE_BYTES = 16 * 1024 * 1024;

/** Whether `parseInParallel` would use more than one thread for a file of `size` bytes. */
export function canParallelise(size: number, threads: number): boolean {
  return threads > 1 && size >= PARALLEL_MIN_BYTES && workerFile() !== undefined;
}

/**
 * Parses `path` (`size` bytes) on `threads` threads into `samples` and `counters`. Resolves to true
 * when `signal` stopped it early (every thread then reports what it had read).
 */
export async function parseInParallel(
  path: string,
  size: number,
  threads: number,
  samples: SampleSet,
  counters: ParseCounters,
  signal?: AbortSignal,
): Promise<boolean> {
  const file = workerFile()!;
  // More ranges than threads, taken from a shared queue: a worker starts ~30 ms after the main
  // thread, and on a shared machine one thread may run slower — equal halves would wait for it.
  const pieces = Math.min(threads * 8, Math.max(threads, Math.ceil(size / RANGE_BYTES)));
  const bounds = Array.from({ length: pieces + 1 }, (_, i) => Math.floor((size * i) / pieces));
  const queue = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: threads - 1 }, () => runWorker(file, path, bounds, queue));
  const stopAll = (): void => {
    for (const worker of workers) worker.stop();
  };
  signal?.addEventListener('abort', stopAll, { once: true });
  let results: Array<Omit<RangeResult, 'state'> & { state?: RangeResult['state'] }>;
  try {
    // The main thread's part goes straight into `samples`; the workers' states are merged after it.
    results = [await parseQueuedRangesInto(samples, path, bounds, queue, () => signal?.aborted === true), ...(await Promise.all(workers.map((w) => w.result)))];
  } finally {
    signal?.removeEventListener('abort', stopAll);
    for (const worker of workers) void worker.terminate();
  }
  for (const result of results) {
    if (result.state !== undefined) samples.merge(result.state);
    counters.records += result.counters.records;
    counters.malformed += result.counters.malformed;
  }
  const first = results.filter((r) => r.counters.firstMalformedRange !== undefined).toSorted((a, b) => a.counters.firstMalformedRange! - b.counters.firstMalformedRange!)[0];
  if (first !== undefined) counters.firstMalformedReason ??= first.counters.firstMalformedReason;
  return results.some((result) => result.stopped);
}

interface RangeWorker {
  result: Promise<RangeResult>;
  /** Asks it to answer now with what it has read. */
  stop(): void;
  terminate(): Promise<number>;
}

function runWorker(file: string, path: string, bounds: readonly number[], queue: Int32Array): RangeWorker {
  // A parsing worker allocates almost nothing per line; a small young generation keeps its RSS
  // (and so the process's) low — the memory bar is for the whole process.
  const worker = new Worker(file, { workerData: { path, bounds, queue }, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 256 } });
  const result = new Promise<RangeResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`replay worker exited with code ${code} before it answered`)));
  });
  return { result, stop: () => worker.postMessage('stop'), terminate: () => worker.terminate() };
}
