/**
 * One byte range of a plain log file, parsed on its own (by a worker thread, or the main thread):
 * a line belongs to the range its first byte is in, so ranges split anywhere give every line once.
 */
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

const CHUNK = 1024 * 1024;
const LF = 0x0a;

/**
 * The bytes of the lines that start in [start, end) of `path`. Each chunk is valid until the next
 * one is asked for (the buffer is reused).
 */
export async function* readRange(path: string, start: number, end: number, buffers: readonly Buffer[] = readBuffers()): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  let pending: Promise<{ bytesRead: number; buffer: Buffer }> | undefined;
  try {
    // From the byte before `start`: if it is a newline, a line starts at `start`; else skip the rest
    // of the line in progress — the previous range owns it.
    let position = start === 0 ? 0 : start - 1;
    let skipping = start !== 0;
    // Two buffers for the whole range (or every range a thread parses), taking turns: the next read runs (on libuv's pool) while the
    // current chunk is parsed — read and parse in sequence left the parser idle a quarter of the
    // time. The parsers copy what they keep, so a buffer can be refilled once the next is asked for.
    // (Fresh 1 MB buffers per read cost ~40 MB of RSS before the GC caught up.)
    let turn = 0;
    const readAt = (at: number) => file.read(buffers[turn]!, 0, CHUNK, at);
    pending = readAt(position);
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) return;
      let chunk = buffer.subarray(0, bytesRead);
      let from = position;
      position += bytesRead;
      turn = 1 - turn;
      // The next read starts now; past the end of the range it is simply not used.
      pending = readAt(position);
      if (skipping) {
        const newline = chunk.indexOf(LF);
        if (newline === -1) continue;
        skipping = false;
        chunk = chunk.subarray(newline + 1);
        from += newline + 1;
        if (from >= end) return;
      }
      // Our last line starts before `end`: it ends at the first newline at or after end - 1.
      if (position >= end) {
        const newline = chunk.indexOf(LF, Math.max(0, end - 1 - from));
        if (newline !== -1) {
          yield chunk.subarray(0, newline + 1);
          return;
        }
      }
      yield chunk;
    }
  } finally {
    // A read still in flight must finish before its file handle closes.
    await pending?.catch(() => undefined);
    await file.close();
  }
}

/** The two read buffers of `readRange`; a thread that parses many ranges makes them once. */
export function readBuffers(): Buffer[] {
  return [Buffer.allocUnsafeSlow(CHUNK), Buffer.allocUnsafeSlow(CHUNK)];
}

/**
 * Statistics of the lines of one range; service-layout REPORT lines never become objects.
 * `shouldStop` is asked between chunks (Ctrl-C): what was read so far is still counted.
 */
export async function parseRange(path: string, start: number, end: number, shouldStop: () => boolean = () => false): Promise<RangeResult> {
  const samples = new SampleSet();
  const counters: ParseCounters = { records: 0, malformed: 0 };
  const stopped = await parseRangeInto(samples, counters, path, start, end, readBuffers(), shouldStop);
  return { state: samples.toState(), counters, stopped };
}

/**
 * Parses ranges `bounds[i]..bounds[i + 1]` taken from a queue shared by every thread (`queue[0]`,
 * the next index, taken with Atomics.add) until none is left: a thread that starts late or runs
 * slow (the machine is shared) simply takes fewer. The first malformed reason kept is that of the
 * earliest range, so it does not depend on which thread was quicker.
 */
export async function parseQueuedRanges(path: string, bounds: readonly number[], queue: Int32Array, shouldStop: () => boolean): Promise<RangeResult> {
  const samples = new SampleSet();
  const total: RangeResult['counters'] = { records: 0, malformed: 0 };
  let stopped = false;
  const buffers = readBuffers();
  for (let i = Atomics.add(queue, 0, 1); i < bounds.length - 1 && !stopped; i = Atomics.add(queue, 0, 1)) {
    const counters: ParseCounters = { records: 0, malformed: 0 };
    stopped = await parseRangeInto(samples, counters, path, bounds[i]!, bounds[i + 1]!, buffers, shouldStop);
    total.records += counters.records;
    total.malformed += counters.malformed;
    if (counters.firstMalformedReason !== undefined && (total.firstMalformedRange === undefined || i < total.firstMalformedRange)) {
      total.firstMalformedRange = i;
      total.firstMalformedReason = counters.firstMalformedReason;
    }
  }
  return { state: samples.toState(), counters: total, stopped };
}

async function parseRangeInto(
  samples: SampleSet,
  counters: ParseCounters,
  path: string,
  start: number,
  end: number,
  buffers: readonly Buffer[],
  shouldStop: () => boolean,
): Promise<boolean> {
  const splitter = createSplitter(counters, {
    onCanonical: (f) => samples.addSuccess(f.memoryMB, f.durationMs, f.billedDurationMs, f.maxMemoryUsedMB, f.initDurationMs),
  });
  let stopped = false;
  for await (const chunk of readRange(path, start, end, buffers)) {
    for (const record of splitter.push(chunk)) samples.add(record);
    if (shouldStop()) {
      stopped = true;
      break;
    }
  }
  for (const record of splitter.end()) samples.add(record);
  return stopped;
}
