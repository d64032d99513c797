import { describe, expect, it } from 'vitest';
import { formatMs, formatPercent, formatUSD } from '../../../src/analysis/index.js';

describe('words', () => {
  it.each([
    { case: 'a typical invocation cost', value: 0.0000029312, expected: '$0.0000029' },
    { case: 'a cost per million', value: 2.931, expected: '$2.9' },
    { case: 'a tiny cost', value: 2e-10, expected: '$0.0000000002' },
  ])('formats $case in dollars without exponents', ({ value, expected }) => {
    expect(formatUSD(value)).toBe(expected);
  });

  it.each([
    { case: 'long durations as whole ms with separators', value: 1465.98, expected: '1,466 ms' },
    { case: 'tens of ms with one decimal', value: 12.345, expected: '12.3 ms' },
    { case: 'a few ms with two decimals', value: 1.234, expected: '1.23 ms' },
  ])('formats $case', ({ value, expected }) => {
    expect(formatMs(value)).toBe(expected);
  });

  it('formats percentages with at most one decimal', () => {
    expect(formatPercent(100 / 3)).toBe('33.3%');
  });
});
