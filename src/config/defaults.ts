/** Every default in one place. */
export const DEFAULTS = Object.freeze({
  region: 'us-east-1',
  architecture: 'x86_64' as const,
  strategy: 'balanced' as const,
  weight: 0.5,
  discard: 0.2,
  per: 1_000_000,
  output: 'table' as const,
  memorySizes: Object.freeze([128, 256, 512, 1024, 1536, 2048, 3008]),
  invocations: 10,
  concurrency: 5,
  minMemoryMB: 128,
  maxMemoryMB: 10_240,
  maxDiscard: 0.4,
  /** Warm invocations a size needs for its interval to mean much; fewer earns a warning. */
  minWarmSamples: 5,
  /** `cleanup --wait` without a number: a killed run is silent for 3 minutes at most, a live one may finish meanwhile. */
  cleanupWaitS: 600,
});
