/**
 * Ctrl-C during `bench`, through the real process boundary (src/main.ts's signal handling) in a
 * child process: the functions it created are deleted before it exits 130. And a `cleanup` from
 * another shell leaves a running bench alone (its liveness marker).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleCli, spawnCli, type ChildRun } from '../support/child-cli.js';
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

describe('cleanup from another shell during a bench', () => {
  it('leaves the running bench alone, says so first and exits 3; the bench then finishes and deletes its own', async () => {
    const bench = spawnCli(main, ['bench', 'prime-sieve', '--role', ROLE, '-m', '128,512', '-n', '6', '-c', '1', '--yes', '-o', 'json'], { env: fake.env });
    let cleanup: Promise<ChildRun> | undefined;
    let during: string[] = [];
    // (the bench's function exists when its second invocation answers)
    fake.afterCall('Invoke', 2, () => {
      during = [...fake.functions.keys()];
      cleanup = spawnCli(main, ['cleanup', '--yes'], { env: fake.env }).exit;
    });

    const benched = await bench.exit;
    const cleaned = await cleanup!;

    expect(cleaned.code).toBe(3);
    expect(cleaned.stdout.split('\n')[0]).toMatch(
      /^bench run [0-9a-z]{8} looks alive: last heard from \d+ s ago \(started .*\); it changed created function lambda-rightsize-bench-prime-sieve-x86_64-[0-9a-z]{8}.* — left alone$/,
    );
    expect(fake.callsOf('DeleteFunction').filter((call) => call.params.Qualifier === undefined)).toHaveLength(1);
    expect(benched.code).toBe(0);
    expect(JSON.parse(benched.stdout)).toHaveLength(1);
    expect(during.filter((name) => name.startsWith(PREFIX))).toHaveLength(1);
    expect([...fake.functions.keys()].filter((name) => name.startsWith(PREFIX))).toEqual([]);
  });
});
