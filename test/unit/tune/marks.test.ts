import { describe, expect, it } from 'vitest';
import { describeTuneEvent } from '../../../src/tune/progress.js';
import { TUNE_MARKS, tuneAliasName, tuneVersionDescription } from '../../../src/tune/marks.js';
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

  it('keeps version descriptions within Lambda\'s 256 characters', () => {
    expect(tuneVersionDescription('ab12cd34', 10_240).length).toBeLessThanOrEqual(256);
  });
});

describe('describeTuneEvent', () => {
  it.each([
    { case: 'a size being prepared', event: { type: 'preparing', memoryMB: 256, index: 1, total: 3 }, line: '[2/3] 256 MB: setting the memory and publishing a version' },
    { case: 'every tenth of a size', event: { type: 'invocations', memoryMB: 256, done: 10, total: 100, errors: 1 }, line: '256 MB: 10/100 invocations, 1 failed' },
    { case: 'nothing between tenths', event: { type: 'invocations', memoryMB: 256, done: 11, total: 100, errors: 0 }, line: undefined },
    { case: 'a throttle', event: { type: 'throttled', memoryMB: 256, reason: 'CallerRateLimitExceeded', waitMs: 1500, concurrency: 2 }, line: '256 MB: throttled (CallerRateLimitExceeded); retrying in 1.5 s at concurrency 2' },
    { case: 'a finished size', event: { type: 'size-done', memoryMB: 256, measured: 9, errors: 2, missing: 1 }, line: '256 MB: done (9 measured, 2 failed, 1 without a REPORT line)' },
  ])('prints $case', ({ event, line }) => {
    expect(describeTuneEvent(event as TuneEvent)).toBe(line);
  });
});
