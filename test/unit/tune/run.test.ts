import { describe, expect, it } from 'vitest';
import { ConcurrentChangeError } from '../../../src/aws/lambda-errors.js';
import { AwsError, ExitCode, InterruptedError, UsageError } from '../../../src/errors.js';
import { parseReportLine } from '../../../src/logs/index.js';
import { runTune } from '../../../src/tune/run.js';
import { TuneFailedError, type TuneDeps, type TuneEvent, type TuneOptions } from '../../../src/tune/types.js';
import type { InvocationRecord } from '../../../src/types.js';
import { FakeLambda } from './fake-gateway.js';

function options(overrides: Partial<TuneOptions> = {}): TuneOptions {
  return {
    functionName: 'orders',
    memorySizes: [128, 256, 1024],
    invocations: 6,
    concurrency: 3,
    payloads: [{ payload: {}, weight: 1 }],
    strategy: 'cost',
    weight: 0.5,
    discard: 0,
    per: 1_000_000,
    priceOverrides: {},
    dryRun: false,
    apply: false,
    ...overrides,
  };
}

interface Harness {
  deps: TuneDeps;
  events: TuneEvent[];
  controller: AbortController;
}

function harness(fake: FakeLambda, extra: Partial<TuneDeps> & { onEvent?: (e: TuneEvent) => void } = {}): Harness {
  const events: TuneEvent[] = [];
  const controller = new AbortController();
  const { onEvent, ...rest } = extra;
  const deps: TuneDeps = {
    lambda: fake,
    progress: (event) => {
      events.push(event);
      onEvent?.(event);
    },
    signal: controller.signal,
    sleep: async () => undefined,
    random: () => 0,
    runId: 'testrun1',
    ...rest,
  };
  return { deps, events, controller };
}

const methodsOf = (fake: FakeLambda, method: string): unknown[][] => fake.calls.filter((c) => c.method === method).map((c) => c.args);
const releaseVersions = (): Array<{ memoryMB: number }> => [{ memoryMB: 512 }, { memoryMB: 512 }];

describe('runTune: the safe tuning protocol', () => {
  it('restores the original memory and deletes only the versions it created', async () => {
    const fake = new FakeLambda({ versions: releaseVersions(), aliases: { prod: '2' } });
    const report = await runTune(options(), harness(fake).deps);
    expect(fake.memoryMB).toBe(512);
    expect([...fake.versions.keys()]).toEqual(['1', '2']);
    expect([...fake.aliases]).toEqual([['prod', '2']]);
    expect(methodsOf(fake, 'deleteVersion').map((args) => args[1])).toEqual(['3', '4', '5']);
    expect(report.results.map((r) => [r.memoryMB, r.invocations])).toEqual([[128, 6], [256, 6], [1024, 6]]);
    expect(report).toMatchObject({ source: 'tune', function: { name: 'orders', originalMemoryMB: 512, region: 'us-east-1' } });
  });

  it('leaves in place a version PublishVersion handed back unchanged', async () => {
    const fake = new FakeLambda({ versions: releaseVersions() });
    const report = await runTune(options({ memorySizes: [512, 1024] }), harness(fake).deps);
    expect([...fake.versions.keys()]).toEqual(['1', '2']);
    expect(methodsOf(fake, 'deleteVersion').map((args) => args[1])).toEqual(['3']);
    expect(report.warnings).toContain('version 2 already existed with the same code and configuration: measured it, left it in place');
  });

  it('invokes only the published versions, never $LATEST', async () => {
    const fake = new FakeLambda();
    await runTune(options(), harness(fake).deps);
    const qualifiers = new Set(methodsOf(fake, 'invoke').map((args) => args[1]));
    expect(qualifiers).toEqual(new Set(['1', '2', '3']));
  });

  it('overlaps the invocations of one size with preparing the next', async () => {
    const fake = new FakeLambda();
    await runTune(options({ memorySizes: [128, 256] }), harness(fake).deps);
    const secondUpdate = fake.calls.findIndex((c) => c.method === 'setMemory' && c.args[1] === 256);
    const lastInvokeOfFirst = fake.calls.findLastIndex((c) => c.method === 'invoke' && c.args[1] === '1');
    expect(secondUpdate).toBeLessThan(lastInvokeOfFirst);
  });

  it('waits for each update before publishing and before the next update', async () => {
    const fake = new FakeLambda();
    await runTune(options({ memorySizes: [128, 256] }), harness(fake).deps);
    const steps = fake.calls.filter((c) => ['setMemory', 'waitUntilUpdated', 'publishVersion'].includes(c.method)).map((c) => c.method);
    expect(steps.slice(0, 8)).toEqual([
      'setMemory', 'waitUntilUpdated', 'publishVersion', 'waitUntilUpdated',
      'setMemory', 'waitUntilUpdated', 'publishVersion', 'waitUntilUpdated',
    ]);
  });

  it('leaves alone a change someone made to the function during the run', async () => {
    const fake = new FakeLambda();
    const { deps } = harness(fake, { onEvent: (e) => e.type === 'size-started' && e.memoryMB === 256 && fake.deployElsewhere(2048) });
    const report = await runTune(options({ memorySizes: [128, 256] }), deps);
    expect(fake.memoryMB).toBe(2048);
    expect(fake.codeSha256).toBe('sha-someone-else');
    expect(report.warnings.some((w) => w.startsWith('orders was changed by someone else during the run'))).toBe(true);
    expect(fake.versions.size).toBe(0);
  });

  it('stops before the next size when the function changed, and still deletes its versions', async () => {
    const fake = new FakeLambda();
    const { deps } = harness(fake, { onEvent: (e) => e.type === 'size-started' && e.memoryMB === 128 && fake.deployElsewhere(640) });
    const error = await runTune(options(), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrentChangeError);
    expect((error as AwsError).exitCode).toBe(ExitCode.aws);
    expect(fake.memoryMB).toBe(640);
    expect(fake.versions.size).toBe(0);
    expect(methodsOf(fake, 'setMemory')).toHaveLength(2);
  });

  it('restores and throws InterruptedError when interrupted mid-run', async () => {
    const fake = new FakeLambda({ versions: releaseVersions() });
    const { deps, controller } = harness(fake);
    fake.onInvoke = (count) => count === 3 && controller.abort();
    const error = await runTune(options({ invocations: 20 }), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    expect(fake.memoryMB).toBe(512);
    expect([...fake.versions.keys()]).toEqual(['1', '2']);
    expect(methodsOf(fake, 'invoke').length).toBeLessThan(60);
  });

  it('publishes nothing more once interrupted while a size is being prepared', async () => {
    const fake = new FakeLambda();
    const controller = new AbortController();
    const { deps } = harness(fake, { signal: controller.signal, onEvent: (e) => e.type === 'preparing' && e.memoryMB === 256 && controller.abort() });
    await expect(runTune(options(), deps)).rejects.toThrow(InterruptedError);
    expect(methodsOf(fake, 'publishVersion')).toHaveLength(1);
    expect(fake.memoryMB).toBe(512);
    expect(fake.versions.size).toBe(0);
  });

  it('changes nothing when interrupted before it starts', async () => {
    const fake = new FakeLambda();
    const { deps, controller } = harness(fake);
    controller.abort();
    await expect(runTune(options(), deps)).rejects.toThrow(InterruptedError);
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('stops at an AWS error, restores and deletes its versions', async () => {
    const fake = new FakeLambda();
    fake.onInvoke = () => {
      throw new AwsError('access denied: lambda:InvokeFunction on orders');
    };
    await expect(runTune(options(), harness(fake).deps)).rejects.toThrow('access denied: lambda:InvokeFunction on orders');
    expect(fake.memoryMB).toBe(512);
    expect(fake.versions.size).toBe(0);
  });

  it('waits out an update in progress (409) and retries', async () => {
    const fake = new FakeLambda({ conflicts: 1 });
    await runTune(options({ memorySizes: [256] }), harness(fake).deps);
    expect(methodsOf(fake, 'setMemory').map((args) => args[1])).toEqual([256, 256, 512]);
  });

  it('points an alias at each size when asked, and deletes it before the version', async () => {
    const fake = new FakeLambda({ aliases: { prod: '1' }, versions: [{ memoryMB: 512 }] });
    await runTune(options({ memorySizes: [128, 256], aliases: true }), harness(fake).deps);
    expect(new Set(methodsOf(fake, 'invoke').map((args) => args[1]))).toEqual(new Set(['lambda-rightsize-testrun1-128MB', 'lambda-rightsize-testrun1-256MB']));
    expect([...fake.aliases.keys()]).toEqual(['prod']);
    const cleanup = fake.calls.filter((c) => c.method === 'deleteAlias' || c.method === 'deleteVersion').map((c) => c.method);
    expect(cleanup).toEqual(['deleteAlias', 'deleteAlias', 'deleteVersion', 'deleteVersion']);
  });
});

describe('runTune: measuring', () => {
  it('halves the concurrency on throttles and still measures every invocation', async () => {
    const fake = new FakeLambda({ throttleAbove: 2 });
    const { deps, events } = harness(fake);
    const report = await runTune(options({ memorySizes: [256], invocations: 16, concurrency: 8 }), deps);
    expect(report.results[0]!.invocations).toBe(16);
    const throttles = events.filter((e) => e.type === 'throttled');
    expect(throttles.length).toBeGreaterThan(0);
    expect(Math.min(...throttles.map((e) => e.concurrency))).toBeLessThanOrEqual(2);
    expect(report.warnings.some((w) => w.startsWith('Lambda throttled') && w.includes('ReservedFunctionConcurrentInvocationLimitExceeded'))).toBe(true);
  });

  it('gives up on endless throttling with an AWS error, and restores', async () => {
    const fake = new FakeLambda({ throttleAbove: 0 });
    const error = await runTune(options({ memorySizes: [256] }), harness(fake).deps).catch((e: unknown) => e);
    expect((error as AwsError).exitCode).toBe(ExitCode.aws);
    expect(fake.memoryMB).toBe(512);
    expect(fake.versions.size).toBe(0);
  });

  it('never runs more invocations at once than the reserved concurrency', async () => {
    const fake = new FakeLambda({ reservedConcurrency: 2 });
    const report = await runTune(options({ memorySizes: [128, 256], invocations: 10, concurrency: 10 }), harness(fake).deps);
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);
    expect(report.warnings).toContain('concurrency lowered from 10 to 2: the function\'s reserved concurrency');
  });

  it('counts function errors per size and recommends among the clean sizes', async () => {
    const fake = new FakeLambda({ failing: { 128: 'Runtime.OutOfMemory' } });
    const report = await runTune(options(), harness(fake).deps);
    const small = report.results.find((r) => r.memoryMB === 128)!;
    expect(small).toMatchObject({ errors: 6, errorsByType: { 'Runtime.OutOfMemory': 6 } });
    expect(report.recommendation?.memoryMB).not.toBe(128);
  });

  it('fails with exit 4 when every size has errors, after restoring, and keeps the report', async () => {
    const fake = new FakeLambda({ failing: { 128: 'Runtime.ExitError', 256: 'Runtime.ExitError' } });
    const error = await runTune(options({ memorySizes: [128, 256] }), harness(fake).deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TuneFailedError);
    expect((error as TuneFailedError).exitCode).toBe(ExitCode.functionFailed);
    expect((error as TuneFailedError).report.results).toHaveLength(2);
    expect(fake.memoryMB).toBe(512);
    expect(fake.versions.size).toBe(0);
  });

  it('skips a size Lambda refuses and measures the rest', async () => {
    const fake = new FakeLambda({ maxMemoryMB: 3008 });
    const report = await runTune(options({ memorySizes: [1024, 4096] }), harness(fake).deps);
    expect(report.results.map((r) => r.memoryMB)).toEqual([1024]);
    expect(report.warnings.some((w) => w.startsWith('4096 MB skipped'))).toBe(true);
  });

  it('fetches the REPORT from CloudWatch Logs when the tail lacks it', async () => {
    const fake = new FakeLambda({ chatty: true });
    const lookups: string[] = [];
    const logs = {
      findReport: async ({ requestId }: { requestId: string }): Promise<InvocationRecord | undefined> => {
        lookups.push(requestId);
        const parsed = parseReportLine(fake.reports.get(requestId) ?? '');
        return parsed.kind === 'record' ? parsed.record : undefined;
      },
    };
    const report = await runTune(options({ memorySizes: [256] }), harness(fake, { logs }).deps);
    expect(report.results[0]!.invocations).toBe(6);
    expect(lookups).toHaveLength(6);
  });

  it('says so when no invocation left a REPORT line it could find', async () => {
    const fake = new FakeLambda({ chatty: true });
    await expect(runTune(options({ memorySizes: [256] }), harness(fake).deps)).rejects.toThrow('no invocation produced a usable REPORT line');
    expect(fake.memoryMB).toBe(512);
  });

  it('passes every measured invocation to the record sink', async () => {
    const fake = new FakeLambda();
    const records: InvocationRecord[] = [];
    await runTune(options({ recordSink: (r) => records.push(r) }), harness(fake).deps);
    expect(records).toHaveLength(18);
    expect(new Set(records.map((r) => r.memoryMB))).toEqual(new Set([128, 256, 1024]));
  });

  it('reports progress per size and an estimate after the first size', async () => {
    const fake = new FakeLambda();
    const { deps, events } = harness(fake);
    await runTune(options({ memorySizes: [128, 256] }), deps);
    expect(events.filter((e) => e.type === 'size-done').map((e) => e.memoryMB)).toEqual([128, 256]);
    expect(events.filter((e) => e.type === 'estimate')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'invocations')).toHaveLength(12);
  });
});

describe('runTune: before anything changes', () => {
  it('refuses a plan above the budget', async () => {
    const fake = new FakeLambda();
    const error = await runTune(options({ budgetUSD: 0.0001 }), harness(fake).deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/^this run could cost up to \$0\.\d+ \(3 sizes × 6 invocations, 30 s timeout\), above --budget \$0\.0001$/);
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('changes and invokes nothing on a dry run', async () => {
    const fake = new FakeLambda();
    const report = await runTune(options({ dryRun: true, budgetUSD: 0.0001 }), harness(fake).deps);
    expect(report.results).toEqual([]);
    expect(report.warnings).toContain('dry run: nothing was changed or invoked');
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('asks with the plan and changes nothing when the answer is no', async () => {
    const fake = new FakeLambda();
    const asked: number[][] = [];
    const confirm = async (plan: { sizes: number[] }): Promise<boolean> => {
      asked.push(plan.sizes);
      return false;
    };
    await expect(runTune(options({ confirm }), harness(fake).deps)).rejects.toThrow('cancelled: nothing was changed');
    expect(asked).toEqual([[128, 256, 1024]]);
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('applies the recommended memory with --apply instead of restoring', async () => {
    const fake = new FakeLambda();
    const report = await runTune(options({ apply: true, strategy: 'speed' }), harness(fake).deps);
    expect(report.recommendation?.memoryMB).toBe(1024);
    expect(fake.memoryMB).toBe(1024);
    expect(report.warnings.some((w) => w.startsWith('applied: orders now has 1024 MB (it had 512 MB)'))).toBe(true);
    expect(fake.versions.size).toBe(0);
  });

  it('says so when --apply recommends the memory the function already has', async () => {
    const fake = new FakeLambda({ memoryMB: 1024 });
    const report = await runTune(options({ apply: true, strategy: 'speed', memorySizes: [128, 1024] }), harness(fake).deps);
    expect(fake.memoryMB).toBe(1024);
    expect(report.warnings).toContain('--apply: orders already had the recommended 1024 MB, so nothing changed');
  });
});
