/** Finds the workloads `bench` can deploy: the bundled ones by name, or any folder by path. */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { nearMiss } from '../near-miss.js';

export interface Workload {
  /** Used in the function name and the report, e.g. `prime-sieve`. */
  name: string;
  dir: string;
}

/**
 * The bundled `benchmarks/workloads` folder. The module sits in `src/bench/` when run from source
 * and in `dist/` when built, so walk up to the package root instead of guessing the depth.
 */
export function bundledWorkloadsDir(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, 'benchmarks', 'workloads');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new UsageError('cannot find the bundled benchmarks/workloads folder', 'reinstall lambda-rightsize, or give a workload folder path');
    dir = parent;
  }
}

/** Names of the bundled workloads (folders with an index.mjs), sorted. */
export async function listWorkloads(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'index.mjs')))
    .map((entry) => entry.name)
    .toSorted();
}

/** Whether an argument names a folder rather than a bundled workload. */
export function looksLikePath(arg: string): boolean {
  return isAbsolute(arg) || arg.startsWith('.') || arg.includes('/') || arg.includes('\\');
}

/** Lambda function names allow letters, digits, '-' and '_'; a folder name may not. */
export function workloadSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'workload' : slug;
}

export async function resolveWorkload(arg: string, root: string): Promise<Workload> {
  if (looksLikePath(arg)) {
    const dir = resolve(arg);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new UsageError(`workload folder ${arg} does not exist`, 'give a folder with an index.mjs that exports `handler`');
    return { name: workloadSlug(basename(dir)), dir };
  }
  const known = await listWorkloads(root);
  if (!known.includes(arg)) {
    const near = nearMiss(arg, known);
    throw new UsageError(
      `unknown workload "${arg}"`,
      `${near === undefined ? '' : `did you mean ${near}? `}choose one of ${known.join(', ')}, or give a folder path such as ./my-workload`,
    );
  }
  return { name: arg, dir: join(root, arg) };
}
