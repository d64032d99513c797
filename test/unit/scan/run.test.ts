import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { SCAN_DEFAULTS } from '../../../src/scan/defaults.js';
import type { LogGroupInfo } from '../../../src/scan/deps.js';
import { runScan, windowDaysOf, type ScanOptions } from '../../../src/scan/run.js';
import type { ScanFunctionConfig } from '../../../src/scan/types.js';
import type { LogEvent } from '../../support/insights/fields.js';
import { performanceEvents, steadyReports, trafficEvents, type ReportSpec } from '../../support/insights/generate.js';
import { memoryLambda } from '../../support/insights/memory-lambda.js';
import { MemoryLogs } from '../../support/insights/memory-logs.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 15);
const FROM = NOW - 13 * DAY;

const fn = (name: string, over: Partial<ScanFunctionConfig> = {}): ScanFunctionConfig => ({
  name,
  memoryMB: 1024,
  architecture: 'x86_64',
  timeoutS: 30,
  logFormat: 'text',
  logGroup: `/aws/lambda/${name}`,
  ...over,
});

const traffic = (f: ScanFunctionConfig, reports: ReportSpec[]): LogEvent[] =>
  trafficEvents({ functionName: f.name, logGroupName: f.logGroup, format: f.logFormat, fromMs: FROM, toMs: NOW - DAY, reports });

const steady = (n: number, memoryMB: number, minUsedMB: number, maxUsedMB: number) => steadyReports(n, { memoryMB, minUsedMB, maxUsedMB, durationMs: 120 });

/** A small fleet with one function per situation the scan must tell apart. */
function fleet() {
  const api = fn('api');
  const worker = fn('worker', { memoryMB: 512 });
  const hungry = fn('hungry', { memoryMB: 256 });
  const jsonApi = fn('json-api', { logFormat: 'json', architecture: 'arm64' });
  const ordersShared = fn('orders', { logGroup: '/app/shared' });
  const billingShared = fn('billing', { logGroup: '/app/shared', memoryMB: 512 });
  const quiet = fn('quiet');
  const ghost = fn('ghost');
  const moved = fn('moved');
  const functions = [api, worker, hungry, jsonApi, ordersShared, billingShared, quiet, ghost, moved];
  const events = [
    ...traffic(api, steady(200, 1024, 90, 140)),
    ...traffic(worker, steady(200, 512, 300, 380)),
    ...traffic(hungry, [...steady(100, 256, 120, 200), { memoryMB: 256, durationMs: 900, maxUsedMB: 256, status: 'error', errorType: 'Runtime.OutOfMemory' }]),
    ...traffic(jsonApi, steady(120, 1024, 60, 100)),
    ...traffic(ordersShared, steady(80, 1024, 100, 180)),
    ...traffic(billingShared, steady(80, 512, 400, 420)),
    ...traffic(quiet, steady(10, 1024, 50, 60)),
    ...traffic(moved, [...steady(300, 512, 100, 150), ...steady(20, 1024, 100, 150)]),
  ];
  const groups: LogGroupInfo[] = [...new Set(functions.filter((f) => f !== ghost).map((f) => f.logGroup))].map((name) => ({
    name,
    creationTimeMs: NOW - 400 * DAY,
  }));
  return { functions, events, groups };
}

const options = (over: Partial<ScanOptions> = {}): ScanOptions => ({
  functions: [],
  all: true,
  include: [],
  exclude: [],
  region: 'us-east-1',
  sinceMs: 14 * DAY,
  concurrency: 4,
  thresholds: SCAN_DEFAULTS.thresholds,
  maxEvents: 100_000,
  pollStartMs: 1,
  pollMaxMs: 2,
  ...over,
});

const deps = (logs: MemoryLogs, functions: ScanFunctionConfig[]) => ({ lambda: memoryLambda(functions), logs, now: () => NOW, sleep: async () => undefined });

function findingsOf(report: Awaited<ReturnType<typeof runScan>>): Record<string, string[]> {
  return Object.fromEntries(report.functions.map((f) => [f.name, f.findings.map((x) => x.kind)]));
}

// Without Lambda Insights and at one size each, memory headroom is all scan can say: unverified.
const EXPECTED = {
  api: ['memory-headroom'],
  billing: [],
  ghost: ['no-data'],
  hungry: ['under-provisioned'],
  'json-api': ['memory-headroom'],
  moved: ['too-little-data'],
  orders: ['memory-headroom'],
  quiet: ['too-little-data'],
  worker: [],
};

describe('runScan', () => {
  it('finds each situation of the fleet with Logs Insights', async () => {
    const { functions, events, groups } = fleet();
    const logs = new MemoryLogs({ groups, events });

    const report = await runScan(options(), deps(logs, functions));

    expect(findingsOf(report)).toEqual(EXPECTED);
    expect(report.functions.filter((f) => f.source !== 'none').every((f) => f.source === 'insights')).toBe(true);
    expect(logs.calls.startQuery.map((q) => q.logGroupNames.length)).toEqual([6, 1]);
  });

  it('finds the same with FilterLogEvents when Logs Insights is denied, and says so', async () => {
    const { functions, events, groups } = fleet();
    const logs = new MemoryLogs({ groups, events, denyInsights: true, pageSize: 50 });

    const report = await runScan(options(), deps(logs, functions));

    expect(findingsOf(report)).toEqual(EXPECTED);
    expect(report.functions.find((f) => f.name === 'api')?.source).toBe('filter-log-events');
    expect(report.warnings).toEqual([expect.stringMatching(/^Logs Insights is not allowed \(logs:StartQuery denied\)/)]);
  });

  it('keeps records from before and after a memory change apart', async () => {
    const { functions, events, groups } = fleet();

    const report = await runScan(options({ all: false, functions: ['moved'] }), deps(new MemoryLogs({ groups, events }), functions));

    expect(report.functions[0]?.sizes.map((s) => [s.memoryMB, s.invocations])).toEqual([
      [512, 300],
      [1024, 20],
    ]);
  });

  it('separates the functions of a shared log group', async () => {
    const { functions, events, groups } = fleet();

    const report = await runScan(options({ all: false, functions: ['orders', 'billing'] }), deps(new MemoryLogs({ groups, events }), functions));

    expect(report.functions.map((f) => [f.name, f.sizes.map((s) => s.invocations)])).toEqual([
      ['billing', [80]],
      ['orders', [80]],
    ]);
  });

  it('reads configurations of named functions one by one and never lists the region', async () => {
    const { functions, events, groups } = fleet();
    const d = deps(new MemoryLogs({ groups, events }), functions);

    await runScan(options({ all: false, functions: ['api', 'arn:aws:lambda:us-east-1:123456789012:function:worker'] }), d);

    expect(d.lambda.got).toEqual(['api', 'arn:aws:lambda:us-east-1:123456789012:function:worker']);
    expect(d.lambda.listed).toBe(0);
  });

  it('lists the region once for --all and applies --include and --exclude', async () => {
    const { functions, events, groups } = fleet();
    const d = deps(new MemoryLogs({ groups, events }), functions);

    const report = await runScan(options({ include: ['*o*'], exclude: ['orders'] }), d);

    expect(report.functions.map((f) => f.name)).toEqual(['ghost', 'json-api', 'moved', 'worker']);
    expect(d.lambda.listed).toBe(1);
    expect(d.lambda.got).toEqual([]);
  });

  it('runs no more queries at once than --concurrency', async () => {
    const functions = Array.from({ length: 260 }, (_, i) => fn(`f${i}`));
    const logs = new MemoryLogs({ groups: functions.map((f) => ({ name: f.logGroup })), events: [] });

    await runScan(options({ concurrency: 2 }), deps(logs, functions));

    expect(logs.calls.startQuery).toHaveLength(6);
    expect(logs.maxRunning).toBe(2);
  });

  it('reports each price row used, one per architecture', async () => {
    const { functions, events, groups } = fleet();

    const report = await runScan(options(), deps(new MemoryLogs({ groups, events }), functions));

    expect(report.pricing.map((p) => p.architecture).toSorted()).toEqual(['arm64', 'x86_64']);
    expect(report.summary).toMatchObject({
      functions: 9,
      byKind: { 'memory-headroom': 3, 'under-provisioned': 1, 'no-data': 1, 'too-little-data': 2 },
      newFindings: 7,
    });
    expect(report.summary.monthlySavingUSD).toBe(0);
    expect(report.summary.unverifiedMonthlySavingUSD).toBeGreaterThan(0);
  });

  it('refuses names and --all together', async () => {
    await expect(runScan(options({ functions: ['api'] }), deps(new MemoryLogs({ groups: [], events: [] }), []))).rejects.toThrow(UsageError);
  });

  it('refuses --include globs that match nothing', async () => {
    const { functions, events, groups } = fleet();

    await expect(runScan(options({ include: ['nope-*'] }), deps(new MemoryLogs({ groups, events }), functions))).rejects.toThrow(
      /none of the 9 functions matches/,
    );
  });
});

describe('runScan with duration evidence', () => {
  const insightsGroup = { name: '/aws/lambda-insights', creationTimeMs: NOW - 400 * DAY };
  const withCpu = (f: ScanFunctionConfig, reports: ReportSpec[], cpuMs: number): LogEvent[] => [
    ...traffic(f, reports),
    ...performanceEvents({ functionName: f.name, logGroupName: f.logGroup, format: f.logFormat, fromMs: FROM, toMs: NOW - DAY, reports }, cpuMs),
  ];

  it('verifies an I/O-bound function and keeps a CPU-bound one, from Lambda Insights in one more query', async () => {
    // Both use 90–140 MB of 1024 MB for 120 ms; one spends 6 ms of it on CPU, the other 69 ms
    // (all 0.579 vCPU allow in 120 ms).
    const io = fn('io');
    const cpuBound = fn('cpu-bound');
    const plain = fn('plain');
    const events = [
      ...withCpu(io, steady(200, 1024, 90, 140), 6),
      ...withCpu(cpuBound, steady(200, 1024, 90, 140), 69),
      ...traffic(plain, steady(200, 1024, 90, 140)),
    ];
    const groups = [io, cpuBound, plain].map((f) => ({ name: f.logGroup, creationTimeMs: NOW - 400 * DAY }));
    const logs = new MemoryLogs({ groups: [...groups, insightsGroup], events });

    const report = await runScan(options(), deps(logs, [io, cpuBound, plain]));

    expect(findingsOf(report)).toEqual({ 'cpu-bound': [], io: ['over-provisioned'], plain: ['memory-headroom'] });
    expect(report.functions.find((f) => f.name === 'cpu-bound')?.notes).toEqual([
      expect.stringMatching(/but CPU time is \d+ % of the duration \(Lambda Insights, 200 invocations\)/),
    ]);
    expect(report.functions.find((f) => f.name === 'io')?.cpu).toEqual([{ memoryMB: 1024, invocations: 200, cpuTimeMsSum: 1200, durationMsSum: 24_000 }]);
    expect(logs.calls.startQuery.map((q) => q.logGroupNames)).toContainEqual(['/aws/lambda-insights']);
    expect(report.summary.monthlySavingUSD).toBeCloseTo(report.functions.find((f) => f.name === 'io')?.findings[0]?.monthlyCostUSD?.saving ?? -1, 12);
  });

  it('warns when StartQuery is denied on the Lambda Insights group alone, and keeps the headroom unverified', async () => {
    const io = fn('io');
    const logs = new MemoryLogs({
      groups: [{ name: io.logGroup, creationTimeMs: NOW - 400 * DAY }, insightsGroup],
      events: withCpu(io, steady(200, 1024, 90, 140), 6),
      denyGroups: ['/aws/lambda-insights'],
    });

    const report = await runScan(options(), deps(logs, [io]));

    expect(findingsOf(report)).toEqual({ io: ['memory-headroom'] });
    expect(report.warnings).toEqual([expect.stringMatching(/^logs:StartQuery is denied on \/aws\/lambda-insights: no Lambda Insights CPU evidence/)]);
  });

  it('verifies from the durations measured before and after a memory change', async () => {
    // 120 ms at 1024 MB and 125 ms at 512 MB: almost all I/O, so 256 MB stays within 20 %.
    const moved = fn('moved');
    const reports = [...steadyReports(100, { memoryMB: 512, minUsedMB: 90, maxUsedMB: 140, durationMs: 125 }), ...steady(200, 1024, 90, 140)];
    const logs = new MemoryLogs({ groups: [{ name: moved.logGroup, creationTimeMs: NOW - 400 * DAY }], events: traffic(moved, reports) });

    const report = await runScan(options(), deps(logs, [moved]));

    const finding = report.functions[0]?.findings[0];
    expect(finding).toMatchObject({ kind: 'over-provisioned', suggestedMemoryMB: 256, evidence: { basis: 'memory-sizes' } });
    expect(finding?.message).toContain('mean duration measured in the window: 125.0 ms at 512 MB, 120.0 ms at 1024 MB');
  });

  it('reads no log of a Managed Instances function and gives it its own finding', async () => {
    const lmi = fn('lmi', { logFormat: 'json', capacityProviderArn: 'arn:aws:lambda:us-east-1:000000000000:capacity-provider:fleet' });
    const logs = new MemoryLogs({ groups: [{ name: lmi.logGroup }], events: [] });

    const report = await runScan(options(), deps(logs, [lmi]));

    expect(findingsOf(report)).toEqual({ lmi: ['managed-instances'] });
    expect(logs.calls.startQuery).toHaveLength(0);
    expect(report.summary).toMatchObject({ monthlySavingUSD: 0, unverifiedMonthlySavingUSD: 0 });
  });
});

describe('runScan with rows it cannot read', () => {
  it.each([
    {
      case: 'raw events from an endpoint that ignores stats',
      rows: [{ '@timestamp': '2026-01-10 00:00:00.000', '@message': 'REPORT RequestId: r1' }],
      message: /no @log field/,
    },
    {
      case: "a scanned function's row without a memory size",
      rows: [{ '@log': '0:/aws/lambda/api', streamTag: '[', invocations: '3', billedDurationSum: '9' }],
      message: /no @memorySize/,
    },
  ])('fails with an AWS error showing the first row for $case', async ({ rows, message }) => {
    const api = fn('api');
    const logs = new MemoryLogs({ groups: [{ name: api.logGroup }], events: [], rowsFor: () => rows });

    const failure = runScan(options(), deps(logs, [api]));

    await expect(failure).rejects.toMatchObject({ exitCode: 3 });
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toThrow(JSON.stringify(rows[0]));
  });

  it('leaves out a row of a function it does not scan', async () => {
    const api = fn('api');
    const rows = [{ '@log': '0:/aws/lambda/api', streamTag: 'other[', invocations: '3', billedDurationSum: '9' }];
    const logs = new MemoryLogs({ groups: [{ name: api.logGroup }], events: [], rowsFor: () => rows });

    const report = await runScan(options(), deps(logs, [api]));

    expect(findingsOf(report)).toEqual({ api: ['no-data'] });
  });
});

describe('windowDaysOf', () => {
  const start = NOW - 14 * DAY;

  it.each([
    { case: 'the whole window for an old group', info: { name: 'g', creationTimeMs: NOW - 100 * DAY }, days: 14 },
    { case: 'the days since a new group was created', info: { name: 'g', creationTimeMs: NOW - 3 * DAY }, days: 3 },
    { case: 'the retention of the group', info: { name: 'g', retentionInDays: 7 }, days: 7 },
    { case: 'the whole window for a missing group', info: undefined, days: 14 },
  ])('covers $case', ({ info, days }) => {
    expect(windowDaysOf(info, start, NOW)).toBe(days);
  });

  it('ends where a capped reading stopped', () => {
    expect(windowDaysOf(undefined, start, NOW, NOW - 4 * DAY)).toBe(10);
  });
});

describe('runScan when interrupted', () => {
  it('stops every query it started and starts no more', async () => {
    const functions = Array.from({ length: 260 }, (_, i) => fn(`f${i}`));
    const logs = new MemoryLogs({ groups: functions.map((f) => ({ name: f.logGroup })), events: [], pollsBeforeComplete: 100 });
    const controller = new AbortController();
    let polls = 0;
    const sleep = async (_ms: number, signal?: AbortSignal): Promise<void> => {
      if (++polls === 3) controller.abort(new Error('SIGINT'));
      await Promise.resolve();
      signal?.throwIfAborted();
    };

    await expect(runScan(options({ concurrency: 2 }), { ...deps(logs, functions), sleep, signal: controller.signal })).rejects.toThrow('SIGINT');

    expect(logs.calls.startQuery).toHaveLength(2);
    expect(logs.calls.stopQuery.toSorted()).toEqual(['q1', 'q2']);
  });
});
