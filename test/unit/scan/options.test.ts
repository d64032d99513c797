import { describe, expect, it } from 'vitest';
import { globToRegExp, parseDurationMs, parseFindingKinds, selectNames } from '../../../src/scan/options.js';

describe('parseDurationMs', () => {
  it.each([
    { case: 'days', raw: '14d', ms: 14 * 86_400_000 },
    { case: 'hours', raw: '36h', ms: 36 * 3_600_000 },
    { case: 'minutes', raw: '90m', ms: 90 * 60_000 },
    { case: 'weeks', raw: '2w', ms: 14 * 86_400_000 },
    { case: 'a fraction', raw: '1.5d', ms: 1.5 * 86_400_000 },
    { case: 'no unit', raw: '14', ms: undefined },
    { case: 'zero', raw: '0d', ms: undefined },
    { case: 'an unknown unit', raw: '3y', ms: undefined },
  ])('reads $case', ({ raw, ms }) => {
    expect(parseDurationMs(raw)).toBe(ms);
  });
});

describe('globToRegExp', () => {
  it.each([
    { case: 'a prefix glob', glob: 'api-*', name: 'api-orders', match: true },
    { case: 'an anchored end', glob: 'api-*', name: 'my-api-orders', match: false },
    { case: 'one character', glob: 'job-?', name: 'job-7', match: true },
    { case: 'regex characters literally', glob: 'a.b+(c)', name: 'a.b+(c)', match: true },
    { case: 'a dot that is not a wildcard', glob: 'a.b', name: 'axb', match: false },
  ])('matches $case', ({ glob, name, match }) => {
    expect(globToRegExp(glob).test(name)).toBe(match);
  });
});

describe('selectNames', () => {
  const items = [{ name: 'api-orders' }, { name: 'api-billing' }, { name: 'worker' }];

  it.each([
    { case: 'everything without globs', include: [], exclude: [], names: ['api-orders', 'api-billing', 'worker'] },
    { case: 'included names', include: ['api-*'], exclude: [], names: ['api-orders', 'api-billing'] },
    { case: 'included minus excluded names', include: ['api-*'], exclude: ['*billing'], names: ['api-orders'] },
    { case: 'any of several includes', include: ['worker', 'api-o*'], exclude: [], names: ['api-orders', 'worker'] },
  ])('keeps $case', ({ include, exclude, names }) => {
    expect(selectNames(items, include, exclude).map((i) => i.name)).toEqual(names);
  });
});

describe('parseFindingKinds', () => {
  it.each([
    { case: 'a list', raw: 'over-provisioned, under-provisioned', kinds: ['over-provisioned', 'under-provisioned'] },
    { case: 'any as the verified kinds', raw: 'any', kinds: ['over-provisioned', 'under-provisioned', 'no-data', 'too-little-data'] },
    {
      case: 'all as every kind',
      raw: 'all',
      kinds: ['over-provisioned', 'memory-headroom', 'under-provisioned', 'no-data', 'too-little-data', 'managed-instances'],
    },
    {
      case: 'any plus the unverified kind',
      raw: 'any,memory-headroom',
      kinds: ['over-provisioned', 'memory-headroom', 'under-provisioned', 'no-data', 'too-little-data'],
    },
    { case: 'duplicates once', raw: 'no-data,no-data', kinds: ['no-data'] },
  ])('reads $case', ({ raw, kinds }) => {
    expect(parseFindingKinds(raw)).toEqual(kinds);
  });

  it('names the unknown kind and the accepted ones', () => {
    expect(() => parseFindingKinds('over,under-provisioned')).toThrow(
      /unknown finding kind "over".*over-provisioned, memory-headroom, under-provisioned, no-data, too-little-data, managed-instances, or any \(the verified ones\), or all/,
    );
  });
});
