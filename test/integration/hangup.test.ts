/**
 * A hang-up (a closed terminal, an ssh drop, tmux kill-session) is an interrupt like Ctrl-C: the
 * built CLI in a child process gets SIGHUP at several points, and the function is then audited on
 * the local endpoint — memory, code, versions, aliases, run marker. The terminal being gone also
 * means every write to it fails: one case closes the child's stdout and stderr first.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RUN_MARKER_TAG } from '../../src/tune/index.js';
import { bundleCli, spawnCli } from '../support/child-cli.js';
import { seedRelease } from '../support/fake-aws/clients.js';
import { startFakeAws, type FakeAws, type FakeFunction, type Operation } from '../support/fake-aws/index.js';

const ORIGINAL_MB = 512;
let main: string;
let fake: FakeAws;
let originalSha: string;

beforeAll(async () => {
  main = await bundleCli('hangup');
}, 60_000);

afterEach(async () => {
  await fake?.close();
});

async function seed(): Promise<void> {
  fake = await startFakeAws({ functions: [{ name: 'orders', memoryMB: ORIGINAL_MB, timeoutS: 30, work: { cpuMs: 400 } }] });
  await seedRelease(fake, 'orders');
  originalSha = fn().config.CodeSha256;
  // A little latency per call keeps the run busy when the signal lands.
  fake.knobs.latencyMs = 50;
}

const fn = (): FakeFunction => fake.getFunction('orders')!;

/** Exactly as the user left it: memory, code, release version 1, alias `live`, no marker tag. */
function expectLeftAsItWas(): void {
  expect(fn().config.MemorySize).toBe(ORIGINAL_MB);
  expect(fn().config.CodeSha256).toBe(originalSha);
  expect([...fn().versions.keys()]).toEqual(['1']);
  expect([...fn().aliases.values()].map((a) => [a.Name, a.FunctionVersion])).toEqual([['live', '1']]);
  expect(Object.keys(fn().tags)).not.toContain(RUN_MARKER_TAG);
}

const TUNE = ['orders', '--yes', '-m', '128,1024,2048', '-n', '6', '-c', '2', '--aliases'];

describe('tune hung up on', () => {
  it.each([
    { case: 'right after its marker, before any change', operation: 'TagResource' as const, calls: 1 },
    { case: 'between a memory update and its version (preparing)', operation: 'UpdateFunctionConfiguration' as const, calls: 1 },
    { case: 'while publishing its sizes', operation: 'PublishVersion' as const, calls: 2 },
    { case: 'while invoking', operation: 'Invoke' as const, calls: 5 },
  ])('undoes everything and exits 130 when hung up on $case', async ({ operation, calls }: { operation: Operation; calls: number }) => {
    await seed();
    const cli = spawnCli(main, TUNE, { env: fake.env });
    fake.afterCall(operation, calls, () => cli.kill('SIGHUP'));

    const { code, signal, stderr } = await cli.exit;

    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(stderr).toMatch(/SIGHUP received — undoing what this run changed/);
    expectLeftAsItWas();
  });

  it('undoes everything though its stdout and stderr are gone (every write fails)', async () => {
    await seed();
    const cli = spawnCli(main, TUNE, { env: fake.env, closeOutput: true });
    fake.afterCall('Invoke', 3, () => cli.kill('SIGHUP'));

    const { code, signal } = await cli.exit;

    expect(signal).toBeNull();
    expect(code).toBe(130);
    expectLeftAsItWas();
  });

  it('takes repeated hang-ups (kernel, then shell) for one: the undo is not abandoned', async () => {
    await seed();
    const cli = spawnCli(main, TUNE, { env: fake.env });
    fake.afterCall('Invoke', 3, () => {
      for (let i = 0; i < 3; i++) cli.kill('SIGHUP');
    });

    const { code, stderr } = await cli.exit;

    expect(code).toBe(130);
    expect(stderr).not.toMatch(/abandon/);
    expectLeftAsItWas();
  });
});

describe('bench hung up on', () => {
  it('deletes the function it created, then exits 130', async () => {
    fake = await startFakeAws({ latencyMs: 200 });
    const cli = spawnCli(
      main,
      ['bench', 'prime-sieve', '--role', 'arn:aws:iam::123456789012:role/bench-role', '-m', '128,512', '-n', '4', '-c', '1', '--yes'],
      {
        env: fake.env,
        closeOutput: true,
      },
    );
    fake.afterCall('Invoke', 2, () => cli.kill('SIGHUP'));

    const { code, signal } = await cli.exit;

    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(fake.count('CreateFunction')).toBe(1);
    expect([...fake.functions.keys()].filter((name) => name.startsWith('lambda-rightsize-bench-'))).toEqual([]);
  });
});
