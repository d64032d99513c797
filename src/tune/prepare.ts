/** Preparing one memory size: set it on $LATEST, wait, publish a version (and maybe an alias). */
import { ConcurrentChangeError, ConflictError } from '../aws/lambda-errors.js';
import { tuneAliasName, tuneVersionDescription } from './marks.js';
import type { SizeTarget } from './measure.js';
import type { FunctionConfiguration, LambdaGateway } from './ports.js';

/** What this run did to the function, kept so the restore and cleanup touch only that. */
export interface RunState {
  functionName: string;
  runId: string;
  originalMemoryMB: number;
  codeSha256: string;
  /** $LATEST's RevisionId as this run last left it: the restore guard. */
  revisionId: string;
  /** Set before the first UpdateFunctionConfiguration is sent. */
  touchedLatest: boolean;
  createdVersions: string[];
  createdAliases: string[];
  /** Versions PublishVersion handed back that existed before: used, never deleted. */
  reusedVersions: string[];
}

export function initialState(fn: FunctionConfiguration, runId: string): RunState {
  return {
    functionName: fn.name,
    runId,
    originalMemoryMB: fn.memoryMB,
    codeSha256: fn.codeSha256,
    revisionId: fn.revisionId,
    touchedLatest: false,
    createdVersions: [],
    createdAliases: [],
    reusedVersions: [],
  };
}

/** A 409 (update in progress) is waited out this many times before the run gives up. */
const CONFLICT_RETRIES = 3;

/**
 * Sets `memoryMB` on $LATEST (guarded by RevisionId), waits for the update, publishes a version
 * (guarded by CodeSha256 and RevisionId) and records in `state` what this run created.
 * Returns undefined when `signal` aborted before the version was published.
 */
export async function prepareSize(
  memoryMB: number,
  state: RunState,
  lambda: LambdaGateway,
  options: { withAlias: boolean; signal: AbortSignal },
): Promise<SizeTarget | undefined> {
  const name = state.functionName;
  state.touchedLatest = true;
  const set = await retryConflicts(lambda, name, () => lambda.setMemory(name, memoryMB, state.revisionId)).catch(async (error: unknown) => {
    // The SDK retries a lost response: the retry of an update that did land fails the RevisionId
    // guard. If the function now has exactly our memory and our code, that update was ours.
    if (!(error instanceof ConcurrentChangeError)) throw error;
    const now = await lambda.waitUntilUpdated(name);
    if (now.memoryMB !== memoryMB || now.codeSha256 !== state.codeSha256) throw error;
    return { revisionId: now.revisionId };
  });
  state.revisionId = set.revisionId;
  // No abort signal: a memory update takes seconds, and the restore needs it settled to know the
  // RevisionId this run left behind.
  state.revisionId = checkOurs(await lambda.waitUntilUpdated(name), state, memoryMB).revisionId;
  if (options.signal.aborted) return undefined;
  const published = await retryConflicts(lambda, name, () =>
    lambda.publishVersion(name, { codeSha256: state.codeSha256, revisionId: state.revisionId, description: tuneVersionDescription(state.runId, memoryMB) }),
  );
  if (published.created) state.createdVersions.push(published.version);
  else state.reusedVersions.push(published.version);
  // Publishing may move $LATEST's RevisionId; read it again so the restore guard stays exact.
  state.revisionId = checkOurs(await lambda.waitUntilUpdated(name), state, memoryMB).revisionId;
  if (!options.withAlias) return { memoryMB, version: published.version, qualifier: published.version };
  const alias = tuneAliasName(state.runId, memoryMB);
  await lambda.createAlias(name, alias, published.version, tuneVersionDescription(state.runId, memoryMB));
  state.createdAliases.push(alias);
  return { memoryMB, version: published.version, qualifier: alias };
}

/** Someone else deployed or reconfigured the function meanwhile: stop, and leave their change alone. */
function checkOurs(config: FunctionConfiguration, state: RunState, memoryMB: number): FunctionConfiguration {
  if (config.codeSha256 !== state.codeSha256 || config.memoryMB !== memoryMB) {
    throw new ConcurrentChangeError(`${state.functionName} changed while it was being tuned (its code or memory is no longer what this run set)`, {
      hint: 'someone deployed or reconfigured it meanwhile; run again when it is quiet',
    });
  }
  return config;
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
