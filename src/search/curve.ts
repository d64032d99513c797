/**
 * The fitted curve over the whole range and the strategy's optimum on it. Pure.
 *
 * Cost of a size on the curve is what Lambda bills for the predicted duration:
 * memory/1024 GB × ⌈duration⌉ ms/1000 × $/GB-s + the request fee (pricing/cost.ts).
 */
import { balancedScore } from '../analysis/index.js';
import { invocationCost } from '../pricing/index.js';
import type { CurvePoint, PriceRow, Strategy } from '../types.js';
import { MB_PER_VCPU, predictDurationMs, type ResourceModel } from '../resources/index.js';

/**
 * Sizes closer than this (relative) on the strategy's figure are one choice on the curve, and the
 * tie goes as in analysis/ties.ts: speed and balanced to the cheaper, cost to the smaller.
 */
export const CURVE_TIE = 0.01;

export interface Objective {
  strategy: Strategy;
  /** balanced: how much cost counts against speed (1 = cost only). */
  weight: number;
  /** SLO on p95, ms. */
  maxDurationMs?: number;
  /** Measured p95 / trimmed mean, pooled over the sizes: turns a predicted mean into a predicted p95. */
  p95Ratio: number;
  /** The predicted p95 at a size, when a p95 curve was fitted (instead of the ratio). */
  p95Ms?: (memoryMB: number, durationMs: number) => number;
  /**
   * balanced: the points whose largest cost and duration normalise the score. The analysis
   * normalises over the measured sizes, so the search passes the curve at those, and the size it
   * aims at is the one the analysis would pick; without it, the points compared.
   */
  reference?: readonly CurvePoint[];
}

export function curvePoint(model: ResourceModel, memoryMB: number, price: PriceRow): CurvePoint {
  const durationMs = predictDurationMs(model, memoryMB);
  return { memoryMB, durationMs, costUSD: invocationCost(memoryMB, Math.ceil(durationMs), price) };
}

/** Every whole MB of [minMB, maxMB] on the curve (≤ 10,113 points: cheap). */
export function denseCurve(model: ResourceModel, minMB: number, maxMB: number, price: PriceRow): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let mb = minMB; mb <= maxMB; mb += 1) points.push(curvePoint(model, mb, price));
  return points;
}

/** The curve as the report gives it: every 64 MB, the knees (k × 1769 MB) and `also` (the measured sizes). */
export function reportCurve(model: ResourceModel, minMB: number, maxMB: number, price: PriceRow, also: readonly number[]): CurvePoint[] {
  const sizes = new Set<number>([minMB, maxMB, ...also.filter((mb) => mb >= minMB && mb <= maxMB)]);
  for (let mb = Math.ceil(minMB / 64) * 64; mb <= maxMB; mb += 64) sizes.add(mb);
  for (let k = 1; k * MB_PER_VCPU <= maxMB; k += 1) if (k * MB_PER_VCPU >= minMB) sizes.add(k * MB_PER_VCPU);
  return [...sizes].toSorted((a, b) => a - b).map((mb) => curvePoint(model, mb, price));
}

/** Points that meet the SLO (all of them without one). */
export function meetingSlo(points: readonly CurvePoint[], objective: Objective): CurvePoint[] {
  const slo = objective.maxDurationMs;
  if (slo === undefined) return [...points];
  const p95 = objective.p95Ms ?? ((_mb: number, durationMs: number) => durationMs * objective.p95Ratio);
  return points.filter((p) => p95(p.memoryMB, p.durationMs) <= slo);
}

/** The strategy's best point among `points` (already filtered), or undefined when there is none. */
export function optimum(points: readonly CurvePoint[], objective: Objective): CurvePoint | undefined {
  if (points.length === 0) return undefined;
  const score = scorer(points, objective);
  const best = Math.min(...points.map(score));
  const near = points.filter((p) => score(p) <= best * (1 + CURVE_TIE) + 1e-15);
  const tieKey = objective.strategy === 'cost' ? (p: CurvePoint) => p.memoryMB : (p: CurvePoint) => p.costUSD;
  return near.toSorted((a, b) => tieKey(a) - tieKey(b) || a.memoryMB - b.memoryMB)[0];
}

/**
 * How much worse `point` is than `best` for the strategy, as a fraction (0 = as good): cost → extra
 * cost; speed → the larger of extra duration and extra cost (speed's near-ties go to the cheaper, so
 * paying more for the same speed is a loss too); balanced → extra score.
 */
export function shortfall(point: CurvePoint, best: CurvePoint, objective: Objective, points: readonly CurvePoint[]): number {
  const extra = (a: number, b: number): number => (b > 0 ? Math.max(0, a / b - 1) : 0);
  switch (objective.strategy) {
    case 'cost':
      return extra(point.costUSD, best.costUSD);
    case 'speed':
      return Math.max(extra(point.durationMs, best.durationMs), extra(point.costUSD, best.costUSD));
    case 'balanced': {
      const score = scorer(points, objective);
      return extra(score(point), score(best));
    }
  }
}

/** The strategy's score of a point, lower is better; balanced's is analysis' own (balancedScore). */
function scorer(points: readonly CurvePoint[], objective: Objective): (p: CurvePoint) => number {
  switch (objective.strategy) {
    case 'cost':
      return (p) => p.costUSD;
    case 'speed':
      return (p) => p.durationMs;
    case 'balanced': {
      const scale = objective.reference && objective.reference.length > 0 ? objective.reference : points;
      const score = balancedScore(objective.weight, Math.max(...scale.map((p) => p.costUSD)), Math.max(...scale.map((p) => p.durationMs)));
      return (p) => score(p.costUSD, p.durationMs);
    }
  }
}
