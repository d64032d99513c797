/**
 * The WebAssembly lane (src/logs/wasm) against the JavaScript paths it stands in for: the same
 * statistics from the same bytes — line by line under every one-byte change of each layout it reads,
 * on generated logs cut anywhere, past the exact limit (its own sketches), and past its tables
 * (more sizes or error types than it holds, which it must leave to JavaScript).
 */
import { describe, expect, it } from 'vitest';
import { createSplitter, type ParseCounters } from '../../../src/logs/index.js';
import { acquireReportLane, createReportLane, releaseReportLane, type ReportLane } from '../../../src/logs/wasm/lane.js';
import { REPORT_LANE_WASM } from '../../../src/logs/wasm/report-lane.js';
import { SampleSet, type SampleSetState } from '../../../src/stats/index.js';
import { bucketOf, SKETCH_BUCKETS } from '../../../src/stats/sketch.js';
// Seeded (mulberry32): a failure names a seed that reproduces it.
import { seededRandom as random } from '../../support/fake-aws/ids.js';

const ID = '8f5e2b1c-6a3d-4e9f-9b7a-2c1d3e4f5a6b';
const HEAD = `REPORT RequestId: ${ID}\tDuration: 194.10 ms\tBilled Duration: 195 ms\tMemory Size: 1024 MB\tMax Memory Used: 64 MB\t`;
/** Every layout the lane reads. */
const TEMPLATES = [
  HEAD,
  `${HEAD}Init Duration: 246.40 ms\t`,
  `${HEAD}Status: timeout\t`,
  `${HEAD}Init Duration: 246.40 ms\tStatus: error\tError Type: Runtime.OutOfMemory\t`,
  `${HEAD}Status: error\t`,
  'XRAY TraceId: 1-5e1b4151-5ac6c58f5e0e4fc8c9a5f2b3\tSegmentId: 7f9a1c3e5a7b9d1f\tSampled: false\t',
  // Behind the prefixes of an S3 export, `aws logs tail` and a console copy.
  `2024-06-11T08:00:00.300Z ${HEAD}Init Duration: 246.40 ms\t`,
  `2024/06/11/[$LATEST]9f8e 2024-06-11T08:15:02.331000+00:00 ${HEAD}Status: timeout\t`,
  `[2:34:39 PM] ${HEAD}`,
  '2024-06-11T08:00:00.300Z XRAY TraceId: 1-5e1b4151-5ac6c58f5e0e4fc8c9a5f2b3\tSegmentId: 7f9a1c3e5a7b9d1f\tSampled: true\t',
];

/**
 * What a SampleSet holds, comparable across paths: per size its counts and, per series, count,
 * min, max, sum (to rounding: the paths may add in another order) and the values in order.
 */
function summary(state: SampleSetState): unknown {
  return state.sizes
    .toSorted((a, b) => a.memoryMB - b.memoryMB)
    .map((size) => ({
      ...size,
      series: Object.fromEntries(
        Object.entries(size.series).map(([name, s]) => [
          name,
          { count: s.count, min: s.min, max: s.max, sum: s.count === 0 ? 0 : Number(s.sum.toPrecision(12)), exact: s.exact && [...s.exact].toSorted((a, b) => a - b), sketch: s.sketch && [...s.sketch] },
        ]),
      ),
    }));
}

/** Statistics of `text` read in chunks of the given sizes, through `lane` (its buffer) or not at all. */
function read(text: Buffer, cuts: readonly number[], lane: ReportLane | undefined, exactLimit?: number): { state: SampleSetState; counters: ParseCounters } {
  const samples = new SampleSet(exactLimit);
  const counters: ParseCounters = { records: 0, malformed: 0 };
  const splitter = createSplitter(counters, { statistics: samples });
  let at = 0;
  let turn = 0;
  for (const size of [...cuts, text.length]) {
    const piece = text.subarray(at, Math.min(text.length, at + size));
    at += piece.length;
    let chunk: Buffer = Buffer.from(piece);
    if (lane !== undefined) {
      // Alternating between the lane's two buffers, as readRange does.
      piece.copy(lane.buffers[turn]!);
      chunk = lane.buffers[turn]!.subarray(0, piece.length);
      turn = 1 - turn;
    }
    for (const record of splitter.push(chunk)) samples.add(record);
    if (at >= text.length) break;
  }
  for (const record of splitter.end()) samples.add(record);
  return { state: samples.toState(), counters };
}

describe('the WebAssembly lane', () => {
  it('is the module report-lane.wat compiles to (npm run build:wasm)', async () => {
    // @ts-expect-error -- a plain .mjs build script, without types
    const { compileLane } = (await import('../../../src/logs/wasm/build.mjs')) as { compileLane(): Promise<Buffer> };
    expect((await compileLane()).toString('base64')).toBe(REPORT_LANE_WASM);
  });

  it('puts every value in the bucket sketch.ts does', () => {
    const lane = createReportLane()!;
    const rand = random(5);
    const values = [0, -1, Number.NaN, 2 ** -10, 2 ** -10 - 1e-12, 1, 1.5, 2 ** 23, 2 ** 24, 2 ** 24 - 1e-6, 1e300, Number.POSITIVE_INFINITY, 0.001, 900_000];
    for (let i = 0; i < 20_000; i++) values.push(2 ** (rand() * 40 - 12) * (1 + rand()));
    expect(values.map((v) => lane.bucket(v))).toEqual(values.map(bucketOf));
    expect(Math.max(...values.map((v) => lane.bucket(v)))).toBe(SKETCH_BUCKETS - 1);
  });

  it('lends one lane to one read after another, never one whose figures are not flushed yet', () => {
    const first = acquireReportLane()!;
    releaseReportLane(first);
    expect(acquireReportLane()).toBe(first);
    const text = Buffer.from(`${HEAD}\n`);
    text.copy(first.buffers[0]);
    const sink = new SampleSet();
    first.take(first.buffers[0].byteOffset, first.buffers[0].byteOffset + text.length, sink);
    releaseReportLane(first);

    const second = acquireReportLane()!;
    expect(second).not.toBe(first);
    first.flush(sink);
    releaseReportLane(second);
    expect([acquireReportLane(), acquireReportLane()]).toEqual(expect.arrayContaining([first, second]));
  });

  it.each(TEMPLATES.map((line, i) => ({ case: `layout ${i}`, line })))('takes $case itself, as JavaScript reads it', ({ line }) => {
    const lane = createReportLane()!;
    const text = Buffer.from(`${HEAD}\n${line}\n${line}\r\n`);
    text.copy(lane.buffers[0]);
    const sink = new SampleSet();
    // All three lines, one call: nothing left to JavaScript.
    expect(lane.take(lane.buffers[0].byteOffset, lane.buffers[0].byteOffset + text.length, sink)).toBe(line.includes('XRAY') ? 1 : 3);
    expect(lane.stop()).toBe(lane.buffers[0].byteOffset + text.length);
    lane.flush(sink);
    expect(summary(sink.toState())).toEqual(summary(read(text, [], undefined).state));
  });

  it.each(TEMPLATES.map((line, i) => ({ case: `layout ${i}`, line })))('reads $case under every one-byte change, deletion and insertion as JavaScript does', ({ line }) => {
    const lane = createReportLane()!;
    const replacements = [...'0 \t:"a\r\n'].map((c) => c.charCodeAt(0)).concat([0x80]);
    const base = Buffer.from(`${line}\n`);
    // Insertions of the bytes that separate or start fields (a TAB dropped or doubled matters).
    const inserted = [...'\t 0SI\r'].map((c) => c.charCodeAt(0));
    const variants = function* (at: number): Generator<[string, Buffer, boolean]> {
      for (const byte of replacements) {
        if (base[at] === byte) continue;
        const text = Buffer.from(base);
        text[at] = byte;
        yield [`changed to ${byte}`, text, true];
      }
      yield ['deleted', Buffer.concat([base.subarray(0, at), base.subarray(at + 1)]), false];
      for (const byte of inserted) yield [`inserted ${byte}`, Buffer.concat([base.subarray(0, at), Buffer.of(byte), base.subarray(at)]), false];
    };
    let cases = 0;
    for (let at = 0; at < base.length - 1; at++) {
      for (const [byte, text, afterReport] of variants(at)) {
        // The line alone, and (for changes) after a REPORT the lane surely takes: a stop mid-chunk.
        for (const input of afterReport ? [text, Buffer.concat([Buffer.from(`${HEAD}\n`), text])] : [text]) {
          const viaLane = read(input, [], lane);
          const viaJs = read(input, [], undefined);
          expect({ at, byte, ...summary(viaLane.state) as object }).toEqual({ at, byte, ...summary(viaJs.state) as object });
          expect(viaLane.counters).toEqual(viaJs.counters);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(1500);
  });
});

/** A REPORT-only log as `filter-log-events` gives it: mostly the lane's layouts, now and then another line. */
function generate(seed: number, count: number, sizes: readonly number[], types: readonly string[]): string {
  const rand = random(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const memory = sizes[Math.floor(rand() * sizes.length)]!;
    const decimals = rand() < 0.9 ? 2 : Math.floor(rand() * 4);
    const duration = (rand() * 3000).toFixed(decimals);
    let line = `REPORT RequestId: ${i.toString(16).padStart(8, '0')}-id\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(Number(duration)) + 1} ms\tMemory Size: ${memory} MB\tMax Memory Used: ${50 + Math.floor(rand() * 100)} MB\t`;
    if (rand() < 0.1) line += `Init Duration: ${(rand() * 900).toFixed(2)} ms\t`;
    const roll = rand();
    if (roll < 0.03) line += 'Status: timeout\t';
    else if (roll < 0.06) line += `Status: error\tError Type: ${types[Math.floor(rand() * types.length)]}\t`;
    else if (roll < 0.07) line += 'Status: Error\t';
    else if (roll < 0.08) line = line.replace('\tBilled', '  Billed');
    else if (roll < 0.09) line = `2024-06-11T08:00:00.000Z ${line}`;
    else if (roll < 0.095) line = `2024/06/11/[$LATEST]9f8e 2024-06-11T08:15:02.331000+00:00 ${line}`;
    else if (roll < 0.097) line = `x"y ${line}`;
    else if (roll < 0.099) line = `RAW ${line}`;
    else if (roll < 0.1) line = line.replace(/Duration: \d+/, 'Duration: 0000000000000000012');
    lines.push(line);
    if (rand() < 0.05) lines.push(`${rand() < 0.5 ? '' : pick(rand, ['2024-06-11T08:00:00.300Z ', '[2:34:39 PM] ', 'x\\Ms ', 'RM '])}XRAY TraceId: 1-5e1b4151-5ac6c58f5e0e4fc8c9a5f2b3\tSegmentId: 7f9a1c3e5a7b9d1f\tSampled: true\t`);
    if (rand() < 0.01) lines.push('');
  }
  return lines.join(rand() < 0.5 ? '\n' : '\r\n') + '\n';
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

function cuts(seed: number, length: number): number[] {
  const rand = random(seed);
  const out: number[] = [];
  for (let total = 0; total < length; ) {
    const size = 1 + Math.floor(rand() ** 2 * 64 * 1024);
    out.push(size);
    total += size;
  }
  return out;
}

describe('the statistics through the WebAssembly lane against the JavaScript lane', () => {
  it.each([31, 32, 33].map((seed) => ({ case: `seed ${seed}`, seed })))('are the same on a log cut anywhere ($case)', ({ seed }) => {
    const text = Buffer.from(generate(seed, 6000, [128, 512, 1024, 1769, 10240, 10241], ['Runtime.OutOfMemory', 'Runtime.ExitError', 'Sandbox.Timedout']));
    const at = cuts(seed, text.length);

    const viaLane = read(text, at, createReportLane());
    const viaJs = read(text, at, undefined);

    expect(summary(viaLane.state)).toEqual(summary(viaJs.state));
    expect(viaLane.counters).toEqual(viaJs.counters);
    expect(viaLane.counters.records).toBeGreaterThan(5000);
  });

  it('are the same past the exact limit, where the lane keeps the sketches', () => {
    const text = Buffer.from(generate(41, 20_000, [128, 256, 3008], ['Runtime.OutOfMemory']));
    const at = cuts(41, text.length);

    const viaLane = read(text, at, createReportLane(), 500);
    const viaJs = read(text, at, undefined, 500);

    expect(viaLane.state.sizes.every((size) => size.series.warmDuration.sketch !== undefined)).toBe(true);
    expect(summary(viaLane.state)).toEqual(summary(viaJs.state));
  });

  it('are the same with more columns past the exact limit than the lane has sketches (JavaScript sketches the others)', () => {
    const sizes = Array.from({ length: 40 }, (_, i) => 128 + i * 64);
    const text = Buffer.from(generate(43, 20_000, sizes, ['Runtime.OutOfMemory']));
    const at = cuts(43, text.length);

    const viaLane = read(text, at, createReportLane(), 60);
    const viaJs = read(text, at, undefined, 60);

    expect(viaLane.state.sizes.filter((size) => size.series.warmBilled.sketch !== undefined).length).toBe(40);
    expect(summary(viaLane.state)).toEqual(summary(viaJs.state));
  });

  it('are the same with more sizes and error types than the lane holds (JavaScript reads those lines)', () => {
    const sizes = Array.from({ length: 90 }, (_, i) => 128 + i * 64);
    const types = Array.from({ length: 25 }, (_, i) => `Custom.Error${i}`);
    const text = Buffer.from(generate(51, 8000, sizes, types));
    const at = cuts(51, text.length);

    const viaLane = read(text, at, createReportLane());
    const viaJs = read(text, at, undefined);

    expect(viaLane.state.sizes).toHaveLength(90);
    expect(summary(viaLane.state)).toEqual(summary(viaJs.state));
  });

  it('reads ranges of one file with one lane, each into the statistics it is given', () => {
    const lane = createReportLane()!;
    const first = Buffer.from(generate(61, 3000, [128, 1024], ['Runtime.OutOfMemory']));
    const second = Buffer.from(generate(62, 3000, [1024, 2048], ['Runtime.ExitError']));

    const a = read(first, cuts(61, first.length), lane, 200);
    const b = read(second, cuts(62, second.length), lane);

    expect(summary(a.state)).toEqual(summary(read(first, cuts(61, first.length), undefined, 200).state));
    expect(summary(b.state)).toEqual(summary(read(second, cuts(62, second.length), undefined).state));
  });
});
