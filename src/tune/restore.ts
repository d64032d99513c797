/**
 * The end of every run, successful or not: put the memory back (or apply the recommendation) on
 * $LATEST if nobody else changed the function meanwhile, and delete the aliases and versions this
 * run created — nothing else.
 */
import { RUN_MARKER_TAG } from './marks.js';
import { removeMarker, returnLatest, writeMarker, type RunState } from './prepare.js';
import type { LambdaGateway } from './ports.js';

export interface FinalMemory {
  memoryMB: number;
  /** `restore` puts the original back; `apply` leaves the recommendation (--apply). */
  purpose: 'restore' | 'apply';
}

export interface RestoreOutcome {
  /** Said to the user in the report's warnings. */
  notes: string[];
  /** Progress only: what went as planned. */
  info: string[];
  /** False when something this run changed or created could not be undone. */
  clean: boolean;
}

/** Never throws: every failure becomes a note that says what is left and how to remove it. */
export async function restoreAndCleanup(state: RunState, target: FinalMemory, lambda: LambdaGateway, now: () => number = Date.now): Promise<RestoreOutcome> {
  const outcome: RestoreOutcome = { notes: [], info: [], clean: true };
  await setFinalMemory(state, target, lambda, outcome, now);
  const leftovers: string[] = [];
  // Aliases first: a version an alias points to cannot be deleted.
  for (const alias of state.createdAliases) {
    await lambda.deleteAlias(state.functionName, alias).catch((error: unknown) => {
      leftovers.push(`alias ${alias} (${(error as Error).message})`);
    });
  }
  for (const version of state.createdVersions) {
    await lambda.deleteVersion(state.functionName, version).catch((error: unknown) => {
      leftovers.push(`version ${version} (${(error as Error).message})`);
    });
  }
  const deleted = state.createdVersions.length + state.createdAliases.length - leftovers.length;
  if (deleted > 0) outcome.info.push(`deleted the ${deleted} version(s) and alias(es) this run created`);
  if (leftovers.length > 0) {
    outcome.clean = false;
    outcome.notes.push(`could not delete ${leftovers.join(', ')}: remove them with \`lambda-rightsize cleanup --function ${state.functionName}\``);
  }
  if (state.reusedVersions.length > 0) {
    const list = state.reusedVersions.map((v) => `version ${v}`).join(', ');
    outcome.notes.push(`${list} already existed with the same code and configuration: measured it, left it in place`);
  }
  await finishMarker(state, lambda, outcome);
  return outcome;
}

/** The marker goes last, and only when everything is undone: otherwise `cleanup` still needs it. */
async function finishMarker(state: RunState, lambda: LambdaGateway, outcome: RestoreOutcome): Promise<void> {
  if (!state.markerWritten) {
    state.markerClosed = true;
    return;
  }
  if (!outcome.clean) {
    state.markerClosed = true;
    outcome.notes.push(`the run marker (tag ${RUN_MARKER_TAG}) stays on ${state.functionName} so that \`lambda-rightsize cleanup --function ${state.functionName}\` can finish the job`);
    return;
  }
  try {
    if (!(await removeMarker(state, lambda))) outcome.notes.push(`the run marker on ${state.functionName} now names another run: left for that run`);
  } catch (error) {
    // By now $LATEST has its final memory and the marker names no size it is at: a later cleanup
    // finds nothing to restore, only the tag to remove.
    outcome.notes.push(`could not remove the run marker tag ${RUN_MARKER_TAG} from ${state.functionName}: ${(error as Error).message}; \`lambda-rightsize cleanup --function ${state.functionName}\` removes it`);
  }
}

async function setFinalMemory(state: RunState, target: FinalMemory, lambda: LambdaGateway, outcome: RestoreOutcome, now: () => number): Promise<void> {
  const name = state.functionName;
  const wasAway = state.awayAt !== undefined;
  const manual = `lambda-rightsize cleanup --function ${name}`;
  try {
    const note = await returnLatest(state, lambda, target.memoryMB, now);
    if (note !== undefined) outcome.notes.push(note);
    if (state.foreignChange !== undefined) {
      outcome.notes.push(`${name} was changed by someone else during the run (${state.foreignChange}); only what this run changed was put back`);
      return;
    }
    if (target.purpose === 'restore') {
      if (wasAway) outcome.info.push(`restored ${name} to ${target.memoryMB} MB`);
      return;
    }
    if (target.memoryMB === state.originalMemoryMB) {
      outcome.notes.push(`--apply: ${name} already had the recommended ${target.memoryMB} MB, so nothing changed`);
    } else {
      outcome.notes.push(`applied: ${name} now has ${target.memoryMB} MB (it had ${state.originalMemoryMB} MB) on $LATEST; publish a version to roll it out to aliases`);
      // The applied size must not look like a tuning size to a later recovery: the marker now
      // names none, so a leftover marker can never undo the --apply.
      if (state.markerWritten) await writeMarker(state, lambda, [], now()).catch(() => undefined);
    }
  } catch (error) {
    outcome.clean = false;
    const what = target.purpose === 'apply' ? `apply ${target.memoryMB} MB on` : `restore ${state.originalMemoryMB} MB on`;
    outcome.notes.push(`could not ${what} ${name}: ${(error as Error).message}; run \`${manual}\` to put it back`);
  }
}
