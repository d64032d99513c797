import { describe, expect, it } from 'vitest';
import { recommend } from '../../../src/analysis/index.js';
import type { SizeResult, Strategy } from '../../../src/types.js';
import { measuredSize } from './size-result.js';

/** A measured size with its 95 % intervals: trimmed mean ms ± msHalf, cost ± costHalf (relative), over `samples` warm values. */
function size(memoryMB: number, ms: number, msHalf: number, opts: { cost?: number; costHalf?: number; samples?: number } = {}): SizeResult {
  const cost = opts.cost ?? (memoryMB / 1024) * (ms / 1000) * 1.66667e-5 + 2e-7;
  const costHalf = cost * (opts.costHalf ?? msHalf / ms);
  return measuredSize(memoryMB, cost, ms, {
    ci95: {
      samples: opts.samples ?? 10,
      trimmedMeanMs: { low: ms - msHalf, high: ms + msHalf },
      costPerInvocationUSD: { low: cost - costHalf, high: cost + costHalf },
    },
  });
}

const pick = (results: SizeResult[], strategy: Strategy) => recommend(results, { strategy, weight: 0.5 }).recommendation;

describe('recommend with intervals', () => {
  it.each([
    {
      case: 'speed: sizes equally fast within the noise go to the cheaper',
      results: [size(1024, 700, 10), size(1769, 402, 12), size(3538, 398, 12)],
      strategy: 'speed' as const,
      expected: 1769,
      tiedWith: [3538],
    },
    {
      case: 'speed: a clearly faster size wins whatever it costs',
      results: [size(1536, 460, 5), size(1769, 400, 5)],
      strategy: 'speed' as const,
      expected: 1769,
      tiedWith: undefined,
    },
    {
      case: 'cost: sizes equally cheap within the noise go to the one measured cheapest, not the smallest',
      results: [size(128, 500, 40, { cost: 1.05e-6, costHalf: 0.08 }), size(140, 500, 40, { cost: 1.0e-6, costHalf: 0.08 }), size(1024, 480, 20)],
      strategy: 'cost' as const,
      expected: 140,
      tiedWith: [128],
    },
    {
      case: 'speed: a size slower by more than its noise is not as fast, though the intervals overlap (the pick is not biased below the knee)',
      results: [size(1629, 434, 18), size(1769, 400, 18)],
      strategy: 'speed' as const,
      expected: 1769,
      tiedWith: undefined,
    },
    {
      case: 'speed: of the sizes that may be as fast as the fastest level, the cheapest',
      results: [size(1769, 403, 8), size(3538, 400, 8), size(5307, 401, 8)],
      strategy: 'speed' as const,
      expected: 1769,
      tiedWith: [3538, 5307],
    },
    {
      case: 'balanced: near-ties go to the one measured best, not the cheaper',
      results: [
        size(512, 1000, 100, { cost: 1.0e-6, costHalf: 0.1 }),
        size(600, 900, 100, { cost: 1.05e-6, costHalf: 0.1 }),
        size(3008, 200, 5, { cost: 9e-6, costHalf: 0.01 }),
      ],
      strategy: 'balanced' as const,
      expected: 600,
      tiedWith: [512],
    },
  ])('$case', ({ results, strategy, expected, tiedWith }) => {
    const outcome = recommend(results, { strategy, weight: 0.5 });

    expect(outcome.recommendation?.memoryMB).toBe(expected);
    expect(outcome.recommendation?.tiedWith).toEqual(tiedWith);
    if (tiedWith) expect(outcome.warnings.at(-1)).toMatch(/cannot be told apart at the measured noise .* recommended: of sizes/);
  });

  it('lets a size with fewer warm values than the minimum stand as a point, not a tie', () => {
    const results = [size(1769, 400, 10), size(1700, 420, 200, { samples: 3 })];

    expect(pick(results, 'speed')).toMatchObject({ memoryMB: 1769 });
    expect(pick(results, 'speed')?.tieRule).toBeUndefined();
  });

  it.each([
    {
      case: 'warns when the pick meets the SLO within its noise, naming a size with room',
      p95: 845,
      expected: /^1100 MB meets p95 ≤ 850\.0 ms within the noise \(p95 845\.0 ms, ±2\.0 % on its mean\); 1200 MB meets it with room \(p95 790\.0 ms\)$/,
    },
    { case: 'says nothing when the pick meets the SLO with room', p95: 800, expected: undefined },
  ])('$case', ({ p95, expected }) => {
    const withP95 = (r: SizeResult, value: number): SizeResult => ({ ...r, durationMs: { ...r.durationMs!, p95: value } });
    const results = [withP95(size(1100, 780, 15.6), p95), withP95(size(1200, 730, 14.6), 790)];

    const { warnings } = recommend(results, { strategy: 'cost', weight: 0.5, maxDurationMs: 850 });

    const warning = warnings.find((w) => w.includes('meets p95'));
    if (expected) expect(warning).toMatch(expected);
    else expect(warning).toBeUndefined();
  });

  it.each([
    {
      case: 'an unsettled guess while the intervals are wide',
      half: 12,
      settled: false,
      warning: /may be up to 3\.5 % worse than the best of them \(95 % confidence\): measure more to tell$/,
    },
    {
      case: 'settled once the chosen size is within 3 % of the other at 95 % confidence',
      half: 4,
      settled: true,
      warning: /within 3\.0 % of each of them with 95 % confidence$/,
    },
  ])('calls a tie $case', ({ half, settled, warning }) => {
    // 1769 MB is the cheaper of two equally fast sizes; 3538 MB measured 0.5 % faster. Settled once
    // the upper end of 1769 MB's interval is within 3 % of the fastest level (400 ms).
    const outcome = recommend([size(1769, 402, half), size(3538, 400, half)], { strategy: 'speed', weight: 0.5 });

    expect(outcome.recommendation).toMatchObject({ memoryMB: 1769, tiedWith: [3538], settled });
    expect(outcome.warnings.at(-1)).toMatch(warning);
  });

  it.each([
    {
      case: 'the dearer size when the cheaper measured slower by more than it saves (3363 MB 7.5 % slower; 3538 MB 5 % dearer)',
      results: [size(3363, 430, 30), size(3538, 400, 4)],
      expected: 3538,
    },
    {
      case: 'the cheaper when its measured slowdown is the smaller loss (1769 MB 1 % slower; 3538 MB twice the cost)',
      results: [size(1769, 405, 15), size(3538, 400, 4)],
      expected: 1769,
    },
  ])('speed, while sizes may be as fast, takes the one likely to lose least: $case', ({ results, expected }) => {
    const outcome = recommend(results, { strategy: 'speed', weight: 0.5 });

    expect(outcome.recommendation).toMatchObject({ memoryMB: expected, settled: false });
  });

  it('keeps a cheaper size ruled slower by a narrow margin as a contender, so the search measures it more', () => {
    // 1769 MB measured 4 % slow on ten values (its interval starts 2.5 % above the level): not as fast yet, but it may be.
    const outcome = recommend([size(1769, 419, 8), size(1963, 411, 8), size(3538, 401, 5)], { strategy: 'speed', weight: 0.5 });

    expect(outcome.recommendation).toMatchObject({ memoryMB: 1963, settled: false });
    expect(outcome.recommendation?.tiedWith).toContain(1769);
  });

  it('states the rule it used', () => {
    expect(pick([size(1769, 402, 12), size(3538, 398, 12)], 'speed')?.tieRule).toBe(
      'of sizes that may be as fast as the fastest (within 1 %), the one likely to lose least, slower or dearer',
    );
  });
});
