/**
 * The fixed texts of the REPORT and X-Ray layouts that fast-report.ts reads (see there). A literal
 * of 8 bytes or more is compared eight bytes at a time, as doubles read through a DataView: at 0,
 * 8, 16… and once more at its last eight bytes (overlapping the one before, so no byte-by-byte
 * tail). Two doubles are equal exactly when their bits are, except NaNs and ±0 — and eight bytes
 * of printable ASCII or TAB are neither (the constructor checks). Each is an instance of one class,
 * so every call site of `after` sees one function (monomorphic: V8 inlines it).
 */
export class Literal {
  readonly length: number;
  readonly #bytes: Uint8Array;
  /** Where each eight-byte probe starts, and the double its bytes are (empty below eight bytes). */
  readonly #offsets: Int32Array;
  readonly #doubles: Float64Array;

  constructor(readonly text: string) {
    const bytes = Buffer.from(text, 'latin1');
    this.length = bytes.length;
    this.#bytes = Uint8Array.from(bytes);
    const offsets: number[] = [];
    for (let k = 0; k + 8 <= bytes.length; k += 8) offsets.push(k);
    if (bytes.length >= 8 && bytes.length % 8 !== 0) offsets.push(bytes.length - 8);
    this.#offsets = Int32Array.from(offsets);
    this.#doubles = Float64Array.from(offsets, (k) => bytes.readDoubleLE(k));
    if (this.#doubles.some((d) => Number.isNaN(d) || d === 0)) throw new Error(`literal ${JSON.stringify(text)} cannot be compared as doubles`);
  }

  /** Whether the text is at `at` (which must leave `length` bytes in `b`). */
  matches(b: Uint8Array, v: DataView, at: number): boolean {
    const offsets = this.#offsets;
    if (offsets.length === 0) {
      const bytes = this.#bytes;
      for (let k = 0; k < bytes.length; k++) if (b[at + k] !== bytes[k]) return false;
      return true;
    }
    const doubles = this.#doubles;
    for (let k = 0; k < offsets.length; k++) if (v.getFloat64(at + offsets[k]!, true) !== doubles[k]) return false;
    return true;
  }

  /** The index after the text when it is at `at` (-1: no position) within `limit`; -1 otherwise. */
  after(b: Uint8Array, v: DataView, at: number, limit: number): number {
    return at >= 0 && at + this.length <= limit && this.matches(b, v, at) ? at + this.length : -1;
  }
}

export const HEAD = new Literal('REPORT RequestId: ');
export const DURATION = new Literal('Duration: ');
export const BILLED = new Literal(' ms\tBilled Duration: ');
export const MEMORY = new Literal(' ms\tMemory Size: ');
export const MAX_USED = new Literal(' MB\tMax Memory Used: ');
export const INIT = new Literal('Init Duration: ');
export const MB = new Literal(' MB');
export const MS = new Literal(' ms');
export const XRAY = new Literal('XRAY TraceId: ');
export const SEGMENT = new Literal('\tSegmentId: ');
export const SAMPLED = new Literal('\tSampled: ');
export const TRUE = new Literal('true');
export const FALSE = new Literal('false');
export const LITERALS: readonly Literal[] = [HEAD, DURATION, BILLED, MEMORY, MAX_USED, INIT, MB, MS, XRAY, SEGMENT, SAMPLED, TRUE, FALSE];
