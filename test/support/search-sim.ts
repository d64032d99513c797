/**
 * A fast simulator of a tune run, no HTTP: a SizingDriver against the resource model with seeded
 * uniform jitter (as the fake endpoint's execution.ts), cold starts per environment, and Lambda's
 * billing. Used by the search's unit tests and benchmarks/perf/search.
 */
import { analyse } from '../../src/analysis/report.js';
import { resolvePrice } from '../../src/pricing/index.js';
import { gbSeconds, invocationCost } from '../../src/pricing/index.js';
import { meetingSlo, optimum, shortfall, type Objective } from '../../src/search/curve.js';
import { predictDurationMs, type ResourceModel } from '../../src/search/resources.js';
import { SampleSet } from '../../src/stats/index.js';
import type { SizingDriver } from '../../src/tune/driver.js';
import type { CurvePoint, InvocationRecord, PriceRow, Report, Strategy } from '../../src/types.js';
import { seededRandom } from './fake-aws/ids.js';

export interface SimFunction extends ResourceModel {
  /** Relative jitter: each duration × (1 ± up to this), uniform. */
  jitter: number;
  initMs: number;
  /** Below this size every invocation dies with Runtime.OutOfMemory (as the fake's WorkModel). */
  minMemoryMB?: number;
  /** Max Memory Used of a successful invocation (default 80 MB), capped at the size. */
  usedMemoryMB?: number;
  /** Extra time the resource model leaves out (GC pressure, a memory-hungry runtime): duration × (1 + this(memoryMB)). */
  slowdown?: (memoryMB: number) => number;
}

export interface SimGoal {
  strategy: Strategy;
  weight: number;
  maxDurationMs?: number;
}

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

export const PRICE: PriceRow = resolvePrice({ region: 'us-east-1', architecture: 'x86_64' });

export function simulate(driver: SizingDriver, fn: SimFunction, goal: SimGoal, opts: { seed: number; concurrency: number; prepareMs?: number; discard?: number }): SimResult {
  const random = seededRandom(opts.seed);
  const observed = new Map<number, InvocationRecord[]>();
  const environments = new Map<number, number>();
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
      const envs = environments.get(memoryMB) ?? 0;
      const parallel = Math.min(concurrency ?? opts.concurrency, opts.concurrency);
      // The first wave runs min(n, parallel) at once: any beyond the idle environments start cold.
      const cold = Math.max(0, Math.min(invocations, parallel) - envs);
      let sizeMs = 0;
      environments.set(memoryMB, envs + cold);
      const list = observed.get(memoryMB) ?? [];
      for (let i = 0; i < invocations; i += 1) {
        const r = invocation(fn, memoryMB, i < cold, random());
        list.push(r);
        records.push(r);
        busyMs += r.durationMs + (r.initDurationMs ?? 0);
        sizeMs += r.durationMs + (r.initDurationMs ?? 0);
      }
      // A size's own cap makes its invocations a chain of ⌈n / parallel⌉ waves.
      longest = Math.max(longest, sizeMs / Math.min(parallel, invocations));
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
    pricing: { region: 'us-east-1', architecture: 'x86_64', per: 1_000_000 },
    strategy: { name: goal.strategy, weight: goal.weight, maxDurationMs: goal.maxDurationMs },
    discard: opts.discard ?? 0.2,
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

export function trueDurationMs(fn: SimFunction, memoryMB: number): number {
  return predictDurationMs(fn, memoryMB) * (1 + (fn.slowdown?.(memoryMB) ?? 0));
}

function invocation(fn: SimFunction, memoryMB: number, cold: boolean, u: number): InvocationRecord {
  const durationMs = Math.round(trueDurationMs(fn, memoryMB) * (1 + fn.jitter * (2 * u - 1)) * 1000) / 1000;
  const initDurationMs = cold ? fn.initMs : undefined;
  const r: InvocationRecord = {
    memoryMB,
    durationMs,
    billedDurationMs: Math.ceil(durationMs + (initDurationMs ?? 0) - 1e-9),
    maxMemoryUsedMB: Math.min(memoryMB, fn.usedMemoryMB ?? 80),
    status: 'success',
    logFormat: 'text',
  };
  if (initDurationMs !== undefined) r.initDurationMs = initDurationMs;
  if (fn.minMemoryMB !== undefined && memoryMB < fn.minMemoryMB) {
    r.status = 'error';
    r.errorType = 'Runtime.OutOfMemory';
  }
  return r;
}

/**
 * The true optimum over 128…maxMB and how far `memoryMB` falls short of it (fraction), from the model
 * itself; with an SLO also how far the size's true p95 is above it (0 when it meets it: the analysis
 * judges the measured p95, a sample statistic).
 */
export function trueShortfall(fn: SimFunction, goal: SimGoal, memoryMB: number, maxMB = 10_240): { optimumMB: number; shortfall: number; p95Over: number } {
  // Uniform jitter ±j: the 95th percentile is 0.9·j above the mean.
  const objective: Objective = { ...goal, p95Ratio: 1 + 0.9 * fn.jitter };
  const curve = trueCurve(fn, fn.minMemoryMB ?? 128, maxMB);
  const best = optimum(meetingSlo(curve, objective), objective);
  if (!best) throw new Error('no size meets the SLO on the true curve');
  const point = trueCurve(fn, memoryMB, memoryMB)[0];
  if (!point) return { optimumMB: best.memoryMB, shortfall: Infinity, p95Over: 0 };
  const p95Over = goal.maxDurationMs === undefined ? 0 : Math.max(0, (point.durationMs * objective.p95Ratio) / goal.maxDurationMs - 1);
  return { optimumMB: best.memoryMB, shortfall: shortfall(point, best, objective, curve), p95Over };
}

function trueCurve(fn: SimFunction, minMB: number, maxMB: number): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let mb = minMB; mb <= maxMB; mb += 1) {
    const durationMs = trueDurationMs(fn, mb);
    points.push({ memoryMB: mb, durationMs, costUSD: invocationCost(mb, Math.ceil(durationMs), PRICE) });
  }
  return points;
}
