import { describe, expect, it } from 'vitest';
import { AwsError, ExitCode, UsageError } from '../../../src/errors.js';
import { parseReportLine } from '../../../src/logs/index.js';
import { runTune } from '../../../src/tune/run.js';
import { LookupDeniedError, NoReportsError, TuneFailedError } from '../../../src/tune/errors.js';
import type { LookupResult } from '../../../src/tune/ports.js';
import type { InvocationRecord } from '../../../src/types.js';
import { FakeLambda } from '../../support/fake-lambda.js';
import { harness, options } from '../../support/tune-harness.js';

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
    expect(report.warnings).toContain("concurrency lowered from 10 to 2: the function's reserved concurrency");
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
      findReport: async ({ requestId, logGroup }: { requestId: string; logGroup: string }): Promise<LookupResult> => {
        lookups.push(requestId);
        const parsed = parseReportLine(fake.reports.get(requestId) ?? '');
        return parsed.kind === 'record' ? { kind: 'found', record: parsed.record } : { kind: 'not-found', logGroup, waitedMs: 0 };
      },
    };
    const report = await runTune(options({ memorySizes: [256] }), harness(fake, { logs }).deps);
    expect(report.results[0]!.invocations).toBe(6);
    expect(lookups).toHaveLength(6);
  });

  it.each([
    {
      case: 'the lookup found nothing',
      findReport: async ({ logGroup }: { logGroup: string }): Promise<LookupResult> => ({ kind: 'not-found', logGroup, waitedMs: 15_000 }),
      message: 'no invocation produced a usable REPORT line: the REPORT was not in the 4 KB log tail, and the lookup in CloudWatch Logs found nothing',
      hint: /logs can arrive minutes late/,
    },
    {
      case: 'the lookup was denied',
      findReport: async (): Promise<LookupResult> => Promise.reject(new LookupDeniedError('access denied: logs:FilterLogEvents on /aws/lambda/orders')),
      message: 'no invocation produced a usable REPORT line: the REPORT was not in the 4 KB log tail, and CloudWatch Logs denied the lookup',
      hint: /allow logs:FilterLogEvents/,
    },
    {
      case: 'the log group does not exist',
      findReport: async ({ logGroup }: { logGroup: string }): Promise<LookupResult> => ({ kind: 'no-log-group', logGroup }),
      message: "no invocation produced a usable REPORT line: the REPORT was not in the 4 KB log tail, and orders's log group does not exist",
      hint: /LoggingConfig\.LogGroup/,
    },
  ])('names the cause when no REPORT line was found because $case, with the report', async ({ findReport, message, hint }) => {
    const fake = new FakeLambda({ chatty: true });
    const error = await runTune(options({ memorySizes: [256] }), harness(fake, { logs: { findReport } }).deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoReportsError);
    expect((error as NoReportsError).message).toBe(message);
    expect((error as NoReportsError).hint).toMatch(hint);
    expect((error as NoReportsError).report.warnings[0]).toMatch(/^256 MB: 6 of 6 invocations left out, e\.g\. request req-\d+: not in the 4 KB log tail/);
    expect(fake.memoryMB).toBe(512);
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

  it('treats an interrupt at the question as an interrupt (exit 130), not as a no', async () => {
    const fake = new FakeLambda();
    const { deps, controller } = harness(fake);
    const confirm = async (): Promise<boolean> => {
      controller.abort();
      return false;
    };
    await expect(runTune(options({ confirm }), deps)).rejects.toMatchObject({ name: 'InterruptedError', exitCode: 130 });
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('applies the recommended memory with --apply instead of restoring', async () => {
    const fake = new FakeLambda();
    const report = await runTune(
      options({ apply: true, analysis: { strategy: { name: 'speed', weight: 0.5 }, discard: 0, pricing: { per: 1_000_000 } } }),
      harness(fake).deps,
    );
    expect(report.recommendation?.memoryMB).toBe(1024);
    expect(fake.memoryMB).toBe(1024);
    expect(report.warnings.some((w) => w.startsWith('applied: orders now has 1024 MB (it had 512 MB)'))).toBe(true);
    expect(fake.versions.size).toBe(0);
  });

  it('says so when --apply recommends the memory the function already has', async () => {
    const fake = new FakeLambda({ memoryMB: 1024 });
    const report = await runTune(
      options({ apply: true, analysis: { strategy: { name: 'speed', weight: 0.5 }, discard: 0, pricing: { per: 1_000_000 } }, memorySizes: [128, 1024] }),
      harness(fake).deps,
    );
    expect(fake.memoryMB).toBe(1024);
    expect(report.warnings).toContain('--apply: orders already had the recommended 1024 MB, so nothing changed');
  });
});
