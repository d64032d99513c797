import { describe, expect, it } from 'vitest';
import { AwsError, ExitCode, InterruptedError } from '../../../src/errors.js';
import { RUN_MARKER_TAG } from '../../../src/tune/marks.js';
import { runTune } from '../../../src/tune/run.js';
import { InterruptedRunError, PartialRunError } from '../../../src/tune/errors.js';
import { FakeLambda } from '../../support/fake-lambda.js';
import { harness, methodsOf, options, releaseVersions } from '../../support/tune-harness.js';

describe('runTune: the safe tuning protocol', () => {
  it('restores the original memory and deletes only the versions it created', async () => {
    const fake = new FakeLambda({ versions: releaseVersions(), aliases: { prod: '2' } });
    const report = await runTune(options(), harness(fake).deps);
    expect(fake.memoryMB).toBe(512);
    expect([...fake.versions.keys()]).toEqual(['1', '2']);
    expect([...fake.aliases]).toEqual([['prod', '2']]);
    expect(methodsOf(fake, 'deleteVersion').map((args) => args[1])).toEqual(['3', '4', '5']);
    expect(report.results.map((r) => [r.memoryMB, r.invocations])).toEqual([
      [128, 6],
      [256, 6],
      [1024, 6],
    ]);
    expect(report).toMatchObject({ source: 'tune', function: { name: 'orders', originalMemoryMB: 512, region: 'us-east-1' } });
  });

  it('removes its own marker without a word: no warning about it in the report', async () => {
    const fake = new FakeLambda();
    const { deps } = harness(fake);
    const report = await runTune(options(), deps);
    expect(fake.tags[RUN_MARKER_TAG]).toBeUndefined();
    expect(report.warnings.filter((w) => /marker/.test(w))).toEqual([]);
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
      'setMemory',
      'waitUntilUpdated',
      'publishVersion',
      'waitUntilUpdated',
      'setMemory',
      'waitUntilUpdated',
      'publishVersion',
      'waitUntilUpdated',
    ]);
  });

  it('leaves alone a memory someone else set during the run, and reports what it measured', async () => {
    const fake = new FakeLambda();
    const { deps } = harness(fake, { onEvent: (e) => e.type === 'size-started' && e.memoryMB === 256 && fake.deployElsewhere(2048) });
    const error = await runTune(options({ memorySizes: [128, 256] }), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialRunError);
    expect((error as PartialRunError).exitCode).toBe(ExitCode.partial);
    const report = (error as PartialRunError).report;
    expect(fake.memoryMB).toBe(2048);
    expect(fake.codeSha256).toBe('sha-someone-else');
    expect(report.results.map((r) => r.memoryMB)).toEqual([128, 256]);
    expect(report.run).toMatchObject({ partial: true, changedDuringRun: 'new code was deployed' });
    expect(fake.versions.size).toBe(0);
  });

  it('puts its memory back with a memory-only update when someone deployed code meanwhile', async () => {
    const fake = new FakeLambda();
    const { deps } = harness(fake, { onEvent: (e) => e.type === 'size-started' && e.memoryMB === 128 && fake.deployElsewhere() });
    const error = await runTune(options({ memorySizes: [128, 256, 1024] }), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialRunError);
    expect(fake.memoryMB).toBe(512);
    expect(fake.codeSha256).toBe('sha-someone-else');
    const report = (error as PartialRunError).report;
    expect(report.results.map((r) => r.memoryMB)).toEqual([128]);
    expect(report.run).toMatchObject({ partial: true, changedDuringRun: 'new code was deployed' });
    // 256 MB was refused by the RevisionId guard; the memory-only restore used their RevisionId.
    expect(methodsOf(fake, 'setMemory').map((args) => args.slice(1))).toEqual([
      [128, 'rev-1'],
      [256, 'rev-4'],
      [512, 'rev-104'],
    ]);
  });

  it("goes on when the RevisionId moves without an update (a stale guard, not someone else's change)", async () => {
    const fake = new FakeLambda();
    const { deps } = harness(fake, { onEvent: (e) => e.type === 'size-started' && fake.moveRevision() });
    const report = await runTune(options({ memorySizes: [128, 256, 1024] }), deps);
    expect(report.results.map((r) => r.memoryMB)).toEqual([128, 256, 1024]);
    expect(report.run).toMatchObject({ partial: false });
    expect(report.run?.changedDuringRun).toBeUndefined();
    expect(fake.memoryMB).toBe(512);
    expect(fake.versions.size).toBe(0);
  });

  it('runs without a RevisionId from the service, and never sends an empty one', async () => {
    const fake = new FakeLambda({ noRevisionId: true });
    const report = await runTune(options({ memorySizes: [128, 256] }), harness(fake).deps);
    expect(report.results.map((r) => r.memoryMB)).toEqual([128, 256]);
    expect(methodsOf(fake, 'setMemory').map((args) => args[2])).toEqual([undefined, undefined, undefined]);
    expect(methodsOf(fake, 'publishVersion').every((args) => (args[1] as { revisionId?: string }).revisionId === undefined)).toBe(true);
    expect(fake.memoryMB).toBe(512);
  });

  it('recognises its own update when a lost response was retried into a stale-revision error', async () => {
    const fake = new FakeLambda({ lostUpdateResponses: 1 });
    const report = await runTune(options({ memorySizes: [128, 256] }), harness(fake).deps);
    expect(report.results.map((r) => r.memoryMB)).toEqual([128, 256]);
    expect(fake.memoryMB).toBe(512);
    expect(fake.versions.size).toBe(0);
  });

  it('stops before the next size when the function changed, and still deletes its versions', async () => {
    const fake = new FakeLambda();
    const { deps } = harness(fake, { onEvent: (e) => e.type === 'size-started' && e.memoryMB === 128 && fake.deployElsewhere(640) });
    const error = await runTune(options(), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialRunError);
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

  it('keeps what it measured before the interrupt in the report the error carries', async () => {
    const fake = new FakeLambda();
    const { deps, controller } = harness(fake);
    // Options' sizes are 128, 256, 1024: 128 MB is measured in full, 256 MB once, before the interrupt (the 8th call's answer is dropped).
    fake.onInvoke = (count) => count === 8 && controller.abort();
    const error = await runTune(options({ concurrency: 1 }), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedRunError);
    const report = (error as InterruptedRunError).report;
    expect(report.results.map((r) => [r.memoryMB, r.invocations])).toEqual([
      [128, 6],
      [256, 1],
    ]);
    expect(report.run).toMatchObject({ partial: true });
    expect(report.warnings).toContain('interrupted: the results hold only what was measured before the interrupt');
  });

  it('does not say the invocations go on when the restore comes from an interrupt', async () => {
    const fake = new FakeLambda();
    const controller = new AbortController();
    const { deps, events } = harness(fake, { signal: controller.signal, onEvent: (e) => e.type === 'preparing' && e.memoryMB === 256 && controller.abort() });
    await runTune(options(), deps).catch(() => undefined);
    const notes = events.flatMap((e) => (e.type === 'note' ? [e.message] : []));
    expect(notes).toContainEqual(expect.stringMatching(/^restored orders to 512 MB \(\$LATEST away \d+\.\d s so far\)$/));
    expect(notes.join('\n')).not.toMatch(/invocations go on/);
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
