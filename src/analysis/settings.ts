/** How measurements are judged and priced: one object, built once from the options and passed whole. */
import type { Report, Strategy } from '../types.js';

export interface AnalysisSettings {
  /** What the recommendation optimises; `weight` counts in `balanced` only; `maxDurationMs` is an SLO on p95. */
  strategy: { name: Strategy; weight: number; maxDurationMs?: number };
  /** Fraction of the fastest and of the slowest invocations left out of the trimmed mean. */
  discard: number;
  /** Overrides of the price list (the rest comes from region and architecture), and the per-unit column's unit. */
  pricing: { gbSecondUSD?: number; requestUSD?: number; per: number };
}

/** The report's account of the strategy: the weight only where it counts, the SLO only when set. */
export function reportStrategy(strategy: AnalysisSettings['strategy']): Report['strategy'] {
  const out: Report['strategy'] = { name: strategy.name };
  if (strategy.name === 'balanced') out.weight = strategy.weight;
  if (strategy.maxDurationMs !== undefined) out.maxDurationMs = strategy.maxDurationMs;
  return out;
}
