/**
 * The errors the tune engine reasons about. They live with the engine (not in src/aws) so the engine
 * and its tests need nothing from the SDK side; src/aws maps SDK exceptions onto them by name.
 */
import { AwsError, ExitCode, FunctionFailedError, InterruptedError, RightsizeError } from '../errors.js';
import type { Report } from '../types.js';

/** Lambda refused a request for throughput (429). The tune engine backs off and retries it. */
export class ThrottleError extends AwsError {
  /** Seconds Lambda asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;
  /** e.g. `ConcurrentInvocationLimitExceeded`, `ReservedFunctionConcurrentInvocationLimitExceeded`. */
  readonly reason: string | undefined;

  constructor(message: string, options: { retryAfterSeconds?: number; reason?: string; cause?: unknown }) {
    super(message, { hint: 'wait a minute, or lower --concurrency', cause: options.cause, awsName: 'TooManyRequestsException' });
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reason = options.reason;
  }
}

/** An update is still in progress (409 ResourceConflictException): wait until it ends, then retry. */
export class ConflictError extends AwsError {}

/** The function changed since we read it (RevisionId or CodeSha256 no longer matches): someone else deployed. */
export class ConcurrentChangeError extends AwsError {}

/** Another lambda-rightsize run wrote its marker on the same function: the two would undo each other. */
export class ConcurrentRunError extends AwsError {}

/** Lambda refused a memory size (often an account capped below 10,240 MB, e.g. at 3,008 MB). */
export class MemoryRefusedError extends AwsError {
  constructor(
    message: string,
    readonly memoryMB: number,
    options: { hint?: string; cause?: unknown; awsName?: string },
  ) {
    super(message, options);
  }
}

/** Every measured size had failing invocations: exit 4, with the report so the caller can still show it. */
export class TuneFailedError extends FunctionFailedError {
  constructor(
    message: string,
    readonly report: Report,
    hint = 'see the errors per size; try larger --memory sizes, a longer timeout or another --payload',
  ) {
    super(message, hint);
  }
}

/** The run measured, but could not leave the function as it found it: exit 3, with the report to show. */
export class RestoreIncompleteError extends AwsError {
  constructor(
    message: string,
    readonly report: Report,
  ) {
    super(message, { hint: 'see the warnings: they say what is left and how to fix it' });
  }
}

/**
 * Someone else changed the function mid-run: the run stopped preparing sizes, put back only what it
 * had changed, and reports the sizes it measured on the code they were published with. Exit 5.
 */
export class PartialRunError extends RightsizeError {
  constructor(
    message: string,
    readonly report: Report,
  ) {
    super(message, { exitCode: ExitCode.partial, hint: 'the results cover only the sizes measured before the change; run again when the function is quiet' });
  }
}

/**
 * No invocation produced a usable REPORT line: exit 3, with a report whose warnings give the first
 * reasons per size, and a hint chosen by the cause (no tail and no log group, nothing found, denied).
 */
export class NoReportsError extends AwsError {
  constructor(
    message: string,
    hint: string,
    readonly report: Report,
  ) {
    super(message, { hint });
  }
}

/** CloudWatch Logs refused the REPORT lookup (logs:FilterLogEvents denied). */
export class LookupDeniedError extends AwsError {}

/**
 * The run was interrupted (SIGINT, SIGTERM, SIGHUP) after it measured something: it restored the
 * function and deleted its versions, and carries what it measured (exit 130).
 */
export class InterruptedRunError extends InterruptedError {
  constructor(
    message: string,
    readonly report: Report,
  ) {
    super(message);
  }
}

/**
 * The report a run's error carries — what was measured before every size failed, the restore fell
 * short, someone changed the function, no REPORT line came, or an interrupt — printed before the
 * error itself; undefined for an error that carries none.
 */
export function carriedReport(error: unknown): Report | undefined {
  const carriers = [TuneFailedError, RestoreIncompleteError, PartialRunError, NoReportsError, InterruptedRunError];
  return carriers.some((carrier) => error instanceof carrier) ? (error as { report: Report }).report : undefined;
}
