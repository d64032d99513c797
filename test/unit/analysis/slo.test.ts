import { describe, expect, it } from 'vitest';
import { recommend } from '../../../src/analysis/index.js';
import type { SizeResult } from '../../../src/types.js';
import { measuredSize } from './size-result.js';

/** A size costing in proportion to memory × duration, with its p95 over `samples` warm values and, from 59 on, the p95's upper bound. */
function size(memoryMB: number, ms: number, p95: number, samples: number, p95UpperMs?: number): SizeResult {
  const cost = (memoryMB / 1024) * (ms / 1000) * 1.66667e-5;
  const ci95 = {
    samples,
    trimmedMeanMs: { low: ms * 0.99, high: ms * 1.01 },
    costPerInvocationUSD: { low: cost * 0.99, high: cost * 1.01 },
    ...(p95UpperMs === undefined ? {} : { p95UpperMs }),
  };
  return measuredSize(memoryMB, cost, ms, { p95, ci95 });
}

const cost = { strategy: 'cost' as const, weight: 0.5, maxDurationMs: 850 };

describe('recommend with an SLO on the p95', () => {
  it('prefers a size whose p95 bound meets the SLO over a cheaper one whose p95 of 15 values does', () => {
    const results = [size(1024, 700, 800, 15), size(1100, 690, 780, 61, 840)];

    const { recommendation, warnings } = recommend(results, cost);

    expect(recommendation).toMatchObject({ memoryMB: 1100, sloConfirmed: true });
    expect(warnings).toEqual([
      'p95 ≤ 850.0 ms is not confirmed at 1024 MB: its p95 (800.0 ms) rests on 15 warm invocation(s), and an upper 95 % bound of a p95 needs at least 59; it meets the SLO on its measured p95, so a size from 1024 MB up to 1100 MB may meet it for less',
    ]);
  });

  it.each([
    {
      case: 'too few values for a bound',
      results: [size(1024, 700, 800, 15)],
      warning:
        /^p95 ≤ 850\.0 ms is not confirmed at 1024 MB: its p95 \(800\.0 ms\) rests on 15 warm invocation\(s\), and an upper 95 % bound of a p95 needs at least 59/,
    },
    {
      case: 'a bound above the SLO',
      results: [size(1024, 700, 800, 60, 900)],
      warning: /^p95 ≤ 850\.0 ms is not confirmed at 1024 MB: the upper 95 % bound of its p95 is 900\.0 ms/,
    },
  ])('says the SLO is not confirmed with $case', ({ results, warning }) => {
    const { recommendation, warnings } = recommend(results, cost);

    expect(recommendation).toMatchObject({ memoryMB: 1024, sloConfirmed: false });
    expect(warnings).toContainEqual(expect.stringMatching(warning));
  });

  it('does not recommend an unconfirmed size below one whose p95 broke the SLO', () => {
    // 256 MB's five values happened to come out fast; 1,024 MB, twice its CPU, broke the SLO.
    const results = [size(256, 600, 700, 5), size(1024, 800, 900, 15), size(1536, 500, 600, 15)];

    expect(recommend(results, cost).recommendation?.memoryMB).toBe(1536);
  });

  it('lets a size measured on more values stand below one that broke the SLO on five', () => {
    const results = [size(1024, 450, 490, 20), size(1369, 900, 930, 5)];

    expect(recommend(results, cost).recommendation?.memoryMB).toBe(1024);
  });

  it('lets a size confirmed by its own values stand below one that broke the SLO', () => {
    const results = [size(512, 600, 700, 60, 800), size(1024, 800, 900, 15), size(1536, 500, 600, 15)];

    expect(recommend(results, cost).recommendation).toMatchObject({ memoryMB: 512, sloConfirmed: true });
  });
});
