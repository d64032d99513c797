/**
 * The service's own REPORT layout read straight from the bytes, without decoding the line:
 *
 *   REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t[Init Duration: 4.56 ms\t]
 *
 * It accepts exactly what text-report.ts's CANONICAL regex accepts (a property test holds the two
 * together) and gives up — returning undefined, so the general path decides — on anything else.
 * A REPORT-only log (`filter-log-events --filter-pattern REPORT`) is nothing but these lines, so
 * this is where its time goes: ~100 ns a line instead of a decode, a regex and parseFloat.
 */
import type { InvocationRecord } from '../types.js';

const TAB = 0x09;
const SPACE = 0x20;
const DOT = 0x2e;
const COLON = 0x3a;
const QUOTE = 0x22;
const ZERO = 0x30;
const NINE = 0x39;

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const HEAD = bytes('REPORT RequestId: ');
const DURATION = bytes('\tDuration: ');
const BILLED = bytes(' ms\tBilled Duration: ');
const MEMORY = bytes(' ms\tMemory Size: ');
const MAX_USED = bytes(' MB\tMax Memory Used: ');
const INIT = bytes('Init Duration: ');
const MS = bytes(' ms');
const MB = bytes(' MB');

// Powers of ten are exact doubles up to 1e22; with at most 15 significant digits the mantissa is an
// exact integer too, so mantissa / 10^k is one correctly rounded division: exactly parseFloat's result.
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
const MAX_DIGITS = 15;

/** Cursor over one line; `fail` turns every later read into a no-op so the caller checks once. */
class Reader {
  at = 0;
  ok = true;
  constructor(
    readonly buf: Buffer,
    readonly end: number,
  ) {}

  literal(text: Uint8Array): void {
    if (!this.ok) return;
    const { buf } = this;
    const at = this.at;
    if (at + text.length > this.end) {
      this.ok = false;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      if (buf[at + i] !== text[i]) {
        this.ok = false;
        return;
      }
    }
    this.at = at + text.length;
  }

  /** `\d+` or, with `fraction`, `\d+(\.\d+)?`, as a double equal to parseFloat of the same text. */
  number(fraction: boolean): number {
    if (!this.ok) return 0;
    const { buf, end } = this;
    let i = this.at;
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    while (i < end && buf[i]! >= ZERO && buf[i]! <= NINE) {
      mantissa = mantissa * 10 + (buf[i]! - ZERO);
      if (mantissa !== 0) digits++;
      i++;
    }
    if (i === this.at) return this.fail();
    if (fraction && i < end && buf[i] === DOT) {
      const start = ++i;
      while (i < end && buf[i]! >= ZERO && buf[i]! <= NINE) {
        mantissa = mantissa * 10 + (buf[i]! - ZERO);
        if (mantissa !== 0) digits++;
        i++;
      }
      if (i === start) return this.fail();
      scale = i - start;
    }
    if (digits > MAX_DIGITS || scale >= POW10.length) return this.fail();
    this.at = i;
    return scale === 0 ? mantissa : mantissa / POW10[scale]!;
  }

  /** `[^\s:]+` restricted to printable ASCII (anything else: the general path). */
  id(): string {
    if (!this.ok) return '';
    const { buf, end } = this;
    const start = this.at;
    let i = start;
    while (i < end) {
      const c = buf[i]!;
      if (c === TAB || c === SPACE) break;
      // A quote could make the line a JSON `"message"` to the general path: leave those to it.
      if (c < 0x21 || c > 0x7e || c === COLON || c === QUOTE) return (this.fail(), '');
      i++;
    }
    if (i === start) return (this.fail(), '');
    this.at = i;
    return buf.toString('latin1', start, i);
  }

  /** An optional TAB. */
  tab(): void {
    if (this.ok && this.at < this.end && this.buf[this.at] === TAB) this.at++;
  }

  fail(): 0 {
    this.ok = false;
    return 0;
  }
}

/** The record of a canonical REPORT line `buf[start..end)` (no newline), or undefined. */
export function fastTextReport(buf: Buffer, start: number, end: number): InvocationRecord | undefined {
  const r = new Reader(buf, end);
  r.at = start;
  r.literal(HEAD);
  const requestId = r.id();
  r.literal(DURATION);
  const durationMs = r.number(true);
  r.literal(BILLED);
  const billedDurationMs = r.number(false);
  r.literal(MEMORY);
  const memoryMB = r.number(false);
  r.literal(MAX_USED);
  const maxMemoryUsedMB = r.number(false);
  r.literal(MB);
  r.tab();
  let initDurationMs: number | undefined;
  if (r.ok && r.at < end) {
    r.literal(INIT);
    initDurationMs = r.number(true);
    r.literal(MS);
    r.tab();
  }
  if (!r.ok || r.at !== end) return undefined;
  const record: InvocationRecord = { memoryMB, durationMs, billedDurationMs, maxMemoryUsedMB, status: 'success', logFormat: 'text', requestId };
  if (initDurationMs !== undefined) record.initDurationMs = initDurationMs;
  return record;
}
