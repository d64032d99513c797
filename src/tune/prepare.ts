/**
 * Preparing memory sizes on $LATEST, away from its original memory as briefly as the protocol
 * allows: the original size is published without touching $LATEST at all; every other size of a
 * round is set, waited for and published serially; then $LATEST goes straight back, while the
 * invocations go on against the published versions. Before the first change, the run marker (a tag)
 * records what is needed to undo the run if the process is killed.
 */
import { ConcurrentChangeError, ConflictError } from './errors.js';
import { isoSeconds, tuneAliasName, tuneVersionDescription } from './marks.js';
import type { MarkerState } from './marker.js';
import type { SizeTarget } from './measure.js';
import type { FunctionConfiguration, LambdaGateway } from './ports.js';

/** What this run did to the function, kept so the restore and cleanup touch only that. */
export interface RunState extends MarkerState {
  /** $LATEST's RevisionId as this run last saw it: the change guard (absent if the service sends none). */
  revisionId?: string;
  /** $LATEST's LastModified as this run last left it. */
  lastModified?: string;
  /** Epoch ms of the first memory update of the current time away. */
  awaySince?: number;
  /** Total time $LATEST spent away from its original memory, ms. */
  awayMs: number;
  /** Memory updates this run sent to $LATEST (restores included). */
  memoryUpdates: number;
  /** Someone else changed the function during the run: what they changed. The run prepares no more sizes. */
  foreignChange?: string;
  /** Published versions by memory size, reused by later rounds. */
  targets: Map<number, SizeTarget>;
  createdVersions: string[];
  createdAliases: string[];
  /** Versions PublishVersion handed back that existed before: used, never deleted. */
  reusedVersions: string[];
}

export function initialState(fn: FunctionConfiguration, runId: string, now: number): RunState {
  const state: RunState = {
    functionName: fn.name,
    functionArn: fn.arn,
    runId,
    originalMemoryMB: fn.memoryMB,
    codeSha256: fn.codeSha256,
    awayMs: 0,
    memoryUpdates: 0,
    markerWritten: false,
    markerSizes: [],
    markerChain: Promise.resolve(),
    markerClosed: false,
    startedAt: isoSeconds(now),
    targets: new Map(),
    createdVersions: [],
    createdAliases: [],
    reusedVersions: [],
  };
  if (fn.revisionId) state.revisionId = fn.revisionId;
  if (fn.lastModified) state.lastModified = fn.lastModified;
  return state;
}

/** A 409 (update in progress) is waited out this many times before the run gives up. */
const CONFLICT_RETRIES = 3;

/**
 * Publishes a version at `memoryMB` and records in `state` what this run created. At the original
 * size (and $LATEST at it) it publishes $LATEST as it is; otherwise it sets the memory (guarded by
 * RevisionId), waits, and publishes (guarded by CodeSha256 and RevisionId), leaving $LATEST away
 * until {@link returnLatest}. Returns undefined when `signal` aborted before the version existed.
 *
 * @throws ConcurrentChangeError when someone else changed the function (`state.foreignChange` says what).
 */
export async function prepareSize(
  memoryMB: number,
  state: RunState,
  lambda: LambdaGateway,
  options: { withAlias: boolean; signal: AbortSignal; now: () => number },
): Promise<SizeTarget | undefined> {
  const name = state.functionName;
  if (memoryMB !== state.originalMemoryMB || state.awayAt !== undefined) {
    await setAway(memoryMB, state, lambda, options.now);
    if (options.signal.aborted) return undefined;
  }
  const publish = () =>
    retryConflicts(lambda, name, () =>
      lambda.publishVersion(name, { codeSha256: state.codeSha256, revisionId: state.revisionId, description: tuneVersionDescription(state.runId, memoryMB) }),
    );
  const published = await publish().catch(async (error: unknown) => {
    if (!(error instanceof ConcurrentChangeError)) throw error;
    await staleRevisionOrChange(error, state, lambda, state.awayAt ?? state.originalMemoryMB);
    return publish();
  });
  if (published.created) state.createdVersions.push(published.version);
  else state.reusedVersions.push(published.version);
  // The version was published with our code (the CodeSha256 guard) and is measured whatever
  // happens next; a change seen now only stops the run from preparing more sizes.
  const after = await lambda.waitUntilUpdated(name);
  if (isOurs(after, state, state.awayAt ?? state.originalMemoryMB)) adopt(after, state);
  else state.foreignChange ??= describeChange(after, state);
  let target: SizeTarget = { memoryMB, version: published.version, qualifier: published.version };
  if (options.withAlias) {
    const alias = tuneAliasName(state.runId, memoryMB);
    // Recorded first: if the answer is lost, the alias may exist (deleting one that does not is fine).
    state.createdAliases.push(alias);
    await lambda.createAlias(name, alias, published.version, tuneVersionDescription(state.runId, memoryMB));
    target = { ...target, qualifier: alias };
  }
  state.targets.set(memoryMB, target);
  return target;
}

async function setAway(memoryMB: number, state: RunState, lambda: LambdaGateway, now: () => number): Promise<void> {
  const name = state.functionName;
  const sentAt = now();
  const before = state.awayAt ?? state.originalMemoryMB;
  const update = () => retryConflicts(lambda, name, () => lambda.setMemory(name, memoryMB, state.revisionId));
  await update().catch(async (error: unknown) => {
    if (!(error instanceof ConcurrentChangeError)) throw error;
    // The SDK retries a lost response: the retry of an update that did land fails the RevisionId
    // guard. If the function now has exactly our memory and our code, that update was ours.
    const current = await lambda.waitUntilUpdated(name);
    if (current.memoryMB === memoryMB && current.codeSha256 === state.codeSha256) return;
    await staleRevisionOrChange(error, state, lambda, before, current);
    await update();
  });
  // Counted once the update landed: a refused size (an account's memory cap) changed nothing.
  state.awaySince ??= sentAt;
  state.memoryUpdates += 1;
  state.awayAt = memoryMB;
  // No abort signal: a memory update takes seconds, and the restore needs it settled to know the
  // RevisionId this run left behind. The RevisionId moves again as the update completes, so the one
  // UpdateFunctionConfiguration returned is no guard: read it once the update is done.
  const settled = await lambda.waitUntilUpdated(name);
  if (settled.codeSha256 !== state.codeSha256 || settled.memoryMB !== memoryMB) {
    state.foreignChange ??= describeChange(settled, state);
    throw new ConcurrentChangeError(`${state.functionName} changed while it was being tuned: ${state.foreignChange}`, {
      hint: 'someone deployed or reconfigured it meanwhile; run again when it is quiet',
    });
  }
  adopt(settled, state);
}

/**
 * Puts $LATEST back at `memoryMB` (the original, or the --apply target) when this run left it away —
 * right after a round's last version is published, and once more at the very end. If someone else
 * changed the function meanwhile, only what this run changed goes back: a memory-only update on
 * their RevisionId when their change left our size in place; nothing when they set the memory
 * themselves. Never throws for a foreign change (it is recorded in `state.foreignChange`).
 *
 * @returns a sentence for the user when something could not be put back, else undefined.
 */
export async function returnLatest(state: RunState, lambda: LambdaGateway, memoryMB: number, now: () => number): Promise<string | undefined> {
  const name = state.functionName;
  const current = await lambda.waitUntilUpdated(name);
  const leftAt = state.awayAt;
  if (leftAt !== undefined && memoryMB !== leftAt && landed(current, state, memoryMB)) {
    // An earlier restore did land though its answer was lost (a retry refused, a wait timed out).
    adopt(current, state);
    endAway(state, now);
    return undefined;
  }
  const ours = state.foreignChange === undefined && isOurs(current, state, leftAt ?? state.originalMemoryMB);
  let target = memoryMB;
  let note: string | undefined;
  if (!ours) {
    state.foreignChange ??= describeChange(current, state);
    // Never apply a recommendation to code or configuration this run did not measure.
    if (memoryMB !== state.originalMemoryMB)
      note = `${name} was changed by someone else during the run (${state.foreignChange}), so the recommended ${memoryMB} MB was not applied`;
    target = state.originalMemoryMB;
    if (leftAt === undefined) return note;
    if (current.memoryMB !== leftAt) {
      endAway(state, now);
      return `${name} was reconfigured by someone else during the run, with ${current.memoryMB} MB: left as they set it (it had ${state.originalMemoryMB} MB before the run)`;
    }
  }
  if (current.memoryMB !== target) {
    state.memoryUpdates += 1;
    // Memory only, guarded by the RevisionId just read (checked to be ours above, or theirs when
    // someone else changed the function: their change stays).
    await lambda.setMemory(name, target, current.revisionId).catch(async (error: unknown) => {
      // The SDK's retry of an update that landed fails the guard: then the memory is the target.
      if (!(error instanceof ConcurrentChangeError) || !landed(await lambda.waitUntilUpdated(name), state, target)) throw error;
    });
    const settled = await lambda.waitUntilUpdated(name);
    if (ours) adopt(settled, state);
  }
  endAway(state, now);
  return note;
}

/** $LATEST has `memoryMB` and this run's code: a memory update of ours to it is done. */
function landed(config: FunctionConfiguration, state: RunState, memoryMB: number): boolean {
  return config.memoryMB === memoryMB && config.codeSha256 === state.codeSha256;
}

function endAway(state: RunState, now: () => number): void {
  if (state.awaySince !== undefined) state.awayMs += now() - state.awaySince;
  delete state.awaySince;
  delete state.awayAt;
}

/**
 * Whether $LATEST is as this run last left it (at `memoryMB`). New code or another memory is a
 * change; so is a RevisionId that moved together with LastModified — a configuration update (an
 * environment variable, say). A RevisionId that moved alone is not: no update happened.
 */
function isOurs(config: FunctionConfiguration, state: RunState, memoryMB: number): boolean {
  if (config.codeSha256 !== state.codeSha256 || config.memoryMB !== memoryMB) return false;
  const revisionMoved = state.revisionId !== undefined && config.revisionId !== state.revisionId;
  const modified = state.lastModified !== undefined && config.lastModified !== state.lastModified;
  return !(revisionMoved && modified);
}

/**
 * A guarded call was refused (PreconditionFailed). When $LATEST still is as this run left it (at
 * `memoryMB`) and only its RevisionId moved — no update happened: LastModified stands — the guard
 * was stale, not broken (e.g. a service that moves the RevisionId on tagging): adopt the new one so
 * the caller can try once more. Otherwise someone changed the function: record what and rethrow.
 */
async function staleRevisionOrChange(
  error: ConcurrentChangeError,
  state: RunState,
  lambda: LambdaGateway,
  memoryMB: number,
  read?: FunctionConfiguration,
): Promise<void> {
  const current = read ?? (await lambda.waitUntilUpdated(state.functionName));
  if (current.revisionId !== state.revisionId && isOurs(current, state, memoryMB)) {
    adopt(current, state);
    return;
  }
  state.foreignChange ??= describeChange(current, state);
  throw error;
}

/** What this run now knows as its own state of $LATEST. */
function adopt(config: FunctionConfiguration, state: RunState): void {
  if (config.revisionId) state.revisionId = config.revisionId;
  else delete state.revisionId;
  if (config.lastModified) state.lastModified = config.lastModified;
}

function describeChange(current: FunctionConfiguration, state: RunState): string {
  if (current.codeSha256 !== state.codeSha256) return 'new code was deployed';
  const expected = state.awayAt ?? state.originalMemoryMB;
  if (current.memoryMB !== expected) return `its memory was set to ${current.memoryMB} MB`;
  return 'its configuration was updated';
}

async function retryConflicts<T>(lambda: LambdaGateway, name: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= CONFLICT_RETRIES) throw error;
      await lambda.waitUntilUpdated(name);
    }
  }
}
