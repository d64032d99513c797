import { describe, expect, it } from 'vitest';
import type { BenchFunctionInfo, BenchGateway } from '../../../src/aws/bench-gateway.js';
import { findLeftovers, renderLeftovers, runCleanup, type CleanupDeps } from '../../../src/bench/cleanup.js';
import type { AliasDescription, TuneMarks, VersionDescription } from '../../../src/tune/index.js';
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

  createFunction = async () => Promise.reject(new Error('not used'));
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
  return { gateway, lambda: gateway, tuneMarks: marks, ...extra };
}

describe('findLeftovers', () => {
  it('finds bench functions only when they have both the prefix and the tag', async () => {
    const found = await findLeftovers({ yes: true, dryRun: false }, deps(new FakeGateway()));
    expect(found.targets).toEqual([{ kind: 'function', functionName: BENCH, runId: 'run00001' }]);
    expect(found.skipped).toEqual([{ what: `function ${UNTAGGED}`, reason: expect.stringMatching(/not the lambda-rightsize:bench tag/) }]);
  });

  it('finds tune aliases and versions on --function, but not versions another alias holds', async () => {
    const found = await findLeftovers({ functionName: 'orders-api', yes: true, dryRun: false }, deps(new FakeGateway()));
    expect(found.targets.filter((t) => t.kind !== 'function')).toEqual([
      { kind: 'alias', functionName: 'orders-api', alias: 'rightsize-512', version: '8' },
      { kind: 'version', functionName: 'orders-api', version: '8' },
    ]);
    expect(found.skipped).toContainEqual({ what: 'version orders-api:3', reason: 'alias live points to it' });
  });
});

describe('runCleanup', () => {
  it('deletes aliases before versions, and bench functions', async () => {
    const gateway = new FakeGateway();
    const result = await runCleanup({ functionName: 'orders-api', yes: true, dryRun: false }, deps(gateway));
    expect(gateway.calls).toEqual(['alias orders-api:rightsize-512', 'version orders-api:8', `function ${BENCH}`]);
    expect(result.deleted).toHaveLength(3);
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
    const result = await runCleanup({ yes: false, dryRun: false }, deps(gateway));
    expect(result.targets).toEqual([]);
  });

  it('goes on after a failed deletion and reports it', async () => {
    const gateway = new FakeGateway();
    gateway.failOn = 'alias orders-api:rightsize-512';
    const result = await runCleanup({ functionName: 'orders-api', yes: true, dryRun: false }, deps(gateway));
    expect(result.failed).toEqual([{ target: expect.objectContaining({ alias: 'rightsize-512' }), message: 'access denied' }]);
    expect(gateway.calls).toHaveLength(3);
  });
});

describe('renderLeftovers', () => {
  it('lists what will be deleted and what is left alone', async () => {
    const found = await findLeftovers({ functionName: 'orders-api', yes: true, dryRun: true }, deps(new FakeGateway()));
    expect(renderLeftovers(found)).toMatchInlineSnapshot(`
      "3 leftover(s) to delete:
        function lambda-rightsize-bench-prime-sieve-x86_64-run00001 (bench run run00001)
        alias orders-api:rightsize-512 → version 8
        version orders-api:8
      left alone:
        function lambda-rightsize-bench-look-alike-arm64-zzzzzzzz: has the bench name prefix but not the lambda-rightsize:bench tag
        version orders-api:3: alias live points to it
      "
    `);
  });

  it('says when there is nothing to do', () => {
    expect(renderLeftovers({ targets: [], skipped: [] })).toMatch(/^nothing to clean up/);
  });
});
