import type { SizeResult } from '../../../src/types.js';

/** A measured size for the recommender: cost per invocation (USD), trimmed mean (ms), optionally p95, errors and intervals. */
export function measuredSize(
  memoryMB: number,
  cost: number,
  ms: number,
  extra: { p95?: number; errors?: Record<string, number>; ci95?: SizeResult['ci95'] } = {},
): SizeResult {
  const errorsByType = extra.errors ?? {};
  const errors = Object.values(errorsByType).reduce((a, b) => a + b, 0);
  const dist = { mean: ms, trimmedMean: ms, p50: ms, p90: ms, p95: extra.p95 ?? ms, p99: ms, min: ms, max: ms };
  return {
    memoryMB,
    invocations: 10,
    errors,
    errorsByType,
    coldStarts: 0,
    sample: 'warm',
    durationMs: dist,
    billedDurationMs: dist,
    cold: null,
    maxMemoryUsedMB: 64,
    costUSD: { perInvocation: cost, perUnit: cost * 1e6 },
    ...(extra.ci95 ? { ci95: extra.ci95 } : {}),
  };
}
