import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseRecords, type ParseCounters } from '../../../src/logs/index.js';
import type { InvocationRecord } from '../../../src/types.js';

const DIR = 'benchmarks/recordings';

async function load(file: string): Promise<{ records: InvocationRecord[]; counters: ParseCounters }> {
  const counters: ParseCounters = { records: 0, malformed: 0 };
  const records: InvocationRecord[] = [];
  for await (const record of parseRecords(createReadStream(join(DIR, file)), counters)) records.push(record);
  return { records, counters };
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('prime-sieve.log (the slide, as raw CloudWatch text)', () => {
  // 1000 runs at the 2019 prices: 1000 × (MB/1024 × billed seconds × 0.00001667 + 0.0000002).
  it.each([
    { case: '128 MB', memoryMB: 128, meanMs: 11722.965, per1000: '0.024628' },
    { case: '256 MB', memoryMB: 256, meanMs: 6678.945, per1000: '0.028035' },
    { case: '512 MB', memoryMB: 512, meanMs: 3194.954, per1000: '0.026830' },
    { case: '1024 MB', memoryMB: 1024, meanMs: 1465.984, per1000: '0.024638' },
  ])('reproduces the slide at $case', async ({ memoryMB, meanMs, per1000 }) => {
    const { records } = await load('prime-sieve.log');
    const size = records.filter((r) => r.memoryMB === memoryMB);
    const [cold, ...warm] = size;
    expect(size).toHaveLength(21);
    expect(cold?.initDurationMs).toBeGreaterThan(0);
    expect(warm.every((r) => r.initDurationMs === undefined && r.status === 'success')).toBe(true);
    expect(mean(warm.map((r) => r.durationMs))).toBeCloseTo(meanMs, 9);
    expect(warm.every((r) => r.billedDurationMs === Math.ceil(meanMs))).toBe(true);
    const billedSeconds = mean(warm.map((r) => r.billedDurationMs)) / 1000;
    expect((1000 * ((memoryMB / 1024) * billedSeconds * 0.00001667 + 0.0000002)).toFixed(6)).toBe(per1000);
  });

  it('has 84 well-formed reports with plausible memory use', async () => {
    const { records, counters } = await load('prime-sieve.log');
    expect(counters).toEqual({ records: 84, malformed: 0 });
    expect(records.every((r) => r.maxMemoryUsedMB >= 60 && r.maxMemoryUsedMB <= 90 && r.logFormat === 'text')).toBe(true);
    expect(new Set(records.map((r) => r.requestId)).size).toBe(84);
  });
});

describe('prime-sieve-json.log (JSON log format, arm64)', () => {
  it('has 10 reports per size, the first of each a cold start', async () => {
    const { records, counters } = await load('prime-sieve-json.log');
    expect(counters).toEqual({ records: 40, malformed: 0 });
    for (const memoryMB of [128, 512, 1024, 1769]) {
      const size = records.filter((r) => r.memoryMB === memoryMB);
      expect(size.map((r) => r.initDurationMs !== undefined)).toEqual([true, ...Array<boolean>(9).fill(false)]);
      expect(size.every((r) => r.logFormat === 'json' && r.timestamp !== undefined)).toBe(true);
    }
  });
});

describe('make-prime-sieve.mjs', () => {
  it('reproduces the committed recordings byte for byte', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rightsize-recordings-'));
    await promisify(execFile)(process.execPath, [join(DIR, 'make-prime-sieve.mjs'), out]);
    for (const file of ['prime-sieve.log', 'prime-sieve-json.log']) {
      expect((await readFile(join(out, file))).equals(await readFile(join(DIR, file))), file).toBe(true);
    }
  });
});
