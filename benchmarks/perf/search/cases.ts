/** The benchmark's functions (the endpoint's WorkModel figures) and goals; shared by bench.ts and simulate.ts. */
import type { SimFunction, SimGoal } from '../../../test/support/search-sim.js';

export interface SearchCase {
  name: string;
  fn: SimFunction;
  goal: SimGoal;
}

/** The 7-size default grid of peers (and of tune before the search). */
export const GRID = [128, 256, 512, 1024, 1536, 2048, 3008];

export const CASES: readonly SearchCase[] = [
  // Fastest at 1,769 MB (one vCPU); the grid offers 1,536 (slower) or 2,048 (dearer).
  { name: 'cpu, 1 thread, speed', fn: { cpuMs: 400, ioMs: 5, threads: 1, jitter: 0.1, initMs: 200 }, goal: { strategy: 'speed', weight: 0.5 } },
  // Fastest at 3,538 MB, above the grid's top.
  { name: 'cpu, 2 threads, speed', fn: { cpuMs: 800, ioMs: 5, threads: 2, jitter: 0.1, initMs: 200 }, goal: { strategy: 'speed', weight: 0.5 } },
  // p95 ≤ 850 ms is first met near 1,135 MB; the grid's next size up is 1,536.
  { name: 'io + cpu, p95 ≤ 850 ms', fn: { cpuMs: 300, ioMs: 300, threads: 1, jitter: 0.1, initMs: 200 }, goal: { strategy: 'cost', weight: 0.5, maxDurationMs: 850 } },
  // Cheapest at the smallest size, which the grid has too: the bar here is the spend.
  { name: 'io, cost', fn: { cpuMs: 20, ioMs: 500, threads: 1, jitter: 0.1, initMs: 200 }, goal: { strategy: 'cost', weight: 0.5 } },
  // Needs 290 MB (Max Memory Used), out of memory below 300 MB: cheapest just above; the grid's first working size is 512.
  { name: 'io, cost, OOM < 300 MB', fn: { cpuMs: 20, ioMs: 500, threads: 1, jitter: 0.1, initMs: 200, minMemoryMB: 300, usedMemoryMB: 290 }, goal: { strategy: 'cost', weight: 0.5 } },
];
