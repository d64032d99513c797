/**
 * `tune` through the real process boundary: src/main.ts bundled and run as a child process, its SDK
 * clients reaching the local endpoint through AWS_ENDPOINT_URL_* alone. Every test checks the exit
 * code, what went to stdout and stderr, and what is left of the function: $LATEST's memory and code,
 * the versions and aliases (the release version 1 and alias `live` that existed before must survive).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import type { Report } from '../../src/types.js';
import { bundleCli, spawnCli, type ChildRun } from '../support/child-cli.js';
import { fakeClients, seedRelease } from '../support/fake-aws/clients.js';
import { startFakeAws, type FakeAws, type FakeFunction } from '../support/fake-aws/index.js';

const ORIGINAL_MB = 512;
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
let main: string;
let fake: FakeAws;
let originalSha: string;
let tmp: string;

beforeAll(async () => {
  main = await bundleCli('tune-cli');
  tmp = await mkdtemp(join(tmpdir(), 'tune-cli-'));
}, 60_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  fake = await startFakeAws({ functions: [{ name: 'orders', memoryMB: ORIGINAL_MB, timeoutS: 30, work: { cpuMs: 400 } }] });
  await seedRelease(fake, 'orders');
  originalSha = fn().config.CodeSha256;
});

afterEach(async () => {
  await fake.close();
});

const fn = (): FakeFunction => fake.getFunction('orders')!;
const tune = (args: string[], env: Record<string, string> = {}) => spawnCli(main, args, { env: { ...fake.env, ...env } });
const run = (args: string[], env?: Record<string, string>): Promise<ChildRun> => tune(args, env).exit;
const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';
/** Only the lines the tool wrote: Node may print its own warnings (e.g. the SDK's Node-version notice). */
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('lambda-rightsize:'));

/** The function as the user left it: original memory and code, release version 1 and alias `live` only. */
function expectLeftAsItWas(memoryMB = ORIGINAL_MB): void {
  expect(fn().config.MemorySize).toBe(memoryMB);
  expect(fn().config.CodeSha256).toBe(originalSha);
  expect([...fn().versions.keys()]).toEqual(['1']);
  expect([...fn().aliases.values()].map((a) => [a.Name, a.FunctionVersion])).toEqual([['live', '1']]);
}

function expectNothingChanged(): void {
  for (const op of ['UpdateFunctionConfiguration', 'PublishVersion', 'Invoke', 'DeleteFunction', 'DeleteAlias'] as const) expect(fake.count(op)).toBe(0);
  expectLeftAsItWas();
}

describe('tune CLI: measuring runs', () => {
  it('prints only the JSON report on stdout and its progress on stderr, for the 7-size grid', async () => {
    const { code, stdout, stderr } = await run(['orders', '--yes', '-o', 'json', '-n', '3', '-m', DEFAULTS.memorySizes.join(',')]);

    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.results.map((r) => [r.memoryMB, r.invocations, r.errors])).toEqual(DEFAULTS.memorySizes.map((mb) => [mb, 3, 0]));
    expect(report.recommendation?.memoryMB).toEqual(expect.any(Number));
    expect(report.function).toMatchObject({ name: 'orders', originalMemoryMB: ORIGINAL_MB });
    expect(stderr).toMatch(/^Plan: tune orders \(us-east-1, x86_64, now 512 MB, timeout 30 s\)$/m);
    expect(stderr).toMatch(/^\[7\/7\] 3008 MB: setting the memory and publishing a version$/m);
    expect(stderr).toMatch(/^3008 MB: done \(3 measured\)$/m);
    expect(stderr).toMatch(/^\[1\/7\] 512 MB: publishing a version of \$LATEST as it is \(its own memory: no update\)$/m);
    expect(stderr).toMatch(/^restored orders to 512 MB \(\$LATEST away \d+\.\d s so far\); invocations go on against the versions$/m);
    // 512 MB is the function's own size, already published as version 1: measured, left in place.
    expect(stderr).toMatch(/^deleted the 6 version\(s\) and alias\(es\) this run created$/m);
    expect(fake.count('PublishVersion')).toBe(7);
    expectLeftAsItWas();
  });

  it('prints the table on stdout and the plan and progress on stderr for a --memory list', async () => {
    const { code, stdout, stderr } = await run(['orders', '--yes', '--memory', '128,512,1024', '-n', '3']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/Memory.*Invocations/s);
    expect(stdout.match(/^\S*\s+(128|512|1024)\s+3\s/gm)).toHaveLength(3);
    expect(stdout).toMatch(/^recommended: /m);
    expect(stdout).not.toMatch(/Plan:|invocations$|restored/m);
    expect(stderr).toMatch(/^ {2}sizes: {8}128 MB, 512 MB, 1024 MB$/m);
    expect(stderr).toMatch(/^1024 MB: done \(3 measured\)$/m);
    expect(stderr).not.toMatch(/recommended:/);
    expectLeftAsItWas();
  });

  it('sets the recommended memory at the end with --apply and still deletes its versions', async () => {
    const { code, stdout, stderr } = await run(['orders', '--yes', '--apply', '-m', '128,512,1024', '-n', '3', '-o', 'json']);

    expect(code).toBe(0);
    const recommended = (JSON.parse(stdout) as Report).recommendation!.memoryMB;
    expect(recommended).not.toBe(ORIGINAL_MB);
    expect(stderr).toContain(`applied: orders now has ${recommended} MB (it had 512 MB) on $LATEST`);
    expectLeftAsItWas(recommended);
  });

  it('records every invocation to --record, and replay of that file counts the same invocations per size', async () => {
    const file = join(tmp, 'out.jsonl');
    const tuned = await run(['orders', '--yes', '-m', '128,1024', '-n', '4', '--record', file, '-o', 'json']);
    const replayed = await run(['replay', file, '-o', 'json']);

    expect([tuned.code, replayed.code]).toEqual([0, 0]);
    const counts = (stdout: string) => (JSON.parse(stdout) as Report).results.map((r) => [r.memoryMB, r.invocations, r.errors]);
    expect(counts(replayed.stdout)).toEqual(counts(tuned.stdout));
    expect(counts(tuned.stdout)).toEqual([
      [128, 4, 0],
      [1024, 4, 0],
    ]);
    expect((await readFile(file, 'utf8')).trimEnd().split('\n')).toHaveLength(8);
    expectLeftAsItWas();
  });

  it('takes a full ARN, whose region wins over AWS_REGION', async () => {
    const { code, stdout } = await run([ARN, '--yes', '-m', '256,1024', '-n', '2', '-o', 'json'], { AWS_REGION: 'eu-west-1' });

    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Report).function).toMatchObject({ name: 'orders', arn: ARN, region: 'us-east-1' });
    expectLeftAsItWas();
  });

  it('measures a version PublishVersion hands back as existing, and keeps it', async () => {
    fake.injectPublishReturnsExisting(1);
    const { code, stderr } = await run(['orders', '--yes', '-m', '512,1024', '-n', '2']);

    expect(code).toBe(0);
    expect(stderr).toMatch(/^512 MB: invoking 1 \(an existing version, left in place\)$/m);
    expect(stderr).toContain('version 1 already existed with the same code and configuration: measured it, left it in place');
    expect(fake.callsOf('DeleteFunction').map((c) => c.params.Qualifier)).toEqual(['2']);
    expectLeftAsItWas();
  });

  it('prints the table and exits 4 when every size runs out of memory', async () => {
    fake.setWork('orders', { minMemoryMB: 4096 });
    const { code, stdout, stderr } = await run(['orders', '--yes', '-m', '128,512,1024', '-n', '3']);

    expect(code).toBe(4);
    expect(stdout.match(/no successful invocation: Runtime\.OutOfMemory ×3/g)).toHaveLength(3);
    expect(stdout).toMatch(/^no recommendation/m);
    expect(lastLine(stderr)).toMatch(/^lambda-rightsize: orders failed at every memory size — /);
    expectLeftAsItWas();
  });
});

describe('tune CLI: aliases', () => {
  it('points an alias at each size with --aliases and deletes only those at the end', async () => {
    const { code } = await run(['orders', '--yes', '--aliases', '-m', '128,256', '-n', '2', '-o', 'json']);

    expect(code).toBe(0);
    expect(fake.callsOf('CreateAlias').map((c) => (c.params as { Name?: string }).Name)).toEqual([
      expect.stringMatching(/^lambda-rightsize-\w+-128MB$/),
      expect.stringMatching(/^lambda-rightsize-\w+-256MB$/),
    ]);
    expectLeftAsItWas();
  });
});

describe('tune CLI: refusing before anything changes', () => {
  it('prints the plan and its cost bound on stdout for --dry-run, and invokes nothing', async () => {
    const { code, stdout, stderr } = await run(['orders', '--dry-run']);

    expect(code).toBe(0);
    // Without --memory the sizes are a search's (test/integration/tune-search.test.ts runs one).
    expect(stdout).toMatch(/^Plan: tune orders .*\n {2}sizes: {8}chosen by a search: searches 128–10240 MB for balanced: /);
    expect(stdout).toMatch(/^ {2}cost bound: {3}\$\d/m);
    expect(errorLines(stderr)).toEqual([]);
    expectNothingChanged();
  });

  it('prints the plan as JSON for --dry-run -o json', async () => {
    const { code, stdout } = await run(['orders', '--dry-run', '-o', 'json', '-m', '128,1024', '--budget', '1']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      schemaVersion: 1,
      source: 'tune',
      dryRun: true,
      function: { name: 'orders', originalMemoryMB: ORIGINAL_MB },
      plan: { memorySizes: [128, 1024], invocations: 10, costBoundUSD: expect.any(Number), budgetUSD: 1 },
    });
    expectNothingChanged();
  });

  it.each([
    {
      case: 'a plan whose cost bound is above --budget',
      args: ['orders', '--yes', '--budget', '0.0000001'],
      error:
        /^lambda-rightsize: this run could cost up to \$[\d.]+ \(a search of up to 120 invocations at up to 10240 MB, 30 s timeout\), above --budget \$0\.0000001 — /,
    },
    {
      case: 'no --yes while stdin is not a terminal',
      args: ['orders'],
      error: /^lambda-rightsize: tune changes the function's memory while it runs and needs confirmation — run it on a terminal, or pass --yes$/,
    },
    {
      case: 'a --payload-file that does not exist',
      args: ['orders', '--yes', '--payload-file', '/nonexistent/event.json'],
      error: /^lambda-rightsize: cannot read --payload-file \/nonexistent\/event\.json: ENOENT — check the path$/,
    },
    {
      case: 'a qualified name (an alias)',
      args: ['orders:live', '--yes'],
      error:
        /^lambda-rightsize: "orders:live" names a version or alias, which cannot be changed; tune without --copy changes the function's \$LATEST — add --copy to tune that version's code and configuration through a temporary copy, or pass the unqualified name \(without ":live"\)$/,
    },
    {
      case: '--payload that is not JSON',
      args: ['orders', '--yes', '--payload', '{bad'],
      error: /^lambda-rightsize: --payload is not valid JSON: \{bad .* — see `lambda-rightsize tune --help`$/,
    },
  ])('exits 2 with one line for $case', async ({ args, error }) => {
    const { code, stdout, stderr } = await run(args);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(lastLine(stderr)).toMatch(error);
    expect(errorLines(stderr).length).toBeLessThanOrEqual(1);
    expectNothingChanged();
  });

  it('exits 2 for a --record path in a folder that does not exist', async () => {
    const { code, stderr } = await run(['orders', '--yes', '--record', '/nonexistent/dir/run.jsonl']);

    expect(code).toBe(2);
    expect(lastLine(stderr)).toMatch(/^lambda-rightsize: cannot write --record \/nonexistent\/dir\/run\.jsonl: ENOENT — /);
    expectNothingChanged();
  });

  it('leaves an existing --record file untouched when the run stops at the plan', async () => {
    const file = join(tmp, 'keep.jsonl');
    await writeFile(file, 'earlier run\n');

    const { code } = await run(['orders', '--dry-run', '--record', file]);

    expect(code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('earlier run\n');
  });
});

describe('tune CLI: AWS refusing', () => {
  it.each([
    { case: 'a name', target: 'nosuch', message: 'function nosuch not found in region us-east-1' },
    {
      case: 'an ARN in another region than AWS_REGION',
      target: 'arn:aws:lambda:eu-central-1:123456789012:function:nosuch',
      message: 'not found in region eu-central-1',
    },
  ])('exits 3 with one line naming the function and region when $case is not found', async ({ target, message }) => {
    const { code, stdout, stderr } = await run([target, '--yes']);

    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(errorLines(stderr)).toEqual([expect.stringContaining(message)]);
    expect(lastLine(stderr)).toMatch(/— check the name and --region$/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expectNothingChanged();
  });

  it('exits 3 naming lambda:UpdateFunctionConfiguration when the update is denied, leaving nothing behind', async () => {
    fake.injectAccessDenied('UpdateFunctionConfiguration');
    const { code, stdout, stderr } = await run(['orders', '--yes', '-m', '128,1024', '-n', '2']);

    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(lastLine(stderr)).toBe(
      'lambda-rightsize: access denied: lambda:UpdateFunctionConfiguration on orders — allow lambda:UpdateFunctionConfiguration on the function in your IAM policy',
    );
    expect(fake.count('PublishVersion')).toBe(0);
    expectLeftAsItWas();
  });

  it('leaves a concurrent deploy that set the memory alone, says so, and deletes only its own versions', async () => {
    fake.injectConcurrentDeploy({ functionName: 'orders', afterOperation: 'Invoke', afterCalls: 4, memoryMB: 3000 });
    const { code, stderr } = await run(['orders', '--yes', '-m', '128,512,1024', '-n', '3']);

    expect(code).toBe(5);
    expect(stderr).toContain('orders was reconfigured by someone else during the run, with 3000 MB: left as they set it (it had 512 MB before the run)');
    expect(lastLine(stderr)).toMatch(/^lambda-rightsize: orders was changed by someone else during the run \(new code was deployed\): partial result — /);
    expect(fn().config.MemorySize).toBe(3000);
    expect(fn().config.CodeSha256).not.toBe(originalSha);
    expect([...fn().versions.keys()]).toEqual(['1']);
    expect([...fn().aliases.keys()]).toEqual(['live']);
  });
});

describe('tune CLI: interrupted', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'restores the memory and deletes its versions on %s mid-run, prints what it measured, then exits 130',
    async (signal) => {
      // 150 ms per invocation: the run is still measuring when the signal comes.
      fake.knobs.latencyMs = 150;
      const cli = tune(['orders', '--yes', '-m', '128,512,1024', '-n', '6', '-c', '2', '-o', 'json']);
      // By the 8th invocation sent, some have answered: there is something to report.
      fake.afterCall('Invoke', 8, () => cli.kill(signal));

      const { code, stdout, stderr } = await cli.exit;

      expect(code).toBe(130);
      const report = JSON.parse(stdout) as Report;
      expect(report.results.length).toBeGreaterThan(0);
      expect(report.results.every((r) => [128, 512, 1024].includes(r.memoryMB) && r.invocations > 0)).toBe(true);
      expect(report.run).toMatchObject({ partial: true });
      expect(report.warnings).toContain('interrupted: the results hold only what was measured before the interrupt');
      expect(stderr).toMatch(new RegExp(`^lambda-rightsize: ${signal} received`, 'm'));
      expect(stderr.slice(stderr.indexOf(`${signal} received`))).not.toMatch(/invocations go on/);
      expect(lastLine(stderr)).toBe("lambda-rightsize: interrupted: the function was restored and this run's versions deleted");
      expect(fake.count('Invoke')).toBeLessThan(18);
      expect(fake.count('DeleteFunction')).toBeGreaterThan(0);
      expectLeftAsItWas();
    },
  );
  it('exits 130 without changing anything when interrupted while waiting for an update in progress', async () => {
    fake.injectSlowUpdates({ polls: 1_000, ms: 60_000 });
    await fakeClients(fake).lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', Timeout: 31 }));
    fake.resetCalls();
    const cli = tune(['orders', '--yes', '-m', '128', '-n', '2']);
    // Interrupted once it is waiting: its first read saw the update in progress, the second is the wait's poll.
    let waiting = true;
    fake.afterCall('GetFunction', 2, () => {
      if (waiting) cli.kill('SIGINT');
      waiting = false;
    });

    const { code, stderr } = await cli.exit;

    expect(code).toBe(130);
    expect(lastLine(stderr)).toBe('lambda-rightsize: interrupted before anything was changed');
    expect(fake.count('UpdateFunctionConfiguration')).toBe(0);
  });

  it('finishes and restores the function when its stderr is a closed pipe', async () => {
    fake.knobs.latencyMs = 50;
    const child = spawn(process.execPath, [main, 'orders', '--yes', '-m', '128,256', '-n', '4', '-c', '2', '-o', 'json'], {
      env: { PATH: process.env.PATH ?? '', ...fake.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr.destroy();
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(code).toBe(0);
    expect((JSON.parse(Buffer.concat(chunks).toString()) as Report).results).toHaveLength(2);
    expectLeftAsItWas();
  });
});
