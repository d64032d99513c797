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
}

export interface ClientConfig {
  region?: string;
  profile?: string;
  maxAttempts?: number;
}

/**
 * Region precedence: --region > ARN region > AWS_REGION > AWS_DEFAULT_REGION > profile.
 * The JS SDK v3 reads AWS_REGION and the profile's region itself, but not AWS_DEFAULT_REGION.
 * A named profile that does not exist is refused here, before any client is built.
 */
export function clientConfig(settings: AwsSettings): ClientConfig {
  const env = settings.env ?? process.env;
  assertProfileExists(settings.profile, env);
  const region = settings.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const config: ClientConfig = {};
  if (region) config.region = region;
  if (settings.profile) config.profile = settings.profile;
  return config;
}

/** Region of a function ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`), if it is one. */
export function regionOfArn(nameOrArn: string): string | undefined {
  const parts = nameOrArn.split(':');
  if (parts[0] === 'arn' && parts.length >= 7 && parts[2] === 'lambda') return parts[3] || undefined;
  return undefined;
}
