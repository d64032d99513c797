/**
 * Defaults of `scan`. Kept beside the command rather than in src/config/defaults.ts while that file
 * is shared by work in progress; the values are the documented contract (src/scan/README.md).
 */
import type { ScanThresholds } from './types.js';

/** `scan --output`: the command line offers exactly what the renderers take. */
export type ScanOutputFormat = 'table' | 'json' | 'markdown' | 'html';
export const SCAN_OUTPUT_FORMATS: readonly ScanOutputFormat[] = ['table', 'json', 'markdown', 'html'];

export const SCAN_DEFAULTS = Object.freeze({
  since: '14d',
  /** Compute Optimizer also looks at 14 days and wants ≥ 50 invocations. */
  thresholds: Object.freeze<ScanThresholds>({ headroom: 0.5, targetUtilization: 0.7, nearLimit: 0.95, minInvocations: 50, maxSlowdown: 0.2, minSaving: 0.1 }),
  /** Concurrent Logs Insights queries; the account allows 30 in all (dashboards included). */
  concurrency: 10,
  maxConcurrency: 30,
  /** FilterLogEvents fallback: REPORT records read per log group at most. */
  maxEvents: 100_000,
  /** Give up on a query that has not completed after this long (Insights stops at 60 min). */
  queryTimeoutMs: 15 * 60_000,
  /** First GetQueryResults poll after this long, then ×1.5 up to `pollMaxMs`. */
  pollStartMs: 250,
  pollMaxMs: 5_000,
  /** The group Lambda Insights writes its per-invocation performance events to. */
  lambdaInsightsLogGroup: '/aws/lambda-insights',
});
