import { describe, expect, it } from 'vitest';
import { formatCount, formatMB, formatMs, formatPer, formatPercent, formatRatio, formatRaw, formatUsd } from '../../src/format.js';

describe('formatUsd', () => {
  it.each([
    { case: 'a per-invocation cost keeps 4 significant digits', value: 0.0000246287701938, expected: '$0.00002463' },
    { case: 'a request-fee-sized cost is not rounded to zero', value: 0.0000002020833, expected: '$0.0000002021' },
    { case: 'a cost per 1,000 invocations', value: 0.0246287701938, expected: '$0.02463' },
    { case: 'a cost per 1M invocations', value: 24.6287701938, expected: '$24.63' },
    { case: 'large amounts keep cents and group thousands', value: 1234567.891, expected: '$1,234,567.89' },
    { case: 'zero', value: 0, expected: '$0.00' },
    { case: 'a negative amount puts the sign first', value: -1.5, expected: '-$1.50' },
  ])('$case', ({ value, expected }) => {
    expect(formatUsd(value)).toBe(expected);
  });
});

describe('formatMs, formatMB, formatCount', () => {
  it.each([
    { case: 'ms with one decimal and grouping', actual: () => formatMs(11722.965), expected: '11,723.0' },
    { case: 'ms below one', actual: () => formatMs(0.44), expected: '0.4' },
    { case: 'MB without unit', actual: () => formatMB(10240), expected: '10240' },
    { case: 'MB with unit', actual: () => formatMB(1024, { unit: true }), expected: '1024 MB' },
    { case: 'count rounds and groups', actual: () => formatCount(1234567), expected: '1,234,567' },
  ])('formats $case', ({ actual, expected }) => {
    expect(actual()).toBe(expected);
  });
});

describe('formatPercent and formatRatio', () => {
  it.each([
    { case: 'a signed increase', actual: () => formatPercent(13.8367, { signed: true }), expected: '+13.8 %' },
    { case: 'a small difference with two decimals', actual: () => formatPercent(0.0711, { signed: true }), expected: '+0.07 %' },
    { case: 'a negative value', actual: () => formatPercent(-4.25), expected: '-4.3 %' },
    { case: 'an unsigned value', actual: () => formatPercent(20), expected: '20.0 %' },
    { case: 'a slowdown factor', actual: () => formatRatio(7.99665), expected: '×8.00' },
  ])('formats $case', ({ actual, expected }) => {
    expect(actual()).toBe(expected);
  });
});

describe('formatPer', () => {
  it.each([
    { case: 'one million as 1M', per: 1_000_000, expected: '1M' },
    { case: 'ten million as 10M', per: 10_000_000, expected: '10M' },
    { case: 'one thousand with a separator', per: 1000, expected: '1,000' },
    { case: 'an odd amount in full', per: 2_500_000, expected: '2,500,000' },
  ])('writes $case', ({ per, expected }) => {
    expect(formatPer(per)).toBe(expected);
  });
});

describe('formatRaw', () => {
  it.each([
    { case: 'an integer as is', value: 1024, expected: '1024' },
    { case: 'a tiny cost without exponent', value: (128 / 1024) * (1 / 1000) * 0.0000166667 + 0.0000002, expected: '0.0000002020833375' },
    { case: 'a sum without float noise', value: 0.1 + 0.2, expected: '0.3' },
    { case: 'a mean without trailing zeros', value: 11722.965, expected: '11722.965' },
    { case: 'a price as written in the price list', value: 0.0000166667, expected: '0.0000166667' },
    { case: 'a negative fraction', value: -0.5, expected: '-0.5' },
  ])('writes $case', ({ value, expected }) => {
    expect(formatRaw(value)).toBe(expected);
  });

  it('throws on a non-finite number', () => {
    expect(() => formatRaw(Number.NaN)).toThrow(/non-finite/);
  });
});
