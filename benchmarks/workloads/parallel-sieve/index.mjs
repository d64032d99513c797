// Benchmark workload `parallel-sieve`: the prime-sieve work split across worker threads. Lambda adds
// vCPUs as memory grows (one at 1,769 MB, up to six at 10,240 MB), so unlike prime-sieve this keeps
// getting faster past 1,769 MB — as long as there are threads to use them.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';
import { Worker } from 'node:worker_threads';

const DEFAULT_LIMIT = 1_000_000;
const DEFAULT_REPEAT = 1000;
const MAX_LIMIT = 50_000_000;
const MAX_REPEAT = 1_000_000;
const MAX_THREADS = 64;

function integerField(event, name, fallback, min, max) {
  const value = event?.[name] ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function runWorker(limit, repeat) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { limit, repeat } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`sieve worker exited with code ${code}`));
    });
  });
}

/** Share `repeat` sieves out as evenly as possible: 10 over 4 threads → [3, 3, 2, 2]. */
export function shares(repeat, threads) {
  return Array.from({ length: threads }, (_, i) => Math.floor(repeat / threads) + (i < repeat % threads ? 1 : 0));
}

/** Payload `{ "limit": 1000000, "repeat": 1000, "threads": <vCPUs> }` (all optional). */
export async function handler(event) {
  const limit = integerField(event, 'limit', DEFAULT_LIMIT, 0, MAX_LIMIT);
  const repeat = integerField(event, 'repeat', DEFAULT_REPEAT, 0, MAX_REPEAT);
  const threads = integerField(event, 'threads', availableParallelism(), 1, MAX_THREADS);
  const start = performance.now();
  const results = await Promise.all(
    shares(repeat, threads)
      .filter((n) => n > 0)
      .map((n) => runWorker(limit, n)),
  );
  const counts = new Set(results.map((r) => r.count));
  if (counts.size > 1) throw new Error(`workers disagree on the prime count: ${[...counts].join(', ')}`);
  return {
    limit,
    repeat,
    threads,
    count: results[0]?.count ?? null,
    ms: Math.round((performance.now() - start) * 100) / 100,
  };
}
