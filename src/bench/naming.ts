/** How bench names and tags what it creates, so cleanup can find it again and nothing else. */
import type { Architecture } from '../types.js';
import { workloadSlug } from './workloads.js';

/** Every function `bench` creates starts with this; `cleanup` deletes only functions that do AND carry the tag. */
export const BENCH_PREFIX = 'lambda-rightsize-bench-';
/** Tag key on every bench function; its value is the run id. */
export const BENCH_TAG = 'lambda-rightsize:bench';
export const WORKLOAD_TAG = 'lambda-rightsize:workload';
const MAX_FUNCTION_NAME = 64;

/** Where Lambda logs a function by default; bench creates it up front so it can delete it afterwards. */
export function benchLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}
export const BENCH_LOG_GROUP_PREFIX = benchLogGroupName(BENCH_PREFIX);
/** Days CloudWatch Logs keeps a bench log group's events, should deleting it fail. */
export const BENCH_LOG_RETENTION_DAYS = 1;

/** Bench names its functions with tune's run ids (bench builds on tune, never the other way). */
export { newRunId } from '../tune/marks.js';

/**
 * Bench's liveness marker, on each function it created: `started=<time> seen=<time>`, written with
 * the function and rewritten every minute while the bench runs (tune's heartbeat and rule: silent
 * for 3 minutes is a killed bench, fresher is a live one that `cleanup` leaves alone).
 */
export const BENCH_MARKER_TAG = 'lambda-rightsize:bench-run';

export function encodeBenchMarker(startedAt: string, seenAt: string): string {
  return `started=${startedAt} seen=${seenAt}`;
}

/** The marker's times, or undefined when the tag is missing or not one bench wrote. */
export function decodeBenchMarker(value: string | undefined): { startedAt: string; seenAt: string } | undefined {
  const match = /^started=(\S+) seen=(\S+)$/.exec(value ?? '');
  return match ? { startedAt: match[1]!, seenAt: match[2]! } : undefined;
}

/**
 * `lambda-rightsize-bench-<workload>-<arch>-<runId>`, within Lambda's 64-character limit: the
 * workload part is shortened, never the run id that makes the name unique.
 */
export function benchFunctionName(workload: string, architecture: Architecture, runId: string): string {
  const suffix = `-${architecture}-${runId}`;
  const room = MAX_FUNCTION_NAME - BENCH_PREFIX.length - suffix.length;
  const slug = workloadSlug(workload).slice(0, Math.max(1, room)).replace(/-+$/, '') || 'w';
  return `${BENCH_PREFIX}${slug}${suffix}`;
}

export function benchTags(workload: string, runId: string): Record<string, string> {
  return { [BENCH_TAG]: runId, [WORKLOAD_TAG]: workload };
}

/** The rule cleanup applies: the name prefix and the bench tag, both. */
export function isBenchFunction(name: string, tags: Readonly<Record<string, string>>): boolean {
  return name.startsWith(BENCH_PREFIX) && typeof tags[BENCH_TAG] === 'string' && tags[BENCH_TAG] !== '';
}
