/**
 * `tune` without `--memory`: the SizingDriver that searches the whole range. It keeps only a ledger
 * of what it asked for; every decision is policy.ts's, from the records.
 */
import { DEFAULTS } from '../config/defaults.js';
import { P95_BOUND_MIN_SAMPLES } from '../stats/index.js';
import { formatMB } from '../format.js';
import type { DriverPlan, DriverStep, Observations, SizingDriver } from '../tune/index.js';
import type { PriceRow, SearchReport, Strategy } from '../types.js';
import { answerOf } from './answer.js';
import { reportCurve } from './curve.js';
import { boundsOf, decide, type Decision } from './policy.js';
import { observe, type SearchConfig, type SearchView } from './view.js';

export interface SearchOptions {
  strategy: Strategy;
  weight: number;
  maxDurationMs?: number;
  discard: number;
  price: PriceRow;
  /** The run's parallel invocations (`--concurrency`). */
  concurrency: number;
  /** `--invocations`: raises the cap per size above its default (the per-size parallelism + 4 × the warm minimum). */
  invocations: number;
  minMB?: number;
  maxMB?: number;
}

/** Distinct sizes a search measures at most. */
export const MAX_SIZES = 10;
/**
 * Invocations of one size at once: at least this, or a quarter of `--concurrency`. Every
 * invocation in flight holds an execution environment and each new one starts cold, so a size gets
 * its warm invocations after two or three cold starts instead of `--concurrency` of them (with
 * -c 5 half of the first ten invocations were cold); the sizes of a round still run side by side
 * within `--concurrency`, and a quarter of it keeps the wall time below the grid's.
 */
export const PER_SIZE_PARALLEL = 2;

/** The search's caps, which bound its cost before anything runs (they depend on whether there is an SLO, not on the strategy). */
export function searchLimits(
  concurrency: number,
  invocations: number,
  maxDurationMs?: number,
): { maxInvocations: number; maxMemoryMB: number; maxSizes: number } {
  const price = { region: '', architecture: 'x86_64' as const, gbSecondUSD: 0, requestUSD: 0, asOf: '' };
  const config = searchConfig({
    strategy: 'cost',
    weight: 0,
    discard: 0,
    price,
    concurrency,
    invocations,
    ...(maxDurationMs === undefined ? {} : { maxDurationMs }),
  });
  return { maxInvocations: config.maxInvocations, maxMemoryMB: config.maxMB, maxSizes: config.maxSizes };
}

/** The search spends at most this share of the GB-seconds the 7-size × 20 grid would spend on the function (estimated as it goes: budget.ts)… */
export const SPEND = 0.45;
/** …or, with an SLO, whose bound needs 59 warm values at a size, this share. */
export const SLO_SPEND = 0.75;

export function searchConfig(options: SearchOptions): SearchConfig {
  const minWarm = DEFAULTS.minWarmSamples;
  const parallel = Math.min(Math.max(1, options.concurrency), Math.max(PER_SIZE_PARALLEL, Math.ceil(options.concurrency / 4)));
  const config: SearchConfig = {
    strategy: options.strategy,
    weight: options.weight,
    discard: options.discard,
    price: options.price,
    minMB: options.minMB ?? DEFAULTS.minMemoryMB,
    maxMB: options.maxMB ?? DEFAULTS.maxMemoryMB,
    parallel,
    minWarm,
    perSizeCap: Math.max(options.invocations, parallel + 4 * minWarm),
    sloCap: options.maxDurationMs === undefined ? 0 : parallel + P95_BOUND_MIN_SAMPLES,
    maxSizes: MAX_SIZES,
    maxInvocations: MAX_SIZES * (parallel + 2 * minWarm),
    spend: options.maxDurationMs === undefined ? SPEND : SLO_SPEND,
  };
  if (options.maxDurationMs !== undefined) config.maxDurationMs = options.maxDurationMs;
  return config;
}

export class SearchDriver implements SizingDriver {
  readonly #config: SearchConfig;
  readonly #asked = new Map<number, number>();
  #rounds = 0;

  constructor(options: SearchOptions) {
    this.#config = searchConfig(options);
  }

  plan(): DriverPlan {
    const c = this.#config;
    const goal = c.maxDurationMs === undefined ? c.strategy : `${c.strategy} with p95 ≤ ${c.maxDurationMs} ms`;
    return {
      summary:
        `searches ${formatMB(c.minMB)}–${formatMB(c.maxMB, { unit: true })} for ${goal}: probes a few sizes, fits Lambda's resource model ` +
        `(duration = io + cpu / min(memory / 1769 MB, threads)) and measures where it puts the best size while it predicts sizes it was not fitted to; ` +
        `the answer is a measured size, bracketed by measured sizes, within 3 % of any size it cannot be told apart from (measured more until it is)` +
        `${c.maxDurationMs === undefined ? '' : `, its p95 confirmed by ${P95_BOUND_MIN_SAMPLES} warm invocations`}; ` +
        `${c.parallel} at a time per size (${c.parallel} cold starts, then ${c.minWarm} warm invocations); ` +
        `at most ${c.maxSizes} sizes, ${c.perSizeCap} invocations per size${c.sloCap > c.perSizeCap ? ` (${c.sloCap} where an SLO is confirmed)` : ''}, ${c.maxInvocations} in all, ` +
        `and ${Math.round(c.spend * 100)} % of the GB-seconds a 7-size × 20 grid would spend (estimated from the durations as they are measured)`,
      maxInvocations: c.maxInvocations,
      maxMemoryMB: c.maxMB,
      maxSizes: c.maxSizes,
    };
  }

  next(observed: Observations): DriverStep {
    const view = observe(observed, this.#config);
    const decision = decide(view, { asked: this.#asked }, this.#config);
    if (decision.kind === 'done') {
      const bounds = boundsOf(view, { asked: this.#asked }, this.#config);
      return { kind: 'done', note: decision.reason, search: this.#report(decision, bounds, view), warnings: decision.warnings };
    }
    this.#rounds += 1;
    for (const { memoryMB, invocations } of decision.sizes) this.#asked.set(memoryMB, (this.#asked.get(memoryMB) ?? 0) + invocations);
    return { kind: 'measure', sizes: decision.sizes, note: decision.note };
  }

  #report(decision: Extract<Decision, { kind: 'done' }>, bounds: { minMB: number; maxMB: number }, view: SearchView): SearchReport {
    const fit = decision.fit;
    const report: SearchReport = {
      method: decision.method,
      model: fit ? { ...fit.model } : null,
      fit: fit ? { r2: fit.r2, rmsePercent: fit.rmsePercent, maxResidualPercent: fit.maxResidualPercent, good: fit.good } : null,
      curve: fit
        ? reportCurve(
            fit.model,
            bounds.minMB,
            bounds.maxMB,
            this.#config.price,
            view.sizes.map((s) => s.memoryMB),
          )
        : [],
      range: bounds,
      rounds: this.#rounds,
      stoppedBecause: decision.reason,
      stopped: decision.stopped,
      minWarmSamples: this.#config.minWarm,
    };
    const answer = answerOf(view, bounds);
    if (answer) report.answer = answer;
    return report;
  }
}
