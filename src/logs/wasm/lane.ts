/**
 * The WebAssembly lane (report-lane.wat) from JavaScript. A lane is one module instance with its own
 * memory: two read buffers (the file readers fill them, so the bytes are parsed where they were
 * read — no copy) and, per memory size, columns of the figures the statistics keep. A chunk is
 * given to the lane only when it lies in a lane's buffer; any other chunk (a stream's, a gunzip's)
 * takes the JavaScript lane.
 */
import type { SuccessColumns } from '../../stats/index.js';
import { REPORT_LANE_WASM } from './report-lane.js';

/** Bytes per read buffer: the file readers' chunk. */
export const LANE_CHUNK = 1024 * 1024;
const PAGE = 64 * 1024;

// The little of the WebAssembly API used here (@types/node 20 declares none of it).
interface WasmGlobal {
  readonly value: unknown;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface LaneExports {
  memory: WasmMemory;
  stop: WasmGlobal;
  slots: WasmGlobal;
  HEADERS: WasmGlobal;
  COLUMNS: WasmGlobal;
  MAX_SLOTS: WasmGlobal;
  COLUMN: WasmGlobal;
  lane(pos: number, limit: number): number;
}

/** Doubles per column and columns per slot (report-lane.wat's layout). */
const COLUMNS_PER_SLOT = 6;
/** Bytes per slot header: memory size, max memory used (f64 each), six i32 counts, padding. */
const HEADER_BYTES = 64;

export class ReportLane {
  /** Two read buffers in the lane's memory, for readers that alternate (one is enough for others). */
  readonly buffers: readonly [Buffer, Buffer];
  readonly #exports: LaneExports;
  readonly #doubles: Float64Array;
  readonly #words: Int32Array;
  readonly #headers: number;
  readonly #columns: number;
  readonly #column: number;
  /** One object handed to every `take` sink, refilled per size (no allocation per call). */
  readonly #out: SuccessColumns;

  constructor(exports: LaneExports) {
    this.#exports = exports;
    const value = (global: WasmGlobal): number => global.value as number;
    this.#headers = value(exports.HEADERS);
    this.#columns = value(exports.COLUMNS);
    this.#column = value(exports.COLUMN);
    const slotsEnd = this.#columns + value(exports.MAX_SLOTS) * COLUMNS_PER_SLOT * this.#column * 8;
    const input = Math.ceil(slotsEnd / PAGE) * PAGE;
    const pages = (input + 2 * LANE_CHUNK) / PAGE - exports.memory.buffer.byteLength / PAGE;
    // Grown once, before any view exists: growing detaches the views of the old buffer.
    if (pages > 0) exports.memory.grow(pages);
    const memory = exports.memory.buffer;
    this.buffers = [Buffer.from(memory, input, LANE_CHUNK), Buffer.from(memory, input + LANE_CHUNK, LANE_CHUNK)];
    this.#doubles = new Float64Array(memory);
    this.#words = new Int32Array(memory);
    this.#out = { memoryMB: 0, maxMemoryUsedMB: 0, data: this.#doubles, start: 0, stride: this.#column, counts: this.#words, countAt: 0 };
    lanes.set(memory, this);
  }

  /**
   * Reads the REPORT lines of the lane's memory from byte `pos` (absolute) until one is not
   * canonical or `limit`, and hands each memory size's figures to `sink`. Returns how many REPORTs
   * it read; `stop()` is then where it stopped (absolute).
   */
  take(pos: number, limit: number, sink: (columns: Readonly<SuccessColumns>) => void): number {
    const lane = this.#exports.lane;
    let total = 0;
    for (;;) {
      const n = lane(pos, limit);
      total += n;
      if (n > 0) this.#drain(sink);
      pos = this.stop();
      // Stopped with a column full (the line at `pos` not yet tried): go on from there.
      if (n === 0 || pos >= limit || !this.#wasFull) return total;
    }
  }

  /** Where the last `take` stopped (an absolute offset in the lane's memory). */
  stop(): number {
    return this.#exports.stop.value as number;
  }

  #wasFull = false;

  /** Hands every slot's filled columns to `sink` and empties them. */
  #drain(sink: (columns: Readonly<SuccessColumns>) => void): void {
    const slots = this.#exports.slots.value as number;
    const words = this.#words;
    const out = this.#out;
    let full = false;
    for (let slot = 0; slot < slots; slot++) {
      const header = this.#headers + slot * HEADER_BYTES;
      const countAt = (header + 16) / 4;
      let any = 0;
      for (let q = 0; q < COLUMNS_PER_SLOT; q++) {
        const count = words[countAt + q]!;
        any |= count;
        if (count === this.#column) full = true;
      }
      if (any === 0) continue;
      out.memoryMB = this.#doubles[header / 8]!;
      out.maxMemoryUsedMB = this.#doubles[header / 8 + 1]!;
      out.start = (this.#columns + slot * COLUMNS_PER_SLOT * this.#column * 8) / 8;
      out.countAt = countAt;
      sink(out);
      for (let q = 0; q < COLUMNS_PER_SLOT; q++) words[countAt + q] = 0;
    }
    this.#wasFull = full;
  }
}

/** The lanes by their memory, so a chunk can be traced back to its lane. */
const lanes = new WeakMap<ArrayBufferLike, ReportLane>();

let compiled: object | null | undefined;

/** A new lane (its own memory), or undefined where WebAssembly is not available. */
export function createReportLane(): ReportLane | undefined {
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(Buffer.from(REPORT_LANE_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return undefined;
  return new ReportLane(new wasm!.Instance(compiled).exports as LaneExports);
}

/** The lane whose buffer `chunk` lies in, if any. */
export function laneOf(chunk: Uint8Array): ReportLane | undefined {
  return lanes.get(chunk.buffer);
}
