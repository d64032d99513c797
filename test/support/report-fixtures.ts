/** Realistic Report objects for the render tests, built the way the analysis builds them. */
import type { Distribution, PriceRow, Report, SizeResult } from '../../src/types.js';

/** The 2019 prices of the slide that started the project. */
export const SLIDE_PRICE: PriceRow = {
  region: 'us-east-1',
  architecture: 'x86_64',
  gbSecondUSD: 0.00001667,
  requestUSD: 0.0000002,
  asOf: 'override',
};

export const CURRENT_PRICE: PriceRow = {
  region: 'eu-west-1',
  architecture: 'arm64',
  gbSecondUSD: 0.0000133334,
  requestUSD: 0.0000002,
  asOf: '2025-06-01',
};

/** A plausible distribution around a mean: percentiles above it, min and max either side. */
export function spread(mean: number, trimmedMean = mean): Distribution {
  return {
    mean,
    trimmedMean,
    p50: trimmedMean * 0.99,
    p90: mean * 1.04,
    p95: mean * 1.06,
    p99: mean * 1.1,
    min: mean * 0.95,
    max: mean * 1.12,
  };
}

function cost(memoryMB: number, billedMs: number, price: PriceRow, per: number): SizeResult['costUSD'] {
  const perInvocation = (memoryMB / 1024) * (billedMs / 1000) * price.gbSecondUSD + price.requestUSD;
  return { perInvocation, perUnit: perInvocation * per };
}

/** A size whose every invocation succeeded warm; billed is the duration rounded up per invocation. */
export function okSize(memoryMB: number, meanMs: number, price: PriceRow, per: number, extra: Partial<SizeResult> = {}): SizeResult {
  const billedMean = meanMs + 0.5;
  return {
    memoryMB,
    invocations: 1000,
    errors: 0,
    errorsByType: {},
    coldStarts: 0,
    sample: 'warm',
    durationMs: spread(meanMs),
    billedDurationMs: spread(billedMean),
    cold: null,
    maxMemoryUsedMB: Math.min(memoryMB, 71),
    costUSD: cost(memoryMB, billedMean, price, per),
    ...extra,
  };
}

/** The slide: 1000 runs of "all primes ≤ 1,000,000" at four sizes, 2019 prices, cost per 1,000. */
export function slideReport(): Report {
  const per = 1000;
  return {
    schemaVersion: 1,
    source: 'bench',
    function: { name: 'prime-sieve', region: 'us-east-1', architecture: 'x86_64', originalMemoryMB: 128 },
    pricing: { ...SLIDE_PRICE, per },
    strategy: { name: 'balanced', weight: 0.5 },
    discard: 0.2,
    results: [
      okSize(128, 11_722.965, SLIDE_PRICE, per),
      okSize(256, 6_678.945, SLIDE_PRICE, per),
      okSize(512, 3_194.954, SLIDE_PRICE, per),
      okSize(1024, 1_465.984, SLIDE_PRICE, per),
    ],
    recommendation: {
      memoryMB: 1024,
      reason: 'best balance of cost and speed (weight 0.5): $0.00002464 per invocation, 1,466 ms mean',
      savingVsCurrent: { costPercent: -0.04, durationPercent: 87.49, currentMemoryMB: 128 },
    },
    warnings: [],
  };
}

/** A tune run where 128 MB ran out of memory every time and 256 MB failed now and then. */
export function errorsReport(): Report {
  const per = 1_000_000;
  const price = CURRENT_PRICE;
  return {
    schemaVersion: 1,
    source: 'tune',
    function: {
      name: 'orders-api',
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
      region: 'eu-west-1',
      architecture: 'arm64',
      originalMemoryMB: 2048,
    },
    pricing: { ...price, per },
    strategy: { name: 'cost' },
    discard: 0.2,
    results: [
      {
        memoryMB: 128,
        invocations: 3,
        errors: 3,
        errorsByType: { 'Runtime.OutOfMemory': 3 },
        coldStarts: 3,
        sample: 'warm',
        durationMs: null,
        billedDurationMs: null,
        cold: { count: 3, initDurationMs: null, totalDurationMs: null },
        maxMemoryUsedMB: 128,
        costUSD: null,
      },
      okSize(256, 412.5, price, per, {
        invocations: 20,
        errors: 3,
        errorsByType: { timeout: 1, 'Runtime.ExitError': 2 },
        maxMemoryUsedMB: 231,
      }),
      okSize(512, 198.25, price, per, { invocations: 20, maxMemoryUsedMB: 233 }),
      okSize(1024, 101.4, price, per, { invocations: 20, maxMemoryUsedMB: 236 }),
    ],
    recommendation: {
      memoryMB: 512,
      reason: 'cheapest: $0.000001524 per invocation, 198 ms mean',
    },
    warnings: [
      '128 MB excluded from the recommendation: 100.0 % of invocations failed',
      '256 MB excluded from the recommendation: 15.0 % of invocations failed',
      'current size 2048 MB was not measured',
    ],
  };
}

/** A replay with cold starts: one size has no warm invocation at all; nothing meets the SLO. */
export function coldStartReport(): Report {
  const per = 1_000_000;
  const price = CURRENT_PRICE;
  const initAt = (ms: number): Distribution => spread(ms);
  return {
    schemaVersion: 1,
    source: 'replay',
    function: { name: 'logs/a.log, logs/b.log', architecture: 'arm64' },
    pricing: { ...price, per },
    strategy: { name: 'speed', maxDurationMs: 50 },
    discard: 0,
    results: [
      okSize(512, 88.2, price, per, {
        invocations: 400,
        coldStarts: 12,
        cold: { count: 12, initDurationMs: initAt(412.31), totalDurationMs: spread(512.8) },
      }),
      okSize(1024, 140.6, price, per, {
        invocations: 2,
        coldStarts: 2,
        sample: 'all',
        cold: { count: 2, initDurationMs: initAt(395.02), totalDurationMs: spread(535.6) },
      }),
    ],
    recommendation: null,
    warnings: ['no size meets p95 ≤ 50 ms; the fastest p95 seen is 93.5 ms (512 MB)'],
  };
}

/** Freezes an object and everything in it, so a test fails if rendering writes to its input. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
