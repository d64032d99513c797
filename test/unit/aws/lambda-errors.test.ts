import {
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
  TooManyRequestsException,
  type ThrottleReason,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { mapLambdaError } from '../../../src/aws/lambda-errors.js';
import { ConcurrentChangeError, ConflictError, MemoryRefusedError, ThrottleError } from '../../../src/tune/errors.js';
import { AwsError, ExitCode, UsageError } from '../../../src/errors.js';

const meta = { $metadata: {} };
/** Lambda models no AccessDeniedException class: the SDK raises a generic service error by that name. */
const awsError = (name: string, message: string): Error => Object.assign(new Error(message), { name, $metadata: {} });
const update = { action: 'lambda:UpdateFunctionConfiguration', functionName: 'orders', region: 'eu-west-1' };

describe('mapLambdaError', () => {
  it.each([
    {
      case: 'access denied names the IAM action',
      error: awsError('AccessDeniedException', 'User is not authorized'),
      context: update,
      type: AwsError,
      message: 'access denied: lambda:UpdateFunctionConfiguration on orders',
      hint: 'allow lambda:UpdateFunctionConfiguration on the function in your IAM policy',
    },
    {
      case: 'not found names the function and region',
      error: new ResourceNotFoundException({ message: 'Function not found: arn:…', ...meta }),
      context: { action: 'lambda:GetFunction', functionName: 'orders', region: 'eu-west-1' },
      type: AwsError,
      message: 'function orders not found in region eu-west-1',
      hint: 'check the name and --region',
    },
    {
      case: 'an update in progress is a conflict to wait out',
      error: new ResourceConflictException({ message: 'The operation cannot be performed at this time.', ...meta }),
      context: update,
      type: ConflictError,
      message: 'orders is being updated, so lambda:UpdateFunctionConfiguration was refused',
      hint: 'wait until the update ends, then run again',
    },
    {
      case: 'a RevisionId mismatch is a concurrent change',
      error: new PreconditionFailedException({ message: 'The Revision Id provided does not match', ...meta }),
      context: update,
      type: ConcurrentChangeError,
      message: 'orders changed while lambda-rightsize was working on it (lambda:UpdateFunctionConfiguration refused)',
      hint: 'someone deployed or reconfigured it meanwhile; run again when it is quiet',
    },
    {
      case: 'a refused memory size says which sizes to drop',
      error: new InvalidParameterValueException({ message: "'MemorySize' value failed to satisfy constraint", ...meta }),
      context: { ...update, memoryMB: 4096 },
      type: MemoryRefusedError,
      message: "Lambda refused 4096 MB for orders: 'MemorySize' value failed to satisfy constraint",
      hint: 'your account may allow less memory (new accounts: 3008 MB); drop 4096 MB and larger from --memory',
    },
  ])('maps $case', ({ error, context, type, message, hint }) => {
    const mapped = mapLambdaError(error, context);
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.message).toBe(message);
    expect((mapped as AwsError).hint).toBe(hint);
    expect((mapped as AwsError).exitCode).toBe(ExitCode.aws);
    expect(mapped.cause).toBe(error);
  });

  it.each([
    { case: 'with Retry-After and a reason', retryAfterSeconds: '3', Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', seconds: 3 },
    { case: 'without Retry-After', retryAfterSeconds: undefined, Reason: 'CallerRateLimitExceeded', seconds: undefined },
    { case: 'with an unreadable Retry-After', retryAfterSeconds: 'soon', Reason: undefined, seconds: undefined },
  ] as Array<{ case: string; retryAfterSeconds?: string; Reason?: ThrottleReason; seconds?: number }>)(
    'maps a throttle $case to a ThrottleError the engine retries',
    ({ retryAfterSeconds, Reason, seconds }) => {
      const error = new TooManyRequestsException({ message: 'Rate exceeded', retryAfterSeconds, Reason, ...meta });
      const mapped = mapLambdaError(error, { action: 'lambda:InvokeFunction', functionName: 'orders' });
      expect(mapped).toBeInstanceOf(ThrottleError);
      expect((mapped as ThrottleError).retryAfterSeconds).toBe(seconds);
      expect((mapped as ThrottleError).reason).toBe(Reason);
    },
  );

  it('decides by the exception name, not by its message', () => {
    const error = awsError('ResourceConflictException', 'Rate exceeded: access denied, not found');
    expect(mapLambdaError(error, update)).toBeInstanceOf(ConflictError);
  });

  it('turns a missing region into a usage error', () => {
    expect(mapLambdaError(new Error('Region is missing'), update)).toBeInstanceOf(UsageError);
  });

  it('keeps an error that is not from AWS as it is', () => {
    const bug = new TypeError('x is undefined');
    expect(mapLambdaError(bug, update)).toBe(bug);
  });
});
