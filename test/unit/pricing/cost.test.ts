import { describe, expect, it } from 'vitest';
import { gbSeconds, invocationCost, monthlyCost, tieredDurationCost } from '../../../src/pricing/index.js';
import type { PriceRow } from '../../../src/types.js';

const slide2019: PriceRow = { region: 'us-east-1', architecture: 'x86_64', gbSecondUSD: 0.00001667, requestUSD: 0.0000002, asOf: 'override' };
const x86: PriceRow = { region: 'us-east-1', architecture: 'x86_64', gbSecondUSD: 0.0000166667, requestUSD: 0.0000002, asOf: '2026-11-27' };
const arm: PriceRow = { ...x86, architecture: 'arm64', gbSecondUSD: 0.0000133334 };

describe('invocationCost', () => {
  // The slide that started the project: 1000 runs of "all primes ≤ 1,000,000" at 2019 prices.
  it.each([
    { case: '128 MB', memoryMB: 128, meanBilledSeconds: 11.723, expected: 0.024628 },
    { case: '256 MB', memoryMB: 256, meanBilledSeconds: 6.679, expected: 0.028035 },
    { case: '512 MB', memoryMB: 512, meanBilledSeconds: 3.195, expected: 0.02683 },
    { case: '1024 MB', memoryMB: 1024, meanBilledSeconds: 1.466, expected: 0.024638 },
  ])('reproduces the slide for $case', ({ memoryMB, meanBilledSeconds, expected }) => {
    const thousandRuns = 1000 * invocationCost(memoryMB, meanBilledSeconds * 1000, slide2019);

    expect(Number(thousandRuns.toFixed(6))).toBe(expected);
  });

  it.each([
    // Real REPORT lines: INIT is inside Billed Duration since Aug 2025; SnapStart restore always was.
    { case: 'an on-demand cold start with billed INIT', memoryMB: 1024, billedMs: 5579, expectedGbS: 5.579 },
    { case: 'a SnapStart restore (306.34 ms + 303 ms restore, billed 610)', memoryMB: 2048, billedMs: 610, expectedGbS: 1.22 },
    { case: 'an odd memory size', memoryMB: 3009, billedMs: 100, expectedGbS: (3009 / 1024) * 0.1 },
  ])('costs $case from billed duration alone', ({ memoryMB, billedMs, expectedGbS }) => {
    expect(gbSeconds(memoryMB, billedMs)).toBeCloseTo(expectedGbS, 12);
    expect(invocationCost(memoryMB, billedMs, x86)).toBeCloseTo(expectedGbS * x86.gbSecondUSD + x86.requestUSD, 15);
  });

  it('charges the request fee for a zero-duration invocation', () => {
    expect(invocationCost(128, 0, x86)).toBe(0.0000002);
  });
});

describe('monthlyCost', () => {
  it.each([
    {
      case: 'the AWS example 1 (512 MB, 3 M × 1 s, free tier, flat 2019 price)',
      opts: { gbSeconds: 1_500_000, requests: 3_000_000, price: slide2019, freeTier: true, tiers: false },
      expected: 1_100_000 * 0.00001667 + 2_000_000 * 0.0000002,
    },
    {
      case: 'usage inside the first tier',
      opts: { gbSeconds: 1_000_000, requests: 1_000_000, price: x86 },
      expected: 1_000_000 * 0.0000166667 + 0.2,
    },
    {
      case: 'usage under the free tier',
      opts: { gbSeconds: 300_000, requests: 900_000, price: x86, freeTier: true },
      expected: 0,
    },
    {
      case: 'x86 usage reaching the third tier',
      opts: { gbSeconds: 20e9, requests: 0, price: x86 },
      expected: 6e9 * 0.0000166667 + 9e9 * 0.0000166667 * 0.9 + 5e9 * 0.0000166667 * 0.8,
    },
    {
      case: 'arm64 usage in the second tier, with its own thresholds',
      opts: { gbSeconds: 10e9, requests: 0, price: arm },
      expected: 7.5e9 * 0.0000133334 + 2.5e9 * 0.0000133334 * 0.9,
    },
    {
      case: 'tiers switched off',
      opts: { gbSeconds: 20e9, requests: 0, price: x86, tiers: false },
      expected: 20e9 * 0.0000166667,
    },
  ])('prices $case', ({ opts, expected }) => {
    expect(monthlyCost(opts)).toBeCloseTo(expected, 6);
  });

  it('matches the rounded second- and third-tier prices AWS publishes for US East x86', () => {
    const secondTierPerGbS = tieredDurationCost(6e9 + 1e6, x86) - tieredDurationCost(6e9, x86);
    const thirdTierPerGbS = tieredDurationCost(15e9 + 1e6, x86) - tieredDurationCost(15e9, x86);

    expect(secondTierPerGbS / 1e6).toBeCloseTo(0.000015, 9);
    expect(thirdTierPerGbS / 1e6).toBeCloseTo(0.0000133334, 9);
  });
});
