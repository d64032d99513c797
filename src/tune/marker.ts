/**
 * The run marker's whole lifecycle, in one place: write (before any change, rewritten per round),
 * heartbeat (every minute, so others can tell a live run from a killed one), close (no write may
 * land any more) and remove (only while it names this run). The marker's format is in marks.ts.
 */
import { ConcurrentRunError } from './errors.js';
import { decodeRunMarker, encodeRunMarker, HEARTBEAT_MS, isoSeconds, RUN_MARKER_TAG } from './marks.js';
import type { LambdaGateway } from './ports.js';

/** The marker's part of a run's state (RunState carries it). */
export interface MarkerState {
  functionName: string;
  functionArn: string;
  runId: string;
  originalMemoryMB: number;
  codeSha256: string;
  startedAt: string;
  /** The size $LATEST is at while away from its original memory: the marker always names it. */
  awayAt?: number;
  /** Set once the run marker is on the function; removed at the end when everything is undone. */
  markerWritten: boolean;
  /** The sizes the marker names (the current round's, and the one $LATEST is still at, if away). */
  markerSizes: number[];
  /** Every write of the marker, in order: a heartbeat never overtakes a round's rewrite. */
  markerChain: Promise<void>;
  /** Set once the marker is being removed or kept for cleanup: no heartbeat may write it again. */
  markerClosed: boolean;
}

/**
 * Writes (or rewrites, per round) the run marker with the sizes this round may leave on $LATEST —
 * and the size $LATEST is still at when an earlier restore failed. `sizes` undefined (a heartbeat)
 * rewrites the current sizes. Writes are chained, so the last one asked for is the last one made,
 * and each is read back: another run that wrote the same tag meanwhile stops this one.
 * Must succeed before anything changes: without it a killed run could not be undone.
 *
 * @throws ConcurrentRunError when the tag now names another run.
 */
export async function writeMarker(state: MarkerState, lambda: LambdaGateway, sizes: readonly number[] | undefined, nowMs: number): Promise<void> {
  if (sizes !== undefined) state.markerSizes = [...new Set([...sizes, ...(state.awayAt !== undefined ? [state.awayAt] : [])])];
  const write = state.markerChain
    .catch(() => undefined)
    .then(async () => {
      if (state.markerClosed) return;
      const marker = {
        runId: state.runId,
        originalMemoryMB: state.originalMemoryMB,
        codeSha256: state.codeSha256,
        sizes: state.markerSizes,
        startedAt: state.startedAt,
        seenAt: isoSeconds(nowMs),
      };
      await lambda.tagFunction(state.functionArn, { [RUN_MARKER_TAG]: encodeRunMarker(marker) });
      state.markerWritten = true;
      const now = decodeRunMarker((await lambda.listTags(state.functionArn))[RUN_MARKER_TAG]);
      if (now?.runId !== state.runId) {
        throw new ConcurrentRunError(`another lambda-rightsize run${now ? ` (${now.runId})` : ''} is working on ${state.functionName} at the same time`, {
          hint: 'let one run finish; two runs on one function would undo each other',
        });
      }
    });
  state.markerChain = write;
  await write;
}

/**
 * Stops every further marker write and waits for those in flight; then, if the tag still names
 * this run, removes it (never another run's). Returns false when the tag named another run.
 */
export async function removeMarker(state: MarkerState, lambda: LambdaGateway): Promise<boolean> {
  state.markerClosed = true;
  await state.markerChain.catch(() => undefined);
  if (!(await untagIfOfRun(lambda, state.functionArn, state.runId))) return false;
  state.markerWritten = false;
  return true;
}

/**
 * Stops every further write and leaves the marker where it is: something of the run could not be
 * undone, and `cleanup` needs the marker to finish the job. It then goes silent, as a killed run's.
 */
export async function keepMarker(state: MarkerState): Promise<void> {
  state.markerClosed = true;
  await state.markerChain.catch(() => undefined);
}

/**
 * Removes the marker only while it still names `runId`: another run may have written its own since
 * the marker was read (a new tune, after an undo was planned). Returns whether it was ours.
 */
export async function untagIfOfRun(lambda: LambdaGateway, functionArn: string, runId: string): Promise<boolean> {
  const now = decodeRunMarker((await lambda.listTags(functionArn))[RUN_MARKER_TAG]);
  if (now !== undefined && now.runId !== runId) return false;
  if (now !== undefined) await lambda.untagFunction(functionArn, [RUN_MARKER_TAG]);
  return true;
}

/**
 * Rewrites the marker every HEARTBEAT_MS while the run works, so `cleanup` and another `tune` can
 * tell a live run (leave it alone) from a killed one (undo it). `stop` waits for a rewrite in
 * flight, so none can land after the marker is removed.
 */
export function startHeartbeat(
  state: MarkerState,
  lambda: LambdaGateway,
  now: () => number,
  warn: (message: string) => void = () => undefined,
): { stop(): Promise<void> } {
  const beat = startBeat(
    () => (state.markerWritten && !state.markerClosed ? writeMarker(state, lambda, undefined, now()) : Promise.resolve()),
    (error) =>
      warn(
        `could not refresh the run marker twice in a row (${error.message}): a \`cleanup --function ${state.functionName}\` elsewhere could take this run for a killed one`,
      ),
  );
  return {
    async stop() {
      await beat.stop();
      await state.markerChain.catch(() => undefined);
    },
  };
}

/**
 * Any run's heartbeat (tune's marker, bench's functions): `beat` every HEARTBEAT_MS, never two at
 * once; `missed` is told once when two beats in a row failed (others may soon take the run for a
 * killed one). `stop` waits for a beat in flight.
 */
export function startBeat(beat: () => Promise<void>, missed: (error: Error) => void): { stop(): Promise<void> } {
  let inFlight: Promise<void> | undefined;
  let misses = 0;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = beat()
      .then(
        () => void (misses = 0),
        (error: unknown) => {
          // One missed beat is harmless; after two, others may soon take this run for a killed one.
          misses += 1;
          if (misses === 2) missed(error as Error);
        },
      )
      .finally(() => (inFlight = undefined));
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
