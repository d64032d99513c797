import { describe, expect, it } from 'vitest';
import type { BenchFunctionInfo, BenchGateway } from '../../../src/bench/ports.js';
import { findLeftovers, renderLeftovers, runCleanup, type CleanupDeps } from '../../../src/cleanup/index.js';
import type { LogGroupListing } from '../../../src/bench/ports.js';
import type { AliasDescription, FunctionConfiguration, LambdaGateway, TuneMarks, VersionDescription } from '../../../src/tune/index.js';
import { encodeRunMarker, RUN_MARKER_TAG } from '../../../src/tune/marks.js';
import { BENCH_MARKER_TAG, encodeBenchMarker } from '../../../src/bench/naming.js';
import { AwsError, UsageError } from '../../../src/errors.js';

const BENCH = 'lambda-rightsize-bench-prime-sieve-x86_64-run00001';
const UNTAGGED = 'lambda-rightsize-bench-look-alike-arm64-zzzzzzzz';

/** Marks for the tests: aliases and versions whose description starts with "tune:". */
const marks: TuneMarks = {
  isTuneAlias: (a) => a.description.startsWith('tune:'),
  isTuneVersion: (v) => v.description.startsWith('tune:'),
};

/** The bench gateway and tune's version/alias calls in one fake, so a test sees every deletion in order. */
class FakeGateway implements BenchGateway {
  functions: BenchFunctionInfo[] = [
    { name: BENCH, arn: 'arn:1', tags: { 'lambda-rightsize:bench': 'run00001' } },
    { name: UNTAGGED, arn: 'arn:2', tags: { team: 'x' } },
  ];
  aliases: AliasDescription[] = [
    { name: 'rightsize-512', version: '8', description: 'tune: 512 MB' },
    { name: 'live', version: '3', description: 'production' },
  ];
  versions: VersionDescription[] = [
    { version: '3', description: 'tune: 256 MB' },
    { version: '7', description: 'release 7' },
    { version: '8', description: 'tune: 512 MB' },
  ];
  readonly calls: string[] = [];
  failOn?: string;
  memoryMB = 1024;
  codeSha256 = 'sha-1';
  tags: Record<string, string> = {};
  groups: LogGroupListing[] = [
    { name: `/aws/lambda/${BENCH}`, tags: { 'lambda-rightsize:bench': 'run00001' } },
    { name: `/aws/lambda/${UNTAGGED}`, tags: {} },
  ];

  /** The parts of tune's gateway cleanup uses; the rest is never called. */
  asLambda(): LambdaGateway {
    const config = (): FunctionConfiguration => ({
      name: 'orders-api',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-api',
      region: 'us-east-1',
      memoryMB: this.memoryMB,
      architecture: 'x86_64',
      timeoutS: 30,
      state: 'Active',
      lastUpdateStatus: 'Successful',
      revisionId: 'rev-1',
      codeSha256: this.codeSha256,
      logFormat: 'text',
      logGroup: '/aws/lambda/orders-api',
    });
    const unused = async (): Promise<never> => Promise.reject(new Error('not used'));
    return {
      getConfiguration: async () => config(),
      waitUntilUpdated: async () => config(),
      setMemory: async (_fn, memoryMB) => {
        this.record(`memory ${memoryMB}`);
        this.memoryMB = memoryMB;
        return { revisionId: 'rev-2' };
      },
      listTags: async () => ({ ...this.tags }),
      tagFunction: unused,
      untagFunction: async (_arn, keys) => {
        this.record(`untag ${keys.join(',')}`);
      },
      publishVersion: unused,
      createAlias: unused,
      invoke: unused,
      listVersions: this.listVersions,
      listAliases: this.listAliases,
      deleteAlias: this.deleteAlias,
      deleteVersion: this.deleteVersion,
    };
  }

  createFunction = async () => Promise.reject(new Error('not used'));
  tagFunction = async () => Promise.reject(new Error('not used'));
  untagFunction = async () => Promise.reject(new Error('not used'));
  waitUntilActive = async () => undefined;
  region = async () => 'us-east-1';
  listPrefixedFunctions = async () => this.functions;
  listVersions = async () => this.versions;
  listAliases = async () => this.aliases;
  private record(call: string): 'deleted' {
    this.calls.push(call);
    if (this.failOn === call) throw new AwsError('access denied');
    return 'deleted';
  }
  deleteFunction = async (name: string) => this.record(`function ${name}`);
  deleteAlias = async (fn: string, alias: string) => this.record(`alias ${fn}:${alias}`);
  deleteVersion = async (fn: string, version: string) => this.record(`version ${fn}:${version}`);
}

function deps(gateway: FakeGateway, extra: Partial<CleanupDeps> = {}): CleanupDeps {
  const logGroups = {
    create: async () => 'created' as const,
    delete: async (name: string) => gateway.deleteFunction(`log group ${name}`).then(() => 'deleted' as const),
    listPrefixed: async () => gateway.groups,
  };
  return { gateway, logGroups, lambda: gateway.asLambda(), tuneMarks: marks, ...extra };
}

/** A killed run (run00007) that had 1024 MB → left it at 256 MB. */
function killed(gateway: FakeGateway, memoryMB = 256): FakeGateway {
  gateway.tags = {
    [RUN_MARKER_TAG]: encodeRunMarker({
      runId: 'run00007',
      originalMemoryMB: 1024,
      codeSha256: 'sha-1',
      sizes: [256, 2048],
      startedAt: '2026-12-01T08:00:00Z',
    }),
  };
  gateway.memoryMB = memoryMB;
  return gateway;
}

describe('findLeftovers', () => {
  it('finds bench functions and log groups only when they have both the prefix and the tag', async () => {
    const found = await findLeftovers({ yes: true, dryRun: false }, deps(new FakeGateway()));
    expect(found.plans).toEqual([
      expect.objectContaining({ functions: [{ name: BENCH, runId: 'run00001', logGroup: `/aws/lambda/${BENCH}` }], logGroups: [] }),
    ]);
    expect(found.skipped).toEqual([
      expect.stringMatching(new RegExp(`^log group /aws/lambda/${UNTAGGED}: .*not the lambda-rightsize:bench tag`)),
      expect.stringMatching(new RegExp(`^function ${UNTAGGED}: .*not the lambda-rightsize:bench tag`)),
    ]);
  });

  it.each([
    { case: 'still has a size of the killed run and its code', memoryMB: 256, codeSha256: 'sha-1', restore: true, reason: undefined },
    {
      case: 'has a size the killed run never set',
      memoryMB: 640,
      codeSha256: 'sha-1',
      restore: false,
      reason: /^memory of orders-api: its memory was set to 640 MB since run run00007/,
    },
    { case: 'has new code', memoryMB: 256, codeSha256: 'sha-2', restore: false, reason: /^memory of orders-api: new code was deployed since run run00007/ },
  ])('restores the memory of a killed run only when $LATEST $case', async ({ memoryMB, codeSha256, restore, reason }) => {
    const gateway = killed(new FakeGateway(), memoryMB);
    gateway.codeSha256 = codeSha256;
    const found = await findLeftovers({ functionName: 'orders-api', yes: true, dryRun: true }, deps(gateway));
    const [recovery] = found.plans;
    expect(recovery?.latest !== undefined).toBe(restore);
    if (reason) expect(found.skipped).toContainEqual(expect.stringMatching(reason));
    expect(recovery?.marker).toMatchObject({ runId: 'run00007' });
  });

  it('finds tune aliases and versions on --function, but not versions another alias holds', async () => {
    const found = await findLeftovers({ functionName: 'orders-api', yes: true, dryRun: false }, deps(new FakeGateway()));
    expect(found.plans[0]).toMatchObject({ functionName: 'orders-api', aliases: ['rightsize-512'], versions: ['8'] });
    expect(found.skipped).toContainEqual('version orders-api:3: alias live points to it');
  });
});

describe('runCleanup', () => {
  it('deletes aliases before versions, and bench functions before their log groups', async () => {
    const gateway = new FakeGateway();
    const result = await runCleanup({ functionName: 'orders-api', yes: true, dryRun: false }, deps(gateway));
    expect(gateway.calls).toEqual(['alias orders-api:rightsize-512', 'version orders-api:8', `function ${BENCH}`, `function log group /aws/lambda/${BENCH}`]);
    expect([result.undone, result.total]).toEqual([4, 4]);
  });

  it("puts a killed run's memory back first and removes its marker after the rest of that run", async () => {
    const gateway = killed(new FakeGateway());
    await runCleanup({ functionName: 'orders-api', yes: true, dryRun: false }, deps(gateway));
    expect(gateway.calls[0]).toBe('memory 1024');
    expect(gateway.calls.filter((c) => !c.startsWith('function'))).toEqual([
      'memory 1024',
      `untag ${RUN_MARKER_TAG}`,
      'alias orders-api:rightsize-512',
      'version orders-api:8',
    ]);
    expect(gateway.memoryMB).toBe(1024);
  });

  it('keeps the marker when something of its run could not be undone, so cleanup can run again', async () => {
    const gateway = killed(new FakeGateway());
    gateway.versions = [...gateway.versions, { version: '9', description: 'lambda-rightsize tune run00007 256 MB' }];
    gateway.failOn = 'version orders-api:9';
    const result = await runCleanup({ functionName: 'orders-api', yes: true, dryRun: false }, deps(gateway));
    expect(gateway.calls).not.toContain(`untag ${RUN_MARKER_TAG}`);
    expect(result.failed.map((f) => f.what)).toEqual(['version orders-api:9', `the run marker tag ${RUN_MARKER_TAG} on orders-api`]);
  });

  it.each([
    { case: 'a dry run', options: { yes: true, dryRun: true }, extra: {} },
    { case: 'a "no" at the prompt', options: { yes: false, dryRun: false }, extra: { confirm: async () => false } },
  ])('deletes nothing on $case', async ({ options, extra }) => {
    const gateway = new FakeGateway();
    await runCleanup(options, deps(gateway, extra)).catch(() => undefined);
    expect(gateway.calls).toEqual([]);
  });

  it('needs --yes when there is no terminal', async () => {
    await expect(runCleanup({ yes: false, dryRun: false }, deps(new FakeGateway()))).rejects.toBeInstanceOf(UsageError);
  });

  it('asks nothing when there is nothing to delete', async () => {
    const gateway = new FakeGateway();
    gateway.functions = [];
    gateway.groups = [];
    const result = await runCleanup({ yes: false, dryRun: false }, deps(gateway));
    expect(result.plans).toEqual([]);
  });

  it('goes on after a failed deletion and reports it', async () => {
    const gateway = new FakeGateway();
    gateway.failOn = 'alias orders-api:rightsize-512';
    const result = await runCleanup({ functionName: 'orders-api', yes: true, dryRun: false }, deps(gateway));
    expect(result.failed).toEqual([{ what: 'alias orders-api:rightsize-512', name: 'orders-api:rightsize-512', message: 'access denied' }]);
    expect(gateway.calls).toHaveLength(4);
  });
});

/** The killed() run's marker, as heard from `secondsAgo` before the clock's now. */
const STARTED = Date.parse('2026-12-01T08:00:00Z');
const heardAgo = (secondsAgo: number) => () => STARTED + secondsAgo * 1000;

describe('a run that looks alive', () => {
  it('is left alone, and the list says first what it changed and when it was last heard from', async () => {
    const gateway = killed(new FakeGateway());
    gateway.versions = [...gateway.versions, { version: '9', description: 'lambda-rightsize tune run00007 256 MB' }];
    const result = await runCleanup({ functionName: 'orders-api', yes: true, dryRun: false }, deps(gateway, { now: heardAgo(20) }));

    expect(result.live.map((run) => run.what)).toEqual(['tune run run00007 on orders-api']);
    expect(gateway.memoryMB).toBe(256);
    expect(gateway.calls.some((call) => call.includes(':9') || call.startsWith('memory') || call.startsWith('untag'))).toBe(false);
    expect(renderLeftovers(result).split('\n')[0]).toBe(
      'tune run run00007 on orders-api looks alive: last heard from 20 s ago (started 2026-12-01T08:00:00Z); it changed $LATEST at 256 MB (1024 MB before it), 1 version(s) and its run marker — left alone',
    );
  });

  it('is undone at once with --force: its memory, its versions and its marker', async () => {
    const gateway = killed(new FakeGateway());
    const result = await runCleanup({ functionName: 'orders-api', yes: true, dryRun: false, force: true }, deps(gateway, { now: heardAgo(20) }));

    expect(result.live).toEqual([]);
    expect(result.forced.map((run) => run.what)).toEqual(['tune run run00007 on orders-api']);
    expect(gateway.memoryMB).toBe(1024);
    expect(gateway.calls).toContain(`untag ${RUN_MARKER_TAG}`);
  });

  it('is waited for with --wait until its marker is silent, then undone', async () => {
    const gateway = killed(new FakeGateway());
    let clock = heardAgo(170)();
    const sleeps: number[] = [];
    const lines: string[] = [];
    const result = await runCleanup(
      { functionName: 'orders-api', yes: true, dryRun: false, waitS: 600 },
      deps(gateway, { now: () => clock, sleep: async (ms) => void (sleeps.push(ms), (clock += ms)), progress: (line) => lines.push(line) }),
    );

    expect(sleeps).toEqual([11_000]);
    expect(lines[0]).toMatch(
      /^waiting for tune run run00007 on orders-api \(it changed \$LATEST at 256 MB .*\): heard from 170 s ago, taken for killed in 10 s if it stays silent \(waited 0 s of at most 600 s\)$/,
    );
    expect(result.live).toEqual([]);
    expect(gateway.memoryMB).toBe(1024);
  });

  it('is waited for at most --wait seconds while it keeps its heartbeat, then left alone', async () => {
    const gateway = killed(new FakeGateway());
    let clock = heardAgo(0)();
    const result = await runCleanup(
      { functionName: 'orders-api', yes: true, dryRun: false, waitS: 40 },
      deps(gateway, {
        now: () => clock,
        // The run is at work: every look finds its marker freshly rewritten.
        sleep: async (ms) => {
          clock += ms;
          gateway.tags[RUN_MARKER_TAG] = gateway.tags[RUN_MARKER_TAG]!.replace(/seen=\S+/, `seen=${new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
        },
      }),
    );

    expect(clock - heardAgo(0)()).toBe(40_000);
    expect(result.live).toHaveLength(1);
    expect(gateway.memoryMB).toBe(256);
  });
});

describe('a bench that looks alive', () => {
  /** BENCH as a running bench leaves it: its liveness marker heard from `secondsAgo` before the clock's now. */
  function benchHeard(gateway: FakeGateway, secondsAgo: number): CleanupDeps {
    const seen = '2026-12-01T09:00:00Z';
    gateway.functions[0]!.tags[BENCH_MARKER_TAG] = encodeBenchMarker(seen, seen);
    return deps(gateway, { now: () => Date.parse(seen) + secondsAgo * 1000 });
  }

  it('is left alone with its functions and log groups, and said first', async () => {
    const gateway = new FakeGateway();
    const result = await runCleanup({ yes: true, dryRun: false }, benchHeard(gateway, 30));

    expect(gateway.calls).toEqual([]);
    expect(result.live.map((run) => run.what)).toEqual(['bench run run00001']);
    expect(renderLeftovers(result).split('\n')[0]).toBe(
      `bench run run00001 looks alive: last heard from 30 s ago (started 2026-12-01T09:00:00Z); it changed created function ${BENCH} and log group(s) — left alone`,
    );
  });

  it.each([
    { case: 'once its marker is silent for 3 minutes', secondsAgo: 180, force: false },
    { case: 'at once with --force', secondsAgo: 30, force: true },
  ])('is deleted $case', async ({ secondsAgo, force }) => {
    const gateway = new FakeGateway();
    const result = await runCleanup({ yes: true, dryRun: false, force }, benchHeard(gateway, secondsAgo));

    expect(gateway.calls).toEqual([`function ${BENCH}`, `function log group /aws/lambda/${BENCH}`]);
    expect(result.live).toEqual([]);
  });
});

describe('renderLeftovers', () => {
  it('lists what will be deleted and what is left alone', async () => {
    const found = await findLeftovers({ functionName: 'orders-api', yes: true, dryRun: true }, deps(new FakeGateway()));
    expect(renderLeftovers(found)).toMatchInlineSnapshot(`
      "4 leftover(s) to undo:
        alias orders-api:rightsize-512
        version orders-api:8
        function lambda-rightsize-bench-prime-sieve-x86_64-run00001 (bench run run00001)
        log group /aws/lambda/lambda-rightsize-bench-prime-sieve-x86_64-run00001 (bench run run00001)
      left alone:
        version orders-api:3: alias live points to it
        log group /aws/lambda/lambda-rightsize-bench-look-alike-arm64-zzzzzzzz: has the bench name prefix but not the lambda-rightsize:bench tag
        function lambda-rightsize-bench-look-alike-arm64-zzzzzzzz: has the bench name prefix but not the lambda-rightsize:bench tag
      "
    `);
  });

  it('says when there is nothing to do', () => {
    expect(renderLeftovers({ plans: [], live: [], forced: [], skipped: [] })).toMatch(/^nothing to clean up/);
  });
});
