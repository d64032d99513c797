/**
 * Undoing a run that was killed (SIGKILL, OOM killer, a CI job's hard timeout): its run marker (a tag
 * on the function, see marks.ts) says the original memory, the code it ran on and the sizes it may
 * have left on $LATEST. `cleanup --function` and the next `tune` read it into an undo plan (undo.ts)
 * before changing anything; executeUndo carries it out.
 */
import { ALIVE_MS, decodeRunMarker, isAlive, isOfRun, RUN_MARKER_TAG, type RunMarker } from './marks.js';
import type { FunctionConfiguration, LambdaGateway } from './ports.js';
import { describeUndo, emptyPlan, type UndoPlan } from './undo.js';

/** How long a killed run's marker must be silent before it may be undone, for messages. */
export const SILENT_FOR_S = ALIVE_MS / 1000;

/** What undoing a killed run takes, found without changing anything. */
export interface RecoveryPlan {
  functionName: string;
  functionArn: string;
  marker: RunMarker;
  /** $LATEST's memory when the plan was made. */
  memoryMB: number;
  /** What undoing the run takes: its memory on $LATEST (when still its own), aliases, versions, marker. */
  undo: UndoPlan;
  /**
   * The run is not (known to be) killed: its heartbeat is recent, so it may still be at work.
   * Nothing of it is touched unless the user says it is dead (`cleanup --force`).
   */
  alive?: { secondsAgo: number; /** Seconds until it is taken for killed, if it stays silent. */ staleInS: number };
}

/**
 * The plan to undo the run that left its marker on `fn`, or undefined when there is none. The plan
 * is made for a live run, too (to say what it changed); `alive` then says to leave it alone.
 */
export async function planRecovery(fn: FunctionConfiguration, lambda: LambdaGateway, nowMs: number = Date.now()): Promise<RecoveryPlan | undefined> {
  const marker = decodeRunMarker((await lambda.listTags(fn.arn))[RUN_MARKER_TAG]);
  if (!marker) return undefined;
  const alive = isAlive(marker, nowMs);
  const undo = emptyPlan(fn.name, `${alive ? 'tune run' : 'killed tune run'} ${marker.runId}`);
  const plan: RecoveryPlan = { functionName: fn.name, functionArn: fn.arn, marker, memoryMB: fn.memoryMB, undo };
  if (alive) {
    const secondsAgo = secondsSince(marker, nowMs);
    plan.alive = { secondsAgo, staleInS: Math.max(0, SILENT_FOR_S - secondsAgo) };
  }
  if (fn.memoryMB !== marker.originalMemoryMB) {
    if (fn.codeSha256 !== marker.codeSha256) {
      undo.leftAlone.push(
        `memory of ${fn.name}: new code was deployed since run ${marker.runId} (started ${marker.startedAt}): its ${fn.memoryMB} MB is left as it is (it had ${marker.originalMemoryMB} MB before that run)`,
      );
    } else if (!marker.sizes.includes(fn.memoryMB)) {
      undo.leftAlone.push(
        `memory of ${fn.name}: its memory was set to ${fn.memoryMB} MB since run ${marker.runId} (not a size that run set): left as it is (it had ${marker.originalMemoryMB} MB before that run)`,
      );
    } else {
      undo.latest = { kind: 'marker', fromMB: fn.memoryMB, toMB: marker.originalMemoryMB, codeSha256: marker.codeSha256, runId: marker.runId };
    }
  }
  const aliases = await lambda.listAliases(fn.name);
  undo.aliases = aliases.filter((a) => isOfRun(marker.runId, { name: a.name })).map((a) => a.name);
  const heldBy = new Map(aliases.filter((a) => !undo.aliases.includes(a.name)).map((a) => [a.version, a.name]));
  for (const v of await lambda.listVersions(fn.name)) {
    if (!isOfRun(marker.runId, { description: v.description })) continue;
    const alias = heldBy.get(v.version);
    if (alias) undo.leftAlone.push(`version ${fn.name}:${v.version}: alias ${alias} points to it (run ${marker.runId})`);
    else undo.versions.push(v.version);
  }
  undo.marker = { functionName: fn.name, functionArn: fn.arn, runId: marker.runId };
  return plan;
}

/**
 * What the run changed, as far as the function shows: "$LATEST at 1024 MB (512 MB before it), 3
 * version(s), 1 alias(es) and its run marker".
 */
export function describeRunChanges(plan: RecoveryPlan): string {
  const { undo, marker } = plan;
  const parts: string[] = [];
  if (undo.latest?.kind === 'marker') parts.push(`$LATEST at ${undo.latest.fromMB} MB (${undo.latest.toMB} MB before it)`);
  else if (plan.memoryMB === marker.originalMemoryMB) parts.push(`$LATEST still at its ${marker.originalMemoryMB} MB`);
  if (undo.versions.length > 0) parts.push(`${undo.versions.length} version(s)`);
  if (undo.aliases.length > 0) parts.push(`${undo.aliases.length} alias(es)`);
  parts.push('its run marker');
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

function secondsSince(marker: RunMarker, nowMs: number): number {
  return Math.max(0, Math.round((nowMs - Date.parse(marker.seenAt ?? marker.startedAt)) / 1000));
}

/** One line per step of the plan, for the plan, --dry-run and cleanup's list. */
export function describeRecovery(plan: RecoveryPlan): string[] {
  if (plan.alive) return [`leave ${plan.functionName} alone: ${aliveText(plan)}`];
  const lines = describeUndo(plan.undo);
  if (!plan.undo.latest) lines.unshift(`memory of ${plan.functionName}: nothing to put back (${plan.undo.whose}, started ${plan.marker.startedAt})`);
  return [...lines, ...plan.undo.leftAlone.map((line) => `leave ${line}`)];
}

/** "run ab12cd34 (started …) is still at work: heard from 20 s ago" */
export function aliveText(plan: RecoveryPlan): string {
  return `run ${plan.marker.runId} (started ${plan.marker.startedAt}) is still at work: heard from ${plan.alive?.secondsAgo ?? 0} s ago`;
}
