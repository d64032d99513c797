/** What bench and cleanup need from AWS, implemented in src/aws (bench-gateway.ts, bench-log-groups.ts). */
import type { Architecture } from '../types.js';

export interface BenchFunctionSpec {
  name: string;
  role: string;
  runtime: string;
  architecture: Architecture;
  memoryMB: number;
  timeoutSeconds: number;
  zip: Uint8Array;
  tags: Record<string, string>;
  description: string;
}

export interface CreatedFunction {
  name: string;
  arn: string;
  /** How many times CreateFunction was refused because the role could not be assumed yet. */
  roleRetries: number;
}

export interface BenchFunctionInfo {
  name: string;
  arn: string;
  tags: Record<string, string>;
  lastModified?: string;
}

/** What `bench` and `cleanup` need from Lambda. */
export interface BenchGateway {
  /** The region requests go to (from --region, the environment or the profile). */
  region(): Promise<string>;
  /** CreateFunction, retrying "role cannot be assumed" (a freshly created role) for up to `roleRetryMs`. */
  createFunction(spec: BenchFunctionSpec, signal?: AbortSignal): Promise<CreatedFunction>;
  /** Polls until the function leaves `Pending`; fails if it becomes `Failed` or takes too long. */
  waitUntilActive(name: string, signal?: AbortSignal): Promise<void>;
  /** Deletes a whole bench function; 'gone' when it did not exist. Refuses names without the bench prefix. */
  deleteFunction(name: string): Promise<'deleted' | 'gone'>;
  /** Functions whose name has the bench prefix, with their tags. */
  listPrefixedFunctions(): Promise<BenchFunctionInfo[]>;
  /** Adds or overwrites tags on a bench function (its liveness marker). */
  tagFunction(functionArn: string, tags: Record<string, string>): Promise<void>;
  untagFunction(functionArn: string, keys: readonly string[]): Promise<void>;
}

/** What bench and cleanup need from CloudWatch Logs: the log groups of bench functions. */

export interface LogGroupListing {
  name: string;
  tags: Record<string, string>;
}

export interface BenchLogGroups {
  /** Creates the group with tags (or finds it there) and sets its retention. */
  create(name: string, tags: Record<string, string>, retentionInDays: number): Promise<'created' | 'exists'>;
  delete(name: string): Promise<'deleted' | 'gone'>;
  /** Groups whose name starts with `prefix`, with their tags. */
  listPrefixed(prefix: string): Promise<LogGroupListing[]>;
}
