import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { assertProfileExists } from './profiles.js';

/**
 * Settings every SDK client is built from. Clients are created from the resolved configuration,
 * never at import time. Endpoints come from the SDK's own `AWS_ENDPOINT_URL`,
 * `AWS_ENDPOINT_URL_LAMBDA` and `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS` support (LocalStack, our tests).
 */
export interface AwsSettings {
  /** Explicit region (`--region`, or the function ARN's region). */
  region?: string;
  /** Named profile (`--profile`). */
  profile?: string;
  /** Environment to read fallbacks from (defaults to process.env; tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** `--role-arn`: every call is made as this role (STS AssumeRole on the profile's or environment's credentials). */
  assumeRole?: AssumeRole;
}

export interface AssumeRole {
  roleArn: string;
  externalId?: string;
  sessionName?: string;
}

export interface ClientConfig {
  region?: string;
  profile?: string;
  maxAttempts?: number;
  credentials?: ReturnType<typeof fromTemporaryCredentials>;
}

/** The session name AssumeRole gets unless --role-session-name says otherwise (CloudTrail shows it). */
export const DEFAULT_ROLE_SESSION = 'lambda-rightsize';

/**
 * One provider per command: the SDK's own temporary-credentials provider, shared by every client
 * built from the command's settings (they all carry the same `assumeRole` object, spread or not).
 */
const providers = new WeakMap<AssumeRole, ReturnType<typeof fromTemporaryCredentials>>();

function assumedCredentials(role: AssumeRole, region: string | undefined, profile: string | undefined): ReturnType<typeof fromTemporaryCredentials> {
  let provider = providers.get(role);
  if (!provider) {
    provider = shared(
      fromTemporaryCredentials({
        params: {
          RoleArn: role.roleArn,
          RoleSessionName: role.sessionName ?? DEFAULT_ROLE_SESSION,
          ...(role.externalId !== undefined ? { ExternalId: role.externalId } : {}),
        },
        clientConfig: { ...(region ? { region } : {}), ...(profile ? { profile } : {}) },
      }),
    );
    providers.set(role, provider);
  }
  return provider;
}

/**
 * Region precedence: --region > ARN region > AWS_REGION > AWS_DEFAULT_REGION > profile.
 * The JS SDK v3 reads AWS_REGION and the profile's region itself, but not AWS_DEFAULT_REGION.
 * A named profile that does not exist is refused here, before any client is built.
 */
/** Credentials this close to expiry are fetched again (the SDK's own clients refresh 5 minutes ahead). */
const REFRESH_AHEAD_MS = 5 * 60_000;

/**
 * Each SDK client memoises its provider on its own, so a command's five clients would assume the
 * role five times: one promise, shared until the credentials near expiry (or the call failed).
 */
function shared(provider: ReturnType<typeof fromTemporaryCredentials>): ReturnType<typeof fromTemporaryCredentials> {
  let current: ReturnType<ReturnType<typeof fromTemporaryCredentials>> | undefined;
  return async (options) => {
    const credentials = current ? await current.catch(() => undefined) : undefined;
    if (credentials && (!credentials.expiration || credentials.expiration.getTime() - Date.now() > REFRESH_AHEAD_MS)) return credentials;
    current = provider(options);
    return current;
  };
}

export function clientConfig(settings: AwsSettings): ClientConfig {
  const env = settings.env ?? process.env;
  assertProfileExists(settings.profile, env);
  const region = settings.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const config: ClientConfig = {};
  if (region) config.region = region;
  if (settings.profile) config.profile = settings.profile;
  if (settings.assumeRole) config.credentials = assumedCredentials(settings.assumeRole, region, settings.profile);
  return config;
}

/** Region of a function ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`), if it is one. */
export function regionOfArn(nameOrArn: string): string | undefined {
  const parts = nameOrArn.split(':');
  if (parts[0] === 'arn' && parts.length >= 7 && parts[2] === 'lambda') return parts[3] || undefined;
  return undefined;
}
