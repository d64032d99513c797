/**
 * `tune --copy` through the real process boundary (src/main.ts's signal handling), in a child
 * process: on SIGINT, SIGTERM and SIGHUP the copy and its log group are deleted before the exit
 * (130); after SIGKILL nothing can run, and `cleanup --force` (the run looks alive for 3 minutes)
 * deletes what it left. The function itself sees only reads throughout.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleCli, spawnCli } from '../support/child-cli.js';
import { copiesIn, copyGroupsIn } from '../support/copies.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';

const READS = new Set(['GetFunction', 'GetFunctionConfiguration', 'ListTags', 'GetFunctionConcurrency']);
let main: string;
let fake: FakeAws;

beforeAll(async () => {
  main = await bundleCli('copy-signals');
}, 60_000);

beforeEach(async () => {
  // Each invocation takes 200 ms of real time, so the run is still measuring when the signal comes.
  fake = await startFakeAws({ latencyMs: 200, functions: [{ name: 'orders', memoryMB: 512, timeoutS: 30, zipFile: Buffer.from('PK orders') }] });
});

afterEach(async () => {
  await fake.close();
});

const copies = (): string[] => copiesIn(fake);
const copyGroups = (): string[] => copyGroupsIn(fake);
const tune = () => spawnCli(main, ['orders', '--copy', '-m', '256,512,1024', '-n', '4', '-c', '1', '--yes'], { env: { NO_COLOR: '1', ...fake.env } });

function expectOnlyReadsOfTheFunction(): void {
  expect(
    fake
      .callsFor('orders')
      .map((c) => c.operation)
      .filter((op) => !READS.has(op)),
  ).toEqual([]);
  expect(fake.getFunction('orders')!.config.MemorySize).toBe(512);
}

describe('tune --copy interrupted by a signal', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('deletes the copy and its log group on %s, then exits 130', async (signal) => {
    const cli = tune();
    fake.afterCall('Invoke', 2, () => cli.kill(signal));

    const { code, stderr } = await cli.exit;

    expect(stderr).toMatch(new RegExp(`${signal} received`));
    expect(code).toBe(130);
    expect(stderr).toMatch(/lambda-rightsize-copy-[0-9a-z]{8}-x86-orders: deleted/);
    expect(copies()).toEqual([]);
    expect(copyGroups()).toEqual([]);
    expectOnlyReadsOfTheFunction();
  });

  it('leaves the copy behind on SIGKILL; cleanup --force deletes it and its log group', async () => {
    const cli = tune();
    fake.afterCall('Invoke', 2, () => cli.kill('SIGKILL'));
    await cli.exit;
    const left = copies();

    const cleanup = await spawnCli(main, ['cleanup', '--yes', '--force'], { env: fake.env }).exit;

    expect(left).toHaveLength(1);
    expect(cleanup.code).toBe(0);
    expect(copies()).toEqual([]);
    expect(copyGroups()).toEqual([]);
    expectOnlyReadsOfTheFunction();
  });
});
