/**
 * The end of every run, successful or not: put the memory back (or apply the recommendation) on
 * $LATEST if nobody else changed the function meanwhile, and delete the aliases and versions this
 * run created — nothing else.
 */
import type { RunState } from './prepare.js';
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
export async function restoreAndCleanup(state: RunState, target: FinalMemory, lambda: LambdaGateway): Promise<RestoreOutcome> {
  const outcome: RestoreOutcome = { notes: [], info: [], clean: true };
  if (state.touchedLatest) await setFinalMemory(state, target, lambda, outcome);
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
  return outcome;
}

async function setFinalMemory(state: RunState, target: FinalMemory, lambda: LambdaGateway, outcome: RestoreOutcome): Promise<void> {
  const name = state.functionName;
  const manual = `aws lambda update-function-configuration --function-name ${name} --memory-size ${target.memoryMB}`;
  try {
    // Settle any update first (an interrupt can arrive while one is in progress).
    const current = await lambda.waitUntilUpdated(name);
    if (current.revisionId !== state.revisionId || current.codeSha256 !== state.codeSha256) {
      if (current.memoryMB === target.memoryMB) return;
      outcome.clean = false;
      outcome.notes.push(
        `${name} was changed by someone else during the run, so its memory was left at ${current.memoryMB} MB (it was ${state.originalMemoryMB} MB); to ${target.purpose === 'apply' ? 'apply' : 'restore'} ${target.memoryMB} MB: ${manual}`,
      );
      return;
    }
    if (current.memoryMB !== target.memoryMB) {
      const set = await lambda.setMemory(name, target.memoryMB, current.revisionId);
      state.revisionId = set.revisionId;
      state.revisionId = (await lambda.waitUntilUpdated(name)).revisionId;
      if (target.purpose === 'restore') outcome.info.push(`restored ${name} to ${target.memoryMB} MB`);
    } else if (target.purpose === 'restore') {
      outcome.info.push(`${name} has its original ${target.memoryMB} MB`);
    }
    if (target.purpose === 'apply' && target.memoryMB === state.originalMemoryMB) {
      outcome.notes.push(`--apply: ${name} already had the recommended ${target.memoryMB} MB, so nothing changed`);
    } else if (target.purpose === 'apply') {
      outcome.notes.push(`applied: ${name} now has ${target.memoryMB} MB (it had ${state.originalMemoryMB} MB) on $LATEST; publish a version to roll it out to aliases`);
    }
  } catch (error) {
    outcome.clean = false;
    outcome.notes.push(`could not ${target.purpose === 'apply' ? 'apply' : 'restore'} ${target.memoryMB} MB on ${name}: ${(error as Error).message}; run: ${manual}`);
  }
}
