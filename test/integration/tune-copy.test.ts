/**
 * `tune --copy` end to end, in-process: the CLI with real SDK clients reaching the local endpoint.
 * Every test checks the function's own call log (reads only) and that no copy or log group is left.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/types.js';
import { runInProcess } from '../support/cli.js';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { fakeClients, seedRelease } from '../support/fake-aws/clients.js';
import { copiesIn, copyGroupsIn, COPY_PREFIX } from '../support/copies.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';

/** What the function itself may see: reads, never a change or an invocation. */
const READS = new Set([
  'GetFunction',
  'GetFunctionConfiguration',
  'ListTags',
  'ListVersionsByFunction',
  'ListAliases',
  'GetFunctionConcurrency',
  'DownloadCode',
]);
let fake: FakeAws;

beforeEach(async () => {
  fake = await startFakeAws({
    activationPolls: 1,
    functions: [
      {
        name: 'orders',
        memoryMB: 512,
        timeoutS: 30,
        zipFile: Buffer.from('PK orders code'),
        environment: { TABLE: 'orders' },
        logFormat: 'JSON',
        work: { cpuMs: 400, arm64: { speed: 0.8 } },
        extra: {
          Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:deps:3', CodeSize: 10 }],
          TracingConfig: { Mode: 'Active' },
          EphemeralStorage: { Size: 1024 },
          VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
          FileSystemConfigs: [{ Arn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1', LocalMountPath: '/mnt/data' }],
          DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
        },
      },
    ],
  });
  await seedRelease(fake, 'orders');
  // The SDK reads endpoints and credentials from process.env, not from the CLI context.
  for (const [key, value] of Object.entries(fake.env)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_PROFILE', '');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

const tune = (args: string[], signal?: AbortSignal) =>
  runInProcess(['orders', '--copy', '-n', '5', '-c', '2', ...args], { env: fake.env, ...(signal ? { signal } : {}) });
const copies = (): string[] => copiesIn(fake);
const copyGroups = (): string[] => copyGroupsIn(fake);
const originalCalls = (): string[] => fake.callsFor('orders').map((c) => c.operation);

function expectFunctionUntouched(): void {
  const writes = originalCalls().filter((op) => !READS.has(op));
  expect(writes).toEqual([]);
  expect(fake.getFunction('orders')!.config.MemorySize).toBe(512);
  expect([...fake.getFunction('orders')!.versions.keys()]).toEqual(['1']);
  expect(copies()).toEqual([]);
  expect(copyGroups()).toEqual([]);
}

describe('tune --copy against the local endpoint', () => {
  it('measures a copy with the same code and configuration, then deletes it and its log group; the function sees reads only', async () => {
    const run = await tune(['-m', '256,512,1024', '--yes', '-o', 'json']);

    expect(run.stderr).not.toMatch(/lambda-rightsize: /);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.warnings.filter((w) => /run marker|could not/.test(w))).toEqual([]);
    expect(report.function).toMatchObject({ name: 'orders', architecture: 'x86_64', originalMemoryMB: 512 });
    expect(report.results.map((r) => [r.architecture, r.memoryMB])).toEqual([
      ['x86_64', 256],
      ['x86_64', 512],
      ['x86_64', 1024],
    ]);
    const [create] = fake.callsOf('CreateFunction');
    const params = create!.params;
    expect(String(params.FunctionName)).toMatch(/^lambda-rightsize-copy-[0-9a-z]{8}-x86-orders$/);
    expect(Buffer.from(String((params.Code as { ZipFile: string }).ZipFile), 'base64').toString()).toBe('PK orders code');
    expect(params).toMatchObject({
      Role: fake.getFunction('orders')!.config.Role,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 30,
      Architectures: ['x86_64'],
      Environment: { Variables: { TABLE: 'orders' } },
      Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:deps:3'],
      TracingConfig: { Mode: 'Active' },
      EphemeralStorage: { Size: 1024 },
      VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
      FileSystemConfigs: [{ Arn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1', LocalMountPath: '/mnt/data' }],
      DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: `/aws/lambda/${String(params.FunctionName)}` },
      Tags: { 'lambda-rightsize:copy': expect.stringMatching(/^run=[0-9a-z]{8} of=orders started=\S+$/) },
    });
    const [group] = fake.callsOf('PutRetentionPolicy');
    expect(group!.params).toEqual({ logGroupName: `/aws/lambda/${String(params.FunctionName)}`, retentionInDays: 1 });
    expect(
      fake
        .callsOf('DeleteFunction')
        .filter((c) => c.params.Qualifier === undefined)
        .map((c) => c.params.FunctionName),
    ).toEqual([params.FunctionName]);
    expectFunctionUntouched();
  });

  it('refuses a package that no longer matches its CodeSha256, and creates nothing', async () => {
    fake.corruptCode(fake.getFunction('orders')!.config.CodeSha256);

    const run = await tune(['-m', '512', '--yes']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/does not match its CodeSha256/);
    expect(fake.count('CreateFunction')).toBe(0);
    expectFunctionUntouched();
  });

  it('--dry-run shows the copy plan and its cost bound, reading only', async () => {
    const run = await tune(['-m', '512,1024', '--arch', 'x86_64,arm64', '--dry-run']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Plan: tune a temporary copy of orders /);
    expect(run.stdout).toMatch(/copy: +lambda-rightsize-copy-[0-9a-z]{8}-x86-orders \(x86_64/);
    expect(run.stdout).toMatch(/copy: +lambda-rightsize-copy-[0-9a-z]{8}-arm-orders \(arm64/);
    expect(run.stdout).toMatch(/cost bound: +\$[\d.]+ \(x86_64 \$[\d.]+, arm64 \$[\d.]+;/);
    expect(fake.count('CreateFunction')).toBe(0);
    expectFunctionUntouched();
  });

  it.each([
    { case: '--apply', args: ['--apply'], message: /--apply with --copy would change the function itself/ },
    {
      case: '--apply-to another function',
      args: ['--apply-to', 'payments'],
      message: /--apply-to payments does not name the function the copy is made of \(orders\)/,
    },
    { case: '--arch without --copy', args: ['--arch', 'arm64'], copy: false, message: /--arch goes with --copy/ },
  ])('refuses $case in one line, before anything is created', async ({ args, message, copy = true }) => {
    const run = copy ? await tune(['-m', '512', '--yes', ...args]) : await runInProcess(['orders', '-m', '512', '--yes', ...args], { env: fake.env });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fake.count('CreateFunction')).toBe(0);
  });

  it('--apply-to sets the recommended memory on the function, its only write', async () => {
    const run = await tune(['-m', '256,1024', '--strategy', 'speed', '--yes', '-o', 'json', '--apply-to', 'orders']);

    expect(run.code).toBe(0);
    expect(fake.getFunction('orders')!.config.MemorySize).toBe(1024);
    expect(originalCalls().filter((op) => !READS.has(op))).toEqual(['UpdateFunctionConfiguration']);
  });
});

describe('tune --copy: interrupted and killed runs', () => {
  it('deletes the copy and its log group when interrupted mid-measurement, and exits 130', async () => {
    const controller = new AbortController();
    fake.afterCall('Invoke', 2, () => controller.abort());

    const run = await tune(['-m', '256,512,1024', '--yes'], controller.signal);

    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/interrupted: the copies were deleted; orders itself was never changed/);
    expect(fake.count('CreateFunction')).toBe(1);
    expectFunctionUntouched();
  });

  it('prints what it measured before the interrupt, as plain tune does, then exits 130', async () => {
    const controller = new AbortController();
    // By the 6th invocation sent (two at a time), some have answered.
    fake.afterCall('Invoke', 6, () => controller.abort());

    const run = await tune(['-m', '256,512,1024', '--yes', '-o', 'json'], controller.signal);

    expect(run.code).toBe(130);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.function.name).toBe('orders');
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.every((r) => r.invocations > 0)).toBe(true);
    expect(report.warnings).toContain('interrupted: the results hold only what was measured before the interrupt');
    expect(run.stderr).toMatch(/interrupted: the copies were deleted; orders itself was never changed/);
    expect(copies()).toEqual([]);
    expectFunctionUntouched();
  });

  it("keeps the first architecture's results when interrupted before the second is measured", async () => {
    const controller = new AbortController();
    fake.afterCall('CreateFunction', 2, () => controller.abort());

    const run = await tune(['-m', '256,512', '--arch', 'x86_64,arm64', '--yes', '-o', 'json'], controller.signal);

    expect(run.code).toBe(130);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.results.map((r) => [r.architecture, r.memoryMB])).toEqual([
      ['x86_64', 256],
      ['x86_64', 512],
    ]);
    expect(report.warnings).toContain('interrupted: arm64 was not measured');
    expect(copies()).toEqual([]);
    expectFunctionUntouched();
  });

  it("cleanup deletes a killed run's copy and log group, and leaves a copy whose run is still at work until --force", async () => {
    const longAgo = new Date(Date.now() - 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const killed = `${COPY_PREFIX}aaaaaaaa-x86-orders`;
    const live = `${COPY_PREFIX}bbbbbbbb-arm-orders`;
    fake.addFunction({ name: killed, tags: { 'lambda-rightsize:copy': `run=aaaaaaaa of=orders started=${longAgo}` } });
    fake.addFunction({ name: live, tags: { 'lambda-rightsize:copy': `run=bbbbbbbb of=orders started=${now}` } });
    fake.addFunction({ name: `${COPY_PREFIX}cccccccc-x86-theirs` });
    const { logs } = fakeClients(fake);
    await logs.send(
      new CreateLogGroupCommand({ logGroupName: `/aws/lambda/${killed}`, tags: { 'lambda-rightsize:copy': `run=aaaaaaaa of=orders started=${longAgo}` } }),
    );
    logs.destroy();

    const first = await runInProcess(['cleanup', '--yes'], { env: fake.env });
    const afterFirst = copies().toSorted();
    const forced = await runInProcess(['cleanup', '--yes', '--force'], { env: fake.env });

    expect(first.code).toBe(3);
    expect(first.stdout).toMatch(new RegExp(`function ${killed} \\(tune --copy run aaaaaaaa\\)`));
    expect(first.stdout).toMatch(
      /tune --copy run bbbbbbbb of orders looks alive: last heard from \d+ s ago .* it changed created copy lambda-rightsize-copy-bbbbbbbb-arm-orders — left alone/,
    );
    expect(first.stdout).toMatch(/function lambda-rightsize-copy-cccccccc-x86-theirs: has the copy name prefix but not the lambda-rightsize:copy tag/);
    expect(afterFirst).toEqual([live, `${COPY_PREFIX}cccccccc-x86-theirs`]);
    expect(forced.code).toBe(0);
    expect(copies()).toEqual([`${COPY_PREFIX}cccccccc-x86-theirs`]);
    expect(copyGroups()).toEqual([]);
  });
});

describe('tune --copy of a version or alias', () => {
  it.each([
    { case: 'an alias', target: 'orders:live' },
    { case: 'a version ARN', target: 'arn:aws:lambda:us-east-1:123456789012:function:orders:1' },
  ])('copies the code and configuration of $case, not the current configuration', async ({ target }) => {
    // $LATEST moves on after the release: other memory and environment.
    const { lambda } = fakeClients(fake);
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', MemorySize: 2048, Environment: { Variables: { TABLE: 'orders-v2' } } }));
    lambda.destroy();
    fake.resetCalls();

    const run = await runInProcess([target, '--copy', '-m', '512,1024', '-n', '3', '--yes', '-o', 'json'], { env: fake.env });

    expect(run.stderr).not.toMatch(/lambda-rightsize: /);
    expect(run.code).toBe(0);
    const [create] = fake.callsOf('CreateFunction');
    expect(create!.params).toMatchObject({ MemorySize: 512, Environment: { Variables: { TABLE: 'orders' } } });
    const [read] = fake.callsOf('GetFunction');
    expect(String(read!.params.FunctionName)).toBe(target);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.function).toMatchObject({ name: `orders:${target.split(':').at(-1)}`, originalMemoryMB: 512 });
    expect(originalCalls().filter((op) => !READS.has(op))).toEqual([]);
    expect(copies()).toEqual([]);
  });
});

describe('tune --copy --arch x86_64,arm64', () => {
  it('measures one copy per architecture and answers across both, in one table', async () => {
    const run = await tune(['-m', '512,1024', '--arch', 'x86_64,arm64', '--yes']);

    expect(run.stderr).not.toMatch(/lambda-rightsize: /);
    expect(run.code).toBe(0);
    expect(fake.callsOf('CreateFunction').map((c) => (c.params.Architectures as string[])[0])).toEqual(['x86_64', 'arm64']);
    const rows = run.stdout.split('\n').filter((line) => /^\s*▶?\s*(x86_64|arm64)\s+\d+/.test(line));
    expect(rows.map((line) => line.trim().replace(/^▶\s*/, '').split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'x86_64 512',
      'x86_64 1024',
      'arm64 512',
      'arm64 1024',
    ]);
    expect(run.stdout).toMatch(/orders · x86_64 today, measured on x86_64 and arm64 · us-east-1 · x86_64 \$0\.0000166667, arm64 \$0\.0000133334 per GB-s/);
    expect(run.stdout).toMatch(
      /recommended: \d+ MB on arm64 \(balanced[^)]*\) — arm64 at \d+ MB: [\d.]+ % cheaper than today, [\d.]+ % (faster|slower) \(today: x86_64 at 512 MB\)/,
    );
    expectFunctionUntouched();
  });

  it("writes results[].architecture, each architecture's prices and the recommendation across both in JSON", async () => {
    const run = await tune(['-m', '512,1024', '--arch', 'x86_64,arm64', '--yes', '-o', 'json', '--strategy', 'cost']);

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.results.map((r) => [r.architecture, r.memoryMB])).toEqual([
      ['x86_64', 512],
      ['x86_64', 1024],
      ['arm64', 512],
      ['arm64', 1024],
    ]);
    expect(report.architectures?.map((p) => [p.architecture, p.pricing.gbSecondUSD])).toEqual([
      ['x86_64', 0.0000166667],
      ['arm64', 0.0000133334],
    ]);
    // arm64 runs the code 20 % faster here and costs 20 % less per GB-s: the cheapest is on arm64.
    expect(report.recommendation).toMatchObject({ architecture: 'arm64', savingVsCurrent: { currentMemoryMB: 512 } });
    expect(report.recommendation!.savingVsCurrent!.costPercent).toBeGreaterThan(30);
  });

  it('shows both architectures in the HTML table', async () => {
    const run = await tune(['-m', '512,1024', '--arch', 'x86_64,arm64', '--yes', '-o', 'html']);

    expect(run.code).toBe(0);
    const rows = [...run.stdout.matchAll(/<tr data-memory-mb="(\d+)" data-architecture="(\w+)"( class="recommended")?/g)].map(
      (m) => `${m[2]} ${m[1]}${m[3] ? ' ▶' : ''}`,
    );
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.endsWith('▶'))).toHaveLength(1);
    expect(run.stdout).toMatch(/x86_64 today; measured on x86_64 and arm64/);
  });

  it('reports an architecture whose code fails there as failing sizes with the first error, and still answers for the other', async () => {
    fake.setWork('orders', { arm64: { error: { errorType: 'Runtime.ImportModuleError', errorMessage: 'Error: cannot load sharp: built for x86_64' } } });

    const run = await tune(['-m', '512,1024', '--arch', 'x86_64,arm64', '--yes']);

    expect(run.stderr).not.toMatch(/lambda-rightsize: /);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/arm64 512 MB: first error: Runtime\.ImportModuleError: Error: cannot load sharp: built for x86_64/);
    expect(run.stdout).toMatch(/recommended: \d+ MB on x86_64/);
    expect(run.stdout).toMatch(/warning: arm64: the code failed on arm64 at every size measured: Runtime\.ImportModuleError: Error: cannot load sharp/);
    expectFunctionUntouched();
  });
});

describe('tune --copy: what a copy cannot be', () => {
  it('names the role and the action when iam:PassRole is refused, and leaves nothing behind', async () => {
    fake.injectPassRoleDenied();

    const run = await tune(['-m', '512', '--yes']);

    expect(run.code).toBe(3);
    const role = fake.getFunction('orders')!.config.Role;
    expect(
      run.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('lambda-rightsize:')),
    ).toEqual([
      `lambda-rightsize: access denied: iam:PassRole on ${role}, which creating the copy ${String(fake.callsOf('CreateFunction')[0]!.params.FunctionName)} needs — allow iam:PassRole on ${role} (with iam:PassedToService lambda.amazonaws.com) in your IAM policy; see the README's policy for --copy`,
    ]);
    expectFunctionUntouched();
  });

  it('says a zip over 50 MB cannot be uploaded inline and offers --code-bucket, before anything is created', async () => {
    fake.addFunction({ name: 'big', codeSize: 73 * 1024 * 1024 });

    const run = await runInProcess(['big', '--copy', '-m', '512', '--yes'], { env: fake.env });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /the package of big is 73\.0 MB, above the 50 MB Lambda takes inline, so the copy cannot be created directly — pass --code-bucket <bucket> \(an S3 bucket in us-east-1 you may write to\)/,
    );
    expect(fake.count('DownloadCode')).toBe(0);
    expect(fake.count('CreateFunction')).toBe(0);
  });

  it('copies an image function with the same ImageUri, and says what the copy does not reproduce', async () => {
    fake.addFunction({
      name: 'thumbs',
      imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/thumbs:7',
      memoryMB: 1024,
      reservedConcurrency: 5,
      work: { cpuMs: 300 },
      extra: { SnapStart: { ApplyOn: 'PublishedVersions' } },
    });

    const run = await runInProcess(['thumbs', '--copy', '-m', '1024', '-n', '3', '--yes', '-o', 'json'], { env: fake.env });

    expect(run.stderr).not.toMatch(/lambda-rightsize: /);
    expect(run.code).toBe(0);
    const [create] = fake.callsOf('CreateFunction');
    expect(create!.params).toMatchObject({
      PackageType: 'Image',
      Code: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/thumbs:7' },
      SnapStart: { ApplyOn: 'PublishedVersions' },
    });
    expect(create!.params.Runtime).toBeUndefined();
    expect(fake.count('DownloadCode')).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        "SnapStart is copied: each size's version takes its snapshot when published, which can take minutes per size",
        "reserved concurrency (5) is not copied: the copy draws on the account's unreserved concurrency",
      ]),
    );
    expect(copies()).toEqual([]);
  });

  it("says a Managed Instances function's copy runs on demand", async () => {
    fake.addFunction({
      name: 'fleet',
      capacityProviderConfig: {
        LambdaManagedInstancesCapacityProviderConfig: { CapacityProviderArn: 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp' },
      },
    });

    const run = await runInProcess(['fleet', '--copy', '-m', '2048', '--dry-run'], { env: fake.env });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/note: fleet runs on Lambda Managed Instances: the copy runs on demand \(no capacity provider\)/);
  });
});

describe('tune --copy --code-file', () => {
  it('makes the copy from the file when it matches CodeSha256, without downloading', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'code-file-'));
    const good = join(dir, 'good.zip');
    const bad = join(dir, 'bad.zip');
    await writeFile(good, 'PK orders code');
    await writeFile(bad, 'PK other code');
    try {
      const refused = await tune(['-m', '512', '--yes', '--code-file', bad]);
      const made = await tune(['-m', '512', '--yes', '--code-file', good]);

      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/the package in .*bad\.zip for orders does not match its CodeSha256/);
      expect(made.code).toBe(0);
      expect(fake.count('DownloadCode')).toBe(0);
      expect(fake.count('CreateFunction')).toBe(1);
      expectFunctionUntouched();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('tune --copy without --memory', () => {
  it("searches each architecture's copy on its own and answers across both", async () => {
    const run = await tune(['--arch', 'x86_64,arm64', '--yes', '-o', 'json', '-n', '20', '-c', '4']);

    expect(run.stderr).not.toMatch(/lambda-rightsize: /);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.architectures?.map((p) => [p.architecture, p.search?.rounds !== undefined])).toEqual([
      ['x86_64', true],
      ['arm64', true],
    ]);
    expect(new Set(report.results.map((r) => r.architecture))).toEqual(new Set(['x86_64', 'arm64']));
    expect(report.recommendation?.architecture).toBe('arm64');
    expectFunctionUntouched();
  });
});
