/**
 * CI must prove that the tests needing moto_server, Chromium and tmux ran: `.ci/run` stops, naming
 * what is missing, when one of them is not installed, and requires each test to fail rather than skip.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const TOOLS = ['moto_server', 'chromium', 'tmux'];

/** Runs .ci/require-tools with only `dir` on PATH (bash found by its absolute path). */
async function requireTools(dir: string): Promise<{ code: number; stderr: string }> {
  return exec('/bin/bash', ['.ci/require-tools'], { env: { PATH: dir } }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
}

describe('.ci/run and the tools the integration tests need', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ci-tools-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(TOOLS)('fails naming %s when it is missing', async (absent) => {
    for (const tool of TOOLS) {
      const path = join(dir, tool);
      await rm(path, { force: true });
      if (tool !== absent) {
        await writeFile(path, '#!/bin/sh\n');
        await chmod(path, 0o755);
      }
    }

    const run = await requireTools(dir);

    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^\\.ci: required tool missing: ${absent} \\(.+\\)$`))]);
  });

  it('passes when all three are on PATH', async () => {
    for (const tool of TOOLS) {
      await writeFile(join(dir, tool), '#!/bin/sh\n');
      await chmod(join(dir, tool), 0o755);
    }

    expect(await requireTools(dir)).toEqual({ code: 0, stderr: '' });
  });

  it('checks the tools before the tests and makes the moto, browser and tmux tests required', async () => {
    const run = await readFile('.ci/run', 'utf8');

    expect(run.indexOf('.ci/require-tools')).toBeGreaterThan(-1);
    expect(run.indexOf('.ci/require-tools')).toBeLessThan(run.indexOf('npm test'));
    for (const name of ['MOTO', 'BROWSER', 'TMUX']) expect(run).toMatch(new RegExp(`LAMBDA_RIGHTSIZE_REQUIRE_${name}=1`));
  });

  it('fails the moto tests, instead of skipping them, when moto_server is missing and CI requires it', async () => {
    // Only node's own folder on PATH: no moto_server there.
    const env = { PATH: dirname(process.execPath), HOME: process.env.HOME, LAMBDA_RIGHTSIZE_REQUIRE_MOTO: '1' };

    const run = await exec(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/integration/scan-moto.test.ts'], { env }).then(
      () => ({ code: 0, out: '' }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

    expect(run.code).toBe(1);
    expect(run.out).toMatch(/moto_server is not installed, and LAMBDA_RIGHTSIZE_REQUIRE_MOTO=1 requires it/);
  }, 60_000);
});
