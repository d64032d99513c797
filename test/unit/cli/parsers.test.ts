import { InvalidArgumentError } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { parseMemoryList, parseMemoryMB, parsePositiveInt, parsePositiveNumber, parsePrice, parseRange } from '../../../src/cli/parsers.js';

describe('parseMemoryList', () => {
  it.each([
    { case: 'a single size', raw: '1024', expected: [1024] },
    { case: 'sorted without duplicates', raw: '512, 128,512,3008', expected: [128, 512, 3008] },
    { case: 'the bounds', raw: '128,10240', expected: [128, 10240] },
    { case: 'odd sizes that Lambda accepts', raw: '3009', expected: [3009] },
    { case: 'exponent notation', raw: '1e3,2.048E3', expected: [1000, 2048] },
  ])('accepts $case', ({ raw, expected }) => {
    expect(parseMemoryList(raw)).toEqual(expected);
  });

  it.each([
    { case: 'below 128 MB', raw: '64', message: /64 is out of range: use whole MB from 128 to 10240/ },
    { case: 'above 10,240 MB', raw: '128,10241', message: /10241 is out of range/ },
    { case: 'a fraction', raw: '128.5', message: /out of range/ },
    { case: 'a word', raw: 'big', message: /must be a number, got "big"/ },
    { case: 'hexadecimal', raw: '0x80', message: /must be a number, got "0x80"/ },
    { case: 'digits grouped with underscores', raw: '1_024', message: /must be a number, got "1_024" \(write it without separators, e\.g\. 1024/ },
    { case: 'a thousands separator', raw: '1,024', message: /^"1,024" reads as two sizes, because commas separate sizes: write 1024\.$/ },
    { case: 'a thousands separator among sizes', raw: '512,10,240', message: /"10,240" reads as two sizes.*write 10240\./ },
    { case: 'infinity', raw: 'Infinity', message: /must be a number, got "Infinity"/ },
    { case: 'nothing', raw: ' , ', message: /at least one memory size/ },
  ])('rejects $case', ({ raw, message }) => {
    expect(() => parseMemoryList(raw)).toThrow(InvalidArgumentError);
    expect(() => parseMemoryList(raw)).toThrow(message);
  });
});

describe('number parsers', () => {
  it.each([
    { case: 'weight above 1', parse: parseRange('--weight', 0, 1), raw: '1.5', message: /--weight must be between 0 and 1/ },
    { case: 'weight below 0', parse: parseRange('--weight', 0, 1), raw: '-0.1', message: /between 0 and 1/ },
    { case: 'negative price', parse: parsePrice('--request-price'), raw: '-1', message: /--request-price cannot be negative/ },
    { case: 'zero invocations', parse: parsePositiveInt('--invocations'), raw: '0', message: /whole number from 1/ },
    { case: 'fractional invocations', parse: parsePositiveInt('--invocations'), raw: '2.5', message: /whole number/ },
    { case: 'empty memory', parse: parseMemoryMB, raw: '', message: /must be a number/ },
    {
      case: 'per with comma grouping',
      parse: parsePositiveNumber('--per'),
      raw: '1,000,000',
      message: /must be a number, got "1,000,000" \(write it without separators, e\.g\. 1000000/,
    },
    { case: 'a fractional exponent', parse: parsePositiveNumber('--per'), raw: '1e6.5', message: /must be a number/ },
  ])('rejects $case', ({ parse, raw, message }) => {
    expect(() => parse(raw)).toThrow(message);
  });

  it.each([
    { case: 'weight 0', parse: parseRange('--weight', 0, 1), raw: '0', expected: 0 },
    { case: 'weight 1', parse: parseRange('--weight', 0, 1), raw: '1', expected: 1 },
    { case: 'a tiny price', parse: parsePrice('--gb-second-price'), raw: '0.00001667', expected: 0.00001667 },
    { case: 'a free request', parse: parsePrice('--request-price'), raw: '0', expected: 0 },
    { case: 'per a million in e-notation', parse: parsePositiveInt('--per'), raw: '1e6', expected: 1_000_000 },
    { case: 'a price in e-notation', parse: parsePrice('--gb-second-price'), raw: '1.66667e-5', expected: 0.0000166667 },
    { case: 'invocations in e-notation', parse: parsePositiveInt('--invocations'), raw: '2E2', expected: 200 },
  ])('accepts $case', ({ parse, raw, expected }) => {
    expect(parse(raw)).toBe(expected);
  });
});
