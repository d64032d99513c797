import { describe, expect, it } from 'vitest';
import { describeTuneEvent } from '../../../src/tune/progress.js';
import { decodeRunMarker, encodeRunMarker, isOfRun, TUNE_MARKS, tuneAliasName, tuneVersionDescription } from '../../../src/tune/marks.js';
import type { TuneEvent } from '../../../src/tune/types.js';

describe('TUNE_MARKS', () => {
  it.each([
    { case: 'an alias tune created', name: tuneAliasName('ab12cd34', 1024), ours: true },
    { case: 'a user alias', name: 'prod', ours: false },
    { case: 'a lookalike user alias', name: 'lambda-rightsize-prod', ours: false },
  ])('recognises $case', ({ name, ours }) => {
    expect(TUNE_MARKS.isTuneAlias({ name, version: '1', description: '' })).toBe(ours);
  });

  it.each([
    { case: 'a version tune published', description: tuneVersionDescription('ab12cd34', 512), ours: true },
    { case: 'a release version', description: 'release 2024-05-01', ours: false },
    { case: 'a version without a description', description: '', ours: false },
  ])('recognises $case', ({ description, ours }) => {
    expect(TUNE_MARKS.isTuneVersion({ version: '3', description })).toBe(ours);
  });

  it("keeps version descriptions within Lambda's 256 characters", () => {
    expect(tuneVersionDescription('ab12cd34', 10_240).length).toBeLessThanOrEqual(256);
  });
});

describe('describeTuneEvent', () => {
  it.each([
    {
      case: 'a size being prepared',
      event: { type: 'preparing', memoryMB: 256, index: 1, total: 3 },
      line: '[2/3] 256 MB: setting the memory and publishing a version',
    },
    {
      case: 'every tenth of a size',
      event: { type: 'invocations', memoryMB: 256, done: 10, total: 100, errors: 1 },
      line: '256 MB: 10/100 invocations, 1 failed',
    },
    { case: 'nothing between tenths', event: { type: 'invocations', memoryMB: 256, done: 11, total: 100, errors: 0 }, line: undefined },
    {
      case: 'a throttle',
      event: { type: 'throttled', memoryMB: 256, reason: 'CallerRateLimitExceeded', waitMs: 1500, concurrency: 2 },
      line: '256 MB: throttled (CallerRateLimitExceeded); retrying in 1.5 s at concurrency 2',
    },
    {
      case: 'a finished size',
      event: { type: 'size-done', memoryMB: 256, measured: 9, errors: 2, missing: 1 },
      line: '256 MB: done (9 measured, 2 failed, 1 without a REPORT line)',
    },
  ])('prints $case', ({ event, line }) => {
    expect(describeTuneEvent(event as TuneEvent)).toBe(line);
  });
});

describe('the run marker', () => {
  const marker = {
    runId: 'ab12cd34',
    originalMemoryMB: 1024,
    codeSha256: 'Zm9vYmFyYmF6+/=',
    sizes: [128, 256, 3008],
    startedAt: '2026-12-01T08:00:00Z',
    seenAt: '2026-12-01T08:03:00Z',
  };

  it('round-trips through a tag value made of allowed characters only', () => {
    const value = encodeRunMarker(marker);
    expect(value).toMatch(/^[\p{L}\p{N}\s_.:/=+\-@]+$/u);
    expect(decodeRunMarker(value)).toEqual(marker);
  });

  it.each([
    { case: 'no value', value: undefined },
    { case: "someone else's tag value", value: 'owner=team-a' },
    { case: 'a non-numeric original memory', value: 'run=ab12cd34 original=lots code=x sizes=128 started=now' },
    { case: 'no code', value: 'run=ab12cd34 original=1024 sizes=128 started=now' },
  ])('reads $case as no marker', ({ value }) => {
    expect(decodeRunMarker(value)).toBeUndefined();
  });

  it('refuses a marker longer than a tag value may be', () => {
    expect(() => encodeRunMarker({ ...marker, sizes: Array.from({ length: 60 }, (_, i) => 128 + i) })).toThrow(RangeError);
  });

  it("tells a run's own versions and aliases from another run's", () => {
    expect(isOfRun('ab12cd34', { description: tuneVersionDescription('ab12cd34', 512) })).toBe(true);
    expect(isOfRun('ab12cd34', { description: tuneVersionDescription('zz99yy88', 512) })).toBe(false);
    expect(isOfRun('ab12cd34', { name: tuneAliasName('ab12cd34', 512) })).toBe(true);
    expect(isOfRun('ab12cd34', { name: 'live' })).toBe(false);
  });
});
