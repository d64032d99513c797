/**
 * Lambda exceptions as our errors, chosen by the exception's `name` (never its message), so this
 * module needs no SDK import. The classes are the tune engine's own (src/tune/errors.ts).
 */
import { mapCommonAwsError } from './common-errors.js';
import { AwsError, RightsizeError, UsageError } from '../errors.js';
import { ConcurrentChangeError, ConflictError, MemoryRefusedError, ThrottleError } from '../tune/errors.js';

/** What the failed call was, for the message and the IAM hint. */
export interface LambdaCallContext {
  /** The IAM action, e.g. `lambda:UpdateFunctionConfiguration`. */
  action: string;
  functionName: string;
  region?: string;
  /** Set for UpdateFunctionConfiguration: the size that was asked for. */
  memoryMB?: number;
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: unknown;
  retryAfterSeconds?: string | number;
  Reason?: string;
}

/** One clear line per Lambda failure, with a hint that names the fix. */
export function mapLambdaError(error: unknown, context: LambdaCallContext): Error {
  if (error instanceof RightsizeError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = e.name ?? 'Error';
  const detail = e.message ?? String(error);
  const { action, functionName } = context;
  const where = context.region ? ` in region ${context.region}` : '';
  const base = { cause: error, awsName: name };
  switch (name) {
    case 'AccessDeniedException':
    case 'AccessDenied':
      return new AwsError(`access denied: ${action} on ${functionName}`, { ...base, hint: `allow ${action} on the function in your IAM policy` });
    case 'ResourceNotFoundException':
      return new AwsError(`function ${functionName} not found${where}`, { ...base, hint: 'check the name and --region' });
    case 'TooManyRequestsException':
      return new ThrottleError(`Lambda throttled ${action} on ${functionName}${e.Reason ? ` (${e.Reason})` : ''}`, {
        retryAfterSeconds: parseSeconds(e.retryAfterSeconds),
        reason: e.Reason,
        cause: error,
      });
    case 'ResourceConflictException':
      return new ConflictError(`${functionName} is being updated, so ${action} was refused`, { ...base, hint: 'wait until the update ends, then run again' });
    case 'PreconditionFailedException':
      return new ConcurrentChangeError(`${functionName} changed while lambda-rightsize was working on it (${action} refused)`, {
        ...base,
        hint: 'someone deployed or reconfigured it meanwhile; run again when it is quiet',
      });
    case 'InvalidParameterValueException':
      // Only sizes above the quota new accounts get (3,008 MB) are a memory refusal; below it the
      // parameter at fault is something else (role, KMS key, VPC) and no size will fare better.
      if (context.memoryMB !== undefined && context.memoryMB > 3008) {
        return new MemoryRefusedError(`Lambda refused ${context.memoryMB} MB for ${functionName}: ${detail}`, context.memoryMB, {
          ...base,
          hint: `your account may allow less memory (new accounts: 3008 MB); drop ${context.memoryMB} MB and larger from --memory`,
        });
      }
      return new AwsError(`Lambda refused ${action} for ${functionName}: ${detail}`, base);
    case 'RequestTooLargeException':
      return new UsageError(`the payload is too large for ${functionName}: ${detail}`, 'a synchronous payload may be at most 6 MB', error);
  }
  return mapCommonAwsError(error, `${action} on ${functionName}`);
}

function parseSeconds(raw: string | number | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
