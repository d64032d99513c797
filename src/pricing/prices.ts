/**
 * AWS Lambda on-demand prices, USD. The one place price data lives.
 *
 * Source: https://aws.amazon.com/lambda/pricing/ (per-region tables; the differing regions agree with
 * other published copies, e.g. Artillery's lib/platform/aws-lambda/prices.js). Every region not in
 * REGIONAL_GB_SECOND_USD is priced at the standard US East rate. For the regions opened since 2024
 * (ap-east-2, ap-southeast-5/6/7, mx-central-1) that is an assumption we could not check against the
 * page: users there should confirm, or pass --gb-second-price.
 */
import type { Architecture } from '../types.js';

/** Date these figures were last checked against the AWS pricing page (YYYY-MM-DD). */
export const PRICES_AS_OF = '2026-11-27';

/** Per-request fee, the same for both architectures and every commercial region (0.20 per million). */
export const REQUEST_USD = 0.0000002;

export type GbSecondPrices = Readonly<Record<Architecture, number>>;

/** First-tier $/GB-s in US East (N. Virginia) and every region not listed below. */
export const STANDARD_GB_SECOND_USD: GbSecondPrices = Object.freeze({ x86_64: 0.0000166667, arm64: 0.0000133334 });

/** Regions whose first-tier $/GB-s differs from the standard rate. */
export const REGIONAL_GB_SECOND_USD: Readonly<Record<string, GbSecondPrices>> = Object.freeze({
  'af-south-1': Object.freeze({ x86_64: 0.0000221, arm64: 0.00001768 }),
  'ap-east-1': Object.freeze({ x86_64: 0.00002292, arm64: 0.0000183 }),
  'eu-south-1': Object.freeze({ x86_64: 0.0000195172, arm64: 0.0000156138 }),
  'me-south-1': Object.freeze({ x86_64: 0.0000206667, arm64: 0.0000165334 }),
  'me-central-1': Object.freeze({ x86_64: 0.0000206667, arm64: 0.0000165334 }),
});

/**
 * Commercial regions where Lambda runs and bills in USD. A region missing here is refused rather
 * than silently priced at the standard rate, so a typo cannot produce a plausible-looking cost.
 */
export const COMMERCIAL_REGIONS: readonly string[] = Object.freeze([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'mx-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'af-south-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
]);

/** Regions operated by Sinnet / NWCD that bill in CNY: no USD price exists to put here. */
export const CNY_REGIONS: readonly string[] = Object.freeze(['cn-north-1', 'cn-northwest-1']);

/** One monthly volume tier: GB-seconds up to `upToGbSeconds` (cumulative) cost `factor` × first-tier price. */
export interface VolumeTier {
  readonly upToGbSeconds: number;
  readonly factor: number;
}

/**
 * Monthly duration tiers, per account (or organisation), region and architecture. Stored as factors
 * of the first-tier price because AWS applies the same −10 % / −20 % in every region; its page shows
 * the rounded results (e.g. x86 0.000015 and 0.0000133334 in US East).
 */
export const VOLUME_TIERS: Readonly<Record<Architecture, readonly VolumeTier[]>> = Object.freeze({
  x86_64: Object.freeze([
    { upToGbSeconds: 6e9, factor: 1 },
    { upToGbSeconds: 15e9, factor: 0.9 },
    { upToGbSeconds: Number.POSITIVE_INFINITY, factor: 0.8 },
  ]),
  arm64: Object.freeze([
    { upToGbSeconds: 7.5e9, factor: 1 },
    { upToGbSeconds: 18.75e9, factor: 0.9 },
    { upToGbSeconds: Number.POSITIVE_INFINITY, factor: 0.8 },
  ]),
});

/** Monthly free tier, shared by both architectures (apply it once per account, not per function). */
export const FREE_TIER = Object.freeze({ requests: 1_000_000, gbSeconds: 400_000 });
