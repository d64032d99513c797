/** What invocations cost, computed in GB-seconds from billed milliseconds. */
import type { PriceRow } from '../types.js';
import { FREE_TIER, VOLUME_TIERS } from './prices.js';

const MB_PER_GB = 1024;
const MS_PER_S = 1000;

/** GB-seconds of one invocation (GB = 1024 MB). */
export function gbSeconds(memoryMB: number, billedDurationMs: number): number {
  return (memoryMB / MB_PER_GB) * (billedDurationMs / MS_PER_S);
}

/**
 * Cost of one invocation at first-tier prices: GB-seconds × $/GB-s + the request fee.
 *
 * `billedDurationMs` is used as reported: it already includes billed INIT (since Aug 2025) and
 * SnapStart restore time, so adding `initDurationMs` or `billedRestoreDurationMs` would double-count.
 */
export function invocationCost(memoryMB: number, billedDurationMs: number, price: PriceRow): number {
  return gbSeconds(memoryMB, billedDurationMs) * price.gbSecondUSD + price.requestUSD;
}

export interface MonthlyCostOptions {
  /** Total GB-seconds in the month for this region and architecture. */
  gbSeconds: number;
  requests: number;
  price: PriceRow;
  /** Apply the monthly volume discounts for `price.architecture` (default true: AWS always does). */
  tiers?: boolean;
  /**
   * Deduct the monthly free tier (default false). The free tier is shared by the whole account
   * and both architectures, so deduct it for one aggregate, not for each function.
   */
  freeTier?: boolean;
}

/** Cost of a month of usage, with the volume tiers and optionally the free tier. */
export function monthlyCost(opts: MonthlyCostOptions): number {
  const freeGbSeconds = opts.freeTier ? FREE_TIER.gbSeconds : 0;
  const freeRequests = opts.freeTier ? FREE_TIER.requests : 0;
  const billableGbSeconds = Math.max(0, opts.gbSeconds - freeGbSeconds);
  const billableRequests = Math.max(0, opts.requests - freeRequests);
  const duration = opts.tiers === false ? billableGbSeconds * opts.price.gbSecondUSD : tieredDurationCost(billableGbSeconds, opts.price);
  return duration + billableRequests * opts.price.requestUSD;
}

/** Duration cost of `total` GB-seconds in one month, each tier at its factor of the first-tier price. */
export function tieredDurationCost(total: number, price: PriceRow): number {
  let cost = 0;
  let lower = 0;
  for (const tier of VOLUME_TIERS[price.architecture]) {
    if (total <= lower) break;
    const inTier = Math.min(total, tier.upToGbSeconds) - lower;
    cost += inTier * price.gbSecondUSD * tier.factor;
    lower = tier.upToGbSeconds;
  }
  return cost;
}
