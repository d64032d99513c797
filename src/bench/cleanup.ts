/**
 * `cleanup`: find what bench or a killed tune left behind, show it, and undo it on confirmation.
 * Only what carries our marks is touched: bench functions and log groups need both the name prefix
 * and the bench tag; on a tuned function, a killed run's marker tag says what to restore, and
 * versions and aliases must match the tune engine's naming.
 */
import type { BenchGateway } from '../aws/bench-gateway.js';
import { UsageError } from '../errors.js';
import type { LambdaGateway, TuneMarks } from '../tune/index.js';
import { isOfRun, RUN_MARKER_TAG } from '../tune/marks.js';
import { aliveText, planRecovery, restoreMemory, SILENT_FOR_S, untagIfOfRun, type RecoveryPlan } from '../tune/recover.js';
import { BENCH_LOG_GROUP_PREFIX, BENCH_TAG, isBenchFunction } from './naming.js';
import type { BenchLogGroups } from './ports.js';

export interface CleanupOptions {
  /** Also look for tune leftovers (a killed run's memory and marker, versions, aliases) on this function. */
  functionName?: string;
  yes: boolean;
  dryRun: boolean;
}

export interface CleanupDeps {
  gateway: BenchGateway;
  logGroups: BenchLogGroups;
  /** Tune's own gateway: a killed tune's leftovers are found and undone as tune does. */
  lambda: LambdaGateway;
  tuneMarks: TuneMarks;
  confirm?: (question: string) => Promise<boolean>;
  progress?: (line: string) => void;
  /** Shown what was found, before the question. */
  onFound?: (found: Pick<CleanupResult, 'targets' | 'skipped'>) => void | Promise<void>;
}

export type CleanupTarget =
  | { kind: 'function'; functionName: string; runId: string }
  | { kind: 'log-group'; name: string; runId: string }
  | { kind: 'restore'; functionName: string; runId: string; fromMB: number; toMB: number; plan: RecoveryPlan }
  | { kind: 'alias'; functionName: string; alias: string; version: string }
  | { kind: 'version'; functionName: string; version: string }
  | { kind: 'marker'; functionName: string; functionArn: string; runId: string };

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
    case 'log-group':
      return `log group ${target.name} (bench run ${target.runId})`;
    case 'restore':
      return `memory of ${target.functionName}: back from ${target.fromMB} MB to ${target.toMB} MB (killed tune run ${target.runId})`;
    case 'alias':
      return `alias ${target.functionName}:${target.alias} → version ${target.version}`;
    case 'version':
      return `version ${target.functionName}:${target.version}`;
    case 'marker':
      return `run marker tag ${RUN_MARKER_TAG} on ${target.functionName} (killed tune run ${target.runId})`;
  }
}

/** Lists what cleanup would undo, without changing anything. */
export async function findLeftovers(options: CleanupOptions, deps: CleanupDeps): Promise<Pick<CleanupResult, 'targets' | 'skipped'>> {
  const targets: CleanupTarget[] = [];
  const skipped: CleanupResult['skipped'] = [];
  for (const fn of await deps.gateway.listPrefixedFunctions()) {
    if (isBenchFunction(fn.name, fn.tags)) targets.push({ kind: 'function', functionName: fn.name, runId: fn.tags[BENCH_TAG]! });
    else skipped.push({ what: `function ${fn.name}`, reason: `has the bench name prefix but not the ${BENCH_TAG} tag` });
  }
  for (const group of await deps.logGroups.listPrefixed(BENCH_LOG_GROUP_PREFIX)) {
    const runId = group.tags[BENCH_TAG];
    if (runId) targets.push({ kind: 'log-group', name: group.name, runId });
    else skipped.push({ what: `log group ${group.name}`, reason: `has the bench name prefix but not the ${BENCH_TAG} tag` });
  }
  if (options.functionName !== undefined) await findTuneLeftovers(options.functionName, deps, targets, skipped);
  return { targets, skipped };
}

async function findTuneLeftovers(name: string, deps: CleanupDeps, targets: CleanupTarget[], skipped: CleanupResult['skipped']): Promise<void> {
  const fn = await deps.lambda.getConfiguration(name);
  const recovery = await planRecovery(fn, deps.lambda);
  if (recovery?.alive) {
    // A run still at work cleans up after itself; its versions and aliases are in use.
    skipped.push({ what: `run ${recovery.marker.runId} on ${fn.name}`, reason: `${aliveText(recovery)}; run cleanup again if it stays silent for ${SILENT_FOR_S} s` });
  } else if (recovery?.restore) {
    targets.push({ kind: 'restore', functionName: fn.name, runId: recovery.marker.runId, ...recovery.restore, plan: recovery });
  } else if (recovery?.leaveAlone) {
    skipped.push({ what: `memory of ${fn.name}`, reason: recovery.leaveAlone });
  }
  const aliases = await deps.lambda.listAliases(fn.name);
  const live = recovery?.alive ? recovery.marker.runId : undefined;
  const ours = aliases.filter((a) => deps.tuneMarks.isTuneAlias(a) && (live === undefined || !isOfRun(live, { name: a.name })));
  const oursNames = new Set(ours.map((a) => a.name));
  targets.push(...ours.map((a) => ({ kind: 'alias' as const, functionName: fn.name, alias: a.name, version: a.version })));
  // A version another alias still points to cannot be deleted, and is in use: leave it.
  const heldBy = new Map(aliases.filter((a) => !oursNames.has(a.name)).map((a) => [a.version, a.name]));
  for (const v of await deps.lambda.listVersions(fn.name)) {
    if (!deps.tuneMarks.isTuneVersion(v) || (live !== undefined && isOfRun(live, { description: v.description }))) continue;
    const holder = heldBy.get(v.version);
    if (holder) skipped.push({ what: `version ${fn.name}:${v.version}`, reason: `alias ${holder} points to it` });
    else targets.push({ kind: 'version', functionName: fn.name, version: v.version });
  }
  if (recovery && !recovery.alive) targets.push({ kind: 'marker', functionName: fn.name, functionArn: fn.arn, runId: recovery.marker.runId });
}

/** Undo order: memory first, aliases before the versions they hold, functions before their log groups, the marker last. */
const ORDER = { restore: 0, alias: 1, version: 2, function: 3, 'log-group': 4, marker: 5 } as const;

export async function runCleanup(options: CleanupOptions, deps: CleanupDeps): Promise<CleanupResult> {
  const progress = deps.progress ?? (() => undefined);
  const { targets, skipped } = await findLeftovers(options, deps);
  const result: CleanupResult = { targets, skipped, deleted: [], failed: [], dryRun: options.dryRun };
  await deps.onFound?.({ targets, skipped });
  if (targets.length === 0 || options.dryRun) return result;
  if (!options.yes) {
    if (!deps.confirm) throw new UsageError('cleanup changes and deletes resources and needs confirmation', 'run it on a terminal, or pass --yes');
    if (!(await deps.confirm(`Undo these ${targets.length} leftover(s)?`))) throw new UsageError('cancelled: nothing was changed', 'pass --yes to skip the question');
  }
  for (const target of targets.toSorted((a, b) => ORDER[a.kind] - ORDER[b.kind])) {
    // The marker is what lets cleanup run again: it goes only when everything else went.
    if (target.kind === 'marker' && result.failed.length > 0) {
      result.failed.push({ target, message: 'kept, because something else could not be undone' });
      continue;
    }
    try {
      const done = await undo(target, deps);
      result.deleted.push(target);
      progress(done ?? `deleted ${describeTarget(target)}`);
    } catch (error) {
      result.failed.push({ target, message: (error as Error).message });
      progress(`could not undo ${describeTarget(target)}: ${(error as Error).message}`);
    }
  }
  return result;
}

async function undo(target: CleanupTarget, deps: CleanupDeps): Promise<string | undefined> {
  switch (target.kind) {
    case 'function':
      await deps.gateway.deleteFunction(target.functionName);
      return undefined;
    case 'log-group':
      await deps.logGroups.delete(target.name);
      return undefined;
    case 'restore':
      return restoreMemory(target.plan, deps.lambda);
    case 'alias':
      await deps.lambda.deleteAlias(target.functionName, target.alias);
      return undefined;
    case 'version':
      await deps.lambda.deleteVersion(target.functionName, target.version);
      return undefined;
    case 'marker':
      if (!(await untagIfOfRun(deps.lambda, target.functionArn, target.runId))) throw new Error('the marker now names another run (left for it)');
      return `removed ${describeTarget(target)}`;
  }
}

/** The list cleanup shows before asking (and prints for --dry-run). */
export function renderLeftovers(found: Pick<CleanupResult, 'targets' | 'skipped'>): string {
  const lines =
    found.targets.length === 0
      ? ['nothing to clean up: no bench function or log group, and no tune leftover found']
      : [`${found.targets.length} leftover(s) to undo:`, ...found.targets.map((t) => `  ${describeTarget(t)}`)];
  if (found.skipped.length > 0) lines.push('left alone:', ...found.skipped.map((s) => `  ${s.what}: ${s.reason}`));
  return `${lines.join('\n')}\n`;
}
