/**
 * `replay` through the real process boundary (src/main.ts, bundled as the build does): Ctrl-C on a
 * streaming input and on a large file.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { childCliFixture } from '../support/child-cli.js';

// The large files (34 MB and 150 MB) do not outlive the tests: the fixture removes its folder.
const cli = childCliFixture('replay-child');

const report = (i: number): string =>
  `REPORT RequestId: ${String(i).padStart(8, '0')}-0000-4000-8000-000000000000\tDuration: ${(100 + (i % 50)).toFixed(2)} ms\tBilled Duration: ${101 + (i % 50)} ms\tMemory Size: ${i % 2 ? 512 : 1024} MB\tMax Memory Used: 70 MB\t\n`;

/** `replay - -o json` as a child with debug output on: its streams so far, when it opened stdin, and when it exited. */
function replayStdin(): { child: ReturnType<typeof spawn>; out: { stdout: string; stderr: string }; opened: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cli.main, 'replay', '-', '-o', 'json'], {
    env: { PATH: process.env.PATH, NO_COLOR: '1', LAMBDA_RIGHTSIZE_DEBUG: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  const opened = new Promise<void>((resolve) =>
    child.stderr!.on('data', (chunk: Buffer) => {
      out.stderr += chunk.toString();
      if (/debug: reading stdin/.test(out.stderr)) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, out, opened, exited };
}

describe('replay - interrupted by SIGINT', () => {
  it('prints the analysis of what it read, marked partial, then exits 130', async () => {
    const child = spawn(process.execPath, [cli.main, 'replay', '-', '-o', 'json'], {
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
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

describe('replay - interrupted by SIGINT while the writer keeps the pipe open and quiet', () => {
  it('stops reading at once, analyses the lines it had, and exits 130', async () => {
    const { child, out, opened, exited } = replayStdin();
    // 50 lines, less than the 8 KB the format is told from: the reader waits for more that never comes.
    child.stdin!.write(Array.from({ length: 50 }, (_, i) => report(i)).join(''));
    await opened;
    // The lines are in the pipe already; this lets the child's first read take them.
    await new Promise((resolve) => setTimeout(resolve, 250));

    const signalled = Date.now();
    child.kill('SIGINT');
    const code = await exited;

    // The writer never closed the pipe: the child did not wait for it.
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(code).toBe(130);
    const json = JSON.parse(out.stdout) as Report;
    expect(json.results.reduce((sum, r) => sum + r.invocations, 0)).toBe(50);
    expect(json.warnings).toContainEqual(expect.stringMatching(/^partial result: interrupted after 50 invocations/));
    child.stdin!.destroy();
  }, 30_000);
});

describe('replay - interrupted by SIGINT before any REPORT line', () => {
  it('says nothing was read, with no report and no stack trace, and exits 130 (interrupted, not bad input)', async () => {
    const { child, out, opened, exited } = replayStdin();
    await opened;

    child.kill('SIGINT');
    const code = await exited;

    expect(code).toBe(130);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/interrupted before any Lambda REPORT line was read: nothing to analyse/);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    child.stdin!.destroy();
  }, 30_000);
});

describe('replay of a large file interrupted by SIGINT', () => {
  it('stops, prints what it read, marked partial, and exits 130', async () => {
    const first = join(cli.dir, 'first.log');
    const big = join(cli.dir, 'big-interrupted.log');
    const lines = Array.from({ length: 10_000 }, (_, i) => report(i)).join('');
    await writeFile(first, lines.replaceAll('-0000-4000-', '-first-4000-'));
    // ~150 MB, every id unique: long enough (about a second) for the signal to land mid-parse.
    await writeFile(big, Array.from({ length: 150 }, (_, copy) => lines.replaceAll('-0000-4000-', `-${String(copy).padStart(4, '0')}-4000-`)).join(''));
    const child = spawn(process.execPath, [cli.main, 'replay', first, big, '-o', 'json'], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', LAMBDA_RIGHTSIZE_DEBUG: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The first file is read (so there is something to print), the big one is being parsed.
        if (/debug: reading .*big-interrupted\.log/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    await started;
    child.kill('SIGINT');
    const code = await exited;

    expect(code).toBe(130);
    const json = JSON.parse(stdout) as Report;
    const read = json.results.reduce((sum, r) => sum + r.invocations, 0);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeGreaterThanOrEqual(10_000);
    expect(read).toBeLessThan(151 * 10_000);
    expect(json.warnings).toContainEqual(expect.stringMatching(/^partial result: interrupted after [\d,]+ invocations/));
  }, 60_000);
});
