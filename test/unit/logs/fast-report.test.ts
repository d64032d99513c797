/**
 * Property-style: the byte-level fast path and the general (decode + regex) path give identical
 * records on generated REPORT lines, and the fast path declines every line it does not fully own.
 */
import { describe, expect, it } from 'vitest';
import { fastTextReport, parseReportLine } from '../../../src/logs/index.js';
import { skipTracingLine } from '../../../src/logs/fast-report.js';
import { LITERALS } from '../../../src/logs/layout-literals.js';
// Seeded (mulberry32): a failure names a seed that reproduces it.
import { seededRandom as random } from '../../support/fake-aws/ids.js';

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const digits = (rand: Rand, min: number, max: number): string =>
  Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () => String(Math.floor(rand() * 10))).join('');

/** Numbers as Lambda writes them, and the odd ones a parser must still get right or decline. */
function decimal(rand: Rand): string {
  if (rand() < 0.8) return `${digits(rand, 1, 5)}.${digits(rand, 2, 2)}`;
  return pick(rand, [
    () => `${digits(rand, 1, 3)}.${digits(rand, 1, 3)}`,
    () => digits(rand, 1, 6),
    () => `0.0${digits(rand, 1, 2)}`,
    () => `${digits(rand, 10, 18)}.${digits(rand, 1, 4)}`,
    () => `${digits(rand, 1, 2)}.`,
    () => `.${digits(rand, 1, 2)}`,
    // More than 15 digits, yet at most 15 significant: read exactly, so the fast path must take them.
    () => `${leadingZeros(rand)}${digits(rand, 1, 4)}.${digits(rand, 1, 3)}`,
    () => `${leadingZeros(rand)}${digits(rand, 1, 6)}`,
  ])();
}

const leadingZeros = (rand: Rand): string => '0'.repeat(10 + Math.floor(rand() * 8));

function requestId(rand: Rand): string {
  if (rand() < 0.85) return [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('')).join('-');
  return pick(rand, [() => '8f5e2b1c-6a3d-4e9f-9b7a-2c1d3e4f5a6b', () => digits(rand, 1, 12), () => 'a"b', () => 'ünïcode-id', () => 'has:colon', () => ''])();
}

/** A REPORT line: usually the service's layout, sometimes bent in one of the ways real copies are. */
function reportLine(rand: Rand): string {
  const tab = (): string => (rand() < 0.93 ? '\t' : pick(rand, [' ', '  ', ' \t']));
  const fields = [
    `Duration: ${decimal(rand)} ms`,
    `Billed Duration: ${rand() < 0.9 ? digits(rand, 1, 5) : rand() < 0.3 ? `${leadingZeros(rand)}${digits(rand, 1, 5)}` : decimal(rand)} ms`,
    `Memory Size: ${rand() < 0.95 ? pick(rand, ['128', '512', '1024', '3009', '10240']) : decimal(rand)} MB`,
    `Max Memory Used: ${digits(rand, 2, 4)} ${rand() < 0.97 ? 'MB' : 'ms'}`,
  ];
  if (rand() < 0.3) fields.push(`Init Duration: ${decimal(rand)} ms`);
  if (rand() < 0.05)
    fields.push(
      pick(rand, ['Status: timeout', 'Restore Duration: 303.52 ms\tBilled Restore Duration: 303 ms', 'XRAY TraceId: 1-5e-abc\tSegmentId: 12\tSampled: true']),
    );
  if (rand() < 0.03) fields.splice(Math.floor(rand() * fields.length), 1);
  const head = rand() < 0.97 ? 'REPORT RequestId: ' : pick(rand, ['REPORT  RequestId: ', 'REPORT RequestId:']);
  let line = `${head}${requestId(rand)}`;
  for (const field of fields) line += tab() + field;
  if (rand() < 0.6) line += '\t';
  if (rand() < 0.02) line += pick(rand, [' ', '\t\t', 'x']);
  return line;
}

/** The most significant digits of any number in `line`. */
function significantDigits(line: string): number {
  const numbers = line
    .split('\t')
    .slice(1)
    .map((field) =>
      field
        .replace(/^[^:]*: /, '')
        .split(' ')[0]!
        .replace('.', '')
        .replace(/^0+/, ''),
    );
  return Math.max(0, ...numbers.map((n) => n.length));
}

const CANONICAL_SHAPE =
  /^REPORT RequestId: [!#-9;-~]+\tDuration: \d+(\.\d+)? ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB\tMax Memory Used: \d+ MB\t?(Init Duration: \d+(\.\d+)? ms\t?)?$/;

describe('fastTextReport against the general parser', () => {
  it.each([1, 2, 3, 4, 5].map((seed) => ({ case: `seed ${seed}`, seed })))('agrees on 4,000 generated lines ($case)', ({ seed }) => {
    const rand = random(seed);
    let fast = 0;
    for (let i = 0; i < 4000; i++) {
      const line = reportLine(rand);
      const buffer = Buffer.from(line, 'utf8');
      const record = fastTextReport(buffer, 0, buffer.length);
      const general = parseReportLine(line);
      if (record !== undefined) {
        fast++;
        expect({ line, result: { kind: 'record', record } }).toEqual({ line, result: general });
      } else if (CANONICAL_SHAPE.test(line) && significantDigits(line) <= 15) {
        // Only numbers too long to read exactly from their digits may push such a line off the fast path.
        expect.fail(`fast path declined a canonical line: ${JSON.stringify(line)}`);
      }
    }
    // Both paths must have been exercised for the comparison to mean anything.
    expect(fast).toBeGreaterThan(1200);
    expect(fast).toBeLessThan(3500);
  });

  it('reads only its own bytes inside a larger buffer', () => {
    const buffer = Buffer.from('xx\nREPORT RequestId: a\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\nyy');
    const [start, end] = [buffer.indexOf('REPORT'), buffer.lastIndexOf('\n')];

    expect(fastTextReport(buffer, start, end)).toMatchObject({ requestId: 'a', durationMs: 1.5, billedDurationMs: 2, memoryMB: 128, maxMemoryUsedMB: 60 });
  });
});

describe('skipTracingLine', () => {
  const view = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  it.each([
    {
      case: 'the X-Ray line of a traced invocation',
      line: 'XRAY TraceId: 1-5e1b4151-5ac6c58f5e0e4fc8c9a5f2b3\tSegmentId: 7f9a1c3e5a7b9d1f\tSampled: true\t\n',
      skipped: true,
    },
    { case: 'an unsampled one with CRLF', line: 'XRAY TraceId: 1-5e1b4151-5ac6c58f\tSegmentId: 7f9a\tSampled: false\r\n', skipped: true },
    { case: 'uppercase ids (could hide an Ms)', line: 'XRAY TraceId: 1-5E1B-Ms\tSegmentId: 7f\tSampled: true\n', skipped: false },
    { case: 'a REPORT after the X-Ray fields', line: 'XRAY TraceId: 1-5e\tSegmentId: 7f\tSampled: true\tREPORT RequestId: a\n', skipped: false },
    { case: 'a line cut before its end', line: 'XRAY TraceId: 1-5e\tSegmentId: 7f\tSampled: tr', skipped: false },
  ])('skips only $case when it is exactly that', ({ line, skipped }) => {
    const buffer = Buffer.from(line);

    expect(skipTracingLine(buffer, view(buffer), 0, buffer.length)).toBe(skipped ? buffer.length : -1);
  });
});

describe('the layout literals', () => {
  it.each(LITERALS.map((literal) => ({ case: JSON.stringify(literal.text), literal })))('match exactly $case', ({ literal }) => {
    const text = Buffer.from(`xx${literal.text}yy`, 'latin1');
    const view = new DataView(text.buffer, text.byteOffset, text.byteLength);

    expect(literal.length).toBe(literal.text.length);
    expect(literal.matches(text, view, 2)).toBe(true);
    expect(literal.after(text, view, 2, text.length)).toBe(2 + literal.length);
    // Not when it would run past the limit, nor from no position.
    expect(literal.after(text, view, 2, 2 + literal.length - 1)).toBe(-1);
    expect(literal.after(text, view, -1, text.length)).toBe(-1);
    // Any one byte changed, anywhere in it, and it no longer matches.
    for (let i = 0; i < literal.length; i++) {
      const changed = Buffer.from(text);
      changed[2 + i] = changed[2 + i]! ^ 0x01;
      expect(literal.matches(changed, new DataView(changed.buffer, changed.byteOffset, changed.byteLength), 2), `byte ${i}`).toBe(false);
    }
  });
});
