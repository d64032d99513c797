/**
 * `cleanup`: find what bench or a killed tune left behind, show it, and undo it on confirmation —
 * with tune's one undo executor, as the runs themselves undo.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { UsageError } from '../errors.js';
import type { BenchGateway } from '../bench/ports.js';
import type { BenchLogGroups } from '../bench/ports.js';
import { COPY_PREFIX, describeUndo, executeUndo, SILENT_FOR_S, undoItems, type TemporaryFunctions, type UndoOutcome } from '../tune/index.js';
import type { CopyListing } from './copies.js';
import { findLeftovers, type CleanupOptions, type FindDeps, type Leftovers, type LiveRun } from './find.js';

/** How often --wait looks at a live run's marker again (sooner when it is due to go stale). */
const POLL_MS = 15_000;

export interface CleanupDeps extends FindDeps {
  copies?: CopyListing & Pick<TemporaryFunctions, 'deleteFunction'>;
  gateway: Pick<BenchGateway, 'listPrefixedFunctions' | 'deleteFunction'>;
  logGroups: Pick<BenchLogGroups, 'listPrefixed' | 'delete'>;
  confirm?: (question: string) => Promise<boolean>;
  progress?: (line: string) => void;
  /** Shown what was found, before the question. */
  onFound?: (found: Leftovers) => void | Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

export interface CleanupResult extends Leftovers {
  /** Things to undo, and how many were undone. */
  total: number;
  undone: number;
  failed: UndoOutcome['failed'];
  dryRun: boolean;
}

export async function runCleanup(options: CleanupOptions, deps: CleanupDeps): Promise<CleanupResult> {
  const progress = deps.progress ?? (() => undefined);
  let found = await findLeftovers(options, deps);
  if (options.waitS !== undefined && !options.dryRun) found = await waitForSilence(found, options, options.waitS, deps, progress);
  const total = found.plans.reduce((sum, plan) => sum + undoItems(plan), 0);
  const result: CleanupResult = { ...found, total, undone: 0, failed: [], dryRun: options.dryRun };
  await deps.onFound?.(found);
  if (total === 0 || options.dryRun) return result;
  if (!options.yes) {
    if (!deps.confirm) throw new UsageError('cleanup changes and deletes resources and needs confirmation', 'run it on a terminal, or pass --yes');
    if (!(await deps.confirm(`Undo these ${total} leftover(s)?`))) throw new UsageError('cancelled: nothing was changed', 'pass --yes to skip the question');
  }
  // Copies go through their own guarded gateway (copy prefix), bench functions through bench's.
  const copies = deps.copies;
  const temporary = {
    deleteFunction: (name: string) => (copies && name.startsWith(COPY_PREFIX) ? copies.deleteFunction(name) : deps.gateway.deleteFunction(name)),
    deleteLogGroup: (name: string) => deps.logGroups.delete(name),
  };
  for (const plan of found.plans) {
    const outcome = await executeUndo({ ...plan, leftAlone: [] }, { lambda: deps.lambda, temporary });
    for (const line of [...outcome.done, ...outcome.notes]) progress(line);
    result.undone += outcome.undone;
    result.failed.push(...outcome.failed);
  }
  return result;
}

/**
 * --wait: looks again until no run looks alive (its marker went silent for SILENT_FOR_S, or the run
 * finished and removed it), for at most `waitS` seconds; says on every look what it waits for.
 */
async function waitForSilence(
  first: Leftovers,
  options: CleanupOptions,
  waitS: number,
  deps: CleanupDeps,
  progress: (line: string) => void,
): Promise<Leftovers> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => sleepFor(ms));
  const start = now();
  let found = first;
  for (;;) {
    if (found.live.length === 0) return found;
    const waitedS = Math.round((now() - start) / 1000);
    const leftS = waitS - waitedS;
    const staleInS = Math.max(...found.live.map((run) => run.staleInS));
    if (leftS <= 0) {
      progress(`waited ${waitedS} s (--wait ${waitS}): ${found.live.map((run) => run.what).join(', ')} still looks alive`);
      return found;
    }
    for (const run of found.live) {
      const changed = found === first ? ` (it changed ${run.changed})` : '';
      progress(
        `waiting for ${run.what}${changed}: heard from ${run.secondsAgo} s ago, taken for killed in ${run.staleInS} s if it stays silent (waited ${waitedS} s of at most ${waitS} s)`,
      );
    }
    // One second past the moment it goes stale: the marker's time has whole seconds.
    await sleep(Math.min(POLL_MS, (staleInS + 1) * 1000, leftS * 1000));
    found = await findLeftovers(options, deps);
  }
}

/** The list cleanup shows before asking (and prints for --dry-run): a run that looks alive first. */
export function renderLeftovers(found: Leftovers): string {
  const items = found.plans.flatMap(describeUndo);
  const lines = [...found.live.flatMap(liveLines), ...found.forced.map(forcedLine)];
  if (items.length > 0) lines.push(`${items.length} leftover(s) to undo:`, ...items.map((line) => `  ${line}`));
  else if (found.live.length === 0) lines.push('nothing to clean up: no bench function or log group, and no tune leftover found');
  if (found.skipped.length > 0) lines.push('left alone:', ...found.skipped.map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}

function liveLines(run: LiveRun): string[] {
  return [
    `${run.what} looks alive: last heard from ${run.secondsAgo} s ago (started ${run.startedAt}); it changed ${run.changed} — left alone`,
    `  it is taken for killed after ${SILENT_FOR_S} s of silence (in ${run.staleInS} s): \`--wait\` waits for that, then undoes it; \`--force\` undoes it now (only that run's own changes), if you know it is dead`,
  ];
}

function forcedLine(run: LiveRun): string {
  return `${run.what} was heard from ${run.secondsAgo} s ago, but --force says it is dead: undoing what it changed (${run.changed})`;
}
