/**
 * How far below an SLO a size's p95 must be for its p95 to be confirmed by 59 warm values: their
 * maximum (the upper 95 % bound, stats p95UpperBound) lies above the p95 itself, by as much as the
 * slowest invocations lie above the 95th percentile. Measured, not assumed: the pooled relative
 * durations' 99th percentile over their 95th (about the maximum of 59 over their p95). Pure.
 */
import { relativeDurations, type SearchView } from './view.js';

/** The hedge with too few pooled values to tell (20 values show a 99th percentile poorly). */
export const SLO_HEDGE = 0.015;
/** Pooled values from which the hedge is measured. */
export const HEDGE_MIN_VALUES = 20;
/**
 * Above this, the slowest invocations are a tail far above the p95 (a retry, a slow kind of
 * request): 59 values will not confirm the SLO at any size near it, so the search aims at the p95
 * itself and says the SLO is not confirmed, instead of paying for sizes the tail makes look needed.
 */
export const HEDGE_TAIL = 0.1;

export function sloHedge(view: SearchView): number {
  const ratios = relativeDurations(view).toSorted((a, b) => a - b);
  if (ratios.length < HEDGE_MIN_VALUES) return SLO_HEDGE;
  const quantile = (q: number): number => {
    const h = (ratios.length - 1) * q;
    const low = ratios[Math.floor(h)] as number;
    return low + (h - Math.floor(h)) * ((ratios[Math.ceil(h)] as number) - low);
  };
  const hedge = quantile(0.99) / quantile(0.95) - 1;
  return hedge > HEDGE_TAIL ? 0 : Math.max(0.005, hedge);
}
