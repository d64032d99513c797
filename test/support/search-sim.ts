/**
 * A fast simulator of a tune run, no HTTP: a SizingDriver against the fake endpoint's own performance
 * model (fake-aws/performance.ts through execution.ts' runInvocation: the same seeded draws, the
 * deviations of issue 17), execution environments per size (cold starts, each one's warm-up), and
 * Lambda's billing. Used by the search's unit tests and benchmarks/perf/search.
 */
import { analyse } from '../../src/analysis/report.js';
import { gbSeconds } from '../../src/pricing/index.js';
import { SampleSet } from '../../src/stats/index.js';
import type { SizingDriver } from '../../src/tune/driver.js';
import type { InvocationRecord, Report } from '../../src/types.js';
import { runInvocation, type InvocationInput } from './fake-aws/execution.js';
import { seededRandom } from './fake-aws/ids.js';
import { DEFAULT_WORK, type WorkModel } from './fake-aws/types.js';
import { judge, type Goal } from './truth.js';

export { PRICE } from './truth.js';

/**
 * A function for the simulator and the benchmark: the endpoint's WorkModel, of which the textbook
 * curve's figures are required. Unlike the endpoint's default (60 + 20 MB), Max Memory Used is
 * `usedMemoryMB` alone (default 80 MB).
 */
export type SimFunction = Partial<WorkModel> &
  Pick<WorkModel, 'cpuMs' | 'ioMs' | 'threads' | 'jitter' | 'initMs'> & {
    /** Function timeout (default 900 s, Lambda's largest). */
    timeoutS?: number;
  };

export type SimGoal = Goal;

export interface SimResult {
  report: Report;
  records: InvocationRecord[];
  rounds: number;
  invocations: number;
  sizes: number;
  gbSeconds: number;
  /** Modelled wall time: per round, a preparation per new size, then the invocations over `concurrency` slots (each size within its own cap). */
  wallMs: number;
}

const works = new WeakMap<SimFunction, WorkModel>();

/** The endpoint's WorkModel of a SimFunction (the same object each time, so truth.ts caches its curve once). */
export function workOf(fn: SimFunction): WorkModel {
  let work = works.get(fn);
  if (!work) {
    work = { ...DEFAULT_WORK, baseMemoryMB: 0, usedMemoryMB: 80, ...fn };
    works.set(fn, work);
  }
  return work;
}

export function simulate(
  driver: SizingDriver,
  fn: SimFunction,
  goal: SimGoal,
  opts: { seed: number; concurrency: number; prepareMs?: number; discard?: number },
): SimResult {
  const work = workOf(fn);
  const random = seededRandom(opts.seed);
  const observed = new Map<number, InvocationRecord[]>();
  // Per size, each execution environment's count of invocations so far.
  const environments = new Map<number, number[]>();
  const records: InvocationRecord[] = [];
  let rounds = 0;
  let wallMs = 0;
  for (let step = driver.next(observed); step.kind === 'measure'; step = driver.next(observed)) {
    rounds += 1;
    if (rounds > 100) throw new Error('the driver did not finish in 100 rounds');
    let busyMs = 0;
    let longest = 0;
    for (const { memoryMB, invocations, concurrency } of step.sizes) {
      if (!environments.has(memoryMB)) wallMs += opts.prepareMs ?? 0;
      const envs = environments.get(memoryMB) ?? [];
      environments.set(memoryMB, envs);
      const parallel = Math.min(concurrency ?? opts.concurrency, opts.concurrency);
      // The first wave runs min(n, parallel) at once: any beyond the idle environments start cold
      // (they go first), and later waves reuse the wave's environments in turn. An environment that
      // has run nothing yet (new, or replacing one a crash or timeout threw away) starts cold.
      const wave = Math.min(invocations, parallel);
      const cold = Math.max(0, wave - envs.length);
      const slots = [...Array.from({ length: cold }, (_, i) => envs.length + i), ...Array.from({ length: wave - cold }, (_, i) => i)];
      for (let i = 0; i < cold; i += 1) envs.push(0);
      let sizeMs = 0;
      const list = observed.get(memoryMB) ?? [];
      for (let i = 0; i < invocations; i += 1) {
        const slot = slots[i % wave] as number;
        const ran = envs[slot] as number;
        const { record: r, destroysEnvironment } = invocation({
          work,
          memoryMB,
          timeoutS: fn.timeoutS ?? 900,
          cold: ran === 0,
          environmentInvocation: ran,
          random,
          requestId: 'sim',
          event: {},
        });
        envs[slot] = destroysEnvironment ? 0 : ran + 1;
        list.push(r);
        records.push(r);
        busyMs += r.durationMs + (r.initDurationMs ?? 0);
        sizeMs += r.durationMs + (r.initDurationMs ?? 0);
      }
      // A size's own cap makes its invocations a chain of ⌈n / parallel⌉ waves.
      longest = Math.max(longest, sizeMs / wave);
      observed.set(memoryMB, list);
    }
    wallMs += Math.max(longest, busyMs / opts.concurrency);
  }
  const final = driver.next(observed);
  const samples = new SampleSet();
  for (const r of records) samples.add(r);
  const report = analyse({
    source: 'tune',
    samples,
    functionInfo: { name: 'sim', architecture: 'x86_64' },
    region: 'us-east-1',
    architecture: 'x86_64',
    settings: {
      strategy: { name: goal.strategy, weight: goal.weight, maxDurationMs: goal.maxDurationMs },
      discard: opts.discard ?? 0.2,
      pricing: { per: 1_000_000 },
    },
    // What the driver could not confirm, first, as tune's engine puts it (src/tune/run.ts).
    warnings: final.kind === 'done' ? (final.warnings ?? []) : [],
  });
  if (final.kind === 'done' && final.search) report.search = final.search;
  return {
    report,
    records,
    rounds,
    invocations: records.length,
    sizes: observed.size,
    gbSeconds: records.reduce((sum, r) => sum + gbSeconds(r.memoryMB, r.billedDurationMs), 0),
    wallMs,
  };
}

/** One invocation through the endpoint's own execution model, as the REPORT line would give it. */
function invocation(input: InvocationInput): { record: InvocationRecord; destroysEnvironment: boolean } {
  const outcome = runInvocation(input);
  const r: InvocationRecord = {
    memoryMB: input.memoryMB,
    durationMs: outcome.durationMs,
    billedDurationMs: outcome.billedDurationMs,
    maxMemoryUsedMB: outcome.maxMemoryUsedMB,
    status: outcome.status,
    logFormat: 'text',
  };
  if (outcome.initDurationMs !== undefined) r.initDurationMs = outcome.initDurationMs;
  if (outcome.errorType !== undefined) r.errorType = outcome.errorType;
  return { record: r, destroysEnvironment: outcome.destroysEnvironment };
}

/**
 * The true optimum over 128…10,240 MB (truth.ts, from the model's expected steady state) and how far
 * `memoryMB` falls short of it (fraction); with an SLO also how far the size's true p95 is above it.
 */
export function trueShortfall(fn: SimFunction, goal: SimGoal, memoryMB: number): { optimumMB: number; shortfall: number; p95Over: number } {
  const verdict = judge(workOf(fn), goal, Number.isFinite(memoryMB) ? memoryMB : undefined);
  if (!verdict.optimum) throw new Error('no size meets the SLO on the true curve');
  return { optimumMB: verdict.optimum.memoryMB, shortfall: verdict.miss, p95Over: verdict.p95Over };
}

/** A size's records as a run returns them: two cold starts at `ms`, then one warm invocation of `ms` × each factor, in turn. */
export function sizeRecords(memoryMB: number, ms: number, factors: readonly number[]): InvocationRecord[] {
  const record = (durationMs: number, cold: boolean): InvocationRecord => ({
    memoryMB,
    durationMs,
    billedDurationMs: Math.ceil(durationMs),
    maxMemoryUsedMB: 80,
    status: 'success',
    logFormat: 'text',
    ...(cold ? { initDurationMs: 200 } : {}),
  });
  return [record(ms, true), record(ms, true), ...factors.map((f) => record(ms * f, false))];
}
