/**
 * `cleanup`: find what bench or a killed tune left behind, show it, and undo it on confirmation —
 * with tune's one undo executor, as the runs themselves undo.
 */
import { UsageError } from '../errors.js';
import type { BenchGateway } from '../aws/bench-gateway.js';
import type { BenchLogGroups } from '../bench/ports.js';
import { describeUndo, executeUndo, undoItems, type UndoOutcome } from '../tune/index.js';
import { findLeftovers, type CleanupOptions, type FindDeps, type Leftovers } from './find.js';

export interface CleanupDeps extends FindDeps {
  gateway: Pick<BenchGateway, 'listPrefixedFunctions' | 'deleteFunction'>;
  logGroups: Pick<BenchLogGroups, 'listPrefixed' | 'delete'>;
  confirm?: (question: string) => Promise<boolean>;
  progress?: (line: string) => void;
  /** Shown what was found, before the question. */
  onFound?: (found: Leftovers) => void | Promise<void>;
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
  const found = await findLeftovers(options, deps);
  const total = found.plans.reduce((sum, plan) => sum + undoItems(plan), 0);
  const result: CleanupResult = { ...found, total, undone: 0, failed: [], dryRun: options.dryRun };
  await deps.onFound?.(found);
  if (total === 0 || options.dryRun) return result;
  if (!options.yes) {
    if (!deps.confirm) throw new UsageError('cleanup changes and deletes resources and needs confirmation', 'run it on a terminal, or pass --yes');
    if (!(await deps.confirm(`Undo these ${total} leftover(s)?`))) throw new UsageError('cancelled: nothing was changed', 'pass --yes to skip the question');
  }
  const temporary = { deleteFunction: (name: string) => deps.gateway.deleteFunction(name), deleteLogGroup: (name: string) => deps.logGroups.delete(name) };
  for (const plan of found.plans) {
    const outcome = await executeUndo({ ...plan, leftAlone: [] }, { lambda: deps.lambda, temporary });
    for (const line of [...outcome.done, ...outcome.notes]) progress(line);
    result.undone += outcome.undone;
    result.failed.push(...outcome.failed);
  }
  return result;
}

/** The list cleanup shows before asking (and prints for --dry-run). */
export function renderLeftovers(found: Leftovers): string {
  const items = found.plans.flatMap(describeUndo);
  const lines =
    items.length === 0 ? ['nothing to clean up: no bench function or log group, and no tune leftover found'] : [`${items.length} leftover(s) to undo:`, ...items.map((line) => `  ${line}`)];
  if (found.skipped.length > 0) lines.push('left alone:', ...found.skipped.map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}
