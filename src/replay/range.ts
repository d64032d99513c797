/**
 * One byte range of a plain log file, parsed on its own (by a worker thread, or the main thread):
 * a line belongs to the range its first byte is in, so ranges split anywhere give every line once.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createSplitter, type ParseCounters } from '../logs/index.js';
import { SampleSet, type SampleSetState } from '../stats/index.js';

export interface RangeResult {
  state: SampleSetState;
  /** With, when ranges came from a queue, the index of the earliest range that had a malformed line. */
  counters: ParseCounters & { firstMalformedRange?: number };
  /** True when `shouldStop` ended the parse before the end of the range. */
  stopped: boolean;
}

/** Large reads: the parser is fastest with few, big chunks. */
const CHUNK = 1024 * 1024;
const LF = 0x0a;

/**
 * Cuts the bytes read from a range's file down to the range: a line belongs to the range its first
 * byte is in. Reads start at the byte before `start` (see `firstRead`); feed every read to `cut`.
 */
class RangeCutter {
  /** Skipping the rest of the line in progress at `start` — the previous range owns it. */
  private skipping: boolean;
  /** Set once the range's last line has been given. */
  done = false;

  constructor(
    start: number,
    private readonly end: number,
  ) {
    this.skipping = start !== 0;
  }

  /** The part of `chunk` (read at file offset `from`) that is the range's, possibly empty. */
  cut(chunk: Buffer, from: number): Buffer {
    const position = from + chunk.length;
    if (this.skipping) {
      const newline = chunk.indexOf(LF);
      if (newline === -1) return chunk.subarray(0, 0);
      this.skipping = false;
      chunk = chunk.subarray(newline + 1);
      from += newline + 1;
      if (from >= this.end) {
        this.done = true;
        return chunk.subarray(0, 0);
      }
    }
    // Our last line starts before `end`: it ends at the first newline at or after end - 1.
    if (position >= this.end) {
      const newline = chunk.indexOf(LF, Math.max(0, this.end - 1 - from));
      if (newline !== -1) {
        this.done = true;
        return chunk.subarray(0, newline + 1);
      }
    }
    return chunk;
  }
}

/** Where reading a range starts: from the byte before `start`, to tell whether a line starts at `start`. */
function firstRead(start: number): number {
  return start === 0 ? 0 : start - 1;
}

/**
 * The bytes of the lines that start in [start, end) of `path`. Each chunk is valid until the next
 * one is asked for (the buffers are reused).
 */
export async function* readRange(path: string, start: number, end: number): AsyncGenerator<Buffer> {
  const buffers = [Buffer.allocUnsafeSlow(CHUNK), Buffer.allocUnsafeSlow(CHUNK)];
  const file = await open(path, 'r');
  let pending: Promise<{ bytesRead: number; buffer: Buffer }> | undefined;
  try {
    let position = firstRead(start);
    const cutter = new RangeCutter(start, end);
    // Two buffers for the whole range, taking turns: the next read runs (on libuv's pool) while the
    // current chunk is parsed — read and parse in sequence left the parser idle a quarter of the
    // time. The parsers copy what they keep, so a buffer can be refilled once the next is asked for.
    // (Fresh 1 MB buffers per read cost ~40 MB of RSS before the GC caught up.)
    let turn = 0;
    const readAt = (at: number) => file.read(buffers[turn]!, 0, CHUNK, at);
    pending = readAt(position);
    while (!cutter.done) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) return;
      const from = position;
      position += bytesRead;
      turn = 1 - turn;
      // The next read starts now; past the end of the range it is simply not used.
      pending = readAt(position);
      const chunk = cutter.cut(buffer.subarray(0, bytesRead), from);
      if (chunk.length > 0) yield chunk;
    }
  } finally {
    // A read still in flight must finish before its file handle closes.
    await pending?.catch(() => undefined);
    await file.close();
  }
}

/**
 * The same with synchronous reads into one buffer, for ranges parsed while every core parses: then
 * no core is idle to overlap a read with, and the hop through libuv's pool (a thread woken per
 * megabyte, competing with the parsers for the two cores) cost more than the read itself.
 */
export function* readRangeSync(path: string, start: number, end: number, buffer: Buffer): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    let position = firstRead(start);
    const cutter = new RangeCutter(start, end);
    while (!cutter.done) {
      const bytesRead = readSync(fd, buffer, 0, CHUNK, position);
      if (bytesRead === 0) return;
      const from = position;
      position += bytesRead;
      const chunk = cutter.cut(buffer.subarray(0, bytesRead), from);
      if (chunk.length > 0) yield chunk;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Parses ranges `bounds[i]..bounds[i + 1]` taken from a queue shared by every thread (`queue[0]`,
 * the next index, taken with Atomics.add) until none is left: a thread that starts late or runs
 * slow (the machine is shared) simply takes fewer. The first malformed reason kept is that of the
 * earliest range, so it does not depend on which thread was quicker.
 */
export async function parseQueuedRanges(path: string, bounds: readonly number[], queue: Int32Array, shouldStop: () => boolean): Promise<RangeResult> {
  const samples = new SampleSet();
  const { counters, stopped } = await parseQueuedRangesInto(samples, path, bounds, queue, shouldStop);
  return { state: samples.toState(), counters, stopped };
}

/** The same, into `samples` (the main thread's part goes straight into the replay's statistics). */
export async function parseQueuedRangesInto(
  samples: SampleSet,
  path: string,
  bounds: readonly number[],
  queue: Int32Array,
  shouldStop: () => boolean,
): Promise<Omit<RangeResult, 'state'>> {
  const total: RangeResult['counters'] = { records: 0, malformed: 0 };
  const stopped = await parseQueue(samples, total, path, bounds, queue, shouldStop, Buffer.allocUnsafeSlow(CHUNK));
  return { counters: total, stopped };
}

async function parseQueue(
  samples: SampleSet,
  total: RangeResult['counters'],
  path: string,
  bounds: readonly number[],
  queue: Int32Array,
  shouldStop: () => boolean,
  buffer: Buffer,
): Promise<boolean> {
  let stopped = false;
  for (let i = Atomics.add(queue, 0, 1); i < bounds.length - 1 && !stopped; i = Atomics.add(queue, 0, 1)) {
    const counters: ParseCounters = { records: 0, malformed: 0 };
    stopped = parseRangeInto(samples, counters, path, bounds[i]!, bounds[i + 1]!, buffer, shouldStop);
    // A range is read synchronously (see readRangeSync): between ranges (~16 MB, a few tens of ms)
    // the event loop runs, so Ctrl-C (main thread) or 'stop' (a worker) is seen.
    if (!stopped) await new Promise((resolve) => setImmediate(resolve));
    stopped ||= shouldStop();
    total.records += counters.records;
    total.malformed += counters.malformed;
    if (counters.firstMalformedReason !== undefined && (total.firstMalformedRange === undefined || i < total.firstMalformedRange)) {
      total.firstMalformedRange = i;
      total.firstMalformedReason = counters.firstMalformedReason;
    }
  }
  return stopped;
}

function parseRangeInto(samples: SampleSet, counters: ParseCounters, path: string, start: number, end: number, buffer: Buffer, shouldStop: () => boolean): boolean {
  const splitter = createSplitter(counters, { statistics: samples });
  let stopped = false;
  for (const chunk of readRangeSync(path, start, end, buffer)) {
    for (const record of splitter.push(chunk)) samples.add(record);
    if (shouldStop()) {
      stopped = true;
      break;
    }
  }
  for (const record of splitter.end()) samples.add(record);
  return stopped;
}
