/** Lambda prices and costs: typed, dated data and pure functions over it. */
export { gbSeconds, invocationCost, monthlyCost, tieredDurationCost, type MonthlyCostOptions } from './cost.js';
export {
  CNY_REGIONS,
  COMMERCIAL_REGIONS,
  FREE_TIER,
  PRICES_AS_OF,
  REGIONAL_GB_SECOND_USD,
  REQUEST_USD,
  STANDARD_GB_SECOND_USD,
  VOLUME_TIERS,
  type GbSecondPrices,
  type VolumeTier,
} from './prices.js';
export { resolvePrice, type PriceQuery } from './resolve.js';
