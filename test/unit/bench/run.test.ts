import { describe, expect, it, vi } from 'vitest';
import type { BenchFunctionSpec, BenchGateway } from '../../../src/bench/ports.js';
import { runBench, type BenchDeps, type BenchOptions, type MeasureRequest } from '../../../src/bench/run.js';
import { AwsError, FunctionFailedError, InterruptedError, UsageError } from '../../../src/errors.js';
import { TuneFailedError } from '../../../src/tune/errors.js';
import { BENCH_MARKER_TAG, decodeBenchMarker } from '../../../src/bench/naming.js';
import type { BenchLogGroups } from '../../../src/bench/ports.js';
import { HEARTBEAT_MS } from '../../../src/tune/marks.js';
import type { Report } from '../../../src/types.js';

const options: BenchOptions = {
  workloads: ['prime-sieve'],
  role: 'arn:aws:iam::123456789012:role/bench',
  architectures: ['x86_64'],
  runtime: 'nodejs22.x',
  memorySizes: [128, 1024],
  invocations: 5,
  concurrency: 2,
  timeoutSeconds: 60,
  region: 'us-east-1',
  analysis: { strategy: { name: 'balanced', weight: 0.5 }, discard: 0.2, pricing: { per: 1_000_000 } },
  keep: false,
  yes: true,
  dryRun: false,
};

function report(name: string): Report {
  return {
    schemaVersion: 1,
    source: 'tune',
    function: { name, arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, architecture: 'x86_64', originalMemoryMB: 128 },
    pricing: { region: 'us-east-1', architecture: 'x86_64', gbSecondUSD: 0.0000166667, requestUSD: 0.0000002, asOf: '2025-01-01', per: 1_000_000 },
    strategy: { name: 'balanced', weight: 0.5 },
    discard: 0.2,
    results: [],
    recommendation: { memoryMB: 1024, reason: 'fastest', savingVsCurrent: { costPercent: 1, durationPercent: 80, currentMemoryMB: 128 } },
    warnings: [],
  };
}

/** An in-memory account: records every call and what exists. */
class FakeGateway implements BenchGateway {
  readonly functions = new Map<string, BenchFunctionSpec>();
  readonly calls: string[] = [];
  failCreate?: Error;
  failDelete?: Error;

  async createFunction(spec: BenchFunctionSpec) {
    this.calls.push(`create ${spec.name}`);
    if (this.failCreate) throw this.failCreate;
    this.functions.set(spec.name, spec);
    return { name: spec.name, arn: `arn:aws:lambda:us-east-1:123456789012:function:${spec.name}`, roleRetries: 0 };
  }
  async waitUntilActive(name: string) {
    this.calls.push(`wait ${name}`);
  }
  async deleteFunction(name: string) {
    this.calls.push(`delete ${name}`);
    if (this.failDelete) throw this.failDelete;
    return this.functions.delete(name) ? ('deleted' as const) : ('gone' as const);
  }
  region = async () => 'us-east-1';
  listPrefixedFunctions = async () => [];
  readonly tags = new Map<string, Record<string, string>>();
  async tagFunction(arn: string, tags: Record<string, string>) {
    this.tags.set(arn, { ...this.tags.get(arn), ...tags });
  }
  async untagFunction(arn: string, keys: readonly string[]) {
    this.calls.push(`untag ${arn.split(':').at(-1)} ${keys.join(',')}`);
  }
}

/** Log groups in memory, with their own call list (so the function calls above read as before). */
class FakeLogGroups implements BenchLogGroups {
  readonly groups = new Map<string, { tags: Record<string, string>; retentionInDays: number }>();
  readonly calls: string[] = [];
  async create(name: string, tags: Record<string, string>, retentionInDays: number) {
    this.calls.push(`create ${name}`);
    this.groups.set(name, { tags, retentionInDays });
    return 'created' as const;
  }
  async delete(name: string) {
    this.calls.push(`delete ${name}`);
    return this.groups.delete(name) ? ('deleted' as const) : ('gone' as const);
  }
  listPrefixed = async () => [];
}

function setup(measure?: (request: MeasureRequest) => Promise<Report>, extra: Partial<BenchDeps> = {}) {
  const gateway = new FakeGateway();
  const logGroups = new FakeLogGroups();
  const controller = new AbortController();
  const measured: MeasureRequest[] = [];
  const deps: BenchDeps = {
    gateway,
    logGroups,
    measure: async (request) => {
      measured.push(request);
      return measure ? measure(request) : report(request.functionName);
    },
    price: (architecture) => ({ region: 'us-east-1', architecture, gbSecondUSD: 0.0000166667, requestUSD: 0.0000002, asOf: '2026-11-27' }),
    signal: controller.signal,
    runId: 'run00001',
    ...extra,
  };
  return { gateway, logGroups, deps, measured, controller };
}

describe('runBench planning', () => {
  it('creates nothing on a dry run and bounds the cost by the timeout', async () => {
    const { gateway, deps } = setup();
    const result = await runBench({ ...options, dryRun: true, architectures: ['x86_64', 'arm64'] }, deps);
    expect(gateway.calls).toEqual([]);
    expect(result.plan.functions.map((f) => f.name)).toEqual([
      'lambda-rightsize-bench-prime-sieve-x86_64-run00001',
      'lambda-rightsize-bench-prime-sieve-arm64-run00001',
    ]);
    // The tune engine's bound per function: 5 invocations × (0.125 + 1 GB) × 60 s × price + requests,
    // plus a 10 s INIT per parallel slot (2) and size.
    const perFunction = 5 * (1.125 * 60 * 0.0000166667) + 2 * 5 * 0.0000002 + 2 * 1.125 * 10 * 0.0000166667;
    expect(result.plan.costBoundUSD).toBeCloseTo(2 * perFunction, 12);
    expect(result.plan.totalInvocations).toBe(20);
  });

  it.each([
    { case: 'a plan above the budget', change: { budget: 0.001 }, message: /could cost up to .* above --budget/ },
    { case: 'no terminal and no --yes', change: { yes: false }, message: /needs confirmation/ },
    { case: 'an unknown workload', change: { workloads: ['fibonacci'] }, message: /unknown workload/ },
    { case: 'a workload given twice', change: { workloads: ['io-wait', './benchmarks/workloads/io-wait'] }, message: /given twice/ },
  ])('refuses $case before creating anything', async ({ change, message }) => {
    const { gateway, deps } = setup();
    await expect(runBench({ ...options, ...change }, deps)).rejects.toThrow(message);
    await expect(runBench({ ...options, ...change }, deps)).rejects.toBeInstanceOf(UsageError);
    expect(gateway.calls).toEqual([]);
  });

  it('exits as interrupted, creating nothing, on Ctrl-C at the question', async () => {
    const controller = new AbortController();
    const { gateway, deps } = setup(undefined, {
      confirm: async () => {
        controller.abort();
        return false;
      },
    });
    await expect(runBench({ ...options, yes: false }, { ...deps, signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    expect(gateway.calls).toEqual([]);
  });

  it('creates nothing when the user says no', async () => {
    const { gateway, deps } = setup(undefined, { confirm: async () => false });
    await expect(runBench({ ...options, yes: false }, deps)).rejects.toThrow(/cancelled/);
    expect(gateway.calls).toEqual([]);
  });
});

describe('runBench lifecycle', () => {
  it('creates, measures and deletes each workload × architecture in turn', async () => {
    const { gateway, deps, measured } = setup(undefined, { confirm: async () => true });
    const result = await runBench({ ...options, yes: false, workloads: ['prime-sieve', 'io-wait'], architectures: ['x86_64', 'arm64'] }, deps);
    const names = result.plan.functions.map((f) => f.name);
    expect(gateway.calls).toEqual(names.flatMap((name) => [`create ${name}`, `wait ${name}`, `delete ${name}`]));
    expect(gateway.functions.size).toBe(0);
    expect(measured.map((m) => [m.functionName, m.architecture])).toEqual(result.plan.functions.map((f) => [f.name, f.architecture]));
    expect(result.measurements.map((m) => `${m.workload}/${m.architecture}`)).toEqual([
      'prime-sieve/x86_64',
      'prime-sieve/arm64',
      'io-wait/x86_64',
      'io-wait/arm64',
    ]);
  });

  it('creates the function with the workload zip, handler settings and run tags', async () => {
    const { gateway, deps } = setup();
    let seen: BenchFunctionSpec | undefined;
    await runBench(options, { ...deps, measure: async (r) => ((seen = gateway.functions.get(r.functionName)), report(r.functionName)) });
    expect(seen).toMatchObject({
      runtime: 'nodejs22.x',
      architecture: 'x86_64',
      memoryMB: 128,
      timeoutSeconds: 60,
      tags: { 'lambda-rightsize:bench': 'run00001', 'lambda-rightsize:workload': 'prime-sieve' },
    });
    expect(seen!.zip.byteLength).toBeGreaterThan(100);
  });

  it('reports under the workload name, as a bench, without a saving against the creation size', async () => {
    const { deps } = setup();
    const [measurement] = (await runBench(options, deps)).measurements;
    expect(measurement!.report.source).toBe('bench');
    expect(measurement!.report.function).toEqual({
      name: 'prime-sieve',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:lambda-rightsize-bench-prime-sieve-x86_64-run00001',
      region: 'us-east-1',
      architecture: 'x86_64',
    });
    expect(measurement!.report.recommendation).toEqual({ memoryMB: 1024, reason: 'fastest' });
  });

  it('deletes the function and rethrows when measuring fails', async () => {
    const { gateway, deps } = setup(async () => {
      throw new AwsError('access denied: lambda:InvokeFunction');
    });
    await expect(runBench(options, deps)).rejects.toThrow(/InvokeFunction/);
    expect(gateway.calls.at(-1)).toBe('delete lambda-rightsize-bench-prime-sieve-x86_64-run00001');
    expect(gateway.functions.size).toBe(0);
  });

  it('tries to delete a function whose creation failed, in case it exists', async () => {
    const { gateway, deps } = setup();
    gateway.failCreate = new AwsError('network down');
    await expect(runBench(options, deps)).rejects.toThrow(/network down/);
    expect(gateway.calls).toEqual(['create lambda-rightsize-bench-prime-sieve-x86_64-run00001', 'delete lambda-rightsize-bench-prime-sieve-x86_64-run00001']);
  });

  it('goes on with the next function when every size of one failed', async () => {
    const { gateway, deps } = setup(async (r) => {
      if (r.functionName.includes('memory-hungry')) throw new FunctionFailedError('every memory size failed');
      return report(r.functionName);
    });
    const result = await runBench({ ...options, workloads: ['memory-hungry', 'io-wait'] }, deps);
    expect(result.failures).toEqual([{ workload: 'memory-hungry', architecture: 'x86_64', message: 'every memory size failed' }]);
    expect(result.measurements.map((m) => m.workload)).toEqual(['io-wait']);
    expect(gateway.functions.size).toBe(0);
  });

  it('keeps the report of a function that failed at every size, to show what failed', async () => {
    const { deps } = setup(async (r) => {
      throw new TuneFailedError(`${r.functionName} failed at every memory size`, report(r.functionName));
    });
    const result = await runBench(options, deps);
    expect(result.failures).toHaveLength(1);
    expect(result.measurements.map((m) => m.report.source)).toEqual(['bench']);
  });

  it("refuses a payload above Lambda's 6 MB limit before creating anything", async () => {
    const { gateway, deps } = setup();
    await expect(runBench({ ...options, payload: 'x'.repeat(7 * 1024 * 1024) }, deps)).rejects.toBeInstanceOf(UsageError);
    expect(gateway.calls).toEqual([]);
  });

  it('deletes what it created and stops when interrupted', async () => {
    const { gateway, deps, controller } = setup(async () => {
      controller.abort();
      throw new Error('aborted invoke');
    });
    await expect(runBench({ ...options, workloads: ['prime-sieve', 'io-wait'] }, deps)).rejects.toBeInstanceOf(InterruptedError);
    expect(gateway.calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
    expect(gateway.functions.size).toBe(0);
  });

  it('keeps the functions and their log groups with --keep and says which', async () => {
    const warned: string[] = [];
    const { gateway, logGroups, deps } = setup(undefined, { warn: (line) => warned.push(line) });
    const result = await runBench({ ...options, keep: true, architectures: ['x86_64', 'arm64'] }, deps);
    expect(gateway.calls.some((c) => c.startsWith('delete'))).toBe(false);
    expect(result.kept).toEqual([...gateway.functions.keys()].flatMap((name) => [name, `/aws/lambda/${name}`]));
    expect(logGroups.groups.size).toBe(2);
    expect(warned).toHaveLength(2);
    expect(warned[0]).toMatch(
      /^kept lambda-rightsize-bench-prime-sieve-x86_64-run00001 and its log group \/aws\/lambda\/lambda-rightsize-bench-prime-sieve-x86_64-run00001 \(--keep\)/,
    );
  });

  it('creates each function with its liveness marker, refreshes it every minute while measuring, and removes it from what --keep keeps', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let clock = Date.parse('2026-12-01T09:00:00Z');
      const { gateway, deps } = setup(
        async (request) => {
          clock += HEARTBEAT_MS;
          await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
          return report(request.functionName);
        },
        { now: () => clock },
      );
      await runBench({ ...options, keep: true }, deps);
      const [name] = [...gateway.functions.keys()];
      expect(decodeBenchMarker(gateway.functions.get(name!)!.tags[BENCH_MARKER_TAG])).toEqual({
        startedAt: '2026-12-01T09:00:00Z',
        seenAt: '2026-12-01T09:00:00Z',
      });
      expect(decodeBenchMarker([...gateway.tags.values()][0]?.[BENCH_MARKER_TAG])).toEqual({
        startedAt: '2026-12-01T09:00:00Z',
        seenAt: '2026-12-01T09:01:00Z',
      });
      expect(gateway.calls.at(-1)).toBe(`untag ${name} ${BENCH_MARKER_TAG}`);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says what --keep kept when the run fails, too', async () => {
    const warned: string[] = [];
    const { deps } = setup(async () => Promise.reject(new AwsError('access denied: lambda:InvokeFunction')), { warn: (line) => warned.push(line) });
    await expect(runBench({ ...options, keep: true }, deps)).rejects.toThrow(/InvokeFunction/);
    expect(warned).toEqual([expect.stringMatching(/^kept lambda-rightsize-bench-prime-sieve-x86_64-run00001 and its log group/)]);
  });

  it("creates each function's log group, tagged and expiring, before measuring, and deletes it after the function", async () => {
    const { logGroups, deps } = setup(async (r) => {
      expect(logGroups.groups.get(`/aws/lambda/${r.functionName}`)).toEqual({
        tags: expect.objectContaining({ 'lambda-rightsize:bench': 'run00001' }),
        retentionInDays: 1,
      });
      return report(r.functionName);
    });
    await runBench(options, deps);
    expect(logGroups.calls).toEqual([
      'create /aws/lambda/lambda-rightsize-bench-prime-sieve-x86_64-run00001',
      'delete /aws/lambda/lambda-rightsize-bench-prime-sieve-x86_64-run00001',
    ]);
    expect(logGroups.groups.size).toBe(0);
  });

  it('lists a function it could not delete as a leftover', async () => {
    const { gateway, deps } = setup();
    gateway.failDelete = new AwsError('access denied: lambda:DeleteFunction');
    const result = await runBench(options, deps);
    expect(result.leftovers).toEqual([{ name: 'lambda-rightsize-bench-prime-sieve-x86_64-run00001', message: 'access denied: lambda:DeleteFunction' }]);
    expect(gateway.calls.filter((c) => c.startsWith('delete'))).toHaveLength(1);
  });
});
