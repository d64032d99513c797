/** Turns collected samples into the Report every source returns (the one object all outputs render). */
import { DEFAULTS } from '../config/defaults.js';
import { resolvePrice } from '../pricing/index.js';
import { summarize, type SampleSet } from '../stats/index.js';
import type { Architecture, Report, SizeResult } from '../types.js';
import { recommend, warmInvocations } from './index.js';
import { reportStrategy, type AnalysisSettings } from './settings.js';

export interface AnalyseInput {
  source: Report['source'];
  samples: SampleSet;
  functionInfo: Report['function'];
  /** Where the prices come from (with the settings' overrides). */
  region: string;
  architecture: Architecture;
  settings: AnalysisSettings;
  warnings?: readonly string[];
}

export function analyse(input: AnalyseInput): Report {
  const { strategy, discard, pricing } = input.settings;
  const { per, ...overrides } = pricing;
  const price = resolvePrice({ region: input.region, architecture: input.architecture, ...overrides });
  const results = summarize(input.samples, { discard, price, per });
  const { recommendation, warnings } = recommend(results, {
    strategy: strategy.name,
    weight: strategy.weight,
    maxDurationMs: strategy.maxDurationMs,
    currentMemoryMB: input.functionInfo.originalMemoryMB,
    // Replay cannot measure more, so a size with less evidence than tune gathers is not recommended.
    ...(input.source === 'replay' ? { minWarm: DEFAULTS.minWarmSamples } : {}),
  });
  return {
    schemaVersion: 1,
    source: input.source,
    function: input.functionInfo,
    pricing: { ...price, per },
    strategy: reportStrategy(strategy),
    discard,
    results,
    recommendation,
    // A measuring run can take more invocations; replay can only analyse what was recorded.
    warnings: [...(input.warnings ?? []), ...(input.source === 'replay' ? [] : sampleWarnings(results)), ...warnings],
  };
}

/** Sizes whose steady-state figures rest on fewer warm invocations than DEFAULTS.minWarmSamples. */
export function sampleWarnings(results: readonly SizeResult[]): string[] {
  const min = DEFAULTS.minWarmSamples;
  return results.flatMap((r) => {
    if (r.durationMs === null) return [];
    if (r.sample === 'all') return [`${r.memoryMB} MB: no warm invocation, so its figures are cold starts' (at least ${min} warm ones are needed)`];
    const warm = warmInvocations(r);
    return warm < min ? [`${r.memoryMB} MB: only ${warm} warm invocation(s) after the cold starts (at least ${min} are needed for a usable interval)`] : [];
  });
}
