/**
 * The tune engine with the real SDK clients (createLambdaGateway, createReportLookup) against the
 * local endpoint: wire protocol, headers, error types and the safe tuning protocol end to end.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLambdaGateway } from '../../src/aws/lambda-gateway.js';
import { createReportLookup } from '../../src/aws/report-lookup.js';
import { AwsError, ExitCode, InterruptedError } from '../../src/errors.js';
import { PartialRunError, runTune, TuneFailedError, type TuneDeps, type TuneEvent, type TuneOptions } from '../../src/tune/index.js';
import { startFakeAws, type FakeAws, type FunctionSeed } from '../support/fake-aws/index.js';

let fake: FakeAws;

beforeEach(async () => {
  fake = await startFakeAws();
  // The SDK reads endpoints and credentials from process.env.
  for (const [key, value] of Object.entries(fake.env)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_PROFILE', '');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

function seed(overrides: Partial<FunctionSeed> = {}): void {
  fake.addFunction({ name: 'orders', memoryMB: 512, timeoutS: 30, work: { cpuMs: 400 }, ...overrides });
}

function options(overrides: Partial<TuneOptions> = {}): TuneOptions {
  return {
    functionName: 'orders',
    memorySizes: [128, 512, 1024, 2048],
    invocations: 5,
    concurrency: 3,
    payloads: [{ payload: { id: 1 }, weight: 1 }],
    analysis: { strategy: { name: 'balanced', weight: 0.5 }, discard: 0, pricing: { per: 1_000_000 } },
    dryRun: false,
    apply: false,
    ...overrides,
  };
}

function deps(extra: Partial<TuneDeps> = {}): TuneDeps & { events: TuneEvent[] } {
  const events: TuneEvent[] = [];
  return {
    lambda: createLambdaGateway({ region: fake.region }, { sleep: async () => undefined }),
    logs: createReportLookup({ region: fake.region }, { delaysMs: [5, 10, 20] }),
    progress: (event) => events.push(event),
    signal: new AbortController().signal,
    sleep: async () => undefined,
    runId: 'itest001',
    events,
    ...extra,
  };
}

const fn = () => fake.getFunction('orders')!;

describe('runTune against the local endpoint', () => {
  it('measures each size on its own version, then restores the memory and deletes those versions', async () => {
    seed();
    const report = await runTune(options(), deps());
    expect(report.results.map((r) => [r.memoryMB, r.invocations, r.errors])).toEqual([
      [128, 5, 0],
      [512, 5, 0],
      [1024, 5, 0],
      [2048, 5, 0],
    ]);
    expect(report.recommendation).not.toBeNull();
    expect(fn().config.MemorySize).toBe(512);
    expect(fn().versions.size).toBe(0);
    const qualifiers = new Set(fake.callsOf('Invoke').map((c) => c.params.Qualifier));
    expect(qualifiers.has('$LATEST') || qualifiers.has(undefined)).toBe(false);
    expect(fake.callsOf('UpdateFunctionConfiguration').every((c) => typeof c.params.RevisionId === 'string')).toBe(true);
  });

  it('keeps a version PublishVersion hands back as existing', async () => {
    seed();
    const lambda = createLambdaGateway({ region: fake.region });
    const config = await lambda.getConfiguration('orders');
    const release = await lambda.publishVersion('orders', { codeSha256: config.codeSha256, revisionId: config.revisionId, description: 'release' });
    fake.injectPublishReturnsExisting(1);
    const report = await runTune(options({ memorySizes: [256, 1024] }), deps());
    expect([...fn().versions.keys()]).toEqual([release.version]);
    expect(report.warnings.some((w) => w.includes(`version ${release.version} already existed`))).toBe(true);
  });

  it('leaves a concurrent deploy alone and still deletes its own versions', async () => {
    seed();
    fake.injectConcurrentDeploy({ functionName: 'orders', afterOperation: 'Invoke', afterCalls: 12, memoryMB: 3000 });
    const outcome = await runTune(options(), deps()).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(PartialRunError);
    expect(fn().config.MemorySize).toBe(3000);
    expect(fn().versions.size).toBe(0);
  });

  it('waits out slow updates instead of failing with a conflict', async () => {
    seed();
    fake.injectSlowUpdates({ polls: 2 });
    const report = await runTune(options({ memorySizes: [256, 1024] }), deps());
    expect(report.results).toHaveLength(2);
    expect(fn().config.MemorySize).toBe(512);
  });

  it('finds REPORT lines pushed out of the 4 KB tail in CloudWatch Logs', async () => {
    seed({ work: { cpuMs: 200, trailingLogBytes: 6000 } });
    fake.injectEmptyFilterPages(2);
    const report = await runTune(options({ memorySizes: [256] }), deps());
    expect(report.results[0]!.invocations).toBe(5);
    expect(fake.count('FilterLogEvents')).toBeGreaterThanOrEqual(5);
  });

  it('reads JSON-format logs', async () => {
    seed({ logFormat: 'JSON' });
    const report = await runTune(options({ memorySizes: [256, 1024] }), deps());
    expect(report.results.map((r) => r.invocations)).toEqual([5, 5]);
  });

  it('sees throttles itself, backs off, lowers the concurrency and measures every invocation', async () => {
    seed();
    fake.injectThrottles(4, { retryAfterSeconds: 0, reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
    const run = deps();
    const report = await runTune(options({ memorySizes: [256], concurrency: 4 }), run);
    expect(report.results[0]!.invocations).toBe(5);
    const throttles = run.events.filter((e) => e.type === 'throttled');
    expect(throttles).toHaveLength(4);
    expect(throttles.every((e) => e.reason === 'ReservedFunctionConcurrentInvocationLimitExceeded')).toBe(true);
    const concurrencies = throttles.map((e) => (e.type === 'throttled' ? e.concurrency : NaN));
    expect(Math.min(...concurrencies)).toBeLessThan(4);
    expect(report.warnings.some((w) => w.startsWith('Lambda throttled 4 invocation(s)'))).toBe(true);
  });

  it('counts out-of-memory invocations as errors and fails with exit 4 when every size has them', async () => {
    seed({ work: { cpuMs: 100, minMemoryMB: 4096 } });
    const error = await runTune(options({ memorySizes: [256, 1024] }), deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TuneFailedError);
    expect((error as TuneFailedError).exitCode).toBe(ExitCode.functionFailed);
    expect((error as TuneFailedError).report.results.map((r) => r.errors)).toEqual([5, 5]);
    expect(fn().config.MemorySize).toBe(512);
  });

  it('stops a Failed function before changing anything', async () => {
    seed();
    fake.setState('orders', 'Failed');
    await expect(runTune(options(), deps())).rejects.toThrow('function orders is Failed');
    expect(fake.count('UpdateFunctionConfiguration')).toBe(0);
  });

  it('names the IAM action when the update is denied', async () => {
    seed();
    fake.injectAccessDenied('UpdateFunctionConfiguration');
    const error = await runTune(options(), deps()).catch((e: unknown) => e);
    expect((error as AwsError).message).toBe('access denied: lambda:UpdateFunctionConfiguration on orders');
    expect((error as AwsError).exitCode).toBe(ExitCode.aws);
    expect(fn().config.MemorySize).toBe(512);
  });

  it('restores and cleans up when interrupted, then throws InterruptedError', async () => {
    seed();
    const controller = new AbortController();
    fake.afterCall('Invoke', 4, () => controller.abort());
    await expect(runTune(options(), deps({ signal: controller.signal }))).rejects.toThrow(InterruptedError);
    expect(fn().config.MemorySize).toBe(512);
    expect(fn().versions.size).toBe(0);
    expect(fake.count('Invoke')).toBeLessThan(20);
  });
});
