import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { codeSha256, isHandlerFile, packageWorkload, zipFiles } from '../../../src/bench/package.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('isHandlerFile', () => {
  it.each([
    { case: 'the ESM handler', path: 'index.mjs', expected: true },
    { case: 'a CommonJS module', path: 'lib/util.cjs', expected: true },
    { case: 'a JSON data file', path: 'data/table.json', expected: true },
    { case: 'a plain .js module', path: 'worker.js', expected: true },
    { case: 'a vitest file', path: 'index.test.ts', expected: false },
    { case: 'a spec written in JS', path: 'index.spec.mjs', expected: false },
    { case: 'a type declaration', path: 'index.d.mts', expected: false },
    { case: 'a README', path: 'README.md', expected: false },
    { case: 'a hidden file', path: '.eslintrc.json', expected: false },
    { case: 'a file in a hidden folder', path: '.cache/x.js', expected: false },
  ])('says $expected for $case', ({ path, expected }) => {
    expect(isHandlerFile(path)).toBe(expected);
  });
});

describe('zipFiles', () => {
  it('gives the same bytes for the same files, whatever their order', () => {
    const a = zipFiles({ 'index.mjs': text('export const handler = 1;'), 'b.mjs': text('b') });
    const b = zipFiles({ 'b.mjs': text('b'), 'index.mjs': text('export const handler = 1;') });
    expect(codeSha256(a)).toBe(codeSha256(b));
  });

  it('round-trips the file contents', () => {
    const files = { 'index.mjs': text('export async function handler() {}'), 'lib/x.json': text('{"a":1}') };
    expect(unzipSync(zipFiles(files))).toEqual(files);
  });
});

describe('packageWorkload', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rightsize-package-'));
  });

  it('zips the bundled prime-sieve handler and nothing else', async () => {
    const pkg = await packageWorkload('benchmarks/workloads/prime-sieve');
    expect(pkg.files).toEqual(['index.mjs']);
    const unzipped = unzipSync(pkg.zip);
    expect(Object.keys(unzipped)).toEqual(['index.mjs']);
    expect(new TextDecoder().decode(unzipped['index.mjs'])).toMatch(/export async function handler/);
    expect(pkg.codeSha256).toBe(codeSha256(pkg.zip));
  });

  it('keeps the worker module parallel-sieve imports', async () => {
    expect((await packageWorkload('benchmarks/workloads/parallel-sieve')).files).toEqual(['index.mjs', 'worker.mjs']);
  });

  it('includes files in subfolders', async () => {
    const root = join(dir, 'nested');
    await mkdir(join(root, 'lib'), { recursive: true });
    await writeFile(join(root, 'index.mjs'), 'export { handler } from "./lib/h.mjs";');
    await writeFile(join(root, 'lib', 'h.mjs'), 'export async function handler() { return 1; }');
    await writeFile(join(root, 'lib', 'h.test.ts'), '');
    expect((await packageWorkload(root)).files).toEqual(['index.mjs', 'lib/h.mjs']);
  });

  it('gives the same zip on every run', async () => {
    const [a, b] = await Promise.all([packageWorkload('benchmarks/workloads/io-wait'), packageWorkload('benchmarks/workloads/io-wait')]);
    expect(a.codeSha256).toBe(b.codeSha256);
  });

  it.each([
    {
      case: 'a folder without index.mjs',
      setup: async (d: string) => {
        await mkdir(join(d, 'empty'), { recursive: true });
        return join(d, 'empty');
      },
      message: /no index\.mjs/,
    },
    { case: 'a missing folder', setup: (d: string) => Promise.resolve(join(d, 'absent')), message: /cannot read workload folder/ },
  ])('rejects $case with a UsageError', async ({ setup, message }) => {
    const target = await setup(dir);
    await expect(packageWorkload(target)).rejects.toThrow(UsageError);
    await expect(packageWorkload(target)).rejects.toThrow(message);
  });
});
