/** Exit codes: the documented contract (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  aws: 3,
  functionFailed: 4,
  /** The function changed under a tune run: the partial result is printed. */
  partial: 5,
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base of every error the tool reports to a user: one line, an exit code and a hint. */
export class RightsizeError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode: number; hint?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }
}

/** Bad option, bad file, bad input: exit 2. */
export class UsageError extends RightsizeError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.usage, hint, cause });
  }
}

/** An AWS call failed in a way retrying will not fix: exit 3. */
export class AwsError extends RightsizeError {
  readonly awsName: string | undefined;
  constructor(message: string, options: { hint?: string; cause?: unknown; awsName?: string } = {}) {
    super(message, { exitCode: ExitCode.aws, hint: options.hint, cause: options.cause });
    this.awsName = options.awsName;
  }
}

/** The AWS call was refused for lack of permission (IAM). */
export function isAccessDenied(error: unknown): boolean {
  return error instanceof AwsError && (error.awsName === 'AccessDeniedException' || error.awsName === 'AccessDenied');
}

/** Every memory size failed: exit 4. */
export class FunctionFailedError extends RightsizeError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.functionFailed, hint });
  }
}

/** The user interrupted (SIGINT/SIGTERM/SIGHUP) after cleanup ran: exit 130. */
export class InterruptedError extends RightsizeError {
  constructor(message = 'interrupted') {
    super(message, { exitCode: ExitCode.interrupted });
  }
}

/** `scan --fail-on` matched a finding: exit 1. */
export class FindingsError extends RightsizeError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.findings });
  }
}
