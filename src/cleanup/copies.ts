/**
 * A killed `tune --copy` run's copies and their log groups: found by name prefix AND copy tag, and
 * left alone while their run may still be at work — the run marker on the copy (tune's heartbeat)
 * heard from recently, or a copy made within the same few minutes (its heartbeat starts with the
 * measuring).
 */
import { ALIVE_MS, COPY_LOG_GROUP_PREFIX, COPY_TAG, decodeCopyTag, decodeRunMarker, emptyPlan, isAlive, isCopy, isFreshCopy, RUN_MARKER_TAG, type UndoPlan } from '../tune/index.js';
import type { LogGroupListing } from '../bench/ports.js';

export interface CopyListing {
  listCopies(): Promise<Array<{ name: string; tags: Record<string, string> }>>;
  listCopyLogGroups(prefix: string): Promise<LogGroupListing[]>;
}

export async function findCopyLeftovers(copies: CopyListing, nowMs: number, skipped: string[]): Promise<UndoPlan | undefined> {
  const plan = emptyPlan('', 'killed tune --copy runs');
  const groups = new Map<string, string>();
  for (const group of await copies.listCopyLogGroups(COPY_LOG_GROUP_PREFIX)) {
    const mark = decodeCopyTag(group.tags[COPY_TAG]);
    if (!mark) skipped.push(`log group ${group.name}: has the copy name prefix but not the ${COPY_TAG} tag`);
    else if (isFreshCopy(mark, nowMs)) skipped.push(`log group ${group.name}: made ${secondsAgo(mark.startedAt, nowMs)} s ago by run ${mark.runId}, which may still be at work`);
    else groups.set(group.name, mark.runId);
  }
  for (const fn of await copies.listCopies()) {
    const logGroup = `/aws/lambda/${fn.name}`;
    if (!isCopy(fn.name, fn.tags)) {
      skipped.push(`function ${fn.name}: has the copy name prefix but not the ${COPY_TAG} tag`);
      continue;
    }
    const mark = decodeCopyTag(fn.tags[COPY_TAG])!;
    const marker = decodeRunMarker(fn.tags[RUN_MARKER_TAG]);
    const alive = marker ? isAlive(marker, nowMs) : isFreshCopy(mark, nowMs);
    if (alive) {
      groups.delete(logGroup);
      skipped.push(`copy ${fn.name} of ${mark.of}: run ${mark.runId} is still at work; run cleanup again if it stays silent for ${ALIVE_MS / 1000} s`);
      continue;
    }
    const hasGroup = groups.delete(logGroup);
    plan.functions.push({ name: fn.name, runId: mark.runId, made: 'tune --copy', ...(hasGroup ? { logGroup } : {}) });
  }
  plan.logGroups = [...groups.keys()];
  return plan.functions.length + plan.logGroups.length > 0 ? plan : undefined;
}

function secondsAgo(iso: string, nowMs: number): number {
  return Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
}
