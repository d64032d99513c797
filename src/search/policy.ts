/**
 * The search's next move, from what was measured. Pure: the same records and ledger give the same
 * step. In order:
 *   1. top up sizes left with fewer than `minWarm` warm invocations (cold starts ate them);
 *   2. probe: 256 and 1024 MB (and 2 × 1769 MB for `speed`, whose answer is a knee);
 *   3. fit the resource model (fit.ts); when it fits and no measured size is already within
 *      SETTLED of its optimum, measure where the curve puts the strategy's optimum — for an SLO,
 *      where the same model fitted to the measured p95s meets it, with 15 warm invocations, and
 *      SLO_HEDGE above it — and above the knee k × 1769 MB when the optimum is near it and nothing
 *      above was measured (it tells k from k + 1 threads);
 *   4. with an SLO, confirm a pick whose p95 meets it by less than SLO_MARGIN;
 *   5. settled when the analysis's pick among the measured sizes is within SETTLED of the curve's
 *      optimum; otherwise sample the contenders (the pick, the size at the optimum, their ties)
 *      further — sizes clearly out of the running get no more invocations — until the caps;
 *   6. when the model does not fit, fall back to measuring more sizes (fallback.ts).
 */
import { MB_PER_VCPU, predictDurationMs } from './resources.js';
import { curvePoint, denseCurve, meetingSlo, optimum, shortfall, type Objective } from './curve.js';
import { fitForThreads, fitModel, maxThreads, type Fit } from './fit.js';
import { fallbackStep, STEP_MB } from './fallback.js';
import { cleanSizes, p95Ratio, toP95Point, toPoint, type SearchConfig, type SearchView, type SizeView } from './view.js';
import type { CurvePoint } from '../types.js';
import { Budget, CONFIRM_WARM, NEAR, type Bounds, type Ledger, type Request } from './budget.js';

export type { Bounds, Ledger, Request } from './budget.js';
export { NEAR } from './budget.js';

/** The pick is as good as the curve's optimum when it is at most this much worse on the curve. */
export const SETTLED = 0.03;
/** For an SLO: a second size this much above the predicted boundary, measured in the same round. */
export const SLO_HEDGE = 0.04;
/**
 * For an SLO: a pick whose p95 is within this fraction below the SLO is confirmed with
 * CONFIRM_WARM × `minWarm` warm invocations. A p95 of five values is close to their maximum, so it
 * errs low by a few percent.
 */
export const SLO_MARGIN = 0.04;

export type Decision =
  | { kind: 'measure'; sizes: Request[]; note: string; method: 'model' | 'fallback'; fit?: Fit }
  | { kind: 'done'; reason: string; method: 'model' | 'fallback'; fit?: Fit };

export function decide(view: SearchView, ledger: Ledger, config: SearchConfig): Decision {
  const bounds = boundsOf(view, ledger, config);
  const budget = new Budget(view, ledger, config);
  const topUps = budget.topUps();
  if (topUps.length > 0) return { kind: 'measure', sizes: topUps, note: `topping up to ${config.minWarm} warm invocations`, method: 'model' };
  const probes = budget.newSizes(initialProbes(config, bounds));
  if (probes.length > 0) return { kind: 'measure', sizes: probes, note: 'probing the range', method: 'model' };

  const fit = fitModel(cleanSizes(view).map(toPoint), maxThreads(bounds.maxMB));
  const edge = failureEdge(view, ledger);
  if (!fit && edge) {
    const asks = budget.newSizes([edge]);
    if (asks.length > 0) return { kind: 'measure', sizes: asks, note: `smaller sizes failed: narrowing down where they start to work (${edge} MB)`, method: 'model' };
  }
  if (!fit?.good) return fallbackStep(view, ledger, config, bounds, budget, fit);
  return modelStep({ view, ledger, config, bounds, budget, fit, edge });
}

interface ModelContext {
  view: SearchView;
  ledger: Ledger;
  config: SearchConfig;
  bounds: Bounds;
  budget: Budget;
  fit: Fit;
  /** The next size to try where sizes start to fail, if that is still open. */
  edge: number | undefined;
}

/** Steps 3–5, with a model that fits. */
function modelStep(m: ModelContext): Decision {
  const { view, ledger, config, bounds, budget, fit, edge } = m;
  const objective = objectiveOf(view, fit, config);
  const smallestClean = Math.min(...cleanSizes(view).map((s) => s.memoryMB));
  // Once the failure boundary is found to STEP_MB, the smallest clean size is where the range starts.
  const curveMin = !edge && bounds.minMB > config.minMB ? Math.min(bounds.maxMB, smallestClean) : bounds.minMB;
  const curve = sloFeasible(denseCurve(fit.model, curveMin, bounds.maxMB, config.price), view, config);
  const best = optimum(meetingSlo(curve, objective), objective);
  const knee = Math.min(bounds.maxMB, fit.model.threads * MB_PER_VCPU);
  // A measured pick already within SETTLED of the optimum makes measuring the optimum itself moot.
  const short = best && view.pick !== undefined ? shortfall(curvePoint(fit.model, view.pick, config.price), best, objective, curve) : Infinity;
  let targets = best ? modelTargets(best.memoryMB, short > SETTLED, knee, view, ledger, config, bounds) : [knee];
  // An optimum below the smallest clean size lies in the gap where sizes start to fail: bisect it.
  if (best && edge && best.memoryMB < smallestClean) targets = [edge];
  // The size at an SLO's predicted boundary gets the confirming count at once: a p95 of five values
  // errs low, so it would pass first and fail once confirmed, a round later.
  const confirmAt = config.maxDurationMs !== undefined && best ? best.memoryMB : undefined;
  const asks = budget.newSizes(targets, (mb) => (mb === confirmAt ? CONFIRM_WARM * config.minWarm : config.minWarm));
  const model = `io ${Math.round(fit.model.ioMs)} ms + cpu ${Math.round(fit.model.cpuMs)} ms over ${fit.model.threads} thread(s)`;
  const measure = (sizes: Request[], note: string): Decision => ({ kind: 'measure', sizes, note, method: 'model', fit });
  const done = (reason: string): Decision => ({ kind: 'done', reason, method: 'model', fit });
  if (asks.length > 0) return measure(asks, `${model}: measuring ${sizesText(asks)}`);
  if (!best) return done(`no size meets the p95 SLO, even at ${knee} MB where the curve stops improving`);
  if (view.pick === undefined) return done('no measured size qualifies');

  const close = sloUndecided(view, config, (mb) => predictedP95(objective, curvePoint(fit.model, mb, config.price)));
  const confirm = budget.confirm(close);
  if (confirm.length > 0) return measure(confirm, `confirming p95 ≤ ${config.maxDurationMs} ms at ${sizesText(confirm)}: too close to tell`);
  if (short <= SETTLED) return done(`settled: ${view.pick} MB is within ${Math.round(SETTLED * 100)} % of the curve's optimum (${best.memoryMB} MB)`);
  const more = budget.more([view.pick, nearestAsked(best.memoryMB, ledger), ...view.tiedWith]);
  if (more.length > 0) return measure(more, `sampling ${sizesText(more)}: the measured best is not yet the curve's`);
  return done(`at the cap: ${view.pick} MB is the measured best; the curve's optimum is ${best.memoryMB} MB`);
}

function sizesText(asks: readonly Request[]): string {
  return asks.map((a) => `${a.memoryMB} MB`).join(', ');
}

/** The strategy on the curve; balanced normalised over the measured sizes, an SLO's p95 from the p95 fit. */
function objectiveOf(view: SearchView, fit: Fit, config: SearchConfig): Objective {
  const objective: Objective = {
    strategy: config.strategy,
    weight: config.weight,
    maxDurationMs: config.maxDurationMs,
    p95Ratio: p95Ratio(view),
    reference: cleanSizes(view).map((s) => curvePoint(fit.model, s.memoryMB, config.price)),
  };
  const p95Model = config.maxDurationMs === undefined ? undefined : fitForThreads(cleanSizes(view).map(toP95Point), fit.model.threads);
  if (p95Model) objective.p95Ms = (mb) => predictDurationMs(p95Model, mb);
  return objective;
}

function predictedP95(objective: Objective, point: CurvePoint): number {
  return objective.p95Ms ? objective.p95Ms(point.memoryMB, point.durationMs) : point.durationMs * objective.p95Ratio;
}

/** The searched range, narrowed by what was learnt: sizes Lambda refused, sizes that failed below the smallest clean one. */
export function boundsOf(view: SearchView, ledger: Ledger, config: SearchConfig): Bounds {
  const measured = new Set(view.sizes.map((s) => s.memoryMB));
  const refused = [...ledger.asked.keys()].filter((mb) => !measured.has(mb));
  const maxMB = Math.min(config.maxMB, ...refused.map((mb) => mb - 1));
  const clean = view.sizes.filter((s) => s.errors === 0 && s.result.durationMs !== null).map((s) => s.memoryMB);
  const smallestClean = Math.min(...clean);
  const failedBelow = view.sizes.filter((s) => s.errors > 0 && s.memoryMB < smallestClean).map((s) => s.memoryMB);
  const minMB = Math.max(config.minMB, ...failedBelow.map((mb) => mb + 1));
  return { minMB, maxMB: Math.max(minMB, maxMB) };
}

/** Headroom over the peak Max Memory Used of the clean sizes, for the first guess at where sizes start to work. */
export const MEMORY_HEADROOM = 0.05;

/**
 * The next size to try between the largest size that failed below the smallest clean one and that
 * clean size, while they are more than STEP_MB apart; undefined when nothing failed there or the gap
 * is closed. First the clean sizes' peak Max Memory Used + MEMORY_HEADROOM (an out-of-memory
 * boundary sits just above the memory the function needs), then bisection (the boundary to STEP_MB
 * in log2(gap / STEP_MB) rounds).
 */
export function failureEdge(view: SearchView, ledger: Ledger): number | undefined {
  const clean = cleanSizes(view);
  if (clean.length === 0) return undefined;
  const smallest = Math.min(...clean.map((s) => s.memoryMB));
  const failed = view.sizes.filter((s) => s.errors > 0 && s.memoryMB < smallest).map((s) => s.memoryMB);
  if (failed.length === 0) return undefined;
  const largest = Math.max(...failed);
  if (smallest - largest <= STEP_MB) return undefined;
  const needed = Math.ceil(Math.max(...clean.map((s) => s.result.maxMemoryUsedMB)) * (1 + MEMORY_HEADROOM));
  const asked = [...ledger.asked.keys()];
  const fresh = needed > largest && needed < smallest && !asked.some((mb) => Math.abs(mb - needed) <= NEAR * needed);
  return fresh ? needed : Math.round((smallest + largest) / 2);
}

function initialProbes(config: SearchConfig, bounds: Bounds): number[] {
  const probes = [256, 1024, ...(config.strategy === 'speed' ? [2 * MB_PER_VCPU] : [])];
  return [...new Set(probes.map((mb) => Math.min(bounds.maxMB, Math.max(bounds.minMB, mb))))];
}

/**
 * Durations only fall as memory grows under the model, so a measured size whose p95 broke the SLO
 * rules out every size up to it and NEAR around it.
 */
function sloFeasible(curve: readonly CurvePoint[], view: SearchView, config: SearchConfig): CurvePoint[] {
  const slo = config.maxDurationMs;
  if (slo === undefined) return [...curve];
  const broken = cleanSizes(view).filter((s) => s.result.durationMs!.p95 > slo).map((s) => s.memoryMB);
  // Just past NEAR of the broken size, or the next target would count as already measured.
  const limit = Math.max(0, ...broken.map((mb) => mb / (1 - NEAR)));
  return curve.filter((p) => p.memoryMB > limit);
}

function modelTargets(bestMB: number, aim: boolean, knee: number, view: SearchView, ledger: Ledger, config: SearchConfig, bounds: Bounds): number[] {
  const targets = aim ? [bestMB] : [];
  const fresh = ![...ledger.asked.keys()].some((mb) => Math.abs(mb - bestMB) <= NEAR * bestMB);
  if (aim && config.maxDurationMs !== undefined && fresh) targets.push(Math.min(bounds.maxMB, Math.round(bestMB * (1 + SLO_HEDGE))));
  const aboveKnee = cleanSizes(view).some((s) => s.memoryMB > knee * (1 + NEAR));
  if (bestMB >= 0.9 * knee && knee < bounds.maxMB && !aboveKnee) targets.push(Math.min(bounds.maxMB, knee + MB_PER_VCPU));
  return targets;
}

/**
 * The pick, when its p95 meets the SLO by less than SLO_MARGIN — measured, or as the curve predicts
 * it (the fit pools every size's evidence, so it is steadier than five values' p95) — and with it
 * the next larger size that meets the SLO as narrowly, so that one round settles the pick or its
 * successor (five values' p95 errs low, so a narrow pass often fails once confirmed).
 */
function sloUndecided(view: SearchView, config: SearchConfig, predictedP95: (memoryMB: number) => number): number[] {
  const slo = config.maxDurationMs;
  if (slo === undefined || view.pick === undefined) return [];
  const narrow = (s: SizeView): boolean => Math.max(s.result.durationMs!.p95, predictedP95(s.memoryMB)) > slo * (1 - SLO_MARGIN);
  const passing = cleanSizes(view).filter((s) => s.memoryMB >= view.pick! && s.result.durationMs!.p95 <= slo && s.warm < CONFIRM_WARM * config.minWarm);
  const [pick, next] = passing;
  if (!pick || pick.memoryMB !== view.pick || !narrow(pick)) return [];
  return next && narrow(next) ? [pick.memoryMB, next.memoryMB] : [pick.memoryMB];
}

function nearestAsked(memoryMB: number, ledger: Ledger): number {
  return [...ledger.asked.keys()].toSorted((a, b) => Math.abs(a - memoryMB) - Math.abs(b - memoryMB))[0] ?? memoryMB;
}
