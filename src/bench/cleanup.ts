/**
 * `cleanup`: find what bench or a crashed tune left behind, show it, and delete it on confirmation.
 * Only what carries our marks is touched: bench functions need both the name prefix and the tag;
 * versions and aliases on a tuned function must match the tune engine's naming.
 */
import type { BenchGateway } from '../aws/bench-gateway.js';
import { UsageError } from '../errors.js';
import type { LambdaGateway, TuneMarks } from '../tune/index.js';
import { BENCH_TAG, isBenchFunction } from './naming.js';

export interface CleanupOptions {
  /** Also look for tune leftovers (versions, aliases) on this function. */
  functionName?: string;
  yes: boolean;
  dryRun: boolean;
}

export interface CleanupDeps {
  gateway: BenchGateway;
  /** Tune's own gateway: the versions and aliases a crashed tune left are found and deleted as tune does. */
  lambda: Pick<LambdaGateway, 'listVersions' | 'listAliases' | 'deleteAlias' | 'deleteVersion'>;
  tuneMarks: TuneMarks;
  confirm?: (question: string) => Promise<boolean>;
  progress?: (line: string) => void;
  /** Shown what was found, before the question. */
  onFound?: (found: Pick<CleanupResult, 'targets' | 'skipped'>) => void | Promise<void>;
}

export type CleanupTarget =
  | { kind: 'function'; functionName: string; runId: string }
  | { kind: 'alias'; functionName: string; alias: string; version: string }
  | { kind: 'version'; functionName: string; version: string };

export interface CleanupResult {
  targets: CleanupTarget[];
  /** Found but left alone, with the reason (e.g. prefix without the tag). */
  skipped: Array<{ what: string; reason: string }>;
  deleted: CleanupTarget[];
  failed: Array<{ target: CleanupTarget; message: string }>;
  dryRun: boolean;
}

export function describeTarget(target: CleanupTarget): string {
  switch (target.kind) {
    case 'function':
      return `function ${target.functionName} (bench run ${target.runId})`;
    case 'alias':
      return `alias ${target.functionName}:${target.alias} → version ${target.version}`;
    case 'version':
      return `version ${target.functionName}:${target.version}`;
  }
}

/** Lists what cleanup would delete, without deleting anything. */
export async function findLeftovers(options: CleanupOptions, deps: CleanupDeps): Promise<Pick<CleanupResult, 'targets' | 'skipped'>> {
  const targets: CleanupTarget[] = [];
  const skipped: CleanupResult['skipped'] = [];
  for (const fn of await deps.gateway.listPrefixedFunctions()) {
    if (isBenchFunction(fn.name, fn.tags)) targets.push({ kind: 'function', functionName: fn.name, runId: fn.tags[BENCH_TAG]! });
    else skipped.push({ what: `function ${fn.name}`, reason: `has the bench name prefix but not the ${BENCH_TAG} tag` });
  }
  if (options.functionName !== undefined) {
    const name = options.functionName;
    const aliases = await deps.lambda.listAliases(name);
    const ours = aliases.filter((a) => deps.tuneMarks.isTuneAlias(a));
    const oursNames = new Set(ours.map((a) => a.name));
    targets.push(...ours.map((a) => ({ kind: 'alias' as const, functionName: name, alias: a.name, version: a.version })));
    // A version another alias still points to cannot be deleted, and is in use: leave it.
    const heldBy = new Map(aliases.filter((a) => !oursNames.has(a.name)).map((a) => [a.version, a.name]));
    for (const v of await deps.lambda.listVersions(name)) {
      if (!deps.tuneMarks.isTuneVersion(v)) continue;
      const holder = heldBy.get(v.version);
      if (holder) skipped.push({ what: `version ${name}:${v.version}`, reason: `alias ${holder} points to it` });
      else targets.push({ kind: 'version', functionName: name, version: v.version });
    }
  }
  return { targets, skipped };
}

export async function runCleanup(options: CleanupOptions, deps: CleanupDeps): Promise<CleanupResult> {
  const progress = deps.progress ?? (() => undefined);
  const { targets, skipped } = await findLeftovers(options, deps);
  const result: CleanupResult = { targets, skipped, deleted: [], failed: [], dryRun: options.dryRun };
  await deps.onFound?.({ targets, skipped });
  if (targets.length === 0 || options.dryRun) return result;
  if (!options.yes) {
    if (!deps.confirm) throw new UsageError('cleanup deletes resources and needs confirmation', 'run it on a terminal, or pass --yes');
    if (!(await deps.confirm(`Delete these ${targets.length} resource(s)?`))) throw new UsageError('cancelled: nothing was deleted', 'pass --yes to skip the question');
  }
  // Aliases before versions: a version an alias points to cannot be deleted.
  const order = { alias: 0, version: 1, function: 2 } as const;
  for (const target of targets.toSorted((a, b) => order[a.kind] - order[b.kind])) {
    try {
      await remove(target, deps);
      result.deleted.push(target);
      progress(`deleted ${describeTarget(target)}`);
    } catch (error) {
      result.failed.push({ target, message: (error as Error).message });
      progress(`could not delete ${describeTarget(target)}: ${(error as Error).message}`);
    }
  }
  return result;
}

function remove(target: CleanupTarget, deps: CleanupDeps): Promise<unknown> {
  switch (target.kind) {
    case 'function':
      return deps.gateway.deleteFunction(target.functionName);
    case 'alias':
      return deps.lambda.deleteAlias(target.functionName, target.alias);
    case 'version':
      return deps.lambda.deleteVersion(target.functionName, target.version);
  }
}

/** The list cleanup shows before asking (and prints for --dry-run). */
export function renderLeftovers(found: Pick<CleanupResult, 'targets' | 'skipped'>): string {
  const lines =
    found.targets.length === 0
      ? ['nothing to clean up: no bench function and no tune leftover found']
      : [`${found.targets.length} leftover(s) to delete:`, ...found.targets.map((t) => `  ${describeTarget(t)}`)];
  if (found.skipped.length > 0) lines.push('left alone:', ...found.skipped.map((s) => `  ${s.what}: ${s.reason}`));
  return `${lines.join('\n')}\n`;
}
