/** Invoking one prepared memory size N times and turning each response into an InvocationRecord. */
import { ThrottleError } from '../aws/lambda-errors.js';
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

export interface MeasureContext {
  lambda: LambdaGateway;
  logs?: ReportLookup;
  functionName: string;
  logFormat: LogFormat;
  logGroup: string;
  payloads: readonly Uint8Array[];
  /** Which payload each invocation sends (index into `payloads`). */
  schedule: readonly number[];
  limiter: AdaptiveConcurrency;
  /** Aborted on interrupt or when another size failed: start nothing new. */
  signal: AbortSignal;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
  onRecord: (record: InvocationRecord) => void;
  progress: (event: TuneEvent) => void;
  throttles: { count: number; reasons: Set<string> };
  /** Stops the whole run at the first fatal error, so queued invocations do not start. */
  fail: (error: unknown) => void;
}

export interface SizeOutcome {
  memoryMB: number;
  measured: number;
  errors: number;
  /** Invocations without a usable REPORT, with why (first few). */
  missing: number;
  missingReasons: string[];
  meanBilledMs?: number;
}

type Measured = { kind: 'record'; record: InvocationRecord } | { kind: 'missing'; reason: string } | { kind: 'skipped' };

/** Runs the size's invocations under the shared limiter; rejects on the first error that is not a throttle. */
export async function measureSize(target: SizeTarget, ctx: MeasureContext): Promise<SizeOutcome> {
  const outcome: SizeOutcome = { memoryMB: target.memoryMB, measured: 0, errors: 0, missing: 0, missingReasons: [] };
  const total = ctx.schedule.length;
  let done = 0;
  let billedSum = 0;
  const settled = await Promise.allSettled(
    ctx.schedule.map(async (payloadIndex) => {
      const measured = await measureOne(target, ctx.payloads[payloadIndex]!, ctx).catch((error: unknown) => {
        ctx.fail(error);
        throw error;
      });
      if (measured.kind === 'skipped') return;
      if (measured.kind === 'record') {
        outcome.measured += 1;
        billedSum += measured.record.billedDurationMs;
        if (measured.record.status !== 'success') outcome.errors += 1;
        ctx.onRecord(measured.record);
      } else {
        outcome.missing += 1;
        if (outcome.missingReasons.length < 3) outcome.missingReasons.push(measured.reason);
      }
      done += 1;
      ctx.progress({ type: 'invocations', memoryMB: target.memoryMB, done, total, errors: outcome.errors });
    }),
  );
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  if (outcome.measured > 0) outcome.meanBilledMs = billedSum / outcome.measured;
  return outcome;
}

async function measureOne(target: SizeTarget, payload: Uint8Array, ctx: MeasureContext): Promise<Measured> {
  const invoked = await invokeWithRetry(target, payload, ctx);
  if (!invoked) return { kind: 'skipped' };
  const { result, startedMs } = invoked;
  if (result.executedVersion !== undefined && result.executedVersion !== target.version) {
    return { kind: 'missing', reason: `version ${result.executedVersion} ran instead of ${target.version}` };
  }
  let record = recordFromTail(result.logTail, result.requestId);
  if (!record && ctx.logs && result.requestId) {
    try {
      record = await ctx.logs.findReport({
        logGroup: ctx.logGroup,
        requestId: result.requestId,
        logFormat: ctx.logFormat,
        startTimeMs: startedMs - LOOKUP_SLACK_MS,
        signal: ctx.signal,
      });
    } catch (error) {
      if (ctx.signal.aborted) return { kind: 'skipped' };
      return { kind: 'missing', reason: `looking it up in CloudWatch Logs failed: ${(error as Error).message}` };
    }
  }
  if (!record) {
    const where = ctx.logs ? `neither in the 4 KB log tail nor in ${ctx.logGroup}` : 'not in the 4 KB log tail';
    return { kind: 'missing', reason: `no REPORT line for request ${result.requestId ?? '(no id)'}: ${where}` };
  }
  if (record.memoryMB !== target.memoryMB) {
    return { kind: 'missing', reason: `the REPORT of request ${record.requestId ?? '(no id)'} says ${record.memoryMB} MB, not ${target.memoryMB} MB` };
  }
  return { kind: 'record', record: withFunctionError(record, result) };
}

async function invokeWithRetry(
  target: SizeTarget,
  payload: Uint8Array,
  ctx: MeasureContext,
): Promise<{ result: InvokeResult; startedMs: number } | undefined> {
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

function errorTypeOf(payload: string): string | undefined {
  try {
    const parsed = JSON.parse(payload) as { errorType?: unknown };
    return typeof parsed?.errorType === 'string' && parsed.errorType !== '' ? parsed.errorType : undefined;
  } catch {
    return undefined;
  }
}
