/** The part of SDK-error mapping every gateway shares: credentials, a missing region, the fallback. */
import { AwsError, UsageError } from '../errors.js';

const CREDENTIAL_ERRORS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException']);

/**
 * The SDK's default provider chain, in its order (@aws-sdk/credential-provider-node): what "no
 * credentials" means, so the user knows where to put them.
 */
const CREDENTIAL_SOURCES =
  'environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), SSO, the shared files ~/.aws/credentials and ~/.aws/config ' +
  '(AWS_PROFILE or --profile, else "default"), credential_process, web identity (AWS_WEB_IDENTITY_TOKEN_FILE), container and instance metadata';

/** Node's codes for an endpoint that could not be reached at all (no AWS answer to map). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

/** An SDK error that still has no AWS name: the SDK could not read the response as AWS's. */
const UNPARSED_NAMES = new Set(['Error', 'SyntaxError', 'UnknownError', 'Unknown']);

/**
 * Maps what no service-specific case claimed. `what` reads like "lambda:GetFunction on api".
 * Errors that are not from the SDK are returned unchanged (a bug stays a bug: exit 70).
 */
export function mapCommonAwsError(error: unknown, what: string): Error {
  const e = error as { name?: string; message?: string; $metadata?: unknown };
  const name = e.name ?? 'Error';
  const detail = e.message ?? String(error);
  // Raised before any request when the whole chain came up empty: nothing was refused, nothing was found.
  if (name === 'CredentialsProviderError') {
    return new AwsError(`no AWS credentials were found (looked in: ${CREDENTIAL_SOURCES})`, {
      cause: error,
      awsName: name,
      hint: 'set AWS_PROFILE or pass --profile, export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login` (`replay` needs no credentials)',
    });
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return new AwsError(`AWS did not accept the credentials (${name})`, {
      cause: error,
      awsName: name,
      hint: 'check AWS_PROFILE / --profile, or log in again (aws sso login)',
    });
  }
  // The SDK raises a plain Error, with no name of its own, for a missing region before any request is sent.
  if (/region is missing/i.test(detail)) return new UsageError('no AWS region is set', 'pass --region or set AWS_REGION', error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new AwsError(`${what} failed: could not reach the endpoint (${code})`, {
      cause: error,
      hint: 'check the network, any proxy (HTTPS_PROXY) and AWS_ENDPOINT_URL* if set',
    });
  }
  const status = (e.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode;
  // A proxy's or gateway's HTML page (403, 502…) is not AWS's JSON: the SDK's parse error says nothing useful.
  if (status !== undefined && status >= 400 && UNPARSED_NAMES.has(name)) {
    return new AwsError(`${what} failed: the endpoint answered HTTP ${status} with a body that is not an AWS response (${statusMeaning(status)})`, {
      cause: error,
      hint: `${status >= 500 ? 'retry later; if it persists, check' : 'check'} AWS_ENDPOINT_URL* and any proxy in between (HTTPS_PROXY) (LAMBDA_RIGHTSIZE_DEBUG=1 shows the parse error)`,
    });
  }
  // The SDK's messages can span lines; the user gets one.
  if (e.$metadata !== undefined) return new AwsError(`${what} failed: ${name}: ${detail.replace(/\s*\n\s*/g, ' ')}`, { cause: error, awsName: name });
  return error instanceof Error ? error : new Error(detail);
}

/** What an HTTP status most likely means when it comes from something other than AWS (a proxy, a wrong URL). */
function statusMeaning(status: number): string {
  if (status === 401 || status === 403) return 'a proxy or firewall refused the request';
  if (status === 404) return 'no AWS API at that URL: AWS_ENDPOINT_URL* may point at the wrong place';
  if (status === 407) return 'the proxy wants credentials of its own';
  if (status === 429) return 'a proxy is limiting the request rate';
  if (status >= 500) return 'the endpoint or a gateway in front of it is failing';
  return 'the request was refused before it reached AWS';
}
