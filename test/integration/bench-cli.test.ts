/**
 * `bench` end to end, in-process: the CLI with real SDK clients reaching the local endpoint through
 * AWS_ENDPOINT_URL_LAMBDA. Every test checks what is left in the (fake) account afterwards.
 */
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../support/fake-aws/index.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';
import { runInProcess } from '../support/cli.js';
import type { Report } from '../../src/types.js';

const ROLE = 'arn:aws:iam::123456789012:role/bench-role';
// The slide's 2019 prices, and its column per 1000 runs.
const SLIDE_PRICES = ['--gb-second-price', '0.00001667', '--request-price', '0.0000002', '--per', '1000'];
const PREFIX = 'lambda-rightsize-bench-';
let fake: FakeAws;

beforeEach(async () => {
  // Two polls in Pending after CreateFunction, as a real new function has.
  fake = await startFakeAws({ activationPolls: 2 });
  // The SDK reads endpoints and credentials from process.env, not from the CLI context.
  for (const [key, value] of Object.entries(fake.env)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_PROFILE', '');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

const bench = (args: string[], signal?: AbortSignal) =>
  runInProcess(['bench', '--role', ROLE, '-m', '128,1024', '-n', '3', '-c', '2', ...args], { env: fake.env, signal });
const benchFunctions = (): string[] => [...fake.functions.keys()].filter((name) => name.startsWith(PREFIX));
const benchLogGroups = (): string[] =>
  fake
    .logGroups()
    .map((g) => g.name)
    .filter((name) => name.startsWith(`/aws/lambda/${PREFIX}`));
const createCalls = (): CallRecord[] => fake.callsOf('CreateFunction');
/** DeleteFunction calls for whole functions (tune's own version deletions carry a Qualifier). */
const wholeDeletes = (): string[] =>
  fake
    .callsOf('DeleteFunction')
    .filter((c) => c.params.Qualifier === undefined)
    .map((c) => String(c.params.FunctionName));

describe('bench against the local endpoint', () => {
  it('creates each function with the runtime, handler, architecture, tags and the workload zip', async () => {
    const run = await bench(['prime-sieve', '--arch', 'x86_64,arm64', '--yes', '-o', 'json']);

    expect(run.code).toBe(0);
    const creates = createCalls();
    expect(creates.map((c) => c.params)).toMatchObject([
      { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Architectures: ['x86_64'], Tags: { 'lambda-rightsize:bench': expect.any(String) } },
      { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Architectures: ['arm64'], Tags: { 'lambda-rightsize:workload': 'prime-sieve' } },
    ]);
    for (const call of creates) {
      expect(String(call.params.FunctionName)).toMatch(/^lambda-rightsize-bench-prime-sieve-(x86_64|arm64)-[0-9a-z]{8}$/);
      const zip = Buffer.from(String((call.params.Code as { ZipFile: string }).ZipFile), 'base64');
      const files = unzipSync(new Uint8Array(zip));
      expect(Object.keys(files)).toEqual(['index.mjs']);
      expect(Buffer.from(files['index.mjs']!).toString('utf8')).toBe(await readFile('benchmarks/workloads/prime-sieve/index.mjs', 'utf8'));
    }
    const reports = JSON.parse(run.stdout) as Report[];
    expect(reports.map((r) => [r.source, r.function.name, r.function.architecture, r.results.map((s) => s.memoryMB)])).toEqual([
      ['bench', 'prime-sieve', 'x86_64', [128, 1024]],
      ['bench', 'prime-sieve', 'arm64', [128, 1024]],
    ]);
    expect(reports.every((r) => r.results.every((s) => s.invocations === 3))).toBe(true);
    expect(benchFunctions()).toEqual([]);
    expect(wholeDeletes().toSorted()).toEqual(creates.map((c) => String(c.params.FunctionName)).toSorted());
    // Its log groups were created up front (tagged, expiring) and are gone with the functions.
    expect(fake.callsOf('CreateLogGroup').map((c) => c.params.logGroupName)).toEqual(creates.map((c) => `/aws/lambda/${String(c.params.FunctionName)}`));
    expect(fake.callsOf('PutRetentionPolicy').map((c) => c.params.retentionInDays)).toEqual([1, 1]);
    expect(benchLogGroups()).toEqual([]);
  });

  it("reproduces the slide's shape when the function behaves like its prime sieve", async () => {
    // The slide's 1024 MB run took 1.466 s; single-threaded, that is 848.6 ms of one full vCPU (1,769 MB).
    fake.afterCall('CreateFunction', 1, () => {
      fake.setWork(String(createCalls()[0]!.params.FunctionName), { cpuMs: (1465.984 * 1024) / 1769, threads: 1, initMs: 150 });
    });
    const run = await runInProcess(
      ['bench', 'prime-sieve', '--role', ROLE, '-m', '128,256,512,1024', '-n', '5', '--yes', '--quiet', '-o', 'json', ...SLIDE_PRICES],
      { env: fake.env },
    );

    const [report] = JSON.parse(run.stdout) as Report[];
    const bySize = new Map(report!.results.map((r) => [r.memoryMB, r]));
    const speedup = bySize.get(128)!.durationMs!.mean / bySize.get(1024)!.durationMs!.mean;
    expect(speedup).toBeCloseTo(8, 1);
    // Same money at 128 and 1024 MB: the slide's $0.024628 and $0.024638 per 1000 runs.
    expect(bySize.get(128)!.costUSD!.perUnit).toBeCloseTo(0.02463, 3);
    expect(bySize.get(1024)!.costUSD!.perUnit).toBeCloseTo(0.02463, 3);
  });

  it("searches each function's memory range with --search, as tune does without --memory", async () => {
    const run = await runInProcess(['bench', '--role', ROLE, 'prime-sieve', '--search', '--strategy', 'speed', '--yes', '--quiet', '-o', 'json'], {
      env: fake.env,
    });

    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout) as Report[];
    expect(report!.search).toMatchObject({ method: expect.any(String), range: { minMB: 128, maxMB: 10_240 } });
    expect(report!.results.map((r) => r.memoryMB)).toContain(report!.recommendation!.memoryMB);
    expect(benchFunctions()).toEqual([]);
  });

  it('prints nothing but the results with --quiet --yes', async () => {
    const run = await bench(['io-wait', '--yes', '--quiet']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^io-wait · x86_64 · us-east-1/);
  });

  it('waits for Active before invoking', async () => {
    await bench(['io-wait', '--yes', '--quiet']);

    const ops = fake.calls.map((c) => c.operation);
    const firstInvoke = ops.indexOf('Invoke');
    expect(ops.slice(0, firstInvoke).filter((op) => op === 'GetFunctionConfiguration').length).toBeGreaterThanOrEqual(3);
  });

  it('prints the architectures side by side in the table', async () => {
    const run = await bench(['prime-sieve', '--arch', 'x86_64,arm64', '--yes', '--quiet']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^prime-sieve · x86_64 vs arm64 · us-east-1/);
    expect(run.stdout).toMatch(/arm64 vs x86_64/);
    expect(run.stdout.split('\n').filter((line) => /^(128|1024)\s/.test(line))).toHaveLength(2);
  });

  it('fits the side-by-side table into an 80-column terminal', async () => {
    const run = await runInProcess(['bench', '--role', ROLE, '-m', '128,1024', '-n', '3', 'prime-sieve', '--arch', 'x86_64,arm64', '--yes', '--quiet'], {
      env: { ...fake.env, COLUMNS: '80' },
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/arm64 vs x86_64/);
    expect(Math.max(...run.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
  });

  it('retries while the role cannot be assumed yet, and says so', async () => {
    fake.injectRoleNotReady(1);
    const run = await bench(['io-wait', '--yes']);

    expect(run.code).toBe(0);
    expect(createCalls()).toHaveLength(2);
    expect(run.stderr).toMatch(/role became usable after 1 retries/);
    expect(benchFunctions()).toEqual([]);
  });

  it('deletes the function and exits 3 when measuring fails', async () => {
    fake.injectAccessDenied('Invoke');
    const run = await bench(['io-wait', '--yes', '--quiet']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/lambda:InvokeFunction/);
    expect(createCalls()).toHaveLength(1);
    expect(benchFunctions()).toEqual([]);
    expect(benchLogGroups()).toEqual([]);
  });

  it('deletes what it created when a later CreateFunction is denied, and names iam:PassRole', async () => {
    fake.afterCall('CreateFunction', 1, () => fake.injectAccessDenied('CreateFunction'));
    const run = await bench(['prime-sieve', '--arch', 'x86_64,arm64', '--yes', '--quiet']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/iam:PassRole on arn:aws:iam::123456789012:role\/bench-role/);
    expect(benchFunctions()).toEqual([]);
    expect(wholeDeletes()).toHaveLength(2);
  });

  it('deletes what it created and exits 130 when interrupted mid-run', async () => {
    const controller = new AbortController();
    fake.afterCall('Invoke', 1, () => controller.abort(new Error('SIGINT')));
    const run = await bench(['prime-sieve', 'io-wait', '--yes'], controller.signal);

    expect(run.code).toBe(130);
    expect(createCalls()).toHaveLength(1);
    expect(benchFunctions()).toEqual([]);
    expect(run.stdout).toBe('');
  });

  it('creates nothing on a dry run and prints the plan on stdout', async () => {
    const run = await bench(['prime-sieve', 'io-wait', '--arch', 'arm64,x86_64', '--dry-run']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/4 function\(s\)/);
    expect(run.stdout).toMatch(/lambda-rightsize-bench-io-wait-arm64-/);
    expect(run.stdout).toMatch(/cost at most \$/);
    expect(fake.calls).toEqual([]);
  });

  it.each(['bench', 'cleanup'])("does not speak of an ARN's region in `%s --help` (it takes no function ARN)", async (command) => {
    const run = await runInProcess([command, '--help']);

    // commander wraps the help to the terminal: compare it as one line.
    expect(run.stdout.replace(/\s+/g, ' ')).toMatch(/--region <region> AWS region \(default: AWS_REGION, AWS_DEFAULT_REGION, the profile's\)/);
    expect(run.stdout).not.toMatch(/ARN's/);
  });

  it('prints one progress line per size, not per invocation, when stderr is no terminal', async () => {
    const run = await runInProcess(['bench', 'io-wait', '--role', ROLE, '-m', '128,1024', '-n', '20', '-c', '2', '--yes'], { env: fake.env });

    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/\d+\/20 invocations/);
    expect(run.stderr.match(/^ {2}\d+ MB: done \(20 measured\)$/gm)).toHaveLength(2);
  });

  it('removes the tune run marker from each function it measured without a warning', async () => {
    // bench's liveness marker and tune's run marker share a function: removing its own tune marker
    // is no news, and must never read as the marker naming another run.
    const run = await runInProcess(['bench', 'io-wait', '--role', ROLE, '-m', '128,1024', '-n', '3', '--arch', 'x86_64,arm64', '--yes'], { env: fake.env });

    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/names another run|warning/);
    const markerRemovals = fake.callsOf('UntagResource').filter((call) => JSON.stringify(call.params).includes('lambda-rightsize:tune-run'));
    expect(markerRemovals).toHaveLength(2);
  });

  it('prints the plan of a dry run without --role, and still needs --role to create anything', async () => {
    const dry = await runInProcess(['bench', 'prime-sieve', '--dry-run'], { env: fake.env });
    const live = await runInProcess(['bench', 'prime-sieve', '--yes'], { env: fake.env });

    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/cost at most \$/);
    expect(live.code).toBe(2);
    expect(live.stderr.trim().split('\n').at(-1)).toMatch(
      /^lambda-rightsize: bench needs --role: the execution role of the functions it creates — pass --role arn:aws:iam::<account>:role\/<name>/,
    );
    expect(fake.calls).toEqual([]);
  });

  it.each([
    { case: 'a misspelled workload', args: ['prime-seive', '--yes'], message: /unknown workload "prime-seive" — did you mean prime-sieve\?/ },
    {
      case: 'a memory size with a thousands separator',
      args: ['prime-sieve', '--memory', '1,024', '--yes'],
      message: /"1,024" reads as two sizes, because commas separate sizes: write 1024/,
    },
    { case: 'a plan above --budget', args: ['prime-sieve', '--yes', '--budget', '0.0001'], message: /above --budget/ },
    { case: 'no --yes without a terminal', args: ['prime-sieve'], message: /needs confirmation.*--yes/ },
    { case: 'an unknown workload', args: ['fibonacci', '--yes'], message: /unknown workload "fibonacci".*prime-sieve/ },
    { case: 'an unknown architecture', args: ['prime-sieve', '--arch', 'x86_64,sparc', '--yes'], message: /unknown architecture "sparc"/ },
    { case: 'a role that is not a role ARN', args: ['prime-sieve', '--role', 'bench-role', '--yes'], message: /--role must be an IAM role ARN/ },
    { case: 'a runtime that is not Node.js', args: ['prime-sieve', '--runtime', 'python3.13', '--yes'], message: /not a Node\.js Lambda runtime/ },
    { case: 'invalid --payload JSON', args: ['prime-sieve', '--payload', '{limit:', '--yes'], message: /--payload is not valid JSON/ },
  ])('refuses $case with exit 2, creating nothing', async ({ args, message }) => {
    const run = await bench(args);

    expect(run.code).toBe(2);
    // The plan may come first (it is what the budget and the question are about); the error is one line.
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(createCalls()).toEqual([]);
  });

  it('keeps the functions with --keep, for cleanup to delete', async () => {
    const run = await bench(['io-wait', '--yes', '--keep', '--quiet']);

    expect(run.code).toBe(0);
    const [kept] = benchFunctions();
    expect(kept).toBeDefined();
    expect(run.stderr).toMatch(new RegExp(`kept ${kept} and its log group /aws/lambda/${kept}`));
    expect(fake.getFunction(kept!)!.config.Runtime).toBe('nodejs22.x');
    expect(benchLogGroups()).toEqual([`/aws/lambda/${kept}`]);

    const cleanup = await runInProcess(['cleanup', '--yes'], { env: fake.env });
    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toMatch(new RegExp(`function ${kept}`));
    expect(cleanup.stdout).toMatch(new RegExp(`log group /aws/lambda/${kept} \\(bench run`));
    expect(benchFunctions()).toEqual([]);
    expect(benchLogGroups()).toEqual([]);
  });

  it('says what --keep kept when the run fails', async () => {
    fake.injectAccessDenied('Invoke');
    const run = await bench(['io-wait', '--yes', '--keep', '--quiet']);

    expect(run.code).toBe(3);
    const [kept] = benchFunctions();
    expect(run.stderr).toMatch(new RegExp(`^kept ${kept} and its log group /aws/lambda/${kept} \\(--keep\\)`, 'm'));
  });

  it('sends {} by default, so each handler uses its own default payload', async () => {
    await bench(['io-wait', '--yes', '--quiet']);

    expect(new Set(fake.callsOf('Invoke').map((c) => JSON.stringify(c.params.Payload)))).toEqual(new Set(['{}']));
  });

  it('sends the --payload to every invocation', async () => {
    await bench(['prime-sieve', '--payload', '{"limit":100,"repeat":1}', '--yes', '--quiet']);

    const payloads = fake.callsOf('Invoke').map((c) => c.params.Payload);
    expect(payloads).toEqual(Array.from({ length: 6 }, () => ({ limit: 100, repeat: 1 })));
  });
});
