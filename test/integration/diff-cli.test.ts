/**
 * `diff` end to end: fixture repositories built here with the real git (a base commit on main, the
 * change on a branch), one per infrastructure format; the local endpoint's fleet with history and
 * Lambda Insights data generated from the endpoint's own execution model, so each projection is
 * checked against what the endpoint would have measured at the new size.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DiffChange, DiffReport } from '../../src/diff/types.js';
import { runInProcess } from '../support/cli.js';
import { steadyState } from '../support/fake-aws/steady-state.js';
import type { FakeAws } from '../support/fake-aws/index.js';
import { DEFAULT_WORK, type WorkModel } from '../support/fake-aws/types.js';
import { fixtureRepo, type FixtureRepo, type Tree } from '../support/git-repo.js';
import { steadyReports } from '../support/insights/generate.js';
import { startScanFleet } from '../support/insights/fleet.js';
import type { SeededFunction } from '../support/insights/seed.js';

const NOW = Date.now();
const IAC = new URL('../fixtures/iac/', import.meta.url).pathname;
const fixture = (path: string) => readFileSync(join(IAC, path), 'utf8');

/** Waits on the network: 12 ms of CPU (at one vCPU) in about 260 ms. */
const IO_BOUND: WorkModel = { ...DEFAULT_WORK, cpuMs: 12, ioMs: 250, threads: 1, jitter: 0 };
/** All CPU, one thread. */
const CPU_BOUND: WorkModel = { ...DEFAULT_WORK, cpuMs: 800, ioMs: 0, threads: 1, jitter: 0 };
/** Half and half, measured at two sizes (no Lambda Insights). */
const MIXED: WorkModel = { ...DEFAULT_WORK, cpuMs: 300, ioMs: 100, threads: 1, jitter: 0 };

const at = (work: WorkModel, memoryMB: number) => steadyState(work, memoryMB).meanMs;
const reports = (n: number, work: WorkModel, memoryMB: number) => steadyReports(n, { memoryMB, minUsedMB: 90, maxUsedMB: 120, durationMs: at(work, memoryMB) });

const FLEET: SeededFunction[] = [
  {
    name: 'orders-ApiFunction-1A2B3C4D5E6F',
    memoryMB: 1769,
    reports: reports(200, IO_BOUND, 1769),
    insightsCpuMs: IO_BOUND.cpuMs,
    tags: { 'aws:cloudformation:logical-id': 'ApiFunction', 'aws:cloudformation:stack-name': 'orders' },
  },
  { name: 'billing-prod-invoice', memoryMB: 1024, reports: reports(200, CPU_BOUND, 1024), insightsCpuMs: CPU_BOUND.cpuMs },
  { name: 'image-resize', memoryMB: 3008, reports: [...reports(100, MIXED, 1024), ...reports(200, MIXED, 3008)] },
  { name: 'OrdersStack-OrdersHandler1A2B3C4D-Q1W2E3R4T5Y6', memoryMB: 2048, reports: reports(200, MIXED, 2048) },
  { name: 'thumbnailer', memoryMB: 2048, reports: reports(200, IO_BOUND, 2048) },
  // Named by a parameter: only its CloudFormation tags tie it to its declaration.
  {
    name: 'prod-payments',
    memoryMB: 1024,
    reports: reports(200, IO_BOUND, 1024),
    insightsCpuMs: IO_BOUND.cpuMs,
    tags: { 'aws:cloudformation:logical-id': 'PaymentsFn', 'aws:cloudformation:stack-name': 'payments' },
  },
];

let fake: FakeAws;
let repos: FixtureRepo[] = [];

beforeEach(async () => {
  fake = await startScanFleet(FLEET, NOW);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const r of repos) r.remove();
  repos = [];
  await fake.close();
});

function repo(base: Tree, change: Tree, options: { commit?: boolean } = {}): FixtureRepo {
  const r = fixtureRepo(base, change, options);
  repos.push(r);
  return r;
}

const diff = (dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  runInProcess(['diff', '--quiet', '--source', dir, ...args], { env: { ...fake.env, GITHUB_ACTIONS: '', CI: '', GITHUB_BASE_REF: '', ...env } });
const json = async (dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
  const run = await diff(dir, ['-o', 'json', ...args], env);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as DiffReport;
};
const only = (report: DiffReport): DiffChange => {
  expect(report.changes).toHaveLength(1);
  return report.changes[0] as DiffChange;
};
const ratio = (r: { before: number | null; after: number | null }) => (r.after as number) / (r.before as number);

describe("diff projects each format's memory change from the function's history", () => {
  it('SAM: an I/O-bound function cut to a third of its memory gets about two thirds cheaper and barely slower', async () => {
    const sam = fixture('sam/template.yaml');
    const r = repo({ 'template.yaml': sam }, { 'template.yaml': sam.replace('MemorySize: 1769', 'MemorySize: 590') });

    const change = only(await json(r.dir));

    expect(change).toMatchObject({
      function: 'orders-ApiFunction-1A2B3C4D5E6F',
      kind: 'memory',
      file: 'template.yaml',
      line: 17,
      memoryMB: { before: 1769, after: 590 },
    });
    expect(change.evidence.basis).toBe('lambda-insights');
    expect(change.measured).toMatchObject({ memoryMB: 1769, invocations: 200, coldStarts: 1 });
    expect(change.measured?.invocationsPerDay).toBeCloseTo(200 / 14, 5);
    expect(change.measured?.cpuShare).toBeCloseTo(IO_BOUND.cpuMs / at(IO_BOUND, 1769), 2);
    expect(ratio(change.monthlyCostUSD)).toBeGreaterThan(0.3);
    expect(ratio(change.monthlyCostUSD)).toBeLessThan(0.4);
    expect(ratio(change.durationMs)).toBeLessThan(1.1);
    expect(change.durationMs.after).toBeCloseTo(at(IO_BOUND, 590), -1);
    expect(change.durationMs.low).toBeLessThanOrEqual(at(IO_BOUND, 590));
    expect(change.durationMs.high).toBeGreaterThanOrEqual(at(IO_BOUND, 590));
    // Less than 10 % slower: well within --max-slowdown, so not flagged.
    expect(change).toMatchObject({ verdict: 'cheaper-but-slower', flags: [] });
  });

  it('Serverless: a CPU-bound function halved gets about twice as slow for about the same money', async () => {
    const sls = fixture('serverless/serverless.yml');
    const r = repo({ 'serverless.yml': sls }, { 'serverless.yml': sls.replace('memorySize: 1024', 'memorySize: 512') });

    const change = only(await json(r.dir));

    expect(change).toMatchObject({
      function: 'billing-prod-invoice',
      tool: 'serverless',
      memoryMB: { before: 1024, after: 512 },
      verdict: 'slower',
      flags: ['slower'],
    });
    expect(ratio(change.durationMs)).toBeCloseTo(2, 1);
    expect(ratio(change.monthlyCostUSD)).toBeCloseTo(1, 1);
    expect(Math.abs((change.p95Ms.after as number) / at(CPU_BOUND, 512) - 1)).toBeLessThan(0.02);
  });

  it('CloudFormation: durations at two sizes project a third size as the endpoint runs it', async () => {
    const cfn = fixture('cloudformation/stack.json');
    const r = repo({ 'stack.json': cfn }, { 'stack.json': cfn.replace('"MemorySize": 3008', '"MemorySize": 1536') });

    const change = only(await json(r.dir));

    expect(change).toMatchObject({ function: 'image-resize', tool: 'cloudformation', evidence: { basis: 'memory-sizes' } });
    expect(Math.abs((change.durationMs.after as number) / at(MIXED, 1536) - 1)).toBeLessThan(0.02);
  });

  it('CDK: without duration evidence the duration is unknown and the cost at an unchanged duration is a lower bound', async () => {
    const cdk = fixture('cdk/cdk.out/OrdersStack.template.json');
    const r = repo(
      { 'cdk.out/OrdersStack.template.json': cdk },
      { 'cdk.out/OrdersStack.template.json': cdk.replace('"MemorySize": 2048', '"MemorySize": 1024') },
    );

    const change = only(await json(r.dir));

    expect(change).toMatchObject({ function: 'OrdersStack-OrdersHandler1A2B3C4D-Q1W2E3R4T5Y6', tool: 'cdk', verdict: 'unknown', evidence: { basis: 'none' } });
    expect(change.durationMs).toMatchObject({ after: null, high: null, low: change.durationMs.before });
    expect(change.monthlyCostUSD.after).toBeNull();
    expect(ratio({ before: change.monthlyCostUSD.before, after: change.monthlyCostUSD.low })).toBeCloseTo(0.5, 1);
    expect(change.message).toMatch(
      /the duration at 1024 MB is unknown \(no Lambda Insights, durations at one memory size\); at an unchanged duration \$[\d.]+\/month, a lower bound/,
    );
  });

  it('Terraform: an architecture change is priced, its duration left unknown, and an undeployed change says so', async () => {
    const tf = fixture('terraform/main.tf');
    const head = tf
      .replace('  memory_size = 2048', '  architectures = ["arm64"]\n  memory_size = 2048')
      .replace('memory_size   = 1536', 'memory_size   = 3072');
    const r = repo({ 'main.tf': tf }, { 'main.tf': head });

    const report = await json(r.dir);

    expect(report.changes.map((c) => [c.function, c.kind])).toEqual([
      ['thumbnailer', 'architecture'],
      ['mailer', 'memory'],
    ]);
    expect(report.changes[0]?.message).toMatch(/^x86_64 → arm64: duration on arm64 unknown without a measurement; at an unchanged duration/);
    expect(report.changes[1]?.notes).toContain('no deployed function matches mailer');
  });
});

describe('diff maps a change to its deployed function as scan does', () => {
  it('by the CloudFormation tags when the name is a parameter', async () => {
    const template = (memory: number) =>
      `Resources:\n  PaymentsFn:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: !Sub '\${Stage}-payments'\n      MemorySize: ${memory}\n`;
    const r = repo({ 'payments.yaml': template(1024) }, { 'payments.yaml': template(512) });

    const change = only(await json(r.dir));

    expect(change).toMatchObject({ function: 'prod-payments', resource: 'PaymentsFn', line: 6, evidence: { basis: 'lambda-insights' } });
    expect(fake.count('ListTags')).toBe(FLEET.length);
  });
});

describe('diff without AWS', () => {
  it('makes no AWS call for a diff with no memory change', async () => {
    const sam = fixture('sam/template.yaml');
    const r = repo({ 'template.yaml': sam }, { 'template.yaml': sam.replace('Timeout: 10', 'Timeout: 20') });

    const run = await diff(r.dir);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/: no Lambda memory change\n$/);
    expect(fake.calls).toHaveLength(0);
  });

  it('prices a new function per 1M invocations without any AWS call', async () => {
    const tf = fixture('terraform/main.tf');
    const added = 'resource "aws_lambda_function" "fresh" {\n  function_name = "fresh"\n  memory_size   = 512\n}\n';
    const r = repo({ 'main.tf': tf }, { 'new.tf': added });

    const change = only(await json(r.dir));

    expect(change).toMatchObject({ kind: 'added', verdict: 'new', memoryMB: { before: null, after: 512 } });
    expect(change.message).toMatch(/^new function at 512 MB x86_64: \$[\d.]+ per 1M invocations of 100 ms/);
    expect(fake.calls).toHaveLength(0);
  });

  it('reads --history replay files instead of CloudWatch', async () => {
    const sam = fixture('sam/template.yaml');
    const r = repo(
      { 'template.yaml': sam.replace('MemorySize: 1769', 'MemorySize: 1024') },
      { 'template.yaml': sam.replace('MemorySize: 1769', 'MemorySize: 768') },
    );
    const log = new URL('../../benchmarks/recordings/prime-sieve.log', import.meta.url).pathname;

    const change = only(await json(r.dir, ['--history', `ApiFunction=${log}`, '--min-invocations', '20']));

    expect(change).toMatchObject({ function: 'ApiFunction', evidence: { basis: 'memory-sizes' }, monthlyCostUSD: { before: null } });
    // prime-sieve is CPU-bound: 1024 → 768 MB is up to 4/3 the duration.
    expect(ratio(change.durationMs)).toBeGreaterThan(1.2);
    expect(ratio(change.durationMs)).toBeLessThan(4 / 3 + 0.01);
    expect(fake.calls).toHaveLength(0);
  });
});

describe('diff outputs', () => {
  const changed = () => {
    const sls = fixture('serverless/serverless.yml');
    return repo({ 'serverless.yml': sls }, { 'serverless.yml': sls.replace('memorySize: 1024', 'memorySize: 512') });
  };

  it('writes the fields the JSON contract lists', async () => {
    const change = only(await json(changed().dir));

    for (const key of ['function', 'file', 'line', 'memoryMB', 'monthlyCostUSD', 'durationMs', 'p95Ms', 'evidence', 'verdict'])
      expect(change).toHaveProperty(key);
    for (const key of ['monthlyCostUSD', 'durationMs', 'p95Ms'] as const) expect(Object.keys(change[key])).toEqual(['before', 'after', 'low', 'high']);
  });

  it('writes a pull-request comment with one linked row per change and a one-line total', async () => {
    const run = await diff(changed().dir, ['-o', 'markdown'], { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc' });

    expect(run.stdout).toMatch(/^### lambda-rightsize diff against main \([0-9a-f]{7}\)\n\n\*\*1 change: \\\$[\d.]+ → \\\$[\d.]+ a month/);
    expect(run.stdout).toContain('| [billing-prod-invoice](https://github.com/o/r/blob/abc/serverless.yml#L13) | 1024 → 512 |');
  });

  it('annotates the changed line and appends the comment to the job summary in GitHub Actions', async () => {
    const r = changed();
    const summary = join(r.dir, 'summary.md');

    const run = await diff(r.dir, ['--fail-on', 'slower'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^::warning file=serverless\.yml,line=13,title=billing-prod-invoice%3A slower \(slower\)::cost\/month/m);
    expect(run.stderr).toMatch(/^lambda-rightsize: 1 change flagged: billing-prod-invoice \(slower\)/m);
    expect(await readFile(summary, 'utf8')).toMatch(/^### lambda-rightsize diff against main/);
  });

  it("compares with the pull request's target branch in GitHub Actions", async () => {
    const r = changed();
    r.git('branch', 'release', 'main');
    r.git('checkout', '-q', 'release');
    r.git('commit', '-q', '--allow-empty', '-m', 'release only');
    r.git('checkout', '-q', 'feature');

    const report = await json(r.dir, [], { GITHUB_BASE_REF: 'release' });

    expect(report.base.ref).toBe('release');
    expect(report.base.commit).toBe(r.git('merge-base', 'feature', 'release').trim());
  });

  it('passes --fail-on dearer when the change is only slower', async () => {
    const run = await diff(changed().dir, ['--fail-on', 'dearer']);

    expect(run.code).toBe(0);
  });
});

describe('diff refuses with one line and exit 2', () => {
  it.each([
    { case: 'a folder outside any git repository', setup: () => ({ dir: outside(), args: [] }), stderr: /^lambda-rightsize: .* is not in a git repository — / },
    {
      case: 'an unknown ref',
      setup: () => ({ dir: changedDir(), args: ['--base', 'no-such-branch'] }),
      stderr: /^lambda-rightsize: unknown git ref "no-such-branch" — /,
    },
    {
      case: 'an unparseable template',
      setup: () => ({
        dir: repo(
          { 'stack.json': fixture('cloudformation/stack.json') },
          { 'stack.json': fixture('cloudformation/stack.json').replace('"Timeout": 30', '"Timeout": 30,') },
        ).dir,
        args: [],
      }),
      stderr: /^lambda-rightsize: stack\.json: not valid JSON \(.*\) — fix the file/,
    },
    {
      case: 'a shallow clone without the merge base',
      setup: () => {
        const source = changedDir();
        // The remote's HEAD is its default branch, as on GitHub.
        execFileSync('git', ['-C', source, 'checkout', '-q', 'main']);
        const dir = outside();
        execFileSync('git', ['clone', '-q', '--depth', '1', '--no-single-branch', '--branch', 'feature', `file://${source}`, dir]);
        return { dir, args: [] };
      },
      stderr: /^lambda-rightsize: HEAD and origin\/main have no merge base here — pass --base <ref>; in GitHub Actions, check out with `fetch-depth: 0`/,
    },
    {
      case: 'a --history file that is not there, even without a change that needs it',
      setup: () => ({ dir: repo({ 'main.tf': fixture('terraform/main.tf') }, {}, { commit: false }).dir, args: ['--history', 'api=nowhere.log'] }),
      stderr: /^lambda-rightsize: --history nowhere\.log: no such file — /,
    },
  ])('$case', async ({ setup, stderr }) => {
    const { dir, args } = setup();

    const run = await diff(dir, args);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  function outside(): string {
    const dir = mkdtempSync(join(tmpdir(), 'rightsize-no-git-'));
    repos.push({ dir, remove: () => rmSync(dir, { recursive: true, force: true }) } as FixtureRepo);
    return dir;
  }

  function changedDir(): string {
    const tf = fixture('terraform/main.tf');
    return repo({ 'main.tf': tf }, { 'main.tf': tf.replace('2048', '1024') }).dir;
  }
});
