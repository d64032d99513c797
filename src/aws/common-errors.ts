/** The part of SDK-error mapping every gateway shares: credentials, a missing region, the fallback. */
import { AwsError, UsageError } from '../errors.js';

const CREDENTIAL_ERRORS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'CredentialsProviderError']);

/**
 * Maps what no service-specific case claimed. `what` reads like "lambda:GetFunction on api".
 * Errors that are not from the SDK are returned unchanged (a bug stays a bug: exit 70).
 */
export function mapCommonAwsError(error: unknown, what: string): Error {
  const e = error as { name?: string; message?: string; $metadata?: unknown };
  const name = e.name ?? 'Error';
  const detail = e.message ?? String(error);
  if (CREDENTIAL_ERRORS.has(name)) {
    return new AwsError(`AWS did not accept the credentials (${name})`, {
      cause: error,
      awsName: name,
      hint: 'check AWS_PROFILE / --profile, or log in again (aws sso login)',
    });
  }
  // The SDK raises a plain Error, with no name of its own, for a missing region before any request is sent.
  if (/region is missing/i.test(detail)) return new UsageError('no AWS region is set', 'pass --region or set AWS_REGION', error);
  if (e.$metadata !== undefined) return new AwsError(`${what} failed: ${name}: ${detail}`, { cause: error, awsName: name });
  return error instanceof Error ? error : new Error(detail);
}
