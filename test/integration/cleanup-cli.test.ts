/**
 * `cleanup` end to end, in-process with real SDK clients against the local endpoint: it deletes
 * bench functions (name prefix AND tag) and tune's versions and aliases, and nothing else.
 */
import { CreateAliasCommand, PublishVersionCommand, UpdateFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tuneAliasName, tuneVersionDescription } from '../../src/tune/marks.js';
import { fakeClients } from '../support/fake-aws/clients.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';
import { runInProcess } from '../support/cli.js';

const BENCH = 'lambda-rightsize-bench-prime-sieve-x86_64-abcd1234';
const UNTAGGED = 'lambda-rightsize-bench-io-wait-arm64-untagged';
const TAGGED_ONLY = 'orders-bench-copy';
let fake: FakeAws;
let lambda: LambdaClient;

beforeEach(async () => {
  fake = await startFakeAws({
    functions: [
      { name: BENCH, tags: { 'lambda-rightsize:bench': 'abcd1234' } },
      { name: UNTAGGED },
      { name: TAGGED_ONLY, tags: { 'lambda-rightsize:bench': 'abcd1234' } },
      { name: 'orders', memoryMB: 512 },
    ],
  });
  ({ lambda } = fakeClients(fake));
  for (const [key, value] of Object.entries(fake.env)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_PROFILE', '');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  lambda.destroy();
  await fake.close();
});

const cleanup = (args: string[]) => runInProcess(['cleanup', ...args], { env: fake.env });

/** Publishes a version of `orders` at a memory size with a description, as tune or a user would. */
async function publish(memoryMB: number, description: string): Promise<string> {
  await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', MemorySize: memoryMB }));
  const out = await lambda.send(new PublishVersionCommand({ FunctionName: 'orders', Description: description }));
  return out.Version!;
}

/** What a crashed tune leaves on `orders` next to the user's own release and alias. */
async function seedTuneLeftovers(): Promise<{ release: string; tuneVersions: string[] }> {
  const release = await publish(1024, 'release 42');
  await lambda.send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: release }));
  const v128 = await publish(128, tuneVersionDescription('run00001', 128));
  const v256 = await publish(256, tuneVersionDescription('run00001', 256));
  await lambda.send(new CreateAliasCommand({ FunctionName: 'orders', Name: tuneAliasName('run00001', 256), FunctionVersion: v256 }));
  return { release, tuneVersions: [v128, v256] };
}

describe('cleanup against the local endpoint', () => {
  it('deletes only functions with both the bench prefix and the bench tag', async () => {
    const run = await cleanup(['--yes']);

    expect(run.code).toBe(0);
    expect([...fake.functions.keys()].toSorted()).toEqual([UNTAGGED, TAGGED_ONLY, 'orders'].toSorted());
    expect(run.stdout).toMatch(new RegExp(`function ${BENCH} \\(bench run abcd1234\\)`));
    expect(run.stdout).toMatch(new RegExp(`${UNTAGGED}: has the bench name prefix but not the lambda-rightsize:bench tag`));
    expect(run.stdout).toMatch(/undid 1 of 1/);
    expect(fake.callsOf('DeleteFunction').map((c) => c.params.FunctionName)).toEqual([BENCH]);
  });

  it("deletes the versions and aliases a crashed tune left, and not the user's", async () => {
    const { release, tuneVersions } = await seedTuneLeftovers();
    const run = await cleanup(['--function', 'orders', '--yes']);

    expect(run.code).toBe(0);
    const orders = fake.getFunction('orders')!;
    expect([...orders.aliases.keys()]).toEqual(['live']);
    expect([...orders.versions.keys()]).toEqual([release]);
    expect(orders.config.MemorySize).toBe(256);
    expect(run.stdout).toMatch(new RegExp(`version orders:${tuneVersions[0]}`));
    expect(fake.callsOf('DeleteAlias').map((c) => c.params.Name)).toEqual(['lambda-rightsize-run00001-256MB']);
  });

  it('lists and deletes nothing on a dry run', async () => {
    await seedTuneLeftovers();
    fake.resetCalls();
    const run = await cleanup(['--function', 'orders', '--dry-run']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^4 leftover\(s\) to undo:/);
    expect(fake.count('DeleteFunction') + fake.count('DeleteAlias')).toBe(0);
  });

  it('asks for --yes when there is no terminal, deleting nothing', async () => {
    const run = await cleanup([]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs confirmation.*--yes/);
    expect(fake.functions.has(BENCH)).toBe(true);
  });

  it('says so when there is nothing to clean up', async () => {
    fake.resetCalls();
    await cleanup(['--yes']);
    const again = await cleanup(['--yes']);

    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^nothing to clean up/);
  });

  it('exits 3 and names the IAM action when deleting is denied', async () => {
    fake.injectAccessDenied('DeleteFunction');
    const run = await cleanup(['--yes']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/lambda:DeleteFunction/);
    expect(fake.functions.has(BENCH)).toBe(true);
  });

  it('reports a function that does not exist for --function', async () => {
    const run = await cleanup(['--function', 'nope', '--yes']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/nope not found/);
  });
});
