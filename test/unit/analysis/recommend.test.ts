import { describe, expect, it } from 'vitest';
import { recommend } from '../../../src/analysis/index.js';
import { UsageError } from '../../../src/errors.js';
import type { SizeResult, Strategy } from '../../../src/types.js';
import { deepFreeze } from '../../support/report-fixtures.js';
import { measuredSize } from './size-result.js';

const size = measuredSize;

function failedEverywhere(memoryMB: number): SizeResult {
  return { ...size(memoryMB, 0, 0, { errors: { timeout: 10 } }), durationMs: null, billedDurationMs: null, costUSD: null };
}

// The slide's prime sieve: 128 MB is cheapest, 1024 MB fastest, 512 MB neither.
const slide = [size(128, 0.000024628, 11_723), size(256, 0.000028035, 6_679), size(512, 0.00002683, 3_195), size(1024, 0.000024638, 1_466)];
// Cost 1/2/4, speed 10/4/1 (normalised: 0.25/0.5/1 and 1/0.4/0.1): the middle one balances best.
const triangle = [size(128, 1e-6, 10), size(256, 2e-6, 4), size(512, 4e-6, 1)];

const pickOf = (results: SizeResult[], strategy: Strategy, weight = 0.5) => recommend(results, { strategy, weight }).recommendation?.memoryMB;

describe('recommend', () => {
  it.each([
    { case: 'cost picks the cheapest', results: slide, strategy: 'cost' as const, weight: 0.5, expected: 128 },
    { case: 'speed picks the fastest', results: slide, strategy: 'speed' as const, weight: 0.5, expected: 1024 },
    { case: 'balanced at 0.5 picks the middle ground', results: triangle, strategy: 'balanced' as const, weight: 0.5, expected: 256 },
    { case: 'balanced leaning on cost picks the cheapest', results: triangle, strategy: 'balanced' as const, weight: 0.9, expected: 128 },
    { case: 'balanced leaning on speed picks the fastest', results: triangle, strategy: 'balanced' as const, weight: 0.1, expected: 512 },
    { case: 'a single size is recommended whatever the strategy', results: [size(2048, 5e-6, 50)], strategy: 'balanced' as const, weight: 0.3, expected: 2048 },
  ])('$case', ({ results, strategy, weight, expected }) => {
    const { recommendation, warnings } = recommend(results, { strategy, weight });

    expect(recommendation?.memoryMB).toBe(expected);
    expect(warnings).toEqual([]);
  });

  it.each([
    { case: 'the slide', results: slide },
    { case: 'the triangle', results: triangle },
    { case: 'equal costs', results: [size(128, 2e-6, 90), size(256, 2e-6, 40), size(512, 3e-6, 20)] },
    { case: 'equal speeds', results: [size(128, 3e-6, 40), size(256, 2e-6, 40), size(512, 4e-6, 20)] },
  ])('makes balanced at weight 1 equal cost and at weight 0 equal speed for $case', ({ results }) => {
    expect(pickOf(results, 'balanced', 1)).toBe(pickOf(results, 'cost'));
    expect(pickOf(results, 'balanced', 0)).toBe(pickOf(results, 'speed'));
  });

  it.each([
    { case: 'cost with equal costs picks the faster', strategy: 'cost' as const, results: [size(128, 2e-6, 90), size(256, 2e-6, 40)], expected: 256 },
    { case: 'speed with equal speeds picks the cheaper', strategy: 'speed' as const, results: [size(128, 3e-6, 40), size(256, 2e-6, 40)], expected: 256 },
    {
      case: 'cost treats a 1e-13 relative difference as a tie',
      strategy: 'cost' as const,
      results: [size(128, 2e-6, 90), size(256, 2e-6 * (1 + 1e-13), 40)],
      expected: 256,
    },
    {
      case: 'cost does not treat a 1e-9 relative difference as a tie',
      strategy: 'cost' as const,
      results: [size(128, 2e-6, 90), size(256, 2e-6 * (1 + 1e-9), 40)],
      expected: 128,
    },
    { case: 'a complete tie picks the smaller size', strategy: 'balanced' as const, results: [size(512, 2e-6, 40), size(256, 2e-6, 40)], expected: 256 },
  ])('breaks ties: $case', ({ strategy, results, expected }) => {
    expect(pickOf(results, strategy)).toBe(expected);
  });

  it('normalises balanced scores over the sizes that meet the p95 limit', () => {
    const results = [size(128, 1e-6, 10, { p95: 500 }), ...triangle.slice(1)];
    const { recommendation } = recommend(results, { strategy: 'balanced', weight: 0.5, maxDurationMs: 100 });

    // Without 128 MB: 256 MB scores 0.5·0.5 + 0.5·1 = 0.75, 512 MB scores 0.5·1 + 0.5·0.25 = 0.625.
    expect(recommendation?.memoryMB).toBe(512);
  });

  it('recommends only sizes whose p95 meets the maximum duration', () => {
    const results = [size(128, 1e-6, 900, { p95: 1500 }), size(256, 2e-6, 450, { p95: 800 }), size(512, 4e-6, 200, { p95: 300 })];
    const { recommendation } = recommend(results, { strategy: 'cost', weight: 0.5, maxDurationMs: 1000 });

    expect(recommendation).toEqual({
      memoryMB: 256,
      reason: 'cheapest: $0.000002 per invocation, 450.0 ms trimmed mean; p95 800.0 ms ≤ 1,000.0 ms',
      sloConfirmed: false,
    });
  });

  it('recommends nothing when no size meets the maximum duration, naming the fastest p95', () => {
    const results = [size(128, 1e-6, 900, { p95: 1500 }), size(256, 2e-6, 450, { p95: 1200 }), size(512, 4e-6, 200, { p95: 5000, errors: { timeout: 1 } })];

    const { recommendation, warnings } = recommend(results, { strategy: 'speed', weight: 0.5, maxDurationMs: 1000 });

    expect(recommendation).toBeNull();
    expect(warnings).toContain('no memory size meets p95 ≤ 1,000.0 ms: the fastest p95 is 1,200.0 ms at 256 MB');
  });

  it('excludes sizes with errors and names each with its error rate', () => {
    const results = [
      size(128, 1e-6, 900, { errors: { 'Runtime.OutOfMemory': 2, timeout: 1 } }),
      size(256, 2e-6, 450),
      size(512, 4e-6, 200, { errors: { error: 1 } }),
    ];

    const { recommendation, warnings } = recommend(results, { strategy: 'cost', weight: 0.5 });

    expect(recommendation?.memoryMB).toBe(256);
    expect(warnings).toEqual([
      '128 MB is not recommended: 3 of 10 invocations failed (30.0 %: 2 Runtime.OutOfMemory, 1 timeout)',
      '512 MB is not recommended: 1 of 10 invocations failed (10.0 %: 1 error)',
    ]);
  });

  it.each([
    {
      case: 'every size has errors',
      results: [size(128, 1e-6, 900, { errors: { timeout: 1 } }), failedEverywhere(256)],
      warning: /no memory size ran without errors/,
    },
    { case: 'nothing was measured', results: [], warning: /no memory size was measured/ },
  ])('recommends nothing when $case', ({ results, warning }) => {
    const { recommendation, warnings } = recommend(results, { strategy: 'balanced', weight: 0.5 });

    expect(recommendation).toBeNull();
    expect(warnings.at(-1)).toMatch(warning);
  });

  it.each([
    { case: 'cost', strategy: 'cost' as const, reason: 'cheapest: $0.00002463 per invocation, 11,723.0 ms trimmed mean' },
    { case: 'speed', strategy: 'speed' as const, reason: 'fastest: 1,466.0 ms trimmed mean, $0.00002464 per invocation' },
    {
      case: 'balanced',
      strategy: 'balanced' as const,
      reason: 'best balance of cost and speed (weight 0.5): $0.00002464 per invocation, 1,466.0 ms trimmed mean',
    },
  ])('explains a $case recommendation in words', ({ strategy, reason }) => {
    expect(recommend(slide, { strategy, weight: 0.5 }).recommendation?.reason).toBe(reason);
  });

  it('reports the saving against the current size when it was measured', () => {
    const { recommendation } = recommend(triangle, { strategy: 'cost', weight: 0.5, currentMemoryMB: 256 });

    expect(recommendation?.savingVsCurrent).toEqual({ costPercent: 50, durationPercent: -150, currentMemoryMB: 256 });
  });

  it.each([
    { case: 'was not measured', currentMemoryMB: 1024 },
    { case: 'is unknown', currentMemoryMB: undefined },
  ])('reports no saving when the current size $case', ({ currentMemoryMB }) => {
    expect(recommend(triangle, { strategy: 'cost', weight: 0.5, currentMemoryMB }).recommendation).not.toHaveProperty('savingVsCurrent');
  });

  it('leaves the results unchanged', () => {
    const results = deepFreeze([size(512, 4e-6, 200), size(128, 1e-6, 900, { errors: { timeout: 1 } }), size(256, 2e-6, 450)]);
    const before = structuredClone(results);

    for (const strategy of ['cost', 'speed', 'balanced'] as const) {
      recommend(results, { strategy, weight: 0.5, maxDurationMs: 1000, currentMemoryMB: 512 });
    }

    expect(results).toEqual(before);
  });

  it.each([
    { case: 'a weight above 1', opts: { strategy: 'balanced' as const, weight: 1.5 }, message: /--weight must be between 0 and 1/ },
    { case: 'a negative weight', opts: { strategy: 'balanced' as const, weight: -0.1 }, message: /--weight/ },
    { case: 'a zero maximum duration', opts: { strategy: 'cost' as const, weight: 0.5, maxDurationMs: 0 }, message: /--max-duration/ },
  ])('rejects $case', ({ opts, message }) => {
    expect(() => recommend(slide, opts)).toThrow(UsageError);
    expect(() => recommend(slide, opts)).toThrow(message);
  });
});
