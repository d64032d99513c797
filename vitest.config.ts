import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'benchmarks/workloads/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Vitest's default is one worker less than the cores: a single worker on a 2-core machine. The
    // integration tests mostly wait (on the fake endpoint's latencies, child processes, timers), so one
    // worker more than the cores halves the suite there (about 200 s → 100 s) without starving the CPU.
    maxWorkers: availableParallelism() + 1,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
