/**
 * `replay` through the real process boundary (src/main.ts, bundled as the build does): Ctrl-C on a
 * streaming input, and the worker threads that only exist in the build.
 */
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { bundleCli } from '../support/child-cli.js';

let main: string;
let dir: string;
beforeAll(async () => {
  main = await bundleCli('replay-child');
  dir = await mkdtemp(join(tmpdir(), 'rightsize-child-'));
}, 60_000);

// The large files (34 MB and 150 MB) do not outlive the tests.
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const report = (i: number): string =>
  `REPORT RequestId: ${String(i).padStart(8, '0')}-0000-4000-8000-000000000000\tDuration: ${(100 + (i % 50)).toFixed(2)} ms\tBilled Duration: ${101 + (i % 50)} ms\tMemory Size: ${i % 2 ? 512 : 1024} MB\tMax Memory Used: 70 MB\t\n`;

/**
 * Two reports of the same log read different ways: the same figures, but for the plain means' last
 * bits (running sums added in another order on several threads).
 */
function expectSameFigures(one: Report, two: Report): void {
  for (const [a, b] of one.results.map((r, i) => [r, two.results[i]!] as const)) {
    expect({ ...b, durationMs: null, billedDurationMs: null, costUSD: null }).toEqual({ ...a, durationMs: null, billedDurationMs: null, costUSD: null });
    for (const key of ['durationMs', 'billedDurationMs'] as const) {
      const [x, y] = [a[key], b[key]];
      expect(y === null).toBe(x === null);
      if (x === null || y === null) continue;
      expect({ ...y, mean: 0 }).toEqual({ ...x, mean: 0 });
      expect(y.mean).toBeCloseTo(x.mean, 9);
    }
  }
}

describe('replay - interrupted by SIGINT', () => {
  it('prints the analysis of what it read, marked partial, then exits 130', async () => {
    const child = spawn(process.execPath, [main, 'replay', '-', '-o', 'json'], { env: { PATH: process.env.PATH, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Far more than a pipe holds (64 KB): the write completes only once the CLI has read most of it.
    const lines = Array.from({ length: 20_000 }, (_, i) => report(i)).join('');
    await new Promise<void>((resolve, reject) => child.stdin.write(lines, (error) => (error ? reject(error) : resolve())));

    // stdin stays open, as under `aws logs tail --follow`.
    child.kill('SIGINT');
    const code = await exited;

    expect(code).toBe(130);
    expect(stderr).toMatch(/SIGINT received — stopping: analysing what was read so far/);
    expect(stderr).toMatch(/interrupted: the result above covers only what was read/);
    const json = JSON.parse(stdout) as Report;
    const read = json.results.reduce((sum, r) => sum + r.invocations, 0);
    // All but at most what the pipe still held was read.
    expect(read).toBeGreaterThan(20_000 - 65_536 / 100);
    expect(read).toBeLessThanOrEqual(20_000);
    expect(json.warnings).toContainEqual(expect.stringMatching(/^partial result: interrupted after [\d,]+ invocations/));
    child.stdin.destroy();
  }, 30_000);
});

describe('replay of a large file on worker threads', () => {
  it('gives the same figures as the single-core path, and reads every line', async () => {
    const big = join(dir, 'big.log');
    // Over PARALLEL_MIN_BYTES (32 MB), with lines of every kind so range cuts fall everywhere.
    const block = (await readFile('test/fixtures/logs/text-tabs.log', 'utf8')) + (await readFile('test/fixtures/logs/status-errors.log', 'utf8')) + report(7);
    const copies = Math.ceil((34 * 1024 * 1024) / block.length);
    await writeFile(big, block.repeat(copies));
    const exec = promisify(execFile);
    const run = async (threads: string) => {
      const { stdout, stderr } = await exec(process.execPath, [main, 'replay', big, '-o', 'json', '--name', 'x', '--threads', threads], {
        env: { PATH: process.env.PATH, LAMBDA_RIGHTSIZE_DEBUG: '1' },
        maxBuffer: 1 << 24,
      });
      return { report: JSON.parse(stdout) as Report, stderr };
    };

    const [single, parallel] = await Promise.all([run('1'), run('2')]);

    expect(single.stderr).toMatch(/debug: read .*big\.log on 1 thread:/);
    expect(parallel.stderr).toMatch(/debug: read .*big\.log on 2 threads:/);
    const [one, two] = [single.report, parallel.report];
    expect(two.results.map((r) => r.invocations)).toEqual(one.results.map((r) => r.invocations));
    expect(one.results.reduce((sum, r) => sum + r.invocations, 0)).toBe(copies * 6);
    // Beyond 16,384 values per size the percentiles are sketched, the same way on any split.
    expectSameFigures(one, two);
  }, 60_000);
});

describe('replay of a large file on worker threads, interrupted by SIGINT', () => {
  it('stops every thread, prints what they read, marked partial, and exits 130', async () => {
    const big = join(dir, 'big-interrupted.log');
    const lines = Array.from({ length: 10_000 }, (_, i) => report(i)).join('');
    // ~150 MB: long enough (a few hundred ms on two threads) for the signal to land mid-parse.
    const copies = Math.ceil((150 * 1024 * 1024) / lines.length);
    await writeFile(big, lines.repeat(copies));
    const child = spawn(process.execPath, [main, 'replay', big, '-o', 'json', '--threads', '2'], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', LAMBDA_RIGHTSIZE_DEBUG: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/debug: reading .* on 2 threads/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    await started;
    child.kill('SIGINT');
    const code = await exited;

    expect(code).toBe(130);
    const json = JSON.parse(stdout) as Report;
    const read = json.results.reduce((sum, r) => sum + r.invocations, 0);
    expect(read).toBeLessThan(copies * 10_000);
    expect(json.warnings).toContainEqual(expect.stringMatching(/^partial result: interrupted after [\d,]+ invocations/));
  }, 60_000);
});
