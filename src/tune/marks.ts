/**
 * How tune names what it creates on a user's function, so a crashed run's leftovers can be found
 * (`lambda-rightsize cleanup --function`) and nothing else is ever touched.
 */
import { randomBytes } from 'node:crypto';
import type { AliasDescription, VersionDescription } from './ports.js';

/** How tune recognises what it created (used by `cleanup`). */
export interface TuneMarks {
  isTuneAlias(alias: AliasDescription): boolean;
  isTuneVersion(version: VersionDescription): boolean;
}

/** A short run id (8 base-36 characters): unique enough per account, short enough for a 64-character name. */
export function newRunId(random: (bytes: number) => Buffer = randomBytes): string {
  const n = random(6).readUIntBE(0, 6);
  return n.toString(36).padStart(8, '0').slice(-8);
}

/** Every version tune publishes has a description starting with this. */
export const TUNE_VERSION_PREFIX = 'lambda-rightsize tune ';
/** Every alias tune creates is named `lambda-rightsize-<runId>-<memory>MB`. */
export const TUNE_ALIAS_PREFIX = 'lambda-rightsize-';

const ALIAS_PATTERN = /^lambda-rightsize-[a-z0-9]+-\d+MB$/;

export function tuneVersionDescription(runId: string, memoryMB: number): string {
  return `${TUNE_VERSION_PREFIX}${runId} ${memoryMB} MB (deleted after the run, or by \`lambda-rightsize cleanup\`)`;
}

export function tuneAliasName(runId: string, memoryMB: number): string {
  return `${TUNE_ALIAS_PREFIX}${runId}-${memoryMB}MB`;
}

export const TUNE_MARKS: TuneMarks = Object.freeze<TuneMarks>({
  isTuneAlias: (alias) => ALIAS_PATTERN.test(alias.name),
  isTuneVersion: (version) => version.description.startsWith(TUNE_VERSION_PREFIX),
});
