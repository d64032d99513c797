/**
 * Reads the infrastructure code under `--source` for scan's locator: the files that can declare a
 * Lambda function (templates, serverless.yml, Terraform), skipping dependency and build folders —
 * but not `cdk.out`, where CDK writes the synthesized templates.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { hasSourceExtension, MAX_SOURCE_BYTES, MAX_SOURCE_FILES, mayDeclareFunction, SKIP_DIRS } from './iac/files.js';
import type { SourceFile } from './iac/locate.js';

/** Files with a template's extension, never descending into SKIP_DIRS (a monorepo's node_modules). */
async function candidates(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (e): Promise<string[]> => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : candidates(path);
      return e.isFile() && hasSourceExtension(e.name) ? [path] : [];
    }),
  );
  return nested.flat().toSorted();
}

/** The candidate files under `dir`, their paths relative to `base` with `/`. */
export async function readSourceTree(dir: string, base: string): Promise<SourceFile[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`--source ${dir} is not a folder`, 'give the folder of your infrastructure code, or --no-source');
  const paths = (await candidates(dir)).slice(0, MAX_SOURCE_FILES);
  const files = await Promise.all(
    paths.map(async (path): Promise<SourceFile | undefined> => {
      const size = (await stat(path)).size;
      if (size > MAX_SOURCE_BYTES) return undefined;
      const text = await readFile(path, 'utf8');
      return mayDeclareFunction(text) ? { path: relative(base, path).split(sep).join('/'), text } : undefined;
    }),
  );
  return files.filter((f): f is SourceFile => f !== undefined);
}

/**
 * `--source <dir>`; `--no-source`; by default the current folder in CI (CI or GITHUB_ACTIONS set)
 * or when `--suggest-patch` asks for patches, else none.
 */
export function sourceDir(option: string | boolean | undefined, env: NodeJS.ProcessEnv, cwd: string, suggestPatch = false): string | undefined {
  if (typeof option === 'string') return option;
  if (option === false) return undefined;
  return suggestPatch || env.CI === 'true' || env.GITHUB_ACTIONS === 'true' ? cwd : undefined;
}

/**
 * What file paths are relative to: the repository root in GitHub Actions (`GITHUB_WORKSPACE`),
 * which annotations and blob links need even when the job runs in a sub-folder; else `cwd`.
 */
export function pathBase(env: NodeJS.ProcessEnv, cwd: string): string {
  return env.GITHUB_ACTIONS === 'true' && env.GITHUB_WORKSPACE ? env.GITHUB_WORKSPACE : cwd;
}
