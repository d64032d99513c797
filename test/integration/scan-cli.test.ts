/**
 * `scan` end to end: the CLI in-process, real SDK clients reaching the local endpoint through
 * AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, Logs Insights answered by our
 * evaluator over generated logs.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanReport } from '../../src/scan/types.js';
import { runInProcess } from '../support/cli.js';
import type { FakeAws } from '../support/fake-aws/index.js';
import { steadyReports } from '../support/insights/generate.js';
import { startScanFleet } from '../support/insights/fleet.js';
import { seedFunctions, type SeededFunction } from '../support/insights/seed.js';

const DAY = 86_400_000;
const NOW = Date.now();
const steady = (n: number, memoryMB: number, minUsedMB: number, maxUsedMB: number) => steadyReports(n, { memoryMB, minUsedMB, maxUsedMB, durationMs: 120 });

const FLEET: SeededFunction[] = [
  { name: 'api', memoryMB: 1024, reports: steady(200, 1024, 90, 140) },
  { name: 'worker', memoryMB: 512, reports: steady(200, 512, 300, 380) },
  {
    name: 'hungry',
    memoryMB: 256,
    reports: [...steady(100, 256, 120, 200), { memoryMB: 256, durationMs: 900, maxUsedMB: 256, status: 'error', errorType: 'Runtime.OutOfMemory' }],
  },
  { name: 'json-api', memoryMB: 1024, logFormat: 'json', architecture: 'arm64', reports: steady(120, 1024, 60, 100) },
  { name: 'orders', memoryMB: 1024, logGroup: '/app/shared', reports: steady(80, 1024, 100, 180) },
  { name: 'orders-v2', memoryMB: 512, logGroup: '/app/shared', reports: steady(80, 512, 400, 420) },
  { name: 'quiet', memoryMB: 1024, reports: steady(10, 1024, 50, 60) },
  { name: 'ghost', memoryMB: 1024 },
];

// No Lambda Insights and one size each: the headroom is real, the saving unverified.
const EXPECTED = {
  api: ['memory-headroom'],
  ghost: ['no-data'],
  hungry: ['under-provisioned'],
  'json-api': ['memory-headroom'],
  orders: ['memory-headroom'],
  'orders-v2': [],
  quiet: ['too-little-data'],
  worker: [],
};

let fake: FakeAws;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rightsize-scan-'));
});

beforeEach(async () => {
  fake = await startScanFleet(FLEET, NOW);
  vi.stubEnv('GITHUB_ACTIONS', '');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

afterAll(() => vi.restoreAllMocks());

const scan = (args: string[], env: NodeJS.ProcessEnv = {}) => runInProcess(['scan', '--quiet', ...args], { env: { ...fake.env, ...env } });
const kindsOf = (report: ScanReport) => Object.fromEntries(report.functions.map((f) => [f.name, f.findings.map((x) => x.kind)]));

describe('scan against the local endpoint', () => {
  it('flags each situation of a fleet from Logs Insights', async () => {
    const run = await scan(['--all', '-o', 'json']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(kindsOf(report)).toEqual(EXPECTED);
    expect(report).toMatchObject({ schemaVersion: 1, source: 'scan', region: 'us-east-1' });
    expect(fake.count('StartQuery')).toBe(2);
    expect(fake.count('GetFunctionConfiguration')).toBe(0);
  });

  it('keeps the functions of a shared log group apart', async () => {
    const run = await scan(['orders', 'orders-v2', '-o', 'json']);

    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.functions.map((f) => [f.name, f.logGroup, f.sizes.map((s) => [s.memoryMB, s.invocations])])).toEqual([
      ['orders', '/app/shared', [[1024, 80]]],
      ['orders-v2', '/app/shared', [[512, 80]]],
    ]);
    expect(fake.count('GetFunctionConfiguration')).toBe(2);
  });

  it('reads JSON-format logs through record.metrics', async () => {
    const run = await scan(['json-api', '-o', 'json']);

    const fn = (JSON.parse(run.stdout) as ScanReport).functions[0];
    expect(fn).toMatchObject({ logFormat: 'json', architecture: 'arm64', sizes: [{ memoryMB: 1024, invocations: 120, coldStarts: 1, maxMemoryUsedMB: 100 }] });
    expect(fn?.findings[0]?.suggestedMemoryMB).toBe(192);
  });

  it('reports a function without a log group as no data, never as OK', async () => {
    const run = await scan(['ghost']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ghost: no-data — log group \/aws\/lambda\/ghost does not exist/);
  });

  it('falls back to FilterLogEvents when Logs Insights is denied, through empty pages', async () => {
    fake.injectAccessDenied('StartQuery');
    fake.injectEmptyFilterPages(3);

    const run = await scan(['--all', '-o', 'json']);

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(kindsOf(report)).toEqual(EXPECTED);
    expect(report.warnings[0]).toMatch(/logs:StartQuery denied/);
    expect(report.functions.find((f) => f.name === 'api')?.source).toBe('filter-log-events');
    expect(fake.count('FilterLogEvents')).toBeGreaterThan(8);
  });

  it('reads with FilterLogEvents alone when asked (--filter-log-events), and says so', async () => {
    const run = await scan(['--all', '--filter-log-events', '-o', 'json']);

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(kindsOf(report)).toEqual(EXPECTED);
    expect(report.warnings[0]).toMatch(/^read REPORT records with FilterLogEvents \(--filter-log-events\), at most 100,000 per log group/);
    expect(report.functions.find((f) => f.name === 'api')?.source).toBe('filter-log-events');
    expect(fake.count('StartQuery')).toBe(0);
  });

  it.each([
    { case: '--max-slowdown 0.5', args: ['--max-slowdown', '0.5'], thresholds: { maxSlowdown: 0.5 } },
    { case: '--max-duration 250', args: ['--max-duration', '250'], thresholds: { maxSlowdown: 0.2, maxDurationMs: 250 } },
    { case: 'the defaults', args: [], thresholds: { headroom: 0.5, maxSlowdown: 0.2, minSaving: 0.1, minInvocations: 50 } },
    { case: '--min-saving 0.25', args: ['--min-saving', '0.25'], thresholds: { minSaving: 0.25 } },
  ])('reports the speed limit of $case in the thresholds', async ({ args, thresholds }) => {
    const run = await scan(['api', '-o', 'json', ...args]);

    expect((JSON.parse(run.stdout) as ScanReport).thresholds).toMatchObject(thresholds);
  });

  it('paginates ListFunctions for --all', async () => {
    seedFunctions(
      fake,
      Array.from({ length: 120 }, (_, i) => ({ name: `bulk-${String(i).padStart(3, '0')}`, memoryMB: 128 })),
      { fromMs: NOW - DAY, toMs: NOW },
    );

    const run = await scan(['--all', '--include', 'bulk-*', '-o', 'json']);

    expect((JSON.parse(run.stdout) as ScanReport).functions).toHaveLength(120);
    expect(fake.count('ListFunctions')).toBe(3);
  });
});

describe('scan in CI', () => {
  it('exits 1 with one line naming the findings --fail-on matches', async () => {
    const run = await scan(['--all', '--fail-on', 'memory-headroom,under-provisioned']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('lambda-rightsize: 4 new findings: memory-headroom (api, json-api, orders); under-provisioned (hungry)\n');
    expect(run.stdout).toMatch(/memory-headroom → 256 MB, up to \$[\d.]+\/month \(unverified\)/);
  });

  it('does not fail on unverified headroom with --fail-on over-provisioned', async () => {
    const run = await scan(['api', 'json-api', 'orders', '--fail-on', 'over-provisioned']);

    expect(run.code).toBe(0);
  });

  it('exits 0 when --fail-on matches nothing', async () => {
    const run = await scan(['worker', 'orders-v2', '--fail-on', 'any']);

    expect(run.code).toBe(0);
  });

  it('accepts the findings of a baseline and fails only on new ones', async () => {
    const baseline = join(dir, 'baseline.json');

    const written = await scan(['--all', '--write-baseline', baseline, '--fail-on', 'all']);
    const accepted = await scan(['--all', '--baseline', baseline, '--fail-on', 'all']);
    seedFunctions(fake, [{ name: 'fresh', memoryMB: 2048, reports: steady(100, 2048, 100, 200) }], { fromMs: NOW - 5 * DAY, toMs: NOW - DAY });
    const withNew = await scan(['--all', '--baseline', baseline, '--fail-on', 'all']);

    expect(written.code).toBe(0);
    expect(JSON.parse(await readFile(baseline, 'utf8'))).toMatchObject({
      schemaVersion: 1,
      findings: expect.arrayContaining([{ function: 'api', kind: 'memory-headroom' }]),
    });
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/api: memory-headroom \(known\)/);
    expect(withNew.code).toBe(1);
    expect(withNew.stderr).toBe('lambda-rightsize: 1 new finding: memory-headroom (fresh)\n');
  });

  it('refuses a --write-baseline path it could not write before scanning anything', async () => {
    const run = await scan(['--all', '--write-baseline', join(dir, 'no-such-dir', 'baseline.json')]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^lambda-rightsize: cannot write --write-baseline .*no-such-dir\/baseline\.json: ENOENT — check the folder exists and is writable\n$/,
    );
    expect(fake.count('StartQuery')).toBe(0);
  });

  it('writes GitHub Actions annotations to stderr and keeps stdout valid JSON', async () => {
    const run = await scan(['api', 'hungry', '-o', 'json'], { GITHUB_ACTIONS: 'true' });

    expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    expect(
      run.stderr
        .trimEnd()
        .split('\n')
        .map((l) => l.split(' ')[0]),
    ).toEqual(['::notice', '::error']);
    expect(run.stderr).toMatch(/^::notice title=api%3A memory-headroom::unverified: p99 max memory used/m);
  });

  it('prints a Markdown comment', async () => {
    const run = await scan(['api', 'worker', '-o', 'markdown']);

    expect(run.stdout).toMatch(/^### lambda-rightsize scan: us-east-1, last 14 d/);
    expect(run.stdout).toContain('| api | 1024 MB | 200 |');
  });
});

describe('scan interrupted', () => {
  it('stops its running queries and exits 130', async () => {
    fake.knobs.queryLatencyMs = 60_000;
    const controller = new AbortController();
    // Ctrl-C once both queries are running and polled: the scan knows both ids to stop.
    const polled = new Set<unknown>();
    fake.afterCall('GetQueryResults', 'each', (params) => {
      polled.add(params.queryId);
      if (polled.size === 2) controller.abort(new Error('SIGINT'));
    });

    const run = await runInProcess(['scan', '--quiet', '--all'], { env: fake.env, signal: controller.signal });

    expect(run.code).toBe(130);
    expect([...fake.queries.values()].map((q) => q.status)).toEqual(['Cancelled', 'Cancelled']);
  });
});

describe('scan errors', () => {
  it.each([
    { case: 'no function and no --all', args: [], message: /no function to scan/ },
    { case: 'a bad --since', args: ['--all', '--since', '14'], message: /--since takes a duration/ },
    { case: 'an unknown --fail-on kind', args: ['--all', '--fail-on', 'slow'], message: /unknown finding kind "slow"/ },
    {
      case: 'a missing baseline',
      args: ['--all', '--baseline', '/nonexistent/b.json'],
      message: /cannot read the baseline \/nonexistent\/b\.json: no such file/,
    },
    { case: '--concurrency over the account limit', args: ['--all', '--concurrency', '31'], message: /--concurrency must be a whole number from 1 to 30/ },
    { case: '--max-slowdown over 10', args: ['--all', '--max-slowdown', '11'], message: /--max-slowdown must be between 0 and 10, got "11"/ },
    { case: 'a --max-duration that is not a number', args: ['--all', '--max-duration', 'fast'], message: /--max-duration/ },
  ])('exits 2 for $case', async ({ args, message }) => {
    const run = await scan(args);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('exits 3 with the IAM action to allow when DescribeLogGroups is denied', async () => {
    fake.injectAccessDenied('DescribeLogGroups');

    const run = await scan(['api']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/access denied: logs:DescribeLogGroups on \/aws\/lambda\/api — allow logs:DescribeLogGroups/);
  });

  it('exits 3 for a function that does not exist', async () => {
    const run = await scan(['nope']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/function nope not found/);
  });

  it('reports one unknown name among several as not found and scans the rest', async () => {
    const run = await scan(['api', 'nope', 'worker', '-o', 'json']);

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(report.functions.map((f) => f.name)).toEqual(['api', 'worker']);
    expect(report.warnings).toContain('function nope not found in us-east-1: not scanned (check the name and --region)');
  });

  it('says which name was not found in the table too', async () => {
    const run = await scan(['nope', 'api']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/warning: function nope not found in us-east-1: not scanned/);
    expect(run.stdout).toMatch(/\bapi\b/);
  });

  it('refuses a corrupt baseline before querying anything', async () => {
    const baseline = join(dir, 'corrupt.json');
    await writeFile(baseline, '{"findings": 3}');

    const run = await scan(['--all', '--baseline', baseline]);

    expect(run.code).toBe(2);
    expect(fake.count('StartQuery')).toBe(0);
  });
});
