/**
 * Undoing a run that was killed (SIGKILL, OOM killer, a CI job's hard timeout): its run marker (a tag
 * on the function, see marks.ts) says the original memory, the code it ran on and the sizes it may
 * have left on $LATEST. `cleanup --function` and the next `tune` use this, before changing anything.
 */
import { ConcurrentChangeError } from './errors.js';
import { ALIVE_MS, decodeRunMarker, isAlive, isOfRun, RUN_MARKER_TAG, type RunMarker } from './marks.js';
import type { FunctionConfiguration, LambdaGateway } from './ports.js';

/** What undoing a killed run takes, found without changing anything. */
export interface RecoveryPlan {
  functionName: string;
  functionArn: string;
  marker: RunMarker;
  /** Put $LATEST back to the original memory (it still has the killed run's size and code). */
  restore?: { fromMB: number; toMB: number };
  /** Why the memory is left alone although the run may have changed it. */
  leaveAlone?: string;
  /** The killed run's aliases and versions (aliases first when deleting). */
  aliases: string[];
  versions: string[];
  /** The killed run's versions another alias still points to: in use, left alone. */
  heldVersions: Array<{ version: string; alias: string }>;
  /** The run is not killed but still working (its heartbeat is recent): nothing of it may be touched. */
  alive?: { secondsAgo: number };
}

export interface RecoveryOutcome {
  /** What was done, one sentence each. */
  done: string[];
  /** What could not be done or was left alone on purpose, one sentence each. */
  problems: string[];
  /** True when nothing of the killed run is left (the marker was removed). */
  complete: boolean;
}

/**
 * The plan to undo a killed run, or undefined when the function carries no run marker. A marker
 * whose heartbeat is recent belongs to a run still at work: the plan then says so and touches nothing.
 */
export async function planRecovery(fn: FunctionConfiguration, lambda: LambdaGateway, nowMs: number = Date.now()): Promise<RecoveryPlan | undefined> {
  const marker = decodeRunMarker((await lambda.listTags(fn.arn))[RUN_MARKER_TAG]);
  if (!marker) return undefined;
  const plan: RecoveryPlan = { functionName: fn.name, functionArn: fn.arn, marker, aliases: [], versions: [], heldVersions: [] };
  if (isAlive(marker, nowMs)) {
    plan.alive = { secondsAgo: Math.max(0, Math.round((nowMs - Date.parse(marker.seenAt ?? marker.startedAt)) / 1000)) };
    return plan;
  }
  if (fn.memoryMB !== marker.originalMemoryMB) {
    if (fn.codeSha256 !== marker.codeSha256) {
      plan.leaveAlone = `new code was deployed since run ${marker.runId} (started ${marker.startedAt}): its ${fn.memoryMB} MB is left as it is (it had ${marker.originalMemoryMB} MB before that run)`;
    } else if (!marker.sizes.includes(fn.memoryMB)) {
      plan.leaveAlone = `its memory was set to ${fn.memoryMB} MB since run ${marker.runId} (not a size that run set): left as it is (it had ${marker.originalMemoryMB} MB before that run)`;
    } else {
      plan.restore = { fromMB: fn.memoryMB, toMB: marker.originalMemoryMB };
    }
  }
  const aliases = await lambda.listAliases(fn.name);
  plan.aliases = aliases.filter((a) => isOfRun(marker.runId, { name: a.name })).map((a) => a.name);
  const heldBy = new Map(aliases.filter((a) => !plan.aliases.includes(a.name)).map((a) => [a.version, a.name]));
  for (const v of await lambda.listVersions(fn.name)) {
    if (!isOfRun(marker.runId, { description: v.description })) continue;
    const alias = heldBy.get(v.version);
    if (alias) plan.heldVersions.push({ version: v.version, alias });
    else plan.versions.push(v.version);
  }
  return plan;
}

/** How long a killed run's marker must be silent before it may be undone, for messages. */
export const SILENT_FOR_S = ALIVE_MS / 1000;

/** One line per step of the plan, for the plan, --dry-run and cleanup's list. */
export function describeRecovery(plan: RecoveryPlan): string[] {
  if (plan.alive) return [`leave ${plan.functionName} alone: ${aliveText(plan)}`];
  const lines: string[] = [];
  const run = `killed run ${plan.marker.runId} (started ${plan.marker.startedAt})`;
  if (plan.restore) lines.push(`restore ${plan.functionName} from ${plan.restore.fromMB} MB to ${plan.restore.toMB} MB, as the ${run} left it`);
  else if (plan.leaveAlone) lines.push(`leave ${plan.functionName}'s memory alone: ${plan.leaveAlone}`);
  else lines.push(`${plan.functionName} already has its original ${plan.marker.originalMemoryMB} MB (${run})`);
  for (const alias of plan.aliases) lines.push(`delete alias ${plan.functionName}:${alias}`);
  for (const version of plan.versions) lines.push(`delete version ${plan.functionName}:${version}`);
  for (const held of plan.heldVersions) lines.push(`leave version ${plan.functionName}:${held.version}: alias ${held.alias} points to it`);
  return lines;
}

/**
 * Removes the marker only while it still names `runId`: another run may have written its own since
 * the marker was read (a new tune, after this recovery was planned). Returns whether it was ours.
 */
export async function untagIfOfRun(lambda: LambdaGateway, functionArn: string, runId: string): Promise<boolean> {
  const now = decodeRunMarker((await lambda.listTags(functionArn))[RUN_MARKER_TAG]);
  if (now !== undefined && now.runId !== runId) return false;
  if (now !== undefined) await lambda.untagFunction(functionArn, [RUN_MARKER_TAG]);
  return true;
}

/** "run ab12cd34 (started …) is still at work: heard from 20 s ago" */
export function aliveText(plan: RecoveryPlan): string {
  return `run ${plan.marker.runId} (started ${plan.marker.startedAt}) is still at work: heard from ${plan.alive?.secondsAgo ?? 0} s ago`;
}

/**
 * Puts the original memory back, after checking again (memory only, on the RevisionId just read)
 * that $LATEST still has the killed run's size and code. Returns what it did.
 *
 * @throws ConcurrentChangeError when the function changed since the plan was made; AwsError when
 *   Lambda refused.
 */
export async function restoreMemory(plan: RecoveryPlan, lambda: LambdaGateway): Promise<string> {
  const { functionName: name, restore, marker } = plan;
  if (!restore) return `${name} needs no restore`;
  const current = await lambda.waitUntilUpdated(name);
  if (current.memoryMB !== restore.fromMB || current.codeSha256 !== marker.codeSha256) {
    throw new ConcurrentChangeError(`${name} changed since it was looked at (now ${current.memoryMB} MB): its memory is left as it is`);
  }
  await lambda.setMemory(name, restore.toMB, current.revisionId);
  await lambda.waitUntilUpdated(name);
  return `restored ${name} to ${restore.toMB} MB (killed run ${marker.runId} had left it at ${restore.fromMB} MB)`;
}

/**
 * Carries out the plan: the memory (guarded by the RevisionId just read, memory only), then the
 * aliases and versions, then the marker — removed only when everything else went, so a failed
 * recovery can be run again.
 */
export async function recover(plan: RecoveryPlan, lambda: LambdaGateway): Promise<RecoveryOutcome> {
  const outcome: RecoveryOutcome = { done: [], problems: [], complete: true };
  if (plan.alive) return { done: [], problems: [`${plan.functionName}: ${aliveText(plan)}; left alone`], complete: false };
  const name = plan.functionName;
  const fail = (message: string): void => {
    outcome.problems.push(message);
    outcome.complete = false;
  };
  if (plan.restore) {
    await restoreMemory(plan, lambda).then(
      (done) => outcome.done.push(done),
      (error: unknown) => fail((error as Error).message),
    );
  }
  if (plan.leaveAlone) outcome.problems.push(`${name}: ${plan.leaveAlone}`);
  for (const alias of plan.aliases) {
    await lambda.deleteAlias(name, alias).then(
      () => outcome.done.push(`deleted alias ${name}:${alias}`),
      (error: unknown) => fail(`could not delete alias ${name}:${alias}: ${(error as Error).message}`),
    );
  }
  for (const version of plan.versions) {
    await lambda.deleteVersion(name, version).then(
      () => outcome.done.push(`deleted version ${name}:${version}`),
      (error: unknown) => fail(`could not delete version ${name}:${version}: ${(error as Error).message}`),
    );
  }
  for (const held of plan.heldVersions) outcome.problems.push(`version ${name}:${held.version} of run ${plan.marker.runId} is left: alias ${held.alias} points to it`);
  if (outcome.complete) {
    try {
      if (await untagIfOfRun(lambda, plan.functionArn, plan.marker.runId)) outcome.done.push(`removed the run marker of killed run ${plan.marker.runId}`);
      else outcome.problems.push(`the run marker on ${name} now names another run: left for that run`);
    } catch (error) {
      fail(`could not remove the run marker tag ${RUN_MARKER_TAG}: ${(error as Error).message}`);
    }
  }
  return outcome;
}
