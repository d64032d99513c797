/**
 * A killed `tune --copy` run's copies and their log groups: found by name prefix AND copy tag, one
 * undo plan per run. A run heard from recently — the run marker tune's heartbeat keeps on the copy,
 * or, before measuring began, the copy's own start time — may still be at work: it is left alone
 * (and said, as bench's and tune's live runs are) unless --force.
 */
import {
  ALIVE_MS,
  COPY_LOG_GROUP_PREFIX,
  COPY_TAG,
  decodeCopyTag,
  decodeRunMarker,
  emptyPlan,
  isAlive,
  isCopy,
  isFreshCopy,
  RUN_MARKER_TAG,
  type UndoPlan,
} from '../tune/index.js';
import type { LogGroupListing } from '../bench/ports.js';
import type { Leftovers, LiveRun } from './find.js';

export interface CopyListing {
  listCopies(): Promise<Array<{ name: string; tags: Record<string, string> }>>;
  listCopyLogGroups(prefix: string): Promise<LogGroupListing[]>;
}

interface CopyRun {
  plan: UndoPlan;
  of: string;
  startedAt: string;
  /** When the run was last heard from, if recently. */
  heardAt?: string;
}

export async function findCopyLeftovers(copies: CopyListing, nowMs: number, force: boolean, found: Leftovers): Promise<void> {
  const runs = new Map<string, CopyRun>();
  const runOf = (runId: string, of: string, startedAt: string): CopyRun =>
    runs.get(runId) ?? runs.set(runId, { plan: emptyPlan('', `tune --copy run ${runId}`), of, startedAt }).get(runId)!;
  const groups = new Map<string, string>();
  for (const group of await copies.listCopyLogGroups(COPY_LOG_GROUP_PREFIX)) {
    const mark = decodeCopyTag(group.tags[COPY_TAG]);
    if (!mark) {
      found.skipped.push(`log group ${group.name}: has the copy name prefix but not the ${COPY_TAG} tag`);
      continue;
    }
    groups.set(group.name, mark.runId);
    const run = runOf(mark.runId, mark.of, mark.startedAt);
    if (isFreshCopy(mark, nowMs)) run.heardAt ??= mark.startedAt;
  }
  for (const fn of await copies.listCopies()) {
    if (!isCopy(fn.name, fn.tags)) {
      found.skipped.push(`function ${fn.name}: has the copy name prefix but not the ${COPY_TAG} tag`);
      continue;
    }
    const mark = decodeCopyTag(fn.tags[COPY_TAG])!;
    const run = runOf(mark.runId, mark.of, mark.startedAt);
    const marker = decodeRunMarker(fn.tags[RUN_MARKER_TAG]);
    if (marker ? isAlive(marker, nowMs) : isFreshCopy(mark, nowMs)) {
      const heard = marker?.seenAt ?? marker?.startedAt ?? mark.startedAt;
      if (!run.heardAt || heard > run.heardAt) run.heardAt = heard;
    }
    const logGroup = `/aws/lambda/${fn.name}`;
    const hasGroup = groups.delete(logGroup);
    run.plan.functions.push({ name: fn.name, runId: mark.runId, made: 'tune --copy', ...(hasGroup ? { logGroup } : {}) });
  }
  for (const [group, runId] of groups) runs.get(runId)!.plan.logGroups.push(group);
  for (const [runId, run] of runs) {
    if (run.heardAt !== undefined) {
      const secondsAgo = Math.max(0, Math.round((nowMs - Date.parse(run.heardAt)) / 1000));
      const live: LiveRun = {
        what: `tune --copy run ${runId} of ${run.of}`,
        startedAt: run.startedAt,
        secondsAgo,
        staleInS: Math.max(0, ALIVE_MS / 1000 - secondsAgo),
        changed: `created ${[...run.plan.functions.map((fn) => `copy ${fn.name}`), ...run.plan.logGroups.map((g) => `log group ${g}`)].join(', ')}${run.plan.functions.some((fn) => fn.logGroup) ? ' and its log group' : ''}`,
        plan: run.plan,
        waitCommand: 'lambda-rightsize cleanup --wait',
      };
      (force ? found.forced : found.live).push(live);
      if (!force) continue;
    }
    found.plans.push(run.plan);
  }
}
