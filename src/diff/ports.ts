/**
 * What `runDiff` needs from the outside, as narrow interfaces: git.ts implements the repository
 * with the `git` command; tests use it on fixture repositories built in a temporary folder.
 */
import type { ScanDeps } from '../scan/deps.js';
import type { SourceFile } from '../scan/iac/locate.js';
import type { FunctionHistory } from './project.js';

export interface Repository {
  /** The repository's top folder (absolute); file paths are relative to it. */
  readonly root: string;
  /** The commit `ref` names; a UsageError when there is none. */
  resolve(ref: string): Promise<string>;
  /** The merge base of HEAD with the default branch, and the branch it was taken from. */
  defaultBase(): Promise<{ ref: string; commit: string }>;
  /** Files under `prefix` (repository-relative, '' for all) that may declare a function, at `commit`. */
  filesAt(commit: string, prefix: string): Promise<SourceFile[]>;
  /** The same in the working tree: tracked and untracked files, not ignored ones, as on disk now. */
  workingFiles(prefix: string): Promise<SourceFile[]>;
}

/**
 * Where the history comes from: CloudWatch through scan's reading (`aws`), or recorded logs
 * (`--history`), each keyed by the function name the file was given.
 */
export type HistorySource =
  | { kind: 'aws'; deps: ScanDeps; region: string; concurrency: number; sinceMs: number; maxEvents: number }
  | { kind: 'replay'; histories: ReadonlyMap<string, FunctionHistory> };
