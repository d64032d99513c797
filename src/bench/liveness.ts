/**
 * Bench's liveness marker (naming.ts) on the functions it created, kept fresh with tune's
 * heartbeat, so a `cleanup` from another shell can tell a running bench (left alone) from a killed
 * one (deleted) — the rule tune's run marker follows.
 */
import type { BenchGateway } from './ports.js';
import { isoSeconds, startBeat } from '../tune/index.js';
import { BENCH_MARKER_TAG, encodeBenchMarker } from './naming.js';

export interface BenchLiveness {
  /** The marker tag, as of now: written with each function (CreateFunction's tags). */
  tag(): Record<string, string>;
  /** A function now exists: its marker is refreshed until it is deleted (leaves `pending`). */
  created(name: string, arn: string): void;
  /** Stops the heartbeat; the marker is removed from the functions kept (--keep), so cleanup may take them at once. */
  close(kept: readonly string[]): Promise<void>;
}

export function startBenchLiveness(
  gateway: Pick<BenchGateway, 'tagFunction' | 'untagFunction'>,
  pending: ReadonlySet<string>,
  now: () => number,
  warn: (line: string) => void,
): BenchLiveness {
  const startedAt = isoSeconds(now());
  const arns = new Map<string, string>();
  const tag = (): Record<string, string> => ({ [BENCH_MARKER_TAG]: encodeBenchMarker(startedAt, isoSeconds(now())) });
  const beat = startBeat(
    async () => {
      let failure: unknown;
      for (const [name, arn] of arns) {
        if (!pending.has(name)) continue;
        // A function deleted meanwhile cannot be tagged: only one still pending is a missed beat.
        await gateway.tagFunction(arn, tag()).catch((error: unknown) => void (pending.has(name) && (failure ??= error)));
      }
      if (failure !== undefined) throw failure;
    },
    (error) =>
      warn(
        `could not refresh the bench functions' liveness marker twice in a row (${error.message}): a \`cleanup\` elsewhere could take this bench for a killed one`,
      ),
  );
  return {
    tag,
    created: (name, arn) => void arns.set(name, arn),
    async close(kept) {
      await beat.stop();
      for (const name of kept) {
        const arn = arns.get(name);
        if (arn) await gateway.untagFunction(arn, [BENCH_MARKER_TAG]).catch(() => undefined);
      }
    },
  };
}
