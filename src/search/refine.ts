/**
 * Step 4 of the search without an SLO, the bracket: where the next sizes go so that the answer is a
 * measured size with measured neighbours close on both sides. Pure, and model-free unless the model
 * is trusted. (An SLO's bracket is bracket.ts: its answer is also bounded by a p95 confirmed from 59
 * values, which the shape bound's gaps account for.)
 *
 * Each measured size is judged on robust figures — its trimmed mean duration (a tail of slow
 * invocations moves it little) and the cost of that duration — and is either *feasible* for the
 * goal or not:
 *   - speed: it may be as fast as the fastest level (analysis/ties.ts: within 1 % by its 95 %
 *     interval; the level is the durations made non-increasing in memory, a plateau's sizes
 *     pooled), as the analysis recommends;
 *   - otherwise every size that ran without errors.
 * The best is the feasible size with the lowest figure (cost for cost and speed — the cheapest of
 * the sizes as fast — and the balanced score). Its measured neighbours
 * bracket it; a side is narrowed (a new size between the best and that neighbour) until the two are
 * within a ratio of memory that cannot hide much: BOUNDARY_RATIO where the neighbour is infeasible
 * (the best sits on a boundary — a knee, out of memory — and the cost grows with memory
 * past it), INTERIOR_RATIO where both are feasible (a minimum of a smooth cost curve, where cost
 * changes little). A best at the smallest (largest) measured size that is not the range's end is
 * bracketed by a size half (twice) as large first. Where the model is trusted (fit.ts: judged good
 * on held-out sizes), a side no wider than MODEL_SPAN is narrowed only while the model's optimum
 * lies inside it.
 */
import { balancedScore, fastestLevel, mayBeAsFast, SPEED_SLACK } from '../analysis/index.js';
import { invocationCost } from '../pricing/index.js';
import { NEAR, type Bounds } from './budget.js';
import { cleanSizes, type SearchConfig, type SearchView, type SizeView } from './view.js';

/** A side whose neighbour is infeasible (fails, too slow, over the SLO) is narrowed to this ratio of memory. */
export const BOUNDARY_RATIO = 1.04;
/** A side whose neighbour is feasible too (the best is an interior minimum) is narrowed to this ratio. */
export const INTERIOR_RATIO = 1.12;
/** A trusted model closes a side no wider than this ratio of memory when its optimum is not inside. */
export const MODEL_SPAN = 1.25;
/** The crossing of a limit is aimed at this much above the line's guess, so that the next size most likely meets it and closes the bracket. */
export const CROSSING_MARGIN = 0.02;
/** Headroom over the peak Max Memory Used of the clean sizes: the first guess at where sizes start to work. */
export const MEMORY_HEADROOM = 0.05;

/** A measured size as the bracket judges it. */
export interface Judged {
  memoryMB: number;
  failing: boolean;
  feasible: boolean;
  /** The goal's figure, lower is better (Infinity for a failing size). */
  figure: number;
  /** Trimmed mean duration, ms (Infinity for a failing size). */
  durationMs: number;
}

export interface Side {
  lowMB: number;
  highMB: number;
  /** Where to measure next in it. */
  atMB: number;
  /** Why it is open, in words. */
  why: string;
}

export interface Bracket {
  /** The best feasible measured size, when there is one. */
  best?: Judged;
  /** The sides still too wide, best-first order: below, then above. */
  open: Side[];
}

/**
 * The bracket around the best measured size. `modelOptimum`, when given, is a trusted model's
 * optimum: a side that does not contain it is closed however wide it is.
 */
export function bracket(view: SearchView, config: SearchConfig, bounds: Bounds, modelOptimum?: number): Bracket {
  const judged = judge(view, config);
  const feasible = judged.filter((j) => j.feasible);
  // Nothing meets an SLO yet: confirm.ts screens the fastest size with more values, then goes up.
  if (feasible.length === 0) return { open: [] };
  const best = feasible.reduce((a, b) => (b.figure < a.figure * (1 - 1e-9) ? b : a));
  const below = judged.filter((j) => j.memoryMB < best.memoryMB).at(-1);
  const above = judged.find((j) => j.memoryMB > best.memoryMB);
  const open: Side[] = [];
  // A trusted model closes only a narrow side: a knee, where real curves leave the model, may hide in a wide one.
  const inside = (low: number, high: number): boolean =>
    modelOptimum === undefined || high / low > MODEL_SPAN || (modelOptimum > low * (1 + NEAR) && modelOptimum < high * (1 - NEAR));

  if (!below) {
    if (best.memoryMB > bounds.minMB * (1 + NEAR) && inside(bounds.minMB, best.memoryMB))
      open.push({
        lowMB: bounds.minMB,
        highMB: best.memoryMB,
        atMB: Math.max(bounds.minMB, Math.round(best.memoryMB / 2)),
        why: `${best.memoryMB} MB is the smallest size measured`,
      });
  } else {
    const ratio = below.feasible ? INTERIOR_RATIO : BOUNDARY_RATIO;
    if (best.memoryMB / below.memoryMB > ratio && inside(below.memoryMB, best.memoryMB))
      open.push({ lowMB: below.memoryMB, highMB: best.memoryMB, atMB: lowTarget(below, best, judged, view), why: sideWhy(below, best) });
  }
  // speed: sizes above the cheapest as fast are dearer and no faster. Only a best that is the one
  // size as fast may have faster ones above it, and that is looked at once the side below is closed
  // (a size found as fast below shows the level; 1.5× up costs half what 2× does).
  if (config.strategy === 'speed') {
    const alone = feasible.length === 1;
    // A trusted model whose optimum is at or below the best says the curve is flat above it.
    const flatAbove = modelOptimum !== undefined && modelOptimum <= best.memoryMB * (1 + NEAR);
    if (alone && !above && open.length === 0 && best.memoryMB < bounds.maxMB * (1 - NEAR) && !flatAbove)
      open.push({
        lowMB: best.memoryMB,
        highMB: bounds.maxMB,
        atMB: Math.min(bounds.maxMB, Math.round(best.memoryMB * 1.5)),
        why: `${best.memoryMB} MB is the fastest size measured, and the largest`,
      });
  } else if (!above) {
    if (best.memoryMB < bounds.maxMB * (1 - NEAR) && inside(best.memoryMB, bounds.maxMB))
      open.push({
        lowMB: best.memoryMB,
        highMB: bounds.maxMB,
        atMB: Math.min(bounds.maxMB, best.memoryMB * 2),
        why: `${best.memoryMB} MB is the largest size measured`,
      });
  } else {
    const ratio = above.feasible ? INTERIOR_RATIO : BOUNDARY_RATIO;
    if (above.memoryMB / best.memoryMB > ratio && inside(best.memoryMB, above.memoryMB))
      open.push({ lowMB: best.memoryMB, highMB: above.memoryMB, atMB: geometric(best.memoryMB, above.memoryMB, 0.5), why: sideWhy(above, best) });
  }
  return { best, open };
}

/** Every measured size, ascending, judged for the goal. */
export function judge(view: SearchView, config: SearchConfig): Judged[] {
  const clean = cleanSizes(view);
  const durations = clean.map((s) => s.result.durationMs!.trimmedMean);
  const level =
    config.strategy === 'speed'
      ? fastestLevel(
          durations,
          clean.map((s) => Math.max(1, s.durations.length)),
        )
      : 0;
  const cost = (s: SizeView): number => invocationCost(s.memoryMB, s.result.durationMs!.trimmedMean + 0.5, config.price);
  const score = config.strategy === 'balanced' ? balancedScore(config.weight, Math.max(...clean.map(cost)), Math.max(...durations)) : (c: number): number => c;
  const judged: Judged[] = view.sizes.map((s) => {
    const isClean = clean.includes(s);
    if (!isClean) return { memoryMB: s.memoryMB, failing: true, feasible: false, figure: Infinity, durationMs: Infinity };
    const ms = s.result.durationMs!.trimmedMean;
    const fastEnough =
      config.strategy !== 'speed' || mayBeAsFast({ speed: ms, samples: s.warm, ...(s.result.ci95 ? { speedCi: s.result.ci95.trimmedMeanMs } : {}) }, level);
    return { memoryMB: s.memoryMB, failing: false, feasible: fastEnough, figure: score(cost(s), ms), durationMs: ms };
  });
  return judged;
}

/** The point `t` (0–1) of the way from a to b in log-memory, whole MB. */
function geometric(a: number, b: number, t: number): number {
  return Math.round(a * (b / a) ** t);
}

/**
 * Where to measure between an infeasible (or failing) size and the best: a failing neighbour → the
 * clean sizes' peak memory + MEMORY_HEADROOM when it lies inside (an out-of-memory boundary sits
 * just above the memory the function needs), else halfway; a neighbour too slow →
 * where the figure reaches the limit (+ CROSSING_MARGIN), by the line in log-log space through that
 * neighbour and the size below it when both fall short (the slope still to come), else by the line
 * to the best (a knee makes that guess one-sided, so it is kept to the middle of the gap); a
 * feasible neighbour → halfway.
 */
function lowTarget(below: Judged, best: Judged, judged: readonly Judged[], view: SearchView): number {
  const mid = geometric(below.memoryMB, best.memoryMB, 0.5);
  if (below.failing) {
    const used = Math.max(...cleanSizes(view).map((s) => s.result.maxMemoryUsedMB));
    const needed = Math.ceil(used * (1 + MEMORY_HEADROOM));
    return needed > below.memoryMB * (1 + NEAR) && needed < best.memoryMB * (1 - NEAR) ? needed : mid;
  }
  if (below.feasible) return mid;
  const figure = (j: Judged): number => j.durationMs;
  const limit = Math.min(...judged.filter((j) => j.feasible).map((j) => j.durationMs)) * (1 + SPEED_SLACK);
  const fraction = (mb: number): number => Math.log(mb / below.memoryMB) / Math.log(best.memoryMB / below.memoryMB);
  const before = judged.filter((j) => j.memoryMB < below.memoryMB && !j.failing && !j.feasible).at(-1);
  if (before && figure(before) > figure(below) && figure(below) > limit) {
    const slope = Math.log(figure(before) / figure(below)) / Math.log(below.memoryMB / before.memoryMB);
    const crossing = below.memoryMB * (figure(below) / limit) ** (1 / slope) * (1 + CROSSING_MARGIN);
    return geometric(below.memoryMB, best.memoryMB, Math.min(0.85, Math.max(0.15, fraction(crossing))));
  }
  const low = figure(below);
  const high = figure(best);
  if (!(low > limit && high < low && high > 0)) return mid;
  const t = Math.log(low / limit) / Math.log(low / high);
  return geometric(below.memoryMB, best.memoryMB, Math.min(0.7, Math.max(0.3, t)));
}

function sideWhy(neighbour: Judged, best: Judged): string {
  const what = neighbour.failing ? 'fails' : neighbour.feasible ? 'is nearly as good' : 'falls short of the goal';
  return `${neighbour.memoryMB} MB ${what}, ${Math.round(Math.abs(best.memoryMB / neighbour.memoryMB - 1) * 100)} % from ${best.memoryMB} MB`;
}
