/**
 * Ctrl-C during `bench`, through the real process boundary (src/main.ts's signal handling) in a
 * child process: the functions it created are deleted before it exits 130.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleCli, spawnCli } from '../support/child-cli.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';

const ROLE = 'arn:aws:iam::123456789012:role/bench-role';
const PREFIX = 'lambda-rightsize-bench-';
let main: string;
let fake: FakeAws;

beforeAll(async () => {
  main = await bundleCli('bench-sigint');
}, 60_000);

beforeEach(async () => {
  // Each invocation takes 200 ms of real time, so the run is still measuring when Ctrl-C comes.
  fake = await startFakeAws({ latencyMs: 200 });
});

afterEach(async () => {
  await fake.close();
});

describe('bench interrupted by SIGINT', () => {
  it('deletes the function it created, then exits 130', async () => {
    const cli = spawnCli(main, ['bench', 'prime-sieve', 'io-wait', '--role', ROLE, '-m', '128,512,1024', '-n', '4', '-c', '1', '--yes'], {
      env: { NO_COLOR: '1', ...fake.env },
    });
    fake.afterCall('Invoke', 2, () => cli.kill('SIGINT'));

    const { code, stdout, stderr } = await cli.exit;

    expect(stderr).toMatch(/SIGINT received/);
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(fake.count('CreateFunction')).toBe(1);
    expect([...fake.functions.keys()].filter((name) => name.startsWith(PREFIX))).toEqual([]);
    expect(stderr).toMatch(/lambda-rightsize-bench-prime-sieve-x86_64-[0-9a-z]{8}: deleted/);
  });
});
