/**
 * The fixed texts of the REPORT and X-Ray layouts that fast-report.ts reads (see there). A literal
 * keeps its text as little-endian 32-bit words and the bytes left over, and compares them four bytes
 * at a time through a DataView. Each is an instance of one class, so every call site of `after`
 * sees one function (monomorphic: V8 inlines it).
 */
export class Literal {
  readonly length: number;
  readonly #words: Uint32Array;
  readonly #tail: Uint8Array;

  constructor(readonly text: string) {
    const bytes = Buffer.from(text, 'latin1');
    this.length = bytes.length;
    const whole = bytes.length - (bytes.length % 4);
    this.#words = new Uint32Array(whole / 4).map((_, k) => bytes.readUInt32LE(k * 4));
    this.#tail = Uint8Array.from(bytes.subarray(whole));
  }

  /** Whether the text is at `at` (which must leave `length` bytes in `b`). */
  matches(b: Uint8Array, v: DataView, at: number): boolean {
    const words = this.#words;
    for (let k = 0; k < words.length; k++) if (v.getUint32(at + 4 * k, true) !== words[k]) return false;
    const tail = this.#tail;
    const rest = at + 4 * words.length;
    for (let k = 0; k < tail.length; k++) if (b[rest + k] !== tail[k]) return false;
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
