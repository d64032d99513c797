/** Invoking one prepared memory size N times and turning each response into an InvocationRecord. */
import pLimit from 'p-limit';
import { LookupDeniedError, ThrottleError } from './errors.js';
import { parseReportLine } from '../logs/index.js';
import type { InvocationRecord, LogFormat } from '../types.js';
import { backoffMs, type AdaptiveConcurrency } from './limiter.js';
import type { InvokeResult, LambdaGateway, ReportLookup } from './ports.js';
import type { TuneEvent } from './types.js';

/** A throttled invocation is retried this often before the run gives up (exit 3). */
export const MAX_THROTTLE_RETRIES = 8;
/** Searching the logs from a little before the call absorbs clock skew between us and AWS. */
const LOOKUP_SLACK_MS = 5000;

export interface SizeTarget {
  memoryMB: number;
  /** The published version number. */
  version: string;
  /** What is invoked: the version, or an alias pointing to it. */
  qualifier: string;
}

/** Why an invocation gave no usable REPORT: picks the hint when none did. */
export type MissingKind = 'no-tail' | 'no-log-group' | 'not-found' | 'lookup-denied' | 'lookup-failed' | 'other';

export interface MeasureContext {
  lambda: LambdaGateway;
  logs?: ReportLookup;
  functionName: string;
  logFormat: LogFormat;
  logGroup: string;
  payloads: readonly Uint8Array[];
  limiter: AdaptiveConcurrency;
  /** Aborted on interrupt or when another size failed: start nothing new. */
  signal: AbortSignal;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
  /** Every usable record, with the function's error message when it failed. */
  onRecord: (record: InvocationRecord, errorMessage?: string) => void;
  /** Error types (e.g. `ValidationError`) that count as successful invocations (--allowed-errors). */
  allowedErrors: ReadonlySet<string>;
  progress: (event: TuneEvent) => void;
  throttles: { count: number; reasons: Set<string> };
  /** Stops the whole run at the first fatal error, so queued invocations do not start. */
  fail: (error: unknown) => void;
}

/** What was measured at one size, over all rounds. */
export interface SizeOutcome {
  memoryMB: number;
  measured: number;
  errors: number;
  /** The first failed invocation's error type and message (from the payload, or the REPORT's type). */
  firstError?: { type: string; message: string };
  /** Failures of an --allowed-errors type, counted as successes. */
  allowed: number;
  /** Invocations without a usable REPORT, with why (first few) and how many of each kind. */
  missing: number;
  missingReasons: string[];
  missingKinds: Partial<Record<MissingKind, number>>;
  billedSumMs: number;
}

export function emptyOutcome(memoryMB: number): SizeOutcome {
  return { memoryMB, measured: 0, errors: 0, allowed: 0, missing: 0, missingReasons: [], missingKinds: {}, billedSumMs: 0 };
}

type Measured =
  { kind: 'record'; record: InvocationRecord; errorMessage?: string } | { kind: 'missing'; reason: string; why: MissingKind } | { kind: 'skipped' };

/**
 * Runs `schedule.length` invocations of the size (each sends `payloads[schedule[i]]`) under the
 * shared limiter — and at most `parallel` of them at once, when given — adding to `outcome`;
 * rejects on the first error that is not a throttle.
 */
export async function measureSize(
  target: SizeTarget,
  schedule: readonly number[],
  outcome: SizeOutcome,
  ctx: MeasureContext,
  parallel?: number,
): Promise<SizeOutcome> {
  const total = schedule.length;
  let done = 0;
  // Each invocation in flight at once holds its own execution environment: a cap is a cap on cold starts.
  const limit = parallel === undefined ? undefined : pLimit(Math.max(1, parallel));
  const slot = <T>(task: () => Promise<T>): Promise<T> => (limit ? limit(task) : task());
  const settled = await Promise.allSettled(
    schedule.map(async (payloadIndex) => {
      const measured = await slot(() => measureOne(target, ctx.payloads[payloadIndex]!, ctx)).catch((error: unknown) => {
        ctx.fail(error);
        throw error;
      });
      if (measured.kind === 'skipped') return;
      if (measured.kind === 'record') {
        const record = allow(measured.record, ctx.allowedErrors);
        if (record !== measured.record) outcome.allowed += 1;
        outcome.measured += 1;
        outcome.billedSumMs += record.billedDurationMs;
        if (record.status !== 'success') {
          outcome.errors += 1;
          outcome.firstError ??= { type: errorLabel(record), message: measured.errorMessage ?? '' };
        }
        ctx.onRecord(record, measured.errorMessage);
      } else {
        outcome.missing += 1;
        outcome.missingKinds[measured.why] = (outcome.missingKinds[measured.why] ?? 0) + 1;
        if (outcome.missingReasons.length < 3) outcome.missingReasons.push(measured.reason);
      }
      done += 1;
      ctx.progress({ type: 'invocations', memoryMB: target.memoryMB, done, total, errors: outcome.errors });
    }),
  );
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return outcome;
}

/** The label a failure is counted under: `timeout`, its error type, or `error`. */
export function errorLabel(record: InvocationRecord): string {
  return record.status === 'timeout' ? 'timeout' : (record.errorType ?? 'error');
}

function allow(record: InvocationRecord, allowed: ReadonlySet<string>): InvocationRecord {
  if (record.status !== 'error' || record.errorType === undefined || !allowed.has(record.errorType)) return record;
  const { errorType: _dropped, ...rest } = record;
  return { ...rest, status: 'success' };
}

async function measureOne(target: SizeTarget, payload: Uint8Array, ctx: MeasureContext): Promise<Measured> {
  const invoked = await invokeWithRetry(target, payload, ctx);
  if (!invoked) return { kind: 'skipped' };
  const { result, startedMs } = invoked;
  if (result.executedVersion !== undefined && result.executedVersion !== target.version) {
    return { kind: 'missing', why: 'other', reason: `version ${result.executedVersion} ran instead of ${target.version}` };
  }
  const id = result.requestId ?? '(no id)';
  let record = recordFromTail(result.logTail, result.requestId);
  if (!record && ctx.logs && result.requestId) {
    let found;
    try {
      found = await ctx.logs.findReport({
        logGroup: ctx.logGroup,
        requestId: result.requestId,
        logFormat: ctx.logFormat,
        startTimeMs: startedMs - LOOKUP_SLACK_MS,
        signal: ctx.signal,
      });
    } catch (error) {
      if (ctx.signal.aborted) return { kind: 'skipped' };
      const denied = error instanceof LookupDeniedError;
      return {
        kind: 'missing',
        why: denied ? 'lookup-denied' : 'lookup-failed',
        reason: `request ${id}: not in the 4 KB log tail, and ${(error as Error).message}`,
      };
    }
    if (found.kind === 'found') record = found.record;
    else if (found.kind === 'no-log-group')
      return { kind: 'missing', why: 'no-log-group', reason: `request ${id}: not in the 4 KB log tail, and log group ${found.logGroup} does not exist` };
    else
      return {
        kind: 'missing',
        why: 'not-found',
        reason: `request ${id}: not in the 4 KB log tail, nor in ${found.logGroup} after ${Math.round(found.waitedMs / 1000)} s`,
      };
  }
  if (!record) {
    const where = ctx.logs ? 'and the response had no request id to look it up by' : 'and there is no CloudWatch Logs lookup';
    return { kind: 'missing', why: 'no-tail', reason: `request ${id}: no REPORT line in the 4 KB log tail, ${where}` };
  }
  if (record.memoryMB !== target.memoryMB) {
    return {
      kind: 'missing',
      why: 'other',
      reason: `the REPORT of request ${record.requestId ?? '(no id)'} says ${record.memoryMB} MB, not ${target.memoryMB} MB`,
    };
  }
  const failed = withFunctionError(record, result);
  const message = failed.status === 'success' ? undefined : errorMessageOf(result.payload, result.logTail);
  return message === undefined ? { kind: 'record', record: failed } : { kind: 'record', record: failed, errorMessage: message };
}

async function invokeWithRetry(target: SizeTarget, payload: Uint8Array, ctx: MeasureContext): Promise<{ result: InvokeResult; startedMs: number } | undefined> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await ctx.limiter.run(async (generation) => {
      if (ctx.signal.aborted) return { kind: 'skipped' as const };
      const startedMs = ctx.now();
      try {
        const result = await ctx.lambda.invoke(ctx.functionName, target.qualifier, payload, ctx.signal);
        ctx.limiter.onSuccess();
        return { kind: 'done' as const, result, startedMs };
      } catch (error) {
        if (ctx.signal.aborted) return { kind: 'skipped' as const };
        if (error instanceof ThrottleError) return { kind: 'throttled' as const, error, generation };
        throw error;
      }
    });
    if (outcome.kind === 'skipped') return undefined;
    if (outcome.kind === 'done') return { result: outcome.result, startedMs: outcome.startedMs };
    ctx.throttles.count += 1;
    if (outcome.error.reason) ctx.throttles.reasons.add(outcome.error.reason);
    if (attempt >= MAX_THROTTLE_RETRIES) throw outcome.error;
    const concurrency = ctx.limiter.onThrottle(outcome.generation);
    const waitMs = backoffMs(attempt, outcome.error.retryAfterSeconds, ctx.random);
    ctx.progress({ type: 'throttled', memoryMB: target.memoryMB, reason: outcome.error.reason, waitMs, concurrency });
    try {
      await ctx.sleep(waitMs, ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) return undefined;
      throw error;
    }
  }
}

/** The REPORT of this request in the decoded tail (the tail may also hold app lines that look like records). */
export function recordFromTail(logTail: string, requestId: string | undefined): InvocationRecord | undefined {
  let last: InvocationRecord | undefined;
  for (const line of logTail.split('\n')) {
    const parsed = parseReportLine(line);
    if (parsed.kind !== 'record') continue;
    if (requestId !== undefined && parsed.record.requestId === requestId) return parsed.record;
    last = parsed.record;
  }
  // Without a request id to match (an endpoint that sends none), the tail's last REPORT is this call's.
  return requestId === undefined ? last : undefined;
}

/**
 * Invoke answers 200 even when the function failed; older REPORT lines carry no Status, so the
 * FunctionError header is what marks the record as failed.
 */
export function withFunctionError(record: InvocationRecord, result: Pick<InvokeResult, 'functionError' | 'payload'>): InvocationRecord {
  if (!result.functionError || record.status !== 'success') return record;
  const errorType = errorTypeOf(result.payload);
  if (errorType === 'Sandbox.Timedout') return { ...record, status: 'timeout', errorType };
  return { ...record, status: 'error', errorType: errorType ?? `Function${result.functionError}` };
}

/** Longest error message kept: enough to recognise the error, short enough for a table note. */
const MAX_MESSAGE = 300;

/**
 * The failure's message: `errorMessage` from the payload (how every managed runtime reports an
 * error), else the last `ERROR` line of the log tail, else undefined.
 */
export function errorMessageOf(payload: string, logTail: string): string | undefined {
  let message: string | undefined;
  try {
    const parsed = JSON.parse(payload) as { errorMessage?: unknown };
    if (typeof parsed?.errorMessage === 'string' && parsed.errorMessage !== '') message = parsed.errorMessage;
  } catch {
    // Not JSON: fall back to the log.
  }
  message ??= logTail
    .split('\n')
    .filter((line) => /\bERROR\b/.test(line))
    .at(-1)
    ?.trim();
  if (message === undefined || message === '') return undefined;
  const oneLine = message.replace(/\s+/g, ' ');
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE - 1)}…` : oneLine;
}

function errorTypeOf(payload: string): string | undefined {
  try {
    const parsed = JSON.parse(payload) as { errorType?: unknown };
    return typeof parsed?.errorType === 'string' && parsed.errorType !== '' ? parsed.errorType : undefined;
  } catch {
    return undefined;
  }
}
