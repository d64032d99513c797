/** Failure paths found in review of the safety engine: each would have left a function changed, or misreported. */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/errors.js';
import { FirstFailures } from '../../../src/tune/early-stop.js';
import { ConcurrentRunError, RestoreIncompleteError } from '../../../src/tune/errors.js';
import { decodeRunMarker, encodeRunMarker, RUN_MARKER_TAG } from '../../../src/tune/marks.js';
import { planTune } from '../../../src/tune/plan.js';
import { writeMarker } from '../../../src/tune/marker.js';
import { initialState, returnLatest } from '../../../src/tune/prepare.js';
import { runTune } from '../../../src/tune/run.js';
import type { InvocationRecord } from '../../../src/types.js';
import { FakeLambda } from '../../support/fake-lambda.js';
import { harness, methodsOf, options } from '../../support/tune-harness.js';

const killedMarker = (fake: FakeLambda, sizes: number[]): void => {
  fake.tags[RUN_MARKER_TAG] = encodeRunMarker({
    runId: 'k1lled00',
    originalMemoryMB: 512,
    codeSha256: fake.codeSha256,
    sizes,
    startedAt: '2026-01-01T00:00:00Z',
  });
};

describe('the safety engine under failure', () => {
  it('starts nothing when a killed run could not be undone, keeping its marker', async () => {
    const fake = new FakeLambda({ memoryMB: 2048 });
    killedMarker(fake, [1024, 2048]);
    const { deps } = harness(fake);
    const plan = await planTune(options({ memorySizes: [256] }), deps);
    fake.setMemory = async () => Promise.reject(new AwsError('Lambda throttled lambda:UpdateFunctionConfiguration'));
    const error = await runTune(options({ memorySizes: [256] }), deps, plan).catch((e: unknown) => e);
    expect((error as Error).message).toBe('could not undo the killed run k1lled00 on orders, so nothing was started');
    expect(fake.memoryMB).toBe(2048);
    expect(decodeRunMarker(fake.tags[RUN_MARKER_TAG])?.runId).toBe('k1lled00');
    expect(methodsOf(fake, 'publishVersion')).toEqual([]);
  });

  it('keeps in the marker the size $LATEST is still at when a restore failed', async () => {
    const fake = new FakeLambda();
    const state = initialState(await fake.getConfiguration('orders'), 'run00001', 0);
    state.awayAt = 1024;
    await writeMarker(state, fake, [2048], 0);
    expect(decodeRunMarker(fake.tags[RUN_MARKER_TAG])?.sizes).toEqual([2048, 1024]);
  });

  it('stops when another run has written the marker meanwhile', async () => {
    const fake = new FakeLambda();
    const state = initialState(await fake.getConfiguration('orders'), 'run00001', 0);
    const tag = fake.tagFunction.bind(fake);
    fake.tagFunction = async (arn, tags) => {
      await tag(arn, tags);
      killedMarker(fake, [128]);
    };
    await expect(writeMarker(state, fake, [256], 0)).rejects.toBeInstanceOf(ConcurrentRunError);
  });

  it('takes a restore whose answer was lost for the restore it was', async () => {
    const fake = new FakeLambda();
    const state = initialState(await fake.getConfiguration('orders'), 'run00001', 0);
    state.awayAt = 1024;
    state.awaySince = 0;
    fake.memoryMB = 512;
    expect(await returnLatest(state, fake, 512, () => 10)).toBeUndefined();
    expect(state.foreignChange).toBeUndefined();
    expect(state.awayAt).toBeUndefined();
    expect(methodsOf(fake, 'setMemory')).toEqual([]);
  });

  it('leaves a marker that names no size after --apply, so a leftover marker cannot undo it', async () => {
    const fake = new FakeLambda({ versions: [{ memoryMB: 512 }], aliases: { live: '1' } });
    fake.deleteVersion = async () => Promise.reject(new AwsError('throttled'));
    const error = await runTune(
      options({ memorySizes: [128, 1024], apply: true, analysis: { strategy: { name: 'speed', weight: 0.5 }, discard: 0, pricing: { per: 1_000_000 } } }),
      harness(fake).deps,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreIncompleteError);
    expect(fake.memoryMB).toBe(1024);
    expect(decodeRunMarker(fake.tags[RUN_MARKER_TAG])?.sizes).toEqual([]);
  });

  it('counts no time away and no update for a size Lambda refused', async () => {
    const fake = new FakeLambda({ maxMemoryMB: 3008 });
    const report = await runTune(options({ memorySizes: [512, 10_240] }), harness(fake).deps);
    expect(report.run).toMatchObject({ latestAwayMs: 0, memoryUpdates: 0 });
  });

  it('refuses, before anything changes, more sizes than the marker can name', async () => {
    const sizes = Array.from({ length: 40 }, (_, i) => 1000 + i * 100);
    await expect(planTune(options({ memorySizes: sizes }), harness(new FakeLambda()).deps)).rejects.toThrow(/more than one run can note in its run marker/);
  });

  it.each(['MemoryError', 'java.lang.OutOfMemoryError', 'System.OutOfMemoryException'])("does not stop early on a runtime's own %s", (errorType) => {
    const first = new FirstFailures();
    first.watch(128, 10);
    const record: InvocationRecord = { memoryMB: 128, durationMs: 1, billedDurationMs: 1, maxMemoryUsedMB: 128, status: 'error', errorType, logFormat: 'text' };
    expect([1, 2, 3].map(() => first.observe(record, 'out of memory')).every((s) => s === undefined)).toBe(true);
  });
});
