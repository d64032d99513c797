/**
 * Undoing a run, whoever asks: the run itself at its end (finally, or after a signal), the next
 * `tune` and `cleanup` after a killed run (from its marker), bench for the functions it created.
 * An UndoPlan says what to undo; `executeUndo` is the one function that does it, in one order:
 * $LATEST's memory, aliases, versions, temporary functions and their log groups, and the marker
 * last — removed only when everything else went, so a failed undo can be run again.
 */
import { ConcurrentChangeError } from './errors.js';
import { keepMarker, removeMarker, untagIfOfRun, writeMarker, type MarkerState } from './marker.js';
import { RUN_MARKER_TAG } from './marks.js';
import type { LambdaGateway, TemporaryFunctions } from './ports.js';
import { returnLatest, type RunState } from './prepare.js';

export interface FinalMemory {
  memoryMB: number;
  /** `restore` puts the original back; `apply` leaves the recommendation (--apply). */
  purpose: 'restore' | 'apply';
}

/** What to put back on $LATEST. */
export type LatestStep =
  /** A live run's own state: it knows its RevisionId guard, someone else's change and --apply. */
  | { kind: 'run'; state: RunState; target: FinalMemory }
  /** From a killed run's marker: back to `toMB`, only while $LATEST still has `fromMB` and `codeSha256`. */
  | { kind: 'marker'; fromMB: number; toMB: number; codeSha256: string; runId: string };

/** A function this tool created for itself, deleted whole, then its log group. */
export interface TemporaryFunction {
  name: string;
  /** Its log group, when there is one to delete. */
  logGroup?: string;
  /** The run that created it (for messages). */
  runId: string;
  /** What made it, for messages (default: bench). */
  made?: 'bench' | 'tune --copy';
}

export interface UndoPlan {
  /** The function whose $LATEST, aliases and versions the plan touches ('' when it touches none). */
  functionName: string;
  /** Who made the changes, for messages: "this run", "killed run ab12cd34". */
  whose: string;
  latest?: LatestStep;
  aliases: string[];
  versions: string[];
  functions: TemporaryFunction[];
  /** Log groups whose function is already gone. */
  logGroups: string[];
  /** The run marker to remove last; `live` is the state of the run removing its own marker. */
  marker?: { functionName: string; functionArn: string; runId: string; live?: MarkerState };
  /** What is left alone on purpose, one sentence each (said as warnings). */
  leftAlone: string[];
}

export interface UndoOutcome {
  /** What went as planned, one sentence each (progress). */
  done: string[];
  /** What the user must know: what was left alone and what could not be undone (warnings). */
  notes: string[];
  /** The plan's items that could not be undone: what (for people), its name, and why. */
  failed: Array<{ what: string; name: string; message: string }>;
  /** How many of the plan's items were undone. */
  undone: number;
  /** True when everything the plan asked for was undone (the marker removed, if there was one). */
  clean: boolean;
}

export interface UndoDeps {
  /** Needed only for plans that touch a function's $LATEST, aliases, versions or marker. */
  lambda?: LambdaGateway;
  /** Needed only for plans with temporary functions or log groups. */
  temporary?: TemporaryFunctions;
  now?: () => number;
  /**
   * After a temporary function's log group is deleted, wait this long and delete it again if it is
   * back: an invocation still running when the function was deleted (the client stopped waiting, the
   * function did not) finishes and logs, and Lambda creates the group anew. 0 (default) when none
   * can be in flight.
   */
  lingerMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function emptyPlan(functionName: string, whose: string): UndoPlan {
  return { functionName, whose, aliases: [], versions: [], functions: [], logGroups: [], leftAlone: [] };
}

/** The undo plan of a live run, from what it recorded doing: `target` is the memory to leave on $LATEST. */
export function undoPlanOfRun(state: RunState, target: FinalMemory): UndoPlan {
  const plan: UndoPlan = { ...emptyPlan(state.functionName, 'this run'), latest: { kind: 'run', state, target } };
  plan.aliases = [...state.createdAliases];
  plan.versions = [...state.createdVersions];
  plan.marker = { functionName: state.functionName, functionArn: state.functionArn, runId: state.runId, live: state };
  if (state.reusedVersions.length > 0) {
    const list = state.reusedVersions.map((v) => `version ${v}`).join(', ');
    plan.leftAlone.push(`${list} already existed with the same code and configuration: measured it, left it in place`);
  }
  return plan;
}

/** How many things the plan would undo (for "undid 3 of 4"). */
export function undoItems(plan: UndoPlan): number {
  const groups = plan.functions.filter((fn) => fn.logGroup !== undefined).length + plan.logGroups.length;
  return (plan.latest ? 1 : 0) + plan.aliases.length + plan.versions.length + plan.functions.length + groups + (plan.marker ? 1 : 0);
}

/** One line per thing the plan would undo, for plans, --dry-run and cleanup's list. */
export function describeUndo(plan: UndoPlan): string[] {
  const name = plan.functionName;
  const lines: string[] = [];
  const latest = plan.latest;
  if (latest?.kind === 'marker') lines.push(`memory of ${name}: back from ${latest.fromMB} MB to ${latest.toMB} MB (${plan.whose})`);
  if (latest?.kind === 'run') lines.push(`memory of ${name}: back to ${latest.target.memoryMB} MB (${plan.whose})`);
  for (const alias of plan.aliases) lines.push(`alias ${name}:${alias}`);
  for (const version of plan.versions) lines.push(`version ${name}:${version}`);
  for (const fn of plan.functions) {
    const run = `${fn.made ?? 'bench'} run ${fn.runId}`;
    lines.push(`function ${fn.name} (${run})`);
    if (fn.logGroup !== undefined) lines.push(`log group ${fn.logGroup} (${run})`);
  }
  for (const group of plan.logGroups) lines.push(`log group ${group}`);
  if (plan.marker) lines.push(`run marker tag ${RUN_MARKER_TAG} on ${plan.marker.functionName} (${plan.whose})`);
  return lines;
}

/** Carries out an undo plan. Never throws: every failure becomes a note that says what is left. */
export async function executeUndo(plan: UndoPlan, deps: UndoDeps): Promise<UndoOutcome> {
  const outcome: UndoOutcome = { done: [], notes: [], failed: [], undone: 0, clean: true };
  const fail: Fail = (what, error, then) => {
    const message = (error as Error).message;
    outcome.failed.push({ what, name: what.slice(what.lastIndexOf(' ') + 1), message });
    outcome.notes.push(`could not undo ${what}: ${message}${then ? `; ${then}` : ''}`);
    outcome.clean = false;
  };
  if (plan.latest) await undoLatest(plan, plan.latest, deps, outcome, fail);
  if (plan.aliases.length + plan.versions.length > 0) await deleteAliasesAndVersions(plan, lambdaOf(deps), outcome, fail);
  for (const fn of plan.functions) await deleteFunction(fn, deps, outcome, fail);
  for (const group of plan.logGroups) {
    await temporary(deps)
      .deleteLogGroup(group)
      .then(
        () => {
          outcome.undone += 1;
          outcome.done.push(`deleted log group ${group}`);
        },
        (error: unknown) => fail(`log group ${group}`, error),
      );
  }
  outcome.notes.push(...plan.leftAlone);
  if (plan.marker) await finishMarker(plan, plan.marker, lambdaOf(deps), outcome, fail);
  return outcome;
}

async function undoLatest(plan: UndoPlan, step: LatestStep, deps: UndoDeps, outcome: UndoOutcome, fail: Fail): Promise<void> {
  const name = plan.functionName;
  try {
    const said = step.kind === 'run' ? await finalMemoryOfRun(step.state, step.target, deps, outcome) : await restoreFromMarker(name, step, lambdaOf(deps));
    outcome.undone += 1;
    if (said !== undefined) outcome.done.push(said);
  } catch (error) {
    const memoryMB = step.kind === 'run' ? step.target.memoryMB : step.toMB;
    const verb = step.kind === 'run' && step.target.purpose === 'apply' ? 'apply' : 'restore';
    fail(`the memory of ${name} (${verb} ${memoryMB} MB)`, error, `run \`lambda-rightsize cleanup --function ${name}\` to put it back`);
  }
}

/** A live run's end: its original memory (or --apply's) on $LATEST, unless someone else changed the function. */
async function finalMemoryOfRun(state: RunState, target: FinalMemory, deps: UndoDeps, outcome: UndoOutcome): Promise<string | undefined> {
  const name = state.functionName;
  const now = deps.now ?? Date.now;
  const wasAway = state.awayAt !== undefined;
  const lambda = lambdaOf(deps);
  const note = await returnLatest(state, lambda, target.memoryMB, now);
  if (note !== undefined) outcome.notes.push(note);
  if (state.foreignChange !== undefined) {
    outcome.notes.push(`${name} was changed by someone else during the run (${state.foreignChange}); only what this run changed was put back`);
    return undefined;
  }
  if (target.purpose === 'restore') return wasAway ? `restored ${name} to ${target.memoryMB} MB` : undefined;
  if (target.memoryMB === state.originalMemoryMB) {
    outcome.notes.push(`--apply: ${name} already had the recommended ${target.memoryMB} MB, so nothing changed`);
    return undefined;
  }
  outcome.notes.push(
    `applied: ${name} now has ${target.memoryMB} MB (it had ${state.originalMemoryMB} MB) on $LATEST; publish a version to roll it out to aliases`,
  );
  // The applied size must not look like a tuning size to a later recovery: the marker now names
  // none, so a leftover marker can never undo the --apply.
  if (state.markerWritten) await writeMarker(state, lambda, [], now()).catch(() => undefined);
  return undefined;
}

/**
 * Puts a killed run's original memory back, after checking again (memory only, on the RevisionId
 * just read) that $LATEST still has that run's size and code.
 *
 * @throws ConcurrentChangeError when the function changed since the plan was made; AwsError when Lambda refused.
 */
async function restoreFromMarker(name: string, step: Extract<LatestStep, { kind: 'marker' }>, lambda: LambdaGateway): Promise<string> {
  const current = await lambda.waitUntilUpdated(name);
  if (current.memoryMB !== step.fromMB || current.codeSha256 !== step.codeSha256) {
    throw new ConcurrentChangeError(`${name} changed since it was looked at (now ${current.memoryMB} MB): its memory is left as it is`);
  }
  await lambda.setMemory(name, step.toMB, current.revisionId);
  await lambda.waitUntilUpdated(name);
  return `restored ${name} to ${step.toMB} MB (killed run ${step.runId} had left it at ${step.fromMB} MB)`;
}

async function deleteAliasesAndVersions(plan: UndoPlan, lambda: LambdaGateway, outcome: UndoOutcome, fail: Fail): Promise<void> {
  const name = plan.functionName;
  let deleted = 0;
  // Aliases first: a version an alias points to cannot be deleted.
  for (const alias of plan.aliases) {
    await lambda.deleteAlias(name, alias).then(
      () => void (deleted += 1),
      (error: unknown) => fail(`alias ${name}:${alias}`, error),
    );
  }
  for (const version of plan.versions) {
    await lambda.deleteVersion(name, version).then(
      () => void (deleted += 1),
      (error: unknown) => fail(`version ${name}:${version}`, error),
    );
  }
  outcome.undone += deleted;
  if (deleted > 0) outcome.done.push(`deleted the ${deleted} version(s) and alias(es) ${plan.whose} created`);
}

/**
 * The function, then its log group (so no new invocation can log into a group deleted under it),
 * then — after an interrupt, when invocations may still be running — the group again (`lingerMs`).
 */
async function deleteFunction(fn: TemporaryFunction, deps: UndoDeps, outcome: UndoOutcome, fail: Fail): Promise<void> {
  const gone = await temporary(deps)
    .deleteFunction(fn.name)
    .then(
      (result) => {
        outcome.undone += 1;
        outcome.done.push(`${fn.name}: ${result === 'deleted' ? 'deleted' : 'was not created'}`);
        return true;
      },
      (error: unknown) => {
        fail(`function ${fn.name}`, error);
        return false;
      },
    );
  if (!gone || fn.logGroup === undefined) return;
  const group = fn.logGroup;
  await temporary(deps)
    .deleteLogGroup(group)
    .then(
      (result) => {
        outcome.undone += 1;
        if (result === 'deleted') outcome.done.push(`${group}: deleted`);
      },
      (error: unknown) => fail(`log group ${group}`, error),
    );
  if (!(deps.lingerMs && deps.lingerMs > 0)) return;
  await (deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(deps.lingerMs);
  await temporary(deps)
    .deleteLogGroup(group)
    .then(
      (result) => {
        if (result === 'deleted') outcome.done.push(`${group}: deleted again (an invocation still running when ${fn.name} was deleted logged into it)`);
      },
      (error: unknown) => fail(`log group ${group}`, error),
    );
}

type Fail = (what: string, error: unknown, then?: string) => void;

function lambdaOf(deps: UndoDeps): LambdaGateway {
  if (!deps.lambda) throw new Error('internal: an undo plan that touches a function needs deps.lambda');
  return deps.lambda;
}

function temporary(deps: UndoDeps): TemporaryFunctions {
  if (!deps.temporary) throw new Error('internal: an undo plan with temporary functions needs deps.temporary');
  return deps.temporary;
}

/** The marker goes last, and only when everything is undone: otherwise `cleanup` still needs it. */
async function finishMarker(plan: UndoPlan, marker: NonNullable<UndoPlan['marker']>, lambda: LambdaGateway, outcome: UndoOutcome, fail: Fail): Promise<void> {
  const name = marker.functionName;
  const what = `the run marker tag ${RUN_MARKER_TAG} on ${name}`;
  if (marker.live && !marker.live.markerWritten) {
    await keepMarker(marker.live);
    outcome.undone += 1;
    return;
  }
  if (!outcome.clean) {
    if (marker.live) await keepMarker(marker.live);
    outcome.failed.push({ what, name: RUN_MARKER_TAG, message: 'kept, because something else could not be undone' });
    outcome.notes.push(`${what} stays so that \`lambda-rightsize cleanup --function ${name}\` can finish the job`);
    return;
  }
  try {
    const ours = marker.live ? await removeMarker(marker.live, lambda) : await untagIfOfRun(lambda, marker.functionArn, marker.runId);
    outcome.undone += 1;
    // A live run's own marker goes without a word; a killed run's is news.
    if (!ours) outcome.notes.push(`the run marker on ${name} now names another run: left for that run`);
    else if (!marker.live) outcome.done.push(`removed run marker tag ${RUN_MARKER_TAG} on ${name} (${plan.whose})`);
  } catch (error) {
    // By now $LATEST has its final memory and the marker names no size it is at: a later cleanup
    // finds nothing to restore, only the tag to remove.
    fail(what, error, `\`lambda-rightsize cleanup --function ${name}\` removes it`);
  }
}
