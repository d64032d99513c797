import { describe, expect, it } from 'vitest';
import { copyName, decodeCopyTag, encodeCopyTag, functionRef, isCopy } from '../../../src/tune/index.js';

describe('copyName', () => {
  it.each([
    { case: 'a short name whole', fn: 'orders', arch: 'x86_64' as const, name: 'lambda-rightsize-copy-ab12cd34-x86-orders' },
    { case: 'arm64 as "arm"', fn: 'orders', arch: 'arm64' as const, name: 'lambda-rightsize-copy-ab12cd34-arm-orders' },
    {
      case: 'a 64-character name cut to fit, never the run id',
      fn: 'a'.repeat(60) + '-end',
      arch: 'x86_64' as const,
      name: `lambda-rightsize-copy-ab12cd34-x86-${'a'.repeat(29)}`,
    },
    {
      case: 'no trailing dash where the cut falls',
      fn: `${'b'.repeat(28)}-tail`,
      arch: 'x86_64' as const,
      name: `lambda-rightsize-copy-ab12cd34-x86-${'b'.repeat(28)}`,
    },
  ])('keeps $case within 64 characters', ({ fn, arch, name }) => {
    const made = copyName(fn, arch, 'ab12cd34');

    expect(made).toBe(name);
    expect(made.length).toBeLessThanOrEqual(64);
  });
});

describe('the copy tag', () => {
  it('reads back what it wrote', () => {
    const mark = { runId: 'ab12cd34', of: 'orders', startedAt: '2026-12-08T01:00:00Z' };

    expect(decodeCopyTag(encodeCopyTag(mark))).toEqual(mark);
  });

  it.each([
    {
      case: 'the prefix and the tag',
      name: 'lambda-rightsize-copy-ab12cd34-x86-orders',
      tags: { 'lambda-rightsize:copy': 'run=ab12cd34 of=orders started=2026-12-08T01:00:00Z' },
      copy: true,
    },
    { case: 'the prefix without the tag', name: 'lambda-rightsize-copy-ab12cd34-x86-orders', tags: {} as Record<string, string>, copy: false },
    {
      case: 'the tag without the prefix',
      name: 'orders',
      tags: { 'lambda-rightsize:copy': 'run=ab12cd34 of=orders started=2026-12-08T01:00:00Z' },
      copy: false,
    },
    { case: 'a tag that is not ours', name: 'lambda-rightsize-copy-x', tags: { 'lambda-rightsize:copy': 'yes' }, copy: false },
  ])('takes a function for a copy only with both: $case', ({ name, tags, copy }) => {
    expect(isCopy(name, tags)).toBe(copy);
  });
});

describe('functionRef', () => {
  it.each([
    { case: 'a name', ref: 'orders', name: 'orders', qualifier: undefined },
    { case: 'a name with an alias', ref: 'orders:live', name: 'orders', qualifier: 'live' },
    { case: 'a partial ARN with a version', ref: '123456789012:function:orders:42', name: 'orders', qualifier: '42' },
    { case: 'a partial ARN with a region', ref: 'us-east-1:123456789012:function:orders', name: 'orders', qualifier: undefined },
    { case: 'an ARN', ref: 'arn:aws:lambda:us-east-1:123456789012:function:orders', name: 'orders', qualifier: undefined },
    { case: 'a qualified ARN', ref: 'arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST', name: 'orders', qualifier: '$LATEST' },
  ])('reads $case', ({ ref, name, qualifier }) => {
    expect(functionRef(ref)).toEqual({ name, ...(qualifier !== undefined ? { qualifier } : {}) });
  });
});
