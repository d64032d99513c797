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

/**
 * The run marker: a tag on the function, written before a run changes anything and removed when it
 * has undone everything, so a run killed with SIGKILL can be undone later (`cleanup --function`, or
 * the next `tune`). A tag exists from the first moment, unlike a version description, which only
 * exists once a version does. Tag values allow letters, digits, spaces and `_ . : / = + - @`
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html), 256 characters at most.
 */
export const RUN_MARKER_TAG = 'lambda-rightsize:tune-run';

export interface RunMarker {
  runId: string;
  /** $LATEST's memory before the run. */
  originalMemoryMB: number;
  /** $LATEST's code when the run started: a killed run's sizes are only undone on that code. */
  codeSha256: string;
  /** The sizes this run may have left on $LATEST (the current round's). */
  sizes: readonly number[];
  /** ISO 8601, seconds. */
  startedAt: string;
  /** The run's last heartbeat (ISO 8601, seconds): a live run rewrites it every minute. Default: startedAt. */
  seenAt?: string;
}

/** A live run rewrites its marker this often, so others can tell it from a killed one. */
export const HEARTBEAT_MS = 60_000;
/** A marker not rewritten for this long belongs to a run that is gone (three missed heartbeats). */
export const ALIVE_MS = 3 * HEARTBEAT_MS;

/** Whether the run that wrote `marker` is still working (heard from within ALIVE_MS of `nowMs`). */
export function isAlive(marker: RunMarker, nowMs: number): boolean {
  return heardFromRecently(marker.seenAt ?? marker.startedAt, nowMs);
}

/** Whether a heartbeat at `seenAt` (ISO 8601) is recent enough at `nowMs` for its run to be alive: any run's rule. */
export function heardFromRecently(seenAt: string, nowMs: number): boolean {
  const seen = Date.parse(seenAt);
  return Number.isFinite(seen) && nowMs - seen < ALIVE_MS;
}

export function encodeRunMarker(marker: RunMarker): string {
  const value =
    `run=${marker.runId} original=${marker.originalMemoryMB} code=${marker.codeSha256} sizes=${marker.sizes.join('/')} ` +
    `started=${marker.startedAt} seen=${marker.seenAt ?? marker.startedAt}`;
  if (value.length > 256) throw new RangeError(`run marker longer than a tag value may be (${value.length} > 256)`);
  return value;
}

/** The marker, or undefined when the value is not one this tool wrote. */
export function decodeRunMarker(value: string | undefined): RunMarker | undefined {
  if (value === undefined) return undefined;
  const fields = new Map(value.split(' ').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]));
  const runId = fields.get('run');
  const original = Number(fields.get('original'));
  const code = fields.get('code');
  const sizes = (fields.get('sizes') ?? '')
    .split('/')
    .filter((s) => s !== '')
    .map(Number);
  if (!runId || !/^[a-z0-9]+$/.test(runId) || !Number.isInteger(original) || original <= 0 || !code || sizes.some((s) => !Number.isInteger(s)))
    return undefined;
  const startedAt = fields.get('started') ?? '';
  return { runId, originalMemoryMB: original, codeSha256: code, sizes, startedAt, seenAt: fields.get('seen') ?? startedAt };
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whether a version or alias description/name belongs to run `runId`. */
export function isOfRun(runId: string, what: { description?: string; name?: string }): boolean {
  if (what.name !== undefined) return what.name.startsWith(`${TUNE_ALIAS_PREFIX}${runId}-`);
  return (what.description ?? '').startsWith(`${TUNE_VERSION_PREFIX}${runId} `);
}
