/**
 * A live run never leaves a production function changed: the built CLI as a child process against
 * the local endpoint, killed with SIGKILL at several points and then undone by `cleanup --function`
 * or by the next `tune`; deploys of code, of environment and of memory in mid-run; the time $LATEST
 * spends away from its memory, read from the endpoint's own call log; failures that explain
 * themselves. Every test checks what is left of the function.
 */
import { UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { RUN_MARKER_TAG } from '../../src/tune/marks.js';
import { bundleCli, spawnCli, type ChildRun } from '../support/child-cli.js';
import { fakeClients, seedRelease } from '../support/fake-aws/clients.js';
import { startFakeAws, type FakeAws, type FakeFunction, type Operation, type WorkModel } from '../support/fake-aws/index.js';

const ORIGINAL_MB = 512;
let main: string;
let fake: FakeAws;
let originalSha: string;

beforeAll(async () => {
  main = await bundleCli('tune-safety');
}, 60_000);

async function seed(work: Partial<WorkModel> = { cpuMs: 400 }, extra: { environment?: Record<string, string> } = {}): Promise<void> {
  fake = await startFakeAws({ functions: [{ name: 'orders', memoryMB: ORIGINAL_MB, timeoutS: 30, work, ...extra }] });
  await seedRelease(fake, 'orders');
  originalSha = fn().config.CodeSha256;
}

afterEach(async () => {
  await fake?.close();
});

const fn = (): FakeFunction => fake.getFunction('orders')!;
const cli = (args: string[]) => spawnCli(main, args, { env: fake.env });
const run = (args: string[]): Promise<ChildRun> => cli(args).exit;
const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

/** Exactly as the user left it: memory, code, release version 1, alias `live`, no marker tag. */
function expectLeftAsItWas(memoryMB = ORIGINAL_MB, codeSha256 = originalSha): void {
  expect(fn().config.MemorySize).toBe(memoryMB);
  expect(fn().config.CodeSha256).toBe(codeSha256);
  expect([...fn().versions.keys()]).toEqual(['1']);
  expect([...fn().aliases.values()].map((a) => [a.Name, a.FunctionVersion])).toEqual([['live', '1']]);
  expect(Object.keys(fn().tags)).not.toContain(RUN_MARKER_TAG);
}

/** As if the killed run's marker had been silent for 10 minutes (a live run rewrites it every minute). */
function silence(): void {
  fn().tags[RUN_MARKER_TAG] = fn().tags[RUN_MARKER_TAG]!.replace(/seen=\S+/, `seen=${new Date(Date.now() - 600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
}

/** Starts a tune and SIGKILLs it right after the `afterCalls`-th call of `operation`; then its marker goes silent. */
async function killedAt(operation: Operation, afterCalls: number, args: string[] = [], { silent = true } = {}): Promise<ChildRun> {
  // A little latency per invocation keeps the run busy when the kill lands.
  fake.knobs.latencyMs = 50;
  const child = cli(['orders', '--yes', '-m', '128,512,1024,2048', '-n', '6', '-c', '2', ...args]);
  fake.afterCall(operation, afterCalls, () => child.kill('SIGKILL'));
  const result = await child.exit;
  expect(result.signal).toBe('SIGKILL');
  fake.knobs.latencyMs = 0;
  if (silent) silence();
  return result;
}

describe('a run killed with SIGKILL', () => {
  it.each([
    { case: 'right after writing its marker, before any change', operation: 'TagResource' as const, calls: 1, restored: false },
    { case: 'between its first memory update and its first published version', operation: 'UpdateFunctionConfiguration' as const, calls: 1, restored: true },
    { case: 'while publishing its sizes', operation: 'PublishVersion' as const, calls: 3, restored: true },
    { case: 'while invoking, after $LATEST went back', operation: 'Invoke' as const, calls: 8, restored: false },
  ])('is undone by `cleanup --function` when killed $case', async ({ operation, calls, restored }) => {
    await seed();
    await killedAt(operation, calls);
    expect(fn().tags[RUN_MARKER_TAG]).toMatch(new RegExp(`original=${ORIGINAL_MB} code=`));
    if (restored) expect(fn().config.MemorySize).not.toBe(ORIGINAL_MB);

    const cleanup = await run(['cleanup', '--function', 'orders', '--yes']);

    expect(cleanup.code).toBe(0);
    if (restored) expect(cleanup.stderr).toMatch(new RegExp(`^restored orders to ${ORIGINAL_MB} MB \\(killed run [a-z0-9]+ had left it at \\d+ MB\\)$`, 'm'));
    expect(cleanup.stderr).toMatch(/^removed run marker tag lambda-rightsize:tune-run on orders/m);
    expectLeftAsItWas();
  });

  it('is undone by the next tune before it changes anything, which then measures from the real original', async () => {
    await seed();
    await killedAt('PublishVersion', 2);
    const leftAt = fn().config.MemorySize;
    expect(leftAt).not.toBe(ORIGINAL_MB);

    const next = await run(['orders', '--yes', '-m', '256', '-n', '3', '-o', 'json']);

    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/^ {2}first, undo a killed earlier run:$/m);
    expect(next.stderr).toMatch(new RegExp(`^restored orders to ${ORIGINAL_MB} MB \\(killed run [a-z0-9]+ had left it at ${leftAt} MB\\)$`, 'm'));
    const report = JSON.parse(next.stdout) as Report;
    expect(report.function.originalMemoryMB).toBe(ORIGINAL_MB);
    expectLeftAsItWas();
  });

  it('is left alone by cleanup and by the next tune while its marker is fresh, and cleanup says so first and fails', async () => {
    await seed();
    await killedAt('PublishVersion', 3, [], { silent: false });
    const leftAt = fn().config.MemorySize;
    const versions = [...fn().versions.keys()];

    const cleanup = await run(['cleanup', '--function', 'orders', '--yes']);
    const tune = await run(['orders', '--yes', '-m', '256', '-n', '2']);

    expect(cleanup.code).toBe(3);
    expect(cleanup.stdout.split('\n')[0]).toMatch(
      new RegExp(
        `^tune run [a-z0-9]+ on orders looks alive: last heard from \\d+ s ago \\(started .*\\); it changed \\$LATEST at ${leftAt} MB \\(512 MB before it\\), 2 version\\(s\\) and its run marker — left alone$`,
      ),
    );
    expect(lastLine(cleanup.stderr)).toMatch(
      /^lambda-rightsize: tune run [a-z0-9]+ on orders looks alive \(last heard from \d+ s ago\): what it changed is left as it is — .*--wait.*--force/,
    );
    expect(tune.code).toBe(3);
    expect(lastLine(tune.stderr)).toMatch(
      /^lambda-rightsize: another lambda-rightsize run is working on orders: .* — wait until it ends; if it was killed, `lambda-rightsize cleanup --function orders --wait` undoes it once it has been silent for 180 s/,
    );
    expect(fn().config.MemorySize).toBe(leftAt);
    expect([...fn().versions.keys()]).toEqual(versions);
    expect(fn().tags[RUN_MARKER_TAG]).toBeDefined();
  });

  it('is undone right away by `cleanup --force`, though its marker is fresh', async () => {
    await seed();
    await killedAt('PublishVersion', 3, [], { silent: false });

    const cleanup = await run(['cleanup', '--function', 'orders', '--yes', '--force']);

    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toMatch(/^tune run [a-z0-9]+ on orders was heard from \d+ s ago, but --force says it is dead: undoing what it changed/);
    expectLeftAsItWas();
  });

  it('is waited for by `cleanup --wait` until its marker goes silent, then undone', async () => {
    await seed();
    await killedAt('PublishVersion', 3, [], { silent: false });
    // As if it had been killed nearly 3 minutes ago: silent for long enough in 3 s.
    fn().tags[RUN_MARKER_TAG] = fn().tags[RUN_MARKER_TAG]!.replace(
      /seen=\S+/,
      `seen=${new Date(Date.now() - 177_000).toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    );

    const cleanup = await run(['cleanup', '--function', 'orders', '--yes', '--wait', '30']);

    expect(cleanup.code).toBe(0);
    expect(cleanup.stderr).toMatch(
      /^waiting for tune run [a-z0-9]+ on orders \(it changed \$LATEST at \d+ MB \(512 MB before it\), .*\): heard from 17\d s ago, taken for killed in \d s if it stays silent \(waited 0 s of at most 30 s\)$/m,
    );
    expectLeftAsItWas();
  }, 30_000);

  it('does not keep `tune --dry-run` from showing the plan, and says a real run would not start', async () => {
    await seed();
    await killedAt('PublishVersion', 3, [], { silent: false });

    const dry = await run(['orders', '--dry-run', '-m', '256']);

    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/note: another lambda-rightsize run is working on orders: .*; a real run would not start now/);
  });

  it("leaves a function someone deployed since alone, says so, and still deletes the run's versions", async () => {
    await seed();
    await killedAt('PublishVersion', 3);
    const leftAt = fn().config.MemorySize;
    const { lambda } = fakeClients(fake);
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'orders', ZipFile: Buffer.from('their new code') }));
    lambda.destroy();

    const cleanup = await run(['cleanup', '--function', 'orders', '--yes']);

    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toMatch(
      /^ {2}memory of orders: new code was deployed since run [a-z0-9]+ .*: its \d+ MB is left as it is \(it had 512 MB before that run\)$/m,
    );
    expect(fn().config.MemorySize).toBe(leftAt);
    expect([...fn().versions.keys()]).toEqual(['1']);
    expect(Object.keys(fn().tags)).not.toContain(RUN_MARKER_TAG);
  });
});

describe('time away from the original memory', () => {
  it('puts $LATEST back right after the last version is published, while the invocations go on', async () => {
    await seed();
    fake.knobs.latencyMs = 40;
    const { code, stdout } = await run(['orders', '--yes', '-o', 'json', '-n', '6', '-c', '3', '-m', '128,256,512,1024,1536,2048,3008']);

    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const updates = fake.callsOf('UpdateFunctionConfiguration').map((c) => ({ mb: c.params.MemorySize as number, at: c.at }));
    // 6 sizes other than 512 MB, one restore; 512 MB itself is published without any update.
    expect(updates.map((u) => u.mb)).toEqual([128, 256, 1024, 1536, 2048, 3008, ORIGINAL_MB]);
    const restoreAt = updates.at(-1)!.at;
    const invokes = fake.callsOf('Invoke').map((c) => c.at);
    expect(invokes.filter((at) => at > restoreAt).length).toBeGreaterThan(0);
    expect(fake.callsOf('Invoke').every((c) => c.params.Qualifier !== undefined && c.params.Qualifier !== '$LATEST')).toBe(true);
    const awayOnTheWire = restoreAt - updates[0]!.at;
    expect(report.run!.memoryUpdates).toBe(7);
    expect(report.run!.latestAwayMs).toBeGreaterThanOrEqual(awayOnTheWire);
    expect(report.run!.latestAwayMs).toBeLessThan(awayOnTheWire + 1000);
    expectLeftAsItWas();
  });

  it('never touches $LATEST when only the original size is measured', async () => {
    await seed();
    const { code, stdout } = await run(['orders', '--yes', '-o', 'json', '-m', String(ORIGINAL_MB), '-n', '3']);

    expect(code).toBe(0);
    expect(fake.count('UpdateFunctionConfiguration')).toBe(0);
    expect((JSON.parse(stdout) as Report).run).toEqual({ latestAwayMs: 0, memoryUpdates: 0, partial: false });
    expectLeftAsItWas();
  });
});

describe('a concurrent deploy', () => {
  it.each([
    { case: 'of code only', deploy: {}, memoryMB: ORIGINAL_MB, newCode: true },
    { case: 'of the environment only', deploy: { code: false, environment: { STAGE: 'blue' } }, memoryMB: ORIGINAL_MB, newCode: false },
    { case: 'of the memory', deploy: { code: false, memoryMB: 2000 }, memoryMB: 2000, newCode: false },
  ])('$case: stops preparing, keeps what was measured, puts back only its own change, exits 5', async ({ deploy, memoryMB, newCode }) => {
    await seed({ cpuMs: 400 }, { environment: { STAGE: 'green' } });
    fake.injectConcurrentDeploy({ functionName: 'orders', afterOperation: 'PublishVersion', afterCalls: 2, ...deploy });
    const { code, stdout, stderr } = await run(['orders', '--yes', '-o', 'json', '-m', '512,128,1024,2048', '-n', '3']);

    expect(code).toBe(5);
    expect(lastLine(stderr)).toMatch(/^lambda-rightsize: orders was changed by someone else during the run \(.+\): partial result — /);
    const report = JSON.parse(stdout) as Report;
    expect(report.results.map((r) => r.memoryMB)).toEqual([128, 512]);
    expect(report.run).toMatchObject({ partial: true, changedDuringRun: expect.any(String) });
    expect(fn().config.MemorySize).toBe(memoryMB);
    expect(fn().config.CodeSha256 === originalSha).toBe(!newCode);
    expect(fn().config.Environment?.Variables).toEqual(deploy.environment ?? { STAGE: 'green' });
    expect([...fn().versions.keys()]).toEqual(['1']);
    expect(Object.keys(fn().tags)).not.toContain(RUN_MARKER_TAG);
  });

  it('after every size was published is still detected, though nothing needs restoring', async () => {
    await seed();
    fake.injectConcurrentDeploy({ functionName: 'orders', afterOperation: 'Invoke', afterCalls: 4 });
    const { code, stdout } = await run(['orders', '--yes', '-o', 'json', '-m', '512', '-n', '6']);

    expect(code).toBe(5);
    const report = JSON.parse(stdout) as Report;
    expect(report.run).toEqual({ latestAwayMs: 0, memoryUpdates: 0, partial: true, changedDuringRun: 'new code was deployed' });
    expect(report.results[0]!.invocations).toBe(6);
  });
});

describe('failures that explain themselves', () => {
  it('names a missing log group when the REPORT is not in the tail, asks for it once, and prints the JSON', async () => {
    await seed({ cpuMs: 50, trailingLogBytes: 5000, cannotLog: true });
    const { code, stdout, stderr } = await run(['orders', '--yes', '-o', 'json', '-m', '128,256', '-n', '3']);

    expect(code).toBe(3);
    expect(lastLine(stderr)).toBe(
      "lambda-rightsize: no invocation produced a usable REPORT line: the REPORT was not in the 4 KB log tail, and orders's log group does not exist — check the function's LoggingConfig.LogGroup and that its role may write logs (logs:CreateLogStream, logs:PutLogEvents)",
    );
    expect(fake.count('FilterLogEvents')).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.results).toEqual([]);
    expect(report.warnings).toContainEqual(
      expect.stringMatching(
        /^128 MB: 3 of 3 invocations left out, e\.g\. request .*: not in the 4 KB log tail, and log group \/aws\/lambda\/orders does not exist$/,
      ),
    );
    expectLeftAsItWas();
  });

  it('stops after the first invocations when they all fail alike, and shows the error message', async () => {
    await seed({ cpuMs: 50, error: { type: 'Unhandled', errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'orderId')" } });
    const { code, stdout, stderr } = await run(['orders', '--yes', '-o', 'json', '-m', '512,1024,2048', '-n', '10', '-c', '1']);

    expect(code).toBe(4);
    expect(lastLine(stderr)).toMatch(
      /^lambda-rightsize: stopped early: the first 3 invocation\(s\) at 512 MB all failed with TypeError: Cannot read properties of undefined \(reading 'orderId'\) — check --payload/,
    );
    expect(fake.count('Invoke')).toBe(3);
    const report = JSON.parse(stdout) as Report;
    expect(report.results[0]!.firstError).toEqual({ type: 'TypeError', message: "Cannot read properties of undefined (reading 'orderId')" });
    expectLeftAsItWas();
  });

  it('counts errors of an --allowed-errors type as successful invocations', async () => {
    await seed({ cpuMs: 50, error: { type: 'Handled', errorType: 'NotFound', errorMessage: 'no such order' } });
    const { code, stdout } = await run(['orders', '--yes', '-o', 'json', '-m', '512,1024', '-n', '4', '--allowed-errors', 'NotFound']);

    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.results.map((r) => [r.memoryMB, r.invocations, r.errors])).toEqual([
      [512, 4, 0],
      [1024, 4, 0],
    ]);
    expect(report.warnings).toContain('512 MB: 4 invocation(s) failed with an --allowed-errors type and were counted as successful');
    expectLeftAsItWas();
  });

  it('refuses to start when it cannot write its marker, before anything changes', async () => {
    await seed();
    fake.injectAccessDenied('TagResource');
    const { code, stderr } = await run(['orders', '--yes', '-m', '128', '-n', '3']);

    expect(code).toBe(3);
    expect(lastLine(stderr)).toMatch(/^lambda-rightsize: access denied: lambda:TagResource on arn:aws:lambda:us-east-1:\d+:function:orders/);
    expect(fake.count('UpdateFunctionConfiguration') + fake.count('PublishVersion')).toBe(0);
    expectLeftAsItWas();
  });

  it('lists the memory a killed run left on `cleanup --dry-run`, changing nothing', async () => {
    await seed();
    await killedAt('UpdateFunctionConfiguration', 2);
    const dry = await run(['cleanup', '--function', 'orders', '--dry-run']);

    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^ {2}memory of orders: back from \d+ MB to 512 MB \(killed tune run [a-z0-9]+\)$/m);
    expect(fn().config.MemorySize).not.toBe(ORIGINAL_MB);
    expect(fake.count('UpdateFunctionConfiguration')).toBe(2);
  });
});

// Sending Environment (or any other field) with the memory would replace what is there.
describe('the memory-only update', () => {
  beforeEach(async () => {
    await seed({ cpuMs: 100 }, { environment: { STAGE: 'green' } });
  });

  it('sends nothing but MemorySize and RevisionId', async () => {
    const { code } = await run(['orders', '--yes', '-m', '128,256', '-n', '2']);
    expect(code).toBe(0);
    for (const call of fake.callsOf('UpdateFunctionConfiguration')) {
      expect(Object.keys(call.params).toSorted()).toEqual(['FunctionName', 'MemorySize', 'RevisionId']);
    }
    expect(fn().config.Environment?.Variables).toEqual({ STAGE: 'green' });
  });
});
