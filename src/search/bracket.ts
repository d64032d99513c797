/**
 * The bracket around the pick: the gaps between measured sizes where a size not measured could
 * still beat the pick by more than GAIN_TOLERANCE, by the trusted model's curve or, without one, by
 * the shape constraints alone (shape.ts). Pure.
 */
import { balancedScore } from '../analysis/index.js';
import { invocationCost } from '../pricing/index.js';
import { CURVE_TIE } from './curve.js';
import { gaps, shapeBound, type Gap, type ShapePoint } from './shape.js';
import { cleanSizes, pooledRelativeSd, type SearchConfig, type SearchView, type SizeView } from './view.js';
import type { Bounds } from './budget.js';

/** An unmeasured size that could be better than the pick by more than this keeps the bracket open. */
export const GAIN_TOLERANCE = 0.03;

/** A trusted model's duration and p95 at every size. */
export interface Curves {
  durationMs: (memoryMB: number) => number;
  p95Ms: (memoryMB: number) => number;
}

/** The gaps that could still hide a better size than the pick, most promising first. */
export function openGaps(view: SearchView, config: SearchConfig, bounds: Bounds, model?: Curves): Gap[] {
  const clean = cleanSizes(view);
  const pick = clean.find((s) => s.memoryMB === view.pick);
  if (!pick) return [];
  const points = shapePoints(clean, (s) => s.result.durationMs!.trimmedMean);
  const duration = model ? model.durationMs : shapeBound(points);
  const p95 = model ? model.p95Ms : shapeBound(shapePoints(clean, (s) => s.result.durationMs!.p95));
  // With a model, the pick is compared on the model's curve too: its own noise is the ties' business.
  const pickMs = model ? model.durationMs(pick.memoryMB) : pick.result.durationMs!.trimmedMean;
  // speed: against the fastest measured duration, not the pick's (the pick is the cheapest of the
  // sizes as fast within the noise; the difference between those is the ties' business).
  const fastestMs = model ? pickMs : Math.min(...clean.map((s) => s.result.durationMs!.trimmedMean));
  const gain = gainOver(pick.memoryMB, pickMs, fastestMs, clean, config);
  const slo = config.maxDurationMs;
  const gainAt = (mb: number, ms: number): number => (slo !== undefined && p95(mb) > slo ? -Infinity : gain(mb, ms));
  // A gain within the pick's own standard error is the pick's noise, which measuring more of it
  // (the ties) resolves, not another size.
  const noise = model ? 0 : pooledRelativeSd(clean) / Math.sqrt(Math.max(1, pick.durations.length));
  return gaps(points, bounds.minMB, bounds.maxMB, duration, gainAt)
    .filter((g) => g.gain > GAIN_TOLERANCE + noise)
    .toSorted((a, b) => b.gain - a.gain);
}

/**
 * What a size of `memoryMB` taking `ms` would gain over the pick, as a fraction of the pick's figure:
 * cost → its lower cost; speed → its shorter duration, or, as fast within CURVE_TIE, its lower cost
 * (speed's near-ties go to the cheaper); balanced → its lower score, normalised over the measured sizes.
 */
function gainOver(
  pickMB: number,
  pickMs: number,
  fastestMs: number,
  clean: readonly SizeView[],
  config: SearchConfig,
): (memoryMB: number, ms: number) => number {
  const cost = (mb: number, ms: number): number => invocationCost(mb, Math.max(0, ms), config.price);
  const pickCost = cost(pickMB, pickMs);
  switch (config.strategy) {
    case 'cost':
      return (mb, ms) => 1 - cost(mb, ms) / pickCost;
    case 'speed':
      return (mb, ms) => Math.max(1 - ms / fastestMs, ms <= fastestMs * (1 + CURVE_TIE) ? 1 - cost(mb, ms) / pickCost : -Infinity);
    case 'balanced': {
      const score = balancedScore(
        config.weight,
        Math.max(...clean.map((s) => s.result.costUSD!.perInvocation)),
        Math.max(...clean.map((s) => s.result.durationMs!.trimmedMean)),
      );
      const pickScore = score(pickCost, pickMs);
      return (mb, ms) => (pickScore > 0 ? 1 - score(cost(mb, ms), ms) / pickScore : 0);
    }
  }
}

/** The sizes as the shape bound sees them: a figure and its standard error from the pooled relative SD. */
function shapePoints(clean: readonly SizeView[], figure: (s: SizeView) => number): ShapePoint[] {
  const relative = pooledRelativeSd(clean);
  return clean.map((s) => ({ memoryMB: s.memoryMB, durationMs: figure(s), seMs: (relative * figure(s)) / Math.sqrt(Math.max(1, s.durations.length)) }));
}
