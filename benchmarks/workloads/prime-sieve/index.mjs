// Benchmark workload `prime-sieve`: the slide that started lambda-rightsize — "calculates 1.000 times
// all prime numbers <= 1.000.000". CPU-bound and single-threaded, so it speeds up with memory until
// one vCPU (1,769 MB) and not beyond.
import { performance } from 'node:perf_hooks';

const DEFAULT_LIMIT = 1_000_000;
const DEFAULT_REPEAT = 1000;
// A Uint8Array of limit + 1 bytes: keep it far below the smallest Lambda size (128 MB).
const MAX_LIMIT = 50_000_000;
const MAX_REPEAT = 1_000_000;

/** Number of primes ≤ limit (sieve of Eratosthenes). */
export function countPrimes(limit) {
  if (limit < 2) return 0;
  const composite = new Uint8Array(limit + 1);
  let count = 0;
  for (let n = 2; n <= limit; n++) {
    if (composite[n] === 1) continue;
    count++;
    for (let multiple = n * n; multiple <= limit; multiple += n) composite[multiple] = 1;
  }
  return count;
}

function integerField(event, name, fallback, max) {
  const value = event?.[name] ?? fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Payload `{ "limit": 1000000, "repeat": 1000 }` (both optional). */
export async function handler(event) {
  const limit = integerField(event, 'limit', DEFAULT_LIMIT, MAX_LIMIT);
  const repeat = integerField(event, 'repeat', DEFAULT_REPEAT, MAX_REPEAT);
  const start = performance.now();
  let count = 0;
  for (let i = 0; i < repeat; i++) count = countPrimes(limit);
  return { limit, repeat, count, ms: Math.round((performance.now() - start) * 100) / 100 };
}
