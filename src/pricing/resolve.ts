/** Picks the price row for a run: the table's figures for a region, or the user's overrides. */
import { UsageError } from '../errors.js';
import type { Architecture, PriceRow } from '../types.js';
import { CNY_REGIONS, COMMERCIAL_REGIONS, PRICES_AS_OF, REGIONAL_GB_SECOND_USD, REQUEST_USD, STANDARD_GB_SECOND_USD } from './prices.js';

export interface PriceQuery {
  region: string;
  architecture: Architecture;
  /** Overrides the table's first-tier $/GB-s (discounts, Savings Plans, historical prices). */
  gbSecondUSD?: number;
  /** Overrides the table's $/request. */
  requestUSD?: number;
}

const OVERRIDE_FIX = 'pass --gb-second-price and --request-price';

/**
 * Resolves the price row for a region and architecture. Overrides always win.
 *
 * `asOf` says where the figures came from: `'override'` when both are overridden (the table is not
 * used at all); the table's date when neither is; and when only one is, the table's date followed by
 * which figure was overridden, e.g. `'2026-11-27 (GB-second price overridden)'`, so a report never
 * presents a mixed row as purely the table's.
 *
 * @throws UsageError for a CNY-billed China region or an unknown region, unless both prices are
 *   overridden, and for a negative or non-finite override.
 */
export function resolvePrice(query: PriceQuery): PriceRow {
  const { region, architecture, gbSecondUSD, requestUSD } = query;
  checkOverride('--gb-second-price', gbSecondUSD);
  checkOverride('--request-price', requestUSD);
  if (gbSecondUSD !== undefined && requestUSD !== undefined) {
    return { region, architecture, gbSecondUSD, requestUSD, asOf: 'override' };
  }
  const table = tablePrice(region, architecture);
  return {
    region,
    architecture,
    gbSecondUSD: gbSecondUSD ?? table.gbSecondUSD,
    requestUSD: requestUSD ?? table.requestUSD,
    asOf: describeAsOf(gbSecondUSD !== undefined, requestUSD !== undefined),
  };
}

function tablePrice(region: string, architecture: Architecture): { gbSecondUSD: number; requestUSD: number } {
  if (CNY_REGIONS.includes(region)) {
    throw new UsageError(
      `${region} bills Lambda in CNY, and this tool has no CNY price table: ${OVERRIDE_FIX} with your prices.`,
      "take both from your bill or the China regions' price page; costs are then in that currency, though labelled USD",
    );
  }
  if (!COMMERCIAL_REGIONS.includes(region)) {
    throw new UsageError(
      `no Lambda price known for region "${region}": check the region name, or ${OVERRIDE_FIX}.`,
      `known regions: ${COMMERCIAL_REGIONS.join(', ')}`,
    );
  }
  const prices = REGIONAL_GB_SECOND_USD[region] ?? STANDARD_GB_SECOND_USD;
  return { gbSecondUSD: prices[architecture], requestUSD: REQUEST_USD };
}

function describeAsOf(gbSecondOverridden: boolean, requestOverridden: boolean): string {
  if (gbSecondOverridden) return `${PRICES_AS_OF} (GB-second price overridden)`;
  if (requestOverridden) return `${PRICES_AS_OF} (request price overridden)`;
  return PRICES_AS_OF;
}

function checkOverride(option: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0) {
    throw new UsageError(`${option} must be a price of 0 or more in USD, got ${value}.`);
  }
}
