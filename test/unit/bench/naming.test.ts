import { describe, expect, it } from 'vitest';
import { BENCH_PREFIX, BENCH_TAG, benchFunctionName, benchTags, isBenchFunction, newRunId } from '../../../src/bench/naming.js';

describe('benchFunctionName', () => {
  it.each([
    { case: 'a short workload on x86_64', workload: 'prime-sieve', arch: 'x86_64' as const, expected: 'lambda-rightsize-bench-prime-sieve-x86_64-abcd1234' },
    { case: 'arm64', workload: 'io-wait', arch: 'arm64' as const, expected: 'lambda-rightsize-bench-io-wait-arm64-abcd1234' },
    {
      case: 'a long workload name, shortened',
      workload: 'a-very-long-workload-name-that-goes-on',
      arch: 'x86_64' as const,
      expected: 'lambda-rightsize-bench-a-very-long-workload-name-x86_64-abcd1234',
    },
    { case: 'a folder name with dots', workload: 'My.Work', arch: 'arm64' as const, expected: 'lambda-rightsize-bench-my-work-arm64-abcd1234' },
  ])('builds $case', ({ workload, arch, expected }) => {
    const name = benchFunctionName(workload, arch, 'abcd1234');
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^[a-zA-Z0-9_-]+$/);
  });
});

describe('newRunId', () => {
  it.each([
    { case: 'zero bytes', bytes: Buffer.alloc(6), expected: '00000000' },
    { case: 'all ones', bytes: Buffer.alloc(6, 0xff), expected: (2 ** 48 - 1).toString(36).slice(-8) },
  ])('is 8 base-36 characters for $case', ({ bytes, expected }) => {
    expect(newRunId(() => bytes)).toBe(expected);
  });

  it('differs between runs', () => {
    expect(newRunId()).not.toBe(newRunId());
  });
});

describe('isBenchFunction', () => {
  const tags = benchTags('prime-sieve', 'abcd1234');

  it.each([
    { case: 'prefix and tag', name: `${BENCH_PREFIX}prime-sieve-x86_64-abcd1234`, tags, expected: true },
    { case: 'the prefix without the tag', name: `${BENCH_PREFIX}prime-sieve-x86_64-abcd1234`, tags: {}, expected: false },
    { case: 'the tag without the prefix', name: 'orders-api', tags, expected: false },
    { case: 'an empty tag value', name: `${BENCH_PREFIX}x-arm64-1`, tags: { [BENCH_TAG]: '' }, expected: false },
  ])('is $expected for $case', ({ name, tags: t, expected }) => {
    expect(isBenchFunction(name, t)).toBe(expected);
  });
});
