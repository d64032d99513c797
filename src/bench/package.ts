/** Zips a workload folder in memory, the way Lambda's CreateFunction takes it (ZipFile). */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { UsageError } from '../errors.js';

export interface WorkloadPackage {
  /** The zip archive, ready for CreateFunction's `ZipFile`. */
  zip: Uint8Array;
  /** Paths inside the archive, sorted. */
  files: string[];
  /** Base64 SHA-256 of the archive: what Lambda reports as `CodeSha256`. */
  codeSha256: string;
}

// The DOS date in a zip header cannot go before 1980. fflate reads the local-time fields of the
// Date, so a Date built from local fields gives the same bytes in every time zone.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const RUNTIME_EXTENSIONS = ['.mjs', '.js', '.cjs', '.json'];

/** Whether a path inside a workload folder belongs in the deployed zip (code, not tests or docs). */
export function isHandlerFile(path: string): boolean {
  const parts = path.split('/');
  const base = parts.at(-1) ?? '';
  if (parts.some((part) => part.startsWith('.'))) return false;
  if (/\.(test|spec)\.[cm]?[jt]s$/.test(base)) return false;
  return RUNTIME_EXTENSIONS.some((ext) => base.endsWith(ext));
}

/** A deterministic zip: sorted entries, fixed times, files readable by the Lambda runtime user. */
export function zipFiles(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const entries: Zippable = {};
  for (const name of Object.keys(files).toSorted()) {
    entries[name] = [files[name]!, { mtime: FIXED_MTIME, os: 3, attrs: 0o644 << 16 }];
  }
  return zipSync(entries, { level: 9 });
}

export function codeSha256(zip: Uint8Array): string {
  return createHash('sha256').update(zip).digest('base64');
}

/**
 * Reads the handler files of a workload folder (recursively) and zips them. Fails with a
 * UsageError when the folder has no `index.mjs` / `index.js`, since the handler is `index.handler`.
 */
export async function packageWorkload(dir: string): Promise<WorkloadPackage> {
  const paths = (await listFiles(dir)).filter(isHandlerFile).toSorted();
  if (!paths.includes('index.mjs') && !paths.includes('index.js')) {
    throw new UsageError(`${dir} has no index.mjs or index.js`, 'a workload folder needs an index.mjs that exports `handler`');
  }
  const contents: Record<string, Uint8Array> = {};
  for (const path of paths) contents[path] = new Uint8Array(await readFile(join(dir, ...path.split('/'))));
  const zip = zipFiles(contents);
  return { zip, files: paths, codeSha256: codeSha256(zip) };
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read workload folder ${dir}: ${(error as Error).message}`, 'check the path', error);
  }
  // `parentPath` is Node 20.12+; `path` is its older name.
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const parent = (entry as { parentPath?: string }).parentPath ?? (entry as { path?: string }).path ?? dir;
      return relative(dir, join(parent, entry.name)).split(sep).join('/');
    });
}
