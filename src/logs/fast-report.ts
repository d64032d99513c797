/**
 * The service's own REPORT layout read straight from the bytes, without decoding the line:
 *
 *   REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t[Init Duration: 4.56 ms\t]
 *
 * It accepts exactly what text-report.ts's CANONICAL regex accepts (a property test holds the two
 * together) and gives up — so the general path decides — on anything else. A REPORT-only log
 * (`filter-log-events --filter-pattern REPORT`) is nothing but these lines, so this is where its
 * time goes: no string, no regex, no parseFloat, and (for statistics) no record object.
 */
import type { InvocationRecord } from '../types.js';
import { BILLED, DURATION, FALSE, HEAD, INIT, MAX_USED, MB, MEMORY, MS, SAMPLED, SEGMENT, TRUE, XRAY } from './layout-literals.js';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const DOT = 0x2e;
const COLON = 0x3a;
const ZERO = 0x30;

// Powers of ten are exact doubles up to 1e22; with at most 15 significant digits the mantissa is an
// exact integer too, so mantissa / 10^k is one correctly rounded division: exactly parseFloat's result.
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
const MAX_DIGITS = 15;

/** The fields of one canonical line; reused from line to line (no allocation per line). */
export class CanonicalFields {
  durationMs = 0;
  billedDurationMs = 0;
  memoryMB = 0;
  maxMemoryUsedMB = 0;
  /** -1 when the line has no Init Duration. */
  initDurationMs = -1;
  idStart = 0;
  idEnd = 0;
}

/**
 * The numbers of the line being read: Duration, Billed Duration, Memory Size, Max Memory Used, Init
 * Duration. A typed array, so a number is returned beside an index without allocating (a double
 * in a module variable is a new heap number each time it is set).
 */
const numbers = new Float64Array(5);
const INIT_SLOT = 4;

/**
 * `\d+` (with `decimal`, `\d+(\.\d+)?`) at `at`: the index after it, with its value in
 * `numbers[slot]`; -1 when there is none, or it has more significant digits than a double holds exactly.
 */
function readNumber(buf: Uint8Array, at: number, limit: number, decimal: boolean, slot: number): number {
  if (at < 0) return -1;
  let mantissa = 0;
  let i = at;
  let d: number;
  while (i < limit && (d = buf[i]! - ZERO) >= 0 && d <= 9) {
    mantissa = mantissa * 10 + d;
    i++;
  }
  if (i === at) return -1;
  let scale = 0;
  if (decimal && i < limit && buf[i] === DOT) {
    const start = ++i;
    while (i < limit && (d = buf[i]! - ZERO) >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      i++;
    }
    scale = i - start;
    if (scale === 0 || scale >= POW10.length) return -1;
  }
  // Counting leading zeros only when it matters keeps the digit loops to one test a digit.
  if (i - at - Number(scale > 0) > MAX_DIGITS && significantDigits(buf, at, i) > MAX_DIGITS) return -1;
  numbers[slot] = scale === 0 ? mantissa : mantissa / POW10[scale]!;
  return i;
}

function significantDigits(buf: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    if (buf[i] === DOT) continue;
    if (count > 0 || buf[i] !== ZERO) count++;
  }
  return count;
}

/**
 * The text before each number up to Max Memory Used, and whether the number may have decimals.
 * One loop reads them: a single call site of `after` and `readNumber`, which V8 inlines — a call
 * of each per field exhausted its inlining budget, and the calls it left cost more than the reading.
 */
const LEADS = [DURATION, BILLED, MEMORY, MAX_USED];
const DECIMAL = [true, false, false, false];

/**
 * Reads a canonical line starting at `at` into `out`. Returns where the line's text ends — the
 * index of its LF, of the CR of its CRLF, or `limit` — or -1 when the line is not canonical
 * (including when it runs past `limit` without ending).
 */
export function readCanonical(buf: Uint8Array, at: number, limit: number, out: CanonicalFields, view = viewOf(buf)): number {
  let i = HEAD.after(buf, view, at, limit);
  if (i === -1) return -1;
  // The request id: `[^\s:]+` of the regex, narrowed to printable ASCII without quotes (a quote
  // could make the line a JSON "message" to the general path); anything else is left to it.
  const idStart = i;
  // Four bytes at a time while every byte is plainly part of the id (the bit tricks of "Bit
  // Twiddling Hacks": any byte < 0x23, any byte > 0x7e, any byte = ':'); the byte loop finds the TAB.
  while (i + 4 <= limit) {
    const x = view.getUint32(i, true);
    const y = x ^ 0x3a3a3a3a;
    if ((((x - 0x23232323) & ~x) | (x + 0x01010101) | x | ((y - 0x01010101) & ~y)) & 0x80808080) break;
    i += 4;
  }
  for (; i < limit; i++) {
    const c = buf[i]!;
    if (c === TAB) break;
    if (c <= SPACE || c > 0x7e || c === COLON || c === QUOTE) return -1;
  }
  if (i === idStart || i >= limit) return -1;
  out.idStart = idStart;
  out.idEnd = i;
  i++;
  for (let f = 0; f < LEADS.length; f++) {
    i = readNumber(buf, LEADS[f]!.after(buf, view, i, limit), limit, DECIMAL[f]!, f);
    if (i === -1) return -1;
  }
  out.durationMs = numbers[0]!;
  out.billedDurationMs = numbers[1]!;
  out.memoryMB = numbers[2]!;
  out.maxMemoryUsedMB = numbers[3]!;
  i = MB.after(buf, view, i, limit);
  if (i === -1) return -1;
  if (i < limit && buf[i] === TAB) i++;
  out.initDurationMs = -1;
  if (i < limit && buf[i] !== LF && buf[i] !== CR) {
    i = readNumber(buf, INIT.after(buf, view, i, limit), limit, true, INIT_SLOT);
    if (i === -1) return -1;
    out.initDurationMs = numbers[INIT_SLOT]!;
    i = MS.after(buf, view, i, limit);
    if (i === -1) return -1;
    if (i < limit && buf[i] === TAB) i++;
  }
  if (i === limit) return i;
  // Every test runs on every line (no short circuit): a test that only rare lines reach has no type
  // feedback when V8 first optimizes this function, and its first use deoptimized it mid-warm-up
  // (~10 ms a thread until it was optimized again). The byte after is read within `limit` (an
  // out-of-bounds read at a chunk's end deoptimized it too): at `limit - 1` the byte is an LF anyway.
  const end = buf[i];
  const next = buf[i + 1 < limit ? i + 1 : i];
  const lf = Number(end === LF);
  const crlf = Number(end === CR) & Number(next === LF);
  return (lf | crlf) !== 0 ? i : -1;
}

/** A DataView over exactly `buf` (make one per chunk and pass it to `readCanonical`). */
export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * The X-Ray line that follows a REPORT when tracing is active, `XRAY TraceId: 1-…\tSegmentId: …\tSampled: true`:
 * the index after its line end, or -1 when the line at `at` is not exactly that. Such a line can
 * hold neither `REPORT` nor `Ms` (its ids are lowercase hex), so skipping it changes nothing —
 * and spares a REPORT-only log two searches per traced invocation.
 */
export function skipTracingLine(buf: Uint8Array, view: DataView, at: number, limit: number): number {
  let i = XRAY.after(buf, view, at, limit);
  i = hexRun(buf, i, limit, true);
  i = SEGMENT.after(buf, view, i, limit);
  i = hexRun(buf, i, limit, false);
  i = SAMPLED.after(buf, view, i, limit);
  if (i === -1) return -1;
  i = TRUE.after(buf, view, i, limit) !== -1 ? i + TRUE.length : FALSE.after(buf, view, i, limit);
  if (i === -1) return -1;
  if (i < limit && buf[i] === TAB) i++;
  if (i < limit && buf[i] === CR) i++;
  return i < limit && buf[i] === LF ? i + 1 : -1;
}

/** `[0-9a-f]+` (with `dash`, `[0-9a-f-]+`) at `at`: the index after it, or -1. */
function hexRun(buf: Uint8Array, at: number, limit: number, dash: boolean): number {
  if (at < 0) return -1;
  let i = at;
  for (; i < limit; i++) {
    const c = buf[i]!;
    if (!((c >= ZERO && c <= ZERO + 9) || (c >= 0x61 && c <= 0x66) || (dash && c === 0x2d))) break;
  }
  return i === at ? -1 : i;
}

/** The record of `fields`, read from `buf`. */
export function canonicalToRecord(buf: Buffer, fields: CanonicalFields): InvocationRecord {
  const record: InvocationRecord = {
    memoryMB: fields.memoryMB,
    durationMs: fields.durationMs,
    billedDurationMs: fields.billedDurationMs,
    maxMemoryUsedMB: fields.maxMemoryUsedMB,
    status: 'success',
    logFormat: 'text',
    requestId: buf.toString('latin1', fields.idStart, fields.idEnd),
  };
  if (fields.initDurationMs !== -1) record.initDurationMs = fields.initDurationMs;
  return record;
}

/** The record of the canonical line `buf[start..end)` (no line end in it), or undefined. */
export function fastTextReport(buf: Buffer, start: number, end: number): InvocationRecord | undefined {
  const fields = new CanonicalFields();
  return readCanonical(buf, start, end, fields) === end ? canonicalToRecord(buf, fields) : undefined;
}
