/**
 * `scan` tells the truth, end to end against the local endpoint: real SDK clients, Logs Insights
 * answered by our evaluator. A fleet that mixes CPU-bound and I/O-bound functions, with and without
 * Lambda Insights, one whose memory changed in the window, a Managed Instances function sharing a
 * log group, a durable one; the IaC fixtures under test/fixtures/iac for the source mapping.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanReport } from '../../src/scan/types.js';
import { runInProcess } from '../support/cli.js';
import type { FakeAws } from '../support/fake-aws/index.js';
import { steadyReports } from '../support/insights/generate.js';
import { scanInsightsWithout } from '../support/insights/index.js';
import { startScanFleet } from '../support/insights/fleet.js';
import type { SeededFunction } from '../support/insights/seed.js';

const NOW = Date.now();
const reports = (n: number, memoryMB: number, durationMs: number, usedMB = 115) =>
  steadyReports(n, { memoryMB, minUsedMB: usedMB - 30, maxUsedMB: usedMB, durationMs });
const SAM_API = 'orders-ApiFunction-1A2B3C4D5E6F';

const FLEET: SeededFunction[] = [
  // The README's tune example: 1769 MB, 115 MB used, all CPU. Memory alone would say 192 MB.
  { name: 'primes', memoryMB: 1769, reports: reports(200, 1769, 1000), insightsCpuMs: 990 },
  // Waits on the network: 8 ms of CPU in 300 ms.
  { name: 'fetcher', memoryMB: 1024, reports: reports(200, 1024, 300), insightsCpuMs: 8 },
  // No Lambda Insights, one size: headroom, unverified.
  { name: 'thumbnailer', memoryMB: 2048, reports: reports(200, 2048, 400) },
  // Ran at 512 MB, then 1024 MB: 410 ms → 400 ms, the durations say it is I/O.
  { name: 'billing-prod-invoice', memoryMB: 1024, reports: [...reports(100, 512, 410), ...reports(200, 1024, 400)] },
  // SAM-deployed, I/O-bound, tagged by CloudFormation.
  {
    name: SAM_API,
    memoryMB: 1769,
    reports: reports(200, 1769, 250),
    insightsCpuMs: 10,
    tags: { 'aws:cloudformation:logical-id': 'ApiFunction', 'aws:cloudformation:stack-name': 'orders', 'lambda:createdBy': 'SAM' },
  },
  {
    name: 'steps',
    memoryMB: 1024,
    logFormat: 'json',
    logGroup: '/app/shared',
    reports: reports(200, 1024, 100, 900),
    durableConfig: { RetentionPeriodInDays: 14, ExecutionTimeout: 3600 },
  },
  {
    name: 'fleet-worker',
    memoryMB: 4096,
    logFormat: 'json',
    logGroup: '/app/shared',
    lmiReports: { count: 60, durationMs: 40 },
    capacityProviderConfig: {
      LambdaManagedInstancesCapacityProviderConfig: {
        CapacityProviderArn: 'arn:aws:lambda:us-east-1:000000000000:capacity-provider:fleet',
        PerExecutionEnvironmentMaxConcurrency: 10,
        ExecutionEnvironmentMemoryGiBPerVCpu: 2,
      },
    },
  },
];

let fake: FakeAws;

beforeEach(async () => {
  fake = await startScanFleet(FLEET, NOW);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

const scan = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runInProcess(['scan', '--quiet', '--all', ...args], { env: { ...fake.env, GITHUB_ACTIONS: '', CI: '', ...env } });
const json = async (args: string[] = [], env: NodeJS.ProcessEnv = {}) => JSON.parse((await scan(['-o', 'json', ...args], env)).stdout) as ScanReport;
const fnOf = (report: ScanReport, name: string) => report.functions.find((f) => f.name === name);

describe('scan findings with duration evidence', () => {
  it('flags only what the evidence confirms and labels the rest', async () => {
    const report = await json();

    expect(Object.fromEntries(report.functions.map((f) => [f.name, f.findings.map((x) => x.kind)]))).toEqual({
      'billing-prod-invoice': ['over-provisioned'],
      fetcher: ['over-provisioned'],
      'fleet-worker': ['managed-instances'],
      [SAM_API]: ['over-provisioned'],
      primes: [],
      steps: [],
      thumbnailer: ['memory-headroom'],
    });
    expect(fake.callsOf('StartQuery').map((c) => c.params.logGroupNames)).toContainEqual(['/aws/lambda-insights']);
  });

  it('keeps the CPU-bound function at its size and says why', async () => {
    const primes = fnOf(await json(), 'primes');

    expect(primes?.cpu).toEqual([{ memoryMB: 1769, invocations: 200, cpuTimeMsSum: 198_000, durationMsSum: 200_000 }]);
    expect(primes?.notes.join('\n')).toMatch(/CPU time is 99 % of the duration \(Lambda Insights, 200 invocations\): at 192 MB it would take ×9\.\d as long/);
  });

  it('uses the durations measured before and after a memory change', async () => {
    const finding = fnOf(await json(), 'billing-prod-invoice')?.findings[0];

    expect(finding?.evidence?.basis).toBe('memory-sizes');
    expect(finding?.message).toContain('410.0 ms at 512 MB, 400.0 ms at 1024 MB');
  });

  it('adds only verified savings into the total and keeps the upper bound apart', async () => {
    const report = await json();

    const verified = report.functions.flatMap((f) => f.findings).filter((f) => f.kind === 'over-provisioned');
    const total = verified.reduce((sum, f) => sum + (f.monthlyCostUSD?.saving ?? 0), 0);
    expect(report.summary.monthlySavingUSD).toBeCloseTo(total, 12);
    expect(report.summary.unverifiedMonthlySavingUSD).toBeCloseTo(fnOf(report, 'thumbnailer')?.findings[0]?.monthlyCostUSD?.saving ?? -1, 12);
  });

  it('gives the Managed Instances function its own finding, no cost, and reads its neighbour in the shared group', async () => {
    const report = await json();

    expect(fnOf(report, 'fleet-worker')).toMatchObject({
      source: 'skipped',
      monthly: null,
      capacityProviderArn: 'arn:aws:lambda:us-east-1:000000000000:capacity-provider:fleet',
    });
    expect(fnOf(report, 'steps')?.sizes.map((s) => s.invocations)).toEqual([200]);
  });

  it('says how a durable function is counted', async () => {
    const steps = fnOf(await json(), 'steps');

    expect(steps?.durable).toBe(true);
    expect(steps?.notes).toContainEqual(expect.stringMatching(/^durable function: counted per invocation/));
  });

  it('prints a window under a day in hours', async () => {
    const run = await scan(['-o', 'markdown', '--since', '6h']);

    expect(run.stdout).toMatch(/^### lambda-rightsize scan: us-east-1, last 6 h \(/);
  });
});

describe('scan --fail-on, verified and unverified', () => {
  it.each([
    {
      case: 'over-provisioned fails on the verified ones only',
      failOn: 'over-provisioned',
      code: 1,
      stderr: /3 new findings: over-provisioned \(billing-prod-invoice, fetcher, orders-ApiFunction-1A2B3C4D5E6F\)\n$/,
    },
    { case: 'any fails on verified kinds, never on headroom', failOn: 'any', code: 1, stderr: /^lambda-rightsize: 3 new findings: over-provisioned/ },
    { case: 'memory-headroom fails on the unverified one', failOn: 'memory-headroom', code: 1, stderr: /1 new finding: memory-headroom \(thumbnailer\)\n$/ },
    { case: 'under-provisioned matches nothing', failOn: 'under-provisioned', code: 0, stderr: /^$/ },
    { case: 'all includes managed-instances', failOn: 'all', code: 1, stderr: /managed-instances \(fleet-worker\)/ },
  ])('$case', async ({ failOn, code, stderr }) => {
    const run = await scan(['--fail-on', failOn]);

    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(stderr);
  });
});

describe('scan --source', () => {
  it('puts each flagged function on the line that sets its memory, in JSON', async () => {
    const report = await json(['--source', 'test/fixtures/iac']);

    expect(fnOf(report, SAM_API)?.iac).toMatchObject({
      tool: 'sam',
      file: 'test/fixtures/iac/sam/template.yaml',
      line: 17,
      memoryMB: 1769,
      matchedBy: 'aws:cloudformation:logical-id ApiFunction',
    });
    expect(fnOf(report, 'thumbnailer')?.iac).toMatchObject({ tool: 'terraform', file: 'test/fixtures/iac/terraform/main.tf', line: 19 });
    expect(fnOf(report, 'billing-prod-invoice')?.iac).toMatchObject({ tool: 'serverless', file: 'test/fixtures/iac/serverless/serverless.yml', line: 13 });
    expect(fnOf(report, 'primes')?.iac).toBeUndefined();
    expect(fake.count('ListTags')).toBe(4);
  });

  it('annotates the template line in GitHub Actions, reading the current folder by default', async () => {
    const run = await scan(['-o', 'json'], { GITHUB_ACTIONS: 'true' });

    expect(run.stderr).toMatch(/^::warning file=test\/fixtures\/iac\/sam\/template\.yaml,line=17,title=orders-ApiFunction-1A2B3C4D5E6F%3A over-provisioned::/m);
    expect(run.stderr).toMatch(/^::notice file=test\/fixtures\/iac\/terraform\/main\.tf,line=19,title=thumbnailer%3A memory-headroom::/m);
  });

  it('links the line from the Markdown comment to the commit', async () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/orders', GITHUB_SHA: 'abc123' };

    const run = await scan(['-o', 'markdown', '--source', 'test/fixtures/iac/sam'], env);

    expect(run.stdout).toContain(
      `- **${SAM_API}** — memory set at [test/fixtures/iac/sam/template.yaml:17 (sam)](https://github.com/acme/orders/blob/abc123/test/fixtures/iac/sam/template.yaml#L17)`,
    );
  });

  it('prints the change as a unified diff that applies to the template', async () => {
    const report = await json(['--source', 'test/fixtures/iac', '--suggest-patch']);

    const fn = fnOf(report, SAM_API);
    const suggested = fn?.findings[0]?.suggestedMemoryMB;
    const patch = fn?.iac?.patch ?? '';
    const template = await readFile('test/fixtures/iac/sam/template.yaml', 'utf8');
    expect(patch).toMatch(/^--- a\/test\/fixtures\/iac\/sam\/template\.yaml\n\+\+\+ b\/test\/fixtures\/iac\/sam\/template\.yaml\n@@ -14,7 \+14,7 @@\n/);
    expect(patch).toContain(`\n-      MemorySize: 1769\n+      MemorySize: ${suggested}\n`);
    expect(
      template
        .split('\n')
        .slice(13, 16)
        .map((l) => ` ${l}`)
        .join('\n'),
    ).toBe(patch.split('\n').slice(3, 6).join('\n'));
  });

  it('matches by name and warns when lambda:ListTags is denied', async () => {
    fake.injectAccessDenied('ListTags');

    const report = await json(['--source', 'test/fixtures/iac']);

    expect(fnOf(report, SAM_API)?.iac).toMatchObject({
      file: 'test/fixtures/iac/sam/template.yaml',
      line: 17,
      matchedBy: "sam's default name for ApiFunction",
    });
    expect(report.warnings).toContainEqual(expect.stringMatching(/^lambda:ListTags is not allowed/));
  });

  it('refuses a --source that is not a folder before querying anything', async () => {
    const run = await scan(['--source', 'test/fixtures/iac/nope']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--source test\/fixtures\/iac\/nope is not a folder/);
    expect(fake.count('StartQuery')).toBe(0);
  });
});

describe('scan with results it cannot read', () => {
  it.each([
    { case: 'REPORT rows without the memory size', field: '@memorySize', message: /\(no @memorySize\): \{"@log":"000000000000:\/aws\/lambda\/[^"]+"/ },
    {
      case: 'Lambda Insights rows without the CPU time',
      field: 'cpuTimeSum',
      message: /^lambda-rightsize: Lambda Insights returned a row scan cannot read \(no cpuTimeSum\): \{"function_name":/,
    },
  ])('exits 3 for $case', async ({ field, message }) => {
    fake.insights = scanInsightsWithout(field);

    const run = await scan(['-o', 'json']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(message);
  });

  it('exits 3 showing the first row, instead of reporting no data', async () => {
    // The fake's own evaluator returns raw events, as moto's Logs Insights does for `stats`.
    fake.insights = (await import('../support/fake-aws/index.js')).rawEventsEvaluator;

    const run = await scan(['-o', 'json']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^lambda-rightsize: Logs Insights returned a row scan cannot read \(no @log field\): \{"@timestamp":/);
    expect(run.stdout).toBe('');
  });
});
