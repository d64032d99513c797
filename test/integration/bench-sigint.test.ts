/**
 * Ctrl-C during `bench`, through the real process boundary (src/main.ts's signal handling) in a
 * child process: the functions it created are deleted before it exits 130.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';

const ROLE = 'arn:aws:iam::123456789012:role/bench-role';
const PREFIX = 'lambda-rightsize-bench-';
// Inside the repository so the bundle finds node_modules; ignored by git.
const OUT = resolve('node_modules/.cache/rightsize-bench-sigint');
let fake: FakeAws;

/** Bundles src/main.ts as esbuild.config.mjs does, so the test does not depend on `npm run build`. */
beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  await build({
    entryPoints: ['src/main.ts'],
    outdir: join(OUT, 'dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
}, 60_000);

beforeEach(async () => {
  // Each invocation takes 200 ms of real time, so the run is still measuring when Ctrl-C comes.
  fake = await startFakeAws({ latencyMs: 200 });
});

afterEach(async () => {
  await fake.close();
});

function runCli(args: string[]): { exit: Promise<{ code: number | null; stdout: string; stderr: string }>; interrupt: () => void } {
  const child = spawn(process.execPath, [join(OUT, 'dist', 'main.js'), ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...fake.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
  return { exit, interrupt: () => child.kill('SIGINT') };
}

describe('bench interrupted by SIGINT', () => {
  it('deletes the function it created, then exits 130', async () => {
    const cli = runCli(['bench', 'prime-sieve', 'io-wait', '--role', ROLE, '-m', '128,512,1024', '-n', '4', '-c', '1', '--yes']);
    fake.afterCall('Invoke', 2, cli.interrupt);

    const { code, stdout, stderr } = await cli.exit;

    expect(stderr).toMatch(/SIGINT received/);
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(fake.count('CreateFunction')).toBe(1);
    expect([...fake.functions.keys()].filter((name) => name.startsWith(PREFIX))).toEqual([]);
    expect(stderr).toMatch(/lambda-rightsize-bench-prime-sieve-x86_64-[0-9a-z]{8}: deleted/);
  });
});
