/** The files a `replay` reads: its arguments, with folders expanded (recursively, in name order). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

export interface ReplayInputs {
  /** Paths to read, in order (`-` = standard input). */
  files: string[];
  /** Objects found in folders that are not logs, each with why it was left out. */
  skipped: string[];
  /** The files that were found in a folder rather than named: one that cannot be read is a note. */
  found: ReadonlySet<string>;
}

/**
 * The test object CloudWatch Logs writes first when it exports to S3, to check it may write to the
 * bucket ("Permission Check Successful"): `<prefix>/aws-logs-write-test`.
 */
const S3_WRITE_TEST = 'aws-logs-write-test';

export async function expandInputs(args: readonly string[]): Promise<ReplayInputs> {
  const files: string[] = [];
  const skipped: string[] = [];
  const foundInFolders = new Set<string>();
  for (const arg of args) {
    if (arg === '-' || !(await isDirectory(arg))) {
      files.push(arg);
      continue;
    }
    const found = await walk(arg, skipped);
    if (found.length === 0)
      throw new UsageError(
        `${arg} is a directory with no log files in it`,
        'give a folder of logs (.log, .gz, … — an S3 export folder works), or the files themselves',
      );
    files.push(...found);
    for (const file of found) foundInFolders.add(file);
  }
  return { files, skipped, found: foundInFolders };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    // Missing or unreadable: opening it later says which, in the usual words.
    return false;
  }
}

async function walk(dir: string, skipped: string[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, "check the folder's permissions", error);
  }
  const files: string[] = [];
  // Name order, so an S3 export (`<task>/<stream>/000000.gz`, `000001.gz`…) is read in its own order.
  for (const entry of entries.toSorted((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path, skipped)));
    else if (entry.name === S3_WRITE_TEST) skipped.push(`${path}: the test object CloudWatch Logs writes before an S3 export, not a log`);
    else if (entry.name.startsWith('.')) skipped.push(`${path}: a hidden file`);
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(path);
  }
  return files;
}
