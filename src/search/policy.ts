/**
 * The search's next move, from what was measured. Pure: the same records and ledger give the same
 * step. The model guides where to measure; the answer is always a measured size, confirmed by
 * measurement. In order:
 *   1. top up sizes left with fewer than `minWarm` warm invocations (cold starts ate them), and
 *      measure further the sizes whose invocations are still getting faster (warm-up);
 *   2. probe: 256 and 1024 MB (1024, 1769 and 3538 MB for `speed`, whose answer is a knee: one
 *      vCPU's, two vCPUs' or in between);
 *   3. guide: fit the resource model (fit.ts); while it is untested (two points: a two-parameter
 *      curve fits them exactly) or trusted (judged good on held-out points), measure where it puts
 *      the strategy's optimum — that size is the fit's held-out test — and, except for speed,
 *      above the knee when the optimum is near it; a fit judged bad guides nothing;
 *   4. bracket, without an SLO (refine.ts): measure between the best measured size and its measured
 *      neighbours until they are close enough in memory to hide nothing of weight (4 % where the
 *      neighbour falls short — a knee, out of memory —, 12 % where it is nearly as good), by the
 *      measurements alone; a trusted model closes only sides narrower than 25 % that its optimum
 *      is not in. With an SLO (bracket.ts): measure in the gaps next to the pick where a size not
 *      measured could still be better by more than 3 % (by the trusted curve, or else by the
 *      shape constraints alone), halving them in log-memory, until none is left or sizes run out;
 *   5. confirm (confirm.ts): an SLO's p95 by its upper bound (59 warm values); a tie by measuring the
 *      contenders until the pick is within 3 % of each at 95 % confidence; a skewed sample's mean by
 *      enough values for its interval;
 *   6. done: `confirmed` when all of that holds, `budget` when the caps stopped it first.
 */
import { P95_BOUND_MIN_SAMPLES, stillWarming } from '../stats/index.js';
import { MB_PER_VCPU, predictDurationMs } from '../resources/index.js';
import { curvePoint, denseCurve, meetingSlo, optimum, type Objective } from './curve.js';
import { fitModel, maxThreads, MIN_POINTS, type Fit } from './fit.js';
import { openGaps, type Curves } from './bracket.js';
import { bracket, MEMORY_HEADROOM, type Side } from './refine.js';
import { confirmStep } from './confirm.js';
import { sloHedge } from './slo-hedge.js';
import { cleanSizes, p95Ratio, toPoint, type SearchConfig, type SearchView } from './view.js';
import type { CurvePoint } from '../types.js';
import { Budget, NEAR, type Bounds, type Ledger, type Request } from './budget.js';
import type { Gap } from './shape.js';

export type { Bounds, Ledger, Request } from './budget.js';
export { NEAR } from './budget.js';

/** The failure boundary (out of memory below some size) is looked for to this resolution at least. */
export const STEP_MB = 64;
/** New sizes bracketing the pick per round. */
const BRACKETS_PER_ROUND = 2;

export type Stopped = 'confirmed' | 'budget' | 'none';

export type Decision =
  | { kind: 'measure'; sizes: Request[]; note: string; method: 'model' | 'fallback'; fit?: Fit }
  | { kind: 'done'; reason: string; method: 'model' | 'fallback'; fit?: Fit; stopped: Stopped; warnings: string[] };

export function decide(view: SearchView, ledger: Ledger, config: SearchConfig): Decision {
  const bounds = boundsOf(view, ledger, config);
  const budget = new Budget(view, ledger, config);
  const topUps = budget.topUps();
  if (topUps.length > 0) return { kind: 'measure', sizes: topUps, note: `topping up to ${config.minWarm} warm invocations`, method: 'model' };
  // The steady state first: a size whose warm invocations are still getting faster is measured
  // further (its warm-up is split off by the analysis once the steady state shows).
  const warming = cleanSizes(view)
    .filter((s) => stillWarming(s.durations) || ((s.result.warmUp?.count ?? 0) > 0 && s.durations.length < 2 * config.minWarm))
    .map((s) => s.memoryMB);
  const longer = budget.more(warming);
  if (longer.length > 0)
    return {
      kind: 'measure',
      sizes: longer,
      note: `still getting faster invocation by invocation (warm-up): measuring ${sizesText(longer)} further for the steady state`,
      method: 'model',
    };
  const probes = budget.newSizes(initialProbes(config, bounds));
  // Once a warm-up showed, a new size's first batch runs past it, so its figures are the steady state's.
  const warmUp = Math.max(0, ...cleanSizes(view).map((s) => s.result.warmUp?.count ?? 0));
  const firstBatch = (): number => config.minWarm + warmUp;
  if (probes.length > 0) return { kind: 'measure', sizes: probes, note: 'probing the range', method: 'model' };

  const points = cleanSizes(view).map(toPoint);
  const fit = fitModel(points, maxThreads(bounds.maxMB));
  const method = fit?.good ? 'model' : 'fallback';
  const measure = (sizes: Request[], note: string): Decision => ({ kind: 'measure', sizes, note, method, fit });
  const edge = failureEdge(view, ledger);
  if (!fit && edge) {
    const asks = budget.newSizes([edge], firstBatch);
    if (asks.length > 0) return measure(asks, `smaller sizes failed: narrowing down where they start to work (${edge} MB)`);
  }

  // Once an SLO is being confirmed (a size has its 59 warm values), no new size is guided or
  // bracketed: each would need as many; the confirmation picks its own next size.
  const confirming = config.maxDurationMs !== undefined && cleanSizes(view).some((s) => s.warm >= P95_BOUND_MIN_SAMPLES);

  // 3. The guide.
  const guided = !confirming && fit && (fit.good || points.length < MIN_POINTS) ? guide(view, config, bounds, fit, edge) : undefined;
  if (guided) {
    const asks = budget.newSizes(guided.targets, firstBatch);
    if (asks.length > 0) return measure(asks, `${guided.label}: measuring ${sizesText(asks)}`);
  }
  // Without a trusted model an SLO's bracket rests on the shape bounds (bracket.ts), any other on the measured neighbours (refine.ts).
  const alone = config.maxDurationMs === undefined ? 'measured sizes alone' : 'the shape alone';
  const trust = fit?.good ? 'the fitted model, judged on held-out sizes' : fit ? `${alone} (the model does not fit ${misfitText(fit)})` : alone;

  // 4. The bracket: an SLO's by what unmeasured sizes could gain (bracket.ts); otherwise by measured neighbours (refine.ts).
  const asked = [...ledger.asked.keys()];
  const curves = fit?.good ? curvesOf(view, config, fit) : undefined;
  let open: string[] = [];
  if (config.maxDurationMs === undefined) {
    const fresh = (mb: number): boolean => !asked.some((a) => Math.abs(a - mb) <= NEAR * mb);
    const around = bracket(view, config, bounds, fit?.good ? guided?.optimumMB : undefined);
    // A side with no size left to try (its target within NEAR of a size asked for) is as narrow as sizes go.
    const sides = around.open.filter((side) => fresh(side.atMB));
    if (sides.length > 0) {
      const asks = budget.newSizes(
        sides.slice(0, BRACKETS_PER_ROUND).map((side) => side.atMB),
        firstBatch,
      );
      if (asks.length > 0)
        return measure(asks, `bracketing ${around.best?.memoryMB ?? 'the goal'}${around.best ? ' MB' : ''} by ${trust}: measuring ${sizesText(asks)}`);
    }
    open = view.pick === undefined ? [] : sides.map((side) => sideWarning(view.pick!, side));
  } else {
    // A gap with no size left to try (every one within NEAR of a size asked for) is as narrow as sizes go.
    const gapsOpen = (view.pick === undefined ? [] : openGaps(view, config, bounds, curves)).filter(
      (g) => bracketTarget(g, edge, bounds, fit?.good === true, asked).length > 0,
    );
    if (!confirming && gapsOpen.length > 0) {
      const targets = gapsOpen.slice(0, BRACKETS_PER_ROUND).flatMap((g) => bracketTarget(g, edge, bounds, fit?.good === true, asked));
      const asks = budget.newSizes(targets, firstBatch);
      if (asks.length > 0) return measure(asks, `bracketing ${view.pick} MB by ${trust}: measuring ${sizesText(asks)}`);
    }
    open = view.pick === undefined ? [] : gapsOpen.map((g) => gapWarning(view.pick!, g));
  }
  const confirm = confirmStep(view, config, budget, bounds, curves?.p95Ms);
  if (confirm.kind === 'measure') return measure(confirm.sizes, confirm.note);
  if (view.pick === undefined) {
    const slo = config.maxDurationMs;
    const reason =
      cleanSizes(view).length === 0
        ? 'no size ran without errors'
        : slo === undefined
          ? 'no measured size qualifies'
          : `no measured size is confirmed to meet p95 ≤ ${slo} ms`;
    const warnings =
      cleanSizes(view).length > 0 && slo !== undefined
        ? [
            `the search stopped at its caps with no answer: p95 ≤ ${slo} ms is not confirmed at any size it measured (an upper 95 % bound of a p95 needs ${P95_BOUND_MIN_SAMPLES} warm invocations within it)`,
          ]
        : [];
    return { kind: 'done', reason, method, fit, stopped: 'none', warnings };
  }

  const unresolved = [...open, ...confirm.unresolved];
  if (unresolved.length === 0) {
    return {
      kind: 'done',
      reason: `confirmed: ${view.pick} MB is the measured best, bracketed by ${trust}${confirm.held.length > 0 ? `; ${confirm.held.join('; ')}` : ''}`,
      method,
      fit,
      stopped: 'confirmed',
      warnings: [],
    };
  }
  return {
    kind: 'done',
    reason: `at the caps: ${view.pick} MB is the measured best; ${unresolved.join('; ')}`,
    method,
    fit,
    stopped: 'budget',
    warnings: unresolved.map((u) => `the search stopped at its caps with its answer unconfirmed: ${u}`),
  };
}

function sizesText(asks: readonly Request[]): string {
  return asks.map((a) => `${a.memoryMB} MB`).join(', ');
}

function misfitText(fit: Fit): string {
  if (fit.misfits.length === 0) return 'enough sizes to judge it';
  return `${fit.misfits.map((mb) => `${mb} MB`).join(', ')}${Number.isFinite(fit.heldOutResidualPercent) ? `, held-out residual up to ${Math.round(fit.heldOutResidualPercent)} %` : ''}`;
}

function sideWarning(pick: number, side: Side): string {
  return `a size between ${side.lowMB} and ${side.highMB} MB, not measured, could be better than ${pick} MB (${side.why})`;
}

function gapWarning(pick: number, g: Gap): string {
  return `a size between ${g.lowMB} and ${g.highMB} MB, not measured, could be up to ${Math.round(g.gain * 100)} % better than ${pick} MB`;
}

/**
 * Where to measure in an open gap: with a trusted model, where its gain peaks; otherwise halfway in
 * log-memory (a gap's bound is loosest far from its ends), or the range's end when the gap reaches
 * it and is narrow; the failure boundary's own guess below the smallest clean size. Nothing when
 * every choice is within NEAR of a size already asked for (the gap is as narrow as sizes go).
 */
function bracketTarget(g: Gap, edge: number | undefined, bounds: Bounds, trusted: boolean, asked: readonly number[]): number[] {
  const mid = Math.round(Math.sqrt(g.lowMB * g.highMB));
  const atEnd = g.lowMB <= bounds.minMB ? g.lowMB : g.highMB >= bounds.maxMB ? g.highMB : undefined;
  const choices = [
    ...(edge !== undefined && edge >= g.lowMB && edge <= g.highMB ? [edge] : []),
    ...(trusted ? [g.atMB] : []),
    ...(atEnd !== undefined && g.highMB / g.lowMB <= 1.25 ? [atEnd] : []),
    mid,
  ];
  const fresh = choices.find((mb) => !asked.some((a) => Math.abs(a - mb) <= NEAR * mb));
  return fresh === undefined ? [] : [fresh];
}

/** The model's optimum (and the knee's other side), for a fit that is trusted or not yet testable. */
function guide(
  view: SearchView,
  config: SearchConfig,
  bounds: Bounds,
  fit: Fit,
  edge: number | undefined,
): { targets: number[]; label: string; optimumMB?: number } {
  const objective = objectiveOf(view, fit, config);
  const smallestClean = Math.min(...cleanSizes(view).map((s) => s.memoryMB));
  // Once the failure boundary is found, the smallest clean size is where the range starts.
  const curveMin = !edge && bounds.minMB > config.minMB ? Math.min(bounds.maxMB, smallestClean) : bounds.minMB;
  const curve = sloFeasible(denseCurve(fit.model, curveMin, bounds.maxMB, config.price), view, config);
  // An SLO is aimed at with the hedge to spare (slo-hedge.ts): the size's p95 must be confirmed by its upper bound
  // (the maximum of 59 values), which lies above the p95 itself.
  const aim = objective.maxDurationMs === undefined ? objective : { ...objective, maxDurationMs: objective.maxDurationMs / (1 + sloHedge(view)) };
  const best = optimum(meetingSlo(curve, aim), objective);
  const knee = Math.min(bounds.maxMB, fit.model.threads * MB_PER_VCPU);
  const label = `io ${Math.round(fit.model.ioMs)} ms + cpu ${Math.round(fit.model.cpuMs)} ms over ${fit.model.threads} thread(s)${fit.good ? '' : ', to be tested'}`;
  if (!best) return { targets: [knee], label };
  if (edge && best.memoryMB < smallestClean) return { targets: [edge], label };
  const targets = [best.memoryMB];
  const aboveKnee = cleanSizes(view).some((s) => s.memoryMB > knee * (1 + NEAR));
  // Speed's bracket looks above the knee itself (refine.ts), once the side below is closed.
  if (config.strategy !== 'speed' && best.memoryMB >= 0.9 * knee && knee < bounds.maxMB && !aboveKnee) targets.push(Math.min(bounds.maxMB, knee + MB_PER_VCPU));
  return { targets, label, optimumMB: best.memoryMB };
}

/** A trusted model's curves: the duration, and the p95 fitted the same way to the measured p95s. */
function curvesOf(view: SearchView, config: SearchConfig, fit: Fit): Curves {
  const objective = objectiveOf(view, fit, config);
  return {
    durationMs: (mb) => predictDurationMs(fit.model, mb),
    p95Ms: (mb) => predictDurationMs(fit.model, mb) * objective.p95Ratio,
  };
}

/** The strategy on the curve; balanced normalised over the measured sizes, an SLO's p95 as the curve × the pooled p95 ratio. */
function objectiveOf(view: SearchView, fit: Fit, config: SearchConfig): Objective {
  const objective: Objective = {
    strategy: config.strategy,
    weight: config.weight,
    maxDurationMs: config.maxDurationMs,
    p95Ratio: p95Ratio(view),
    reference: cleanSizes(view).map((s) => curvePoint(fit.model, s.memoryMB, config.price)),
  };
  return objective;
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
  const probes = config.strategy === 'speed' ? [1024, MB_PER_VCPU, 2 * MB_PER_VCPU] : [256, 1024];
  return [...new Set(probes.map((mb) => Math.min(bounds.maxMB, Math.max(bounds.minMB, mb))))];
}

/**
 * Durations only fall as memory grows under the model, so a measured size whose p95 broke the SLO
 * rules out every size up to it and NEAR around it.
 */
function sloFeasible(curve: readonly CurvePoint[], view: SearchView, config: SearchConfig): CurvePoint[] {
  const slo = config.maxDurationMs;
  if (slo === undefined) return [...curve];
  const broken = cleanSizes(view)
    .filter((s) => s.result.durationMs!.p95 > slo)
    .map((s) => s.memoryMB);
  // Just past NEAR of the broken size, or the next target would count as already measured.
  const limit = Math.max(0, ...broken.map((mb) => mb / (1 - NEAR)));
  return curve.filter((p) => p.memoryMB > limit);
}
