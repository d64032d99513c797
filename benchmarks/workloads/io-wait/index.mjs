// Benchmark workload `io-wait`: waits without using the CPU, like a function that mostly awaits a
// database or an HTTP API. Duration does not depend on memory, so every extra MB only adds cost.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const DEFAULT_MS = 500;
// Lambda's timeout is at most 900 s.
const MAX_MS = 900_000;

/** Payload `{ "ms": 500 }` (optional). */
export async function handler(event) {
  const ms = event?.ms ?? DEFAULT_MS;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_MS) {
    throw new RangeError(`ms must be a number from 0 to ${MAX_MS}, got ${JSON.stringify(ms)}`);
  }
  const start = performance.now();
  await sleep(ms);
  return { ms, waitedMs: Math.round((performance.now() - start) * 100) / 100 };
}
