/**
 * One byte range of a plain log file, parsed on its own (by a worker thread, or the main thread):
 * a line belongs to the range its first byte is in, so ranges split anywhere give every line once.
 */
import { open } from 'node:fs/promises';
import { createSplitter, type ParseCounters } from '../logs/index.js';
import { SampleSet, type SampleSetState } from '../stats/index.js';

export interface RangeResult {
  state: SampleSetState;
  counters: ParseCounters;
  /** True when `shouldStop` ended the parse before the end of the range. */
  stopped: boolean;
}

const CHUNK = 1024 * 1024;
const LF = 0x0a;

/**
 * The bytes of the lines that start in [start, end) of `path`. Each chunk is valid until the next
 * one is asked for (the buffer is reused).
 */
export async function* readRange(path: string, start: number, end: number): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  let pending: Promise<{ bytesRead: number; buffer: Buffer }> | undefined;
  try {
    // From the byte before `start`: if it is a newline, a line starts at `start`; else skip the rest
    // of the line in progress — the previous range owns it.
    let position = start === 0 ? 0 : start - 1;
    let skipping = start !== 0;
    // Two buffers for the whole file, taking turns: the next read runs (on libuv's pool) while the
    // current chunk is parsed — read and parse in sequence left the parser idle a quarter of the
    // time. The parsers copy what they keep, so a buffer can be refilled once the next is asked for.
    // (Fresh 1 MB buffers per read cost ~40 MB of RSS before the GC caught up.)
    const buffers = [Buffer.allocUnsafeSlow(CHUNK), Buffer.allocUnsafeSlow(CHUNK)];
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

/**
 * Statistics of the lines of one range; service-layout REPORT lines never become objects.
 * `shouldStop` is asked between chunks (Ctrl-C): what was read so far is still counted.
 */
export async function parseRange(path: string, start: number, end: number, shouldStop: () => boolean = () => false): Promise<RangeResult> {
  const samples = new SampleSet();
  const counters: ParseCounters = { records: 0, malformed: 0 };
  const splitter = createSplitter(counters, {
    onCanonical: (f) => samples.addSuccess(f.memoryMB, f.durationMs, f.billedDurationMs, f.maxMemoryUsedMB, f.initDurationMs),
  });
  let stopped = false;
  for await (const chunk of readRange(path, start, end)) {
    for (const record of splitter.push(chunk)) samples.add(record);
    if (shouldStop()) {
      stopped = true;
      break;
    }
  }
  for (const record of splitter.end()) samples.add(record);
  return { state: samples.toState(), counters, stopped };
}
