/**
 * The true optimum of a performance model for a goal, by brute force over every MB from the model's
 * expected steady state (fake-aws/steady-state.ts), and how far a recommended size falls short of
 * it. Costs come from the project's own pricing (invocationCost, us-east-1 x86_64) and balanced's
 * score from analysis' own balancedScore, so "true" means what the tool means. Pure.
 */
import { balancedScore } from '../../src/analysis/index.js';
import { invocationCost, resolvePrice } from '../../src/pricing/index.js';
import type { PriceRow, Strategy } from '../../src/types.js';
import { steadyState } from './fake-aws/steady-state.js';
import type { WorkModel } from './fake-aws/types.js';

export const PRICE: PriceRow = resolvePrice({ region: 'us-east-1', architecture: 'x86_64' });

/** Lambda's on-demand range. */
export const MIN_MB = 128;
export const MAX_MB = 10_240;

/**
 * speed: sizes within this of the fastest mean are as fast, and the cheapest of them is the optimum
 * (otherwise a curve that keeps improving by 0.01 % would send "fastest" to 10,240 MB).
 */
export const SPEED_TOLERANCE = 0.01;

/** A size whose true p95 is more than this above the SLO does not meet the goal, however cheap (issue 17's bar). */
export const SLO_TOLERANCE = 0.03;

export interface Goal {
  strategy: Strategy;
  /** balanced: how much cost counts against speed (1 = cost only). */
  weight: number;
  /** SLO on the p95, ms. */
  maxDurationMs?: number;
}

export interface TruePoint {
  memoryMB: number;
  failing: boolean;
  meanMs: number;
  p95Ms: number;
  /** Expected cost per invocation, USD (from the mean billed duration). */
  costUSD: number;
}

export interface Verdict {
  /** The true optimum, or undefined when no size meets the SLO. */
  optimum: TruePoint | undefined;
  /** The recommended size's true figures (undefined without a recommendation or out of range). */
  point: TruePoint | undefined;
  /** How much worse than the optimum for the goal (fraction; Infinity for a failing size, one that breaks the SLO by more than SLO_TOLERANCE, or a missing answer where one exists). */
  miss: number;
  /** How far the recommended size's true p95 is above the SLO (fraction; 0 when it meets it or there is none). */
  p95Over: number;
}

const curves = new WeakMap<WorkModel, TruePoint[]>();

/** Every MB of MIN_MB..MAX_MB (cached per model object: 10,113 points). */
export function trueCurve(work: WorkModel): readonly TruePoint[] {
  let curve = curves.get(work);
  if (!curve) {
    curve = [];
    for (let mb = MIN_MB; mb <= MAX_MB; mb += 1) curve.push(truePoint(work, mb));
    curves.set(work, curve);
  }
  return curve;
}

export function truePoint(work: WorkModel, memoryMB: number): TruePoint {
  const s = steadyState(work, memoryMB);
  return { memoryMB, failing: s.failing, meanMs: s.meanMs, p95Ms: s.p95Ms, costUSD: s.failing ? Infinity : invocationCost(memoryMB, s.billedMeanMs, PRICE) };
}

/** Sizes that work and meet the SLO. */
export function eligible(curve: readonly TruePoint[], goal: Goal): TruePoint[] {
  const slo = goal.maxDurationMs;
  return curve.filter((p) => !p.failing && (slo === undefined || p.p95Ms <= slo));
}

/** The goal's optimum: cheapest; fastest (the cheapest within SPEED_TOLERANCE of it); balanced's best score. Ties go to the smaller size. */
export function trueOptimum(work: WorkModel, goal: Goal): TruePoint | undefined {
  const points = eligible(trueCurve(work), goal);
  if (points.length === 0) return undefined;
  const argmin = (key: (p: TruePoint) => number, among: readonly TruePoint[]): TruePoint => among.reduce((best, p) => (key(p) < key(best) ? p : best));
  switch (goal.strategy) {
    case 'cost':
      return argmin((p) => p.costUSD, points);
    case 'speed': {
      const fastest = argmin((p) => p.meanMs, points).meanMs;
      return argmin(
        (p) => p.costUSD,
        points.filter((p) => p.meanMs <= fastest * (1 + SPEED_TOLERANCE)),
      );
    }
    case 'balanced':
      return argmin(balancedScorer(points, goal.weight), points);
  }
}

/**
 * How `memoryMB` (the recommendation; undefined when there was none) compares with the true
 * optimum: cost → extra cost; speed → the larger of extra mean duration and extra cost (paying more
 * for the same speed is a loss too); balanced → extra score; with an SLO, also how far its true p95
 * is above it (beyond SLO_TOLERANCE a miss whatever it costs).
 */
export function judge(work: WorkModel, goal: Goal, memoryMB: number | undefined): Verdict {
  const optimum = trueOptimum(work, goal);
  const point = memoryMB !== undefined && memoryMB >= MIN_MB && memoryMB <= MAX_MB ? trueCurve(work)[Math.round(memoryMB) - MIN_MB] : undefined;
  if (!point) return { optimum, point, miss: optimum ? Infinity : 0, p95Over: 0 };
  const p95Over = goal.maxDurationMs === undefined || point.failing ? 0 : Math.max(0, point.p95Ms / goal.maxDurationMs - 1);
  if (point.failing || p95Over > SLO_TOLERANCE) return { optimum, point, miss: Infinity, p95Over };
  if (!optimum) return { optimum, point, miss: 0, p95Over };
  const extra = (x: number, best: number): number => (best > 0 ? Math.max(0, x / best - 1) : 0);
  let miss: number;
  switch (goal.strategy) {
    case 'cost':
      miss = extra(point.costUSD, optimum.costUSD);
      break;
    case 'speed':
      miss = Math.max(extra(point.meanMs, optimum.meanMs), extra(point.costUSD, optimum.costUSD));
      break;
    case 'balanced': {
      const score = balancedScorer(eligible(trueCurve(work), goal), goal.weight);
      miss = extra(score(point), score(optimum));
      break;
    }
  }
  return { optimum, point, miss, p95Over };
}

/** analysis' balanced score, normalised by the largest cost and mean over `points` (the tool normalises over the sizes it measured). */
function balancedScorer(points: readonly TruePoint[], weight: number): (p: TruePoint) => number {
  const score = balancedScore(
    weight,
    points.reduce((m, p) => Math.max(m, p.costUSD), 0),
    points.reduce((m, p) => Math.max(m, p.meanMs), 0),
  );
  return (p) => score(p.costUSD, p.meanMs);
}
