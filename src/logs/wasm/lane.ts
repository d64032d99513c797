/**
 * The WebAssembly lane (report-lane.wat) from JavaScript. A lane is one module instance with its own
 * memory: two read buffers (the file readers fill them, so the bytes are parsed where they were
 * read — no copy) and, per memory size, columns of the figures the statistics keep. A chunk is
 * given to the lane only when it lies in a lane's buffer; any other chunk (a stream's, a gunzip's)
 * takes the JavaScript lane.
 */
import type { ColumnSink, SketchedRun, SuccessColumns } from '../../stats/index.js';
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
  SLOTS_AT: WasmGlobal;
  STATES: WasmGlobal;
  HELD: WasmGlobal;
  BUCKETS: WasmGlobal;
  HELD_MAX: WasmGlobal;
  SKETCH_BUCKETS: WasmGlobal;
  SKETCHES: WasmGlobal;
  END: WasmGlobal;
  ERRORS: WasmGlobal;
  TYPES: WasmGlobal;
  KINDS: WasmGlobal;
  lane(pos: number, limit: number): number;
  bucket(value: number): number;
}

/** Columns per slot (the statistics' six series) and bytes per column state (report-lane.wat). */
const COLUMNS = 6;
const STATE_BYTES = 64;
// A column state's fields (report-lane.wat's STATES): count, sum, min, max (f64 at 0, 8, 16, 24), then i32s.
const MODE = 32;
const LOWEST = 36;
const HIGHEST = 40;
const HELD_COUNT = 44;
const SKETCH_AT = 48;

export class ReportLane {
  /** Two read buffers in the lane's memory, for readers that alternate (one is enough for others). */
  readonly buffers: readonly [Buffer, Buffer];
  readonly #exports: LaneExports;
  readonly #doubles: Float64Array;
  readonly #words: Int32Array;
  readonly #layout: { slots: number; states: number; held: number; buckets: number; heldMax: number; sketchBuckets: number; sketches: number; errors: number; types: number; kinds: number };
  /** Sketches handed to columns since the last flush. */
  #sketchesUsed = 0;
  /** Objects handed to the sink, refilled for each size (nothing allocated per call). */
  readonly #held: SuccessColumns;
  readonly #counts = new Int32Array(COLUMNS);
  readonly #sketched: SketchedRun;
  /** It holds figures not yet flushed (so it is not lent out again before its reader's end). */
  dirty = false;

  constructor(exports: LaneExports) {
    this.#exports = exports;
    const value = (global: WasmGlobal): number => global.value as number;
    this.#layout = {
      slots: value(exports.SLOTS_AT),
      states: value(exports.STATES),
      held: value(exports.HELD),
      buckets: value(exports.BUCKETS),
      heldMax: value(exports.HELD_MAX),
      sketchBuckets: value(exports.SKETCH_BUCKETS),
      sketches: value(exports.SKETCHES),
      errors: value(exports.ERRORS),
      types: value(exports.TYPES),
      kinds: value(exports.KINDS),
    };
    // Only the pages of the buckets values fall in are ever touched (and so resident). The memory is
    // kept small all the same: V8 counts it as external memory, and 57 MB of it (a sketch for every
    // column of 64 sizes) forced two garbage collections in each thread as the lane was made.
    const input = Math.ceil(value(exports.END) / PAGE) * PAGE;
    const pages = (input + 2 * LANE_CHUNK) / PAGE - exports.memory.buffer.byteLength / PAGE;
    // Grown once, before any view exists: growing detaches the views of the old buffer.
    if (pages > 0) exports.memory.grow(pages);
    const memory = exports.memory.buffer;
    this.buffers = [Buffer.from(memory, input, LANE_CHUNK), Buffer.from(memory, input + LANE_CHUNK, LANE_CHUNK)];
    this.#doubles = new Float64Array(memory);
    this.#words = new Int32Array(memory);
    this.#held = { memoryMB: 0, maxMemoryUsedMB: 0, data: this.#doubles, start: 0, stride: this.#layout.heldMax, counts: this.#counts };
    this.#sketched = { count: 0, sum: 0, min: 0, max: 0, buckets: this.#doubles, start: 0, lo: 0, hi: 0 };
    lanes.set(memory, this);
  }

  /**
   * Reads the REPORT lines of the lane's memory from byte `pos` (absolute) until one is not
   * canonical or `limit`, and hands the held figures to `sink` (sketched ones wait for `flush`).
   * Returns how many REPORTs it read; `stop()` is then where it stopped (absolute).
   */
  take(pos: number, limit: number, sink: ColumnSink): number {
    const lane = this.#exports.lane;
    let total = 0;
    for (;;) {
      const n = lane(pos, limit);
      if (n === 0) return total;
      total += n;
      this.dirty = true;
      const full = this.#drain(sink);
      pos = this.stop();
      // Stopped with a column full, not at a line it declines: go on from there.
      if (pos >= limit || !full) return total;
    }
  }

  /** Where the last `take` stopped (an absolute offset in the lane's memory). */
  stop(): number {
    return this.#exports.stop.value as number;
  }

  /** Hands the sketched figures and the failures to `sink`, and empties them: call at the end of a read. */
  flush(sink: ColumnSink): void {
    this.dirty = false;
    this.#flushFailures(sink);
    const { slots: slotsAt, states } = this.#layout;
    const doubles = this.#doubles;
    const words = this.#words;
    const run = this.#sketched;
    const slots = this.#exports.slots.value as number;
    for (let slot = 0; slot < slots; slot++) {
      for (let q = 0; q < COLUMNS; q++) {
        const k = slot * COLUMNS + q;
        const state = states + k * STATE_BYTES;
        if (words[(state + MODE) / 4] !== 1) continue;
        run.count = doubles[state / 8]!;
        run.sum = doubles[state / 8 + 1]!;
        run.min = doubles[state / 8 + 2]!;
        run.max = doubles[state / 8 + 3]!;
        run.lo = words[(state + LOWEST) / 4]!;
        run.hi = words[(state + HIGHEST) / 4]!;
        run.start = words[(state + SKETCH_AT) / 4]! / 8;
        if (run.count > 0) sink.addSketched(doubles[(slotsAt + slot * 16) / 8]!, doubles[(slotsAt + slot * 16) / 8 + 1]!, q, run);
        if (run.hi >= run.lo) doubles.fill(0, run.start + run.lo, run.start + run.hi + 1);
        // Back to holding: the next sink may be another SampleSet, whose series are exact.
        words[(state + MODE) / 4] = 0;
      }
      // And a new max memory used, for the same reason.
      doubles[(slotsAt + slot * 16) / 8 + 1] = 0;
    }
    this.#sketchesUsed = 0;
  }

  #flushFailures(sink: ColumnSink): void {
    const { slots: slotsAt, errors, types, kinds } = this.#layout;
    const words = this.#words;
    const slots = this.#exports.slots.value as number;
    const memory = this.#exports.memory.buffer;
    for (let slot = 0; slot < slots; slot++) {
      for (let kind = 0; kind < kinds; kind++) {
        const at = (errors + (slot * kinds + kind) * 8) / 4;
        const count = words[at]!;
        if (count === 0) continue;
        // Named as SampleSet.add names them: 'timeout', the error type, or 'error' without one.
        const entry = types + (kind - 1) * 80;
        const type = kind === 0 ? 'timeout' : kind === kinds - 1 ? 'error' : Buffer.from(memory, entry + 16, words[entry / 4]!).toString('latin1');
        sink.addFailures(this.#doubles[(slotsAt + slot * 16) / 8]!, this.#doubles[(slotsAt + slot * 16) / 8 + 1]!, type, count, words[at + 1]!);
        words[at] = 0;
        words[at + 1] = 0;
      }
    }
  }

  /**
   * Hands every slot's held values to `sink`, empties them, and sketches the columns it says to.
   * Returns whether a column was full (the lane then stopped at a line it has not tried).
   */
  #drain(sink: ColumnSink): boolean {
    const { slots: slotsAt, states, held, heldMax } = this.#layout;
    const doubles = this.#doubles;
    const words = this.#words;
    const counts = this.#counts;
    const out = this.#held;
    const slots = this.#exports.slots.value as number;
    let full = false;
    for (let slot = 0; slot < slots; slot++) {
      let any = 0;
      for (let q = 0; q < COLUMNS; q++) {
        const count = words[(states + (slot * COLUMNS + q) * STATE_BYTES + HELD_COUNT) / 4]!;
        counts[q] = count;
        any |= count;
        if (count === heldMax) full = true;
      }
      if (any === 0) continue;
      out.memoryMB = doubles[(slotsAt + slot * 16) / 8]!;
      out.maxMemoryUsedMB = doubles[(slotsAt + slot * 16) / 8 + 1]!;
      out.start = (held + slot * COLUMNS * heldMax * 8) / 8;
      const sketched = sink.addColumns(out);
      for (let q = 0; q < COLUMNS; q++) {
        const state = states + (slot * COLUMNS + q) * STATE_BYTES;
        words[(state + HELD_COUNT) / 4] = 0;
        if ((sketched & (1 << q)) !== 0 && words[(state + MODE) / 4] === 0 && this.#sketchesUsed < this.#layout.sketches) {
          // From now on sketched here: count, sum, min, max, mode, lowest and highest bucket, sketch.
          words[(state + SKETCH_AT) / 4] = this.#layout.buckets + this.#sketchesUsed++ * this.#layout.sketchBuckets * 8;
          doubles.fill(0, state / 8, state / 8 + 2);
          doubles[state / 8 + 2] = Number.POSITIVE_INFINITY;
          doubles[state / 8 + 3] = Number.NEGATIVE_INFINITY;
          words[(state + MODE) / 4] = 1;
          words[(state + LOWEST) / 4] = this.#layout.sketchBuckets;
          words[(state + HIGHEST) / 4] = -1;
        }
      }
    }
    return full;
  }

  /** report-lane.wat's bucket of `value` (for tests: it must be sketch.ts's bucketOf). */
  bucket(value: number): number {
    return this.#exports.bucket(value);
  }
}

/** The lanes by their memory, so a chunk can be traced back to its lane. */
const lanes = new WeakMap<ArrayBufferLike, ReportLane>();

let compiled: object | null | undefined;

/**
 * A new lane (its own memory), or undefined where WebAssembly is not available (`node --jitless`)
 * or the platform is big-endian (the views of the lane's memory would read its words backwards).
 */
export function createReportLane(): ReportLane | undefined {
  if (compiled === undefined && new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) compiled = null;
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

/** Lanes given back, per thread: one read after another reuses one lane (each is ~8 MB of memory). */
const idle: ReportLane[] = [];

/** A lane no read is using (made if need be), or undefined as for createReportLane. */
export function acquireReportLane(): ReportLane | undefined {
  const at = idle.findIndex((lane) => !lane.dirty);
  return at === -1 ? createReportLane() : idle.splice(at, 1)[0];
}

/** Gives a lane back once its read is done (its reader's splitter then flushes it, if it has not). */
export function releaseReportLane(lane: ReportLane | undefined): void {
  if (lane !== undefined && !idle.includes(lane)) idle.push(lane);
}
