import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { bundledWorkloadsDir, listWorkloads, looksLikePath, resolveWorkload, workloadSlug } from '../../../src/bench/workloads.js';

describe('bundled workloads', () => {
  it('finds benchmarks/workloads from the source tree', () => {
    expect(bundledWorkloadsDir()).toBe(resolve('benchmarks/workloads'));
  });

  it('finds it from a built file one level below the package root', () => {
    expect(bundledWorkloadsDir(resolve('dist/main.js'))).toBe(resolve('benchmarks/workloads'));
  });

  it('lists the four bundled workloads', async () => {
    expect(await listWorkloads(bundledWorkloadsDir())).toEqual(['io-wait', 'memory-hungry', 'parallel-sieve', 'prime-sieve']);
  });
});

describe('resolveWorkload', () => {
  const root = resolve('benchmarks/workloads');

  it.each([
    { case: 'a bundled name', arg: 'prime-sieve', expected: { name: 'prime-sieve', dir: join(root, 'prime-sieve') } },
    { case: 'a relative folder', arg: './benchmarks/workloads/io-wait', expected: { name: 'io-wait', dir: join(root, 'io-wait') } },
  ])('resolves $case', async ({ arg, expected }) => {
    expect(await resolveWorkload(arg, root)).toEqual(expected);
  });

  it.each([
    { case: 'an unknown name', arg: 'fibonacci', message: /unknown workload "fibonacci"/ },
    { case: 'a missing folder', arg: './nowhere', message: /does not exist/ },
  ])('rejects $case', async ({ arg, message }) => {
    const failure = resolveWorkload(arg, root);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(resolveWorkload(arg, root)).rejects.toThrow(message);
  });

  it.each([
    { case: 'a missing letter', arg: 'prime-seive', near: 'prime-sieve' },
    { case: 'capitals', arg: 'IO-wait', near: 'io-wait' },
  ])('asks "did you mean" for $case', async ({ arg, near }) => {
    await expect(resolveWorkload(arg, root)).rejects.toMatchObject({ hint: expect.stringMatching(new RegExp(`^did you mean ${near}\\? choose one of`)) });
  });

  it('names the bundled workloads when the name is unknown', async () => {
    await expect(resolveWorkload('nope', root)).rejects.toMatchObject({ hint: expect.stringMatching(/prime-sieve/) });
  });
});

describe('names', () => {
  it.each([
    { case: 'a bundled name', arg: 'prime-sieve', expected: false },
    { case: 'a relative path', arg: './w', expected: true },
    { case: 'a nested path', arg: 'work/w', expected: true },
    { case: 'an absolute path', arg: '/tmp/w', expected: true },
  ])('treats $case as a path: $expected', ({ arg, expected }) => {
    expect(looksLikePath(arg)).toBe(expected);
  });

  it.each([
    { case: 'a valid name', name: 'prime-sieve', expected: 'prime-sieve' },
    { case: 'spaces and dots', name: 'My Work.load', expected: 'my-work-load' },
    { case: 'nothing usable', name: '...', expected: 'workload' },
  ])('slugs $case', ({ name, expected }) => {
    expect(workloadSlug(name)).toBe(expected);
  });
});
