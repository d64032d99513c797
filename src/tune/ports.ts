/**
 * What the tune engine needs from AWS, as narrow interfaces: src/aws implements them with the SDK,
 * tests with in-memory fakes.
 */
import type { Architecture, InvocationRecord, LogFormat } from '../types.js';

/** The parts of a function's configuration the engine reads (GetFunction). */
export interface FunctionConfiguration {
  name: string;
  arn: string;
  region: string;
  memoryMB: number;
  architecture: Architecture;
  timeoutS: number;
  /** `Pending` | `Active` | `Inactive` | `Failed`. */
  state: string;
  stateReason?: string;
  /** `InProgress` | `Successful` | `Failed`. */
  lastUpdateStatus: string;
  lastUpdateStatusReason?: string;
  /** Absent when the service returned none (some emulators): the change guard then rests on CodeSha256. */
  revisionId?: string;
  codeSha256: string;
  /** `LastModified`: moves with every code or configuration update (not with PublishVersion). */
  lastModified?: string;
  logFormat: LogFormat;
  /** `LoggingConfig.LogGroup`, or `/aws/lambda/<name>` when the function does not set one. */
  logGroup: string;
  /** Undefined when none is reserved (or it could not be read). */
  reservedConcurrency?: number;
  runtime?: string;
}

export interface PublishRequest {
  codeSha256: string;
  revisionId?: string;
  description: string;
}

export interface PublishedVersion {
  version: string;
  /** False when PublishVersion handed back an existing version (nothing changed since it was published). */
  created: boolean;
  /** RevisionId of the version itself. */
  revisionId?: string;
}

export interface AliasDescription {
  name: string;
  version: string;
  description: string;
}

export interface VersionDescription {
  version: string;
  description: string;
}

export interface InvokeResult {
  /** `Handled` or `Unhandled` when the function failed (the HTTP status is still 200). */
  functionError?: string;
  /** The decoded (base64) last 4 KB of the invocation's log. */
  logTail: string;
  executedVersion?: string;
  /** The response payload as text. */
  payload: string;
  requestId?: string;
}

/** Lambda, as the tune engine uses it. Every method maps SDK exceptions to src/errors.ts errors. */
export interface LambdaGateway {
  getConfiguration(functionName: string, signal?: AbortSignal): Promise<FunctionConfiguration>;
  /** Polls until `LastUpdateStatus` is no longer `InProgress`; fails on `Failed` or after a short time. */
  waitUntilUpdated(functionName: string, signal?: AbortSignal): Promise<FunctionConfiguration>;
  /** Changes only `MemorySize` on `$LATEST`, guarded by `revisionId` when there is one; returns the new RevisionId. */
  setMemory(functionName: string, memoryMB: number, revisionId: string | undefined): Promise<{ revisionId?: string }>;
  /** Tags of the (unqualified) function. */
  listTags(functionArn: string): Promise<Record<string, string>>;
  /** Adds or overwrites tags on the function (not a configuration change: $LATEST stays as it is). */
  tagFunction(functionArn: string, tags: Record<string, string>): Promise<void>;
  untagFunction(functionArn: string, keys: readonly string[]): Promise<void>;
  publishVersion(functionName: string, request: PublishRequest): Promise<PublishedVersion>;
  createAlias(functionName: string, alias: string, version: string, description: string): Promise<void>;
  deleteAlias(functionName: string, alias: string): Promise<'deleted' | 'gone'>;
  listAliases(functionName: string): Promise<AliasDescription[]>;
  /** Numbered versions only (never `$LATEST`). */
  listVersions(functionName: string): Promise<VersionDescription[]>;
  /** Deletes one numbered version; refuses anything else (DeleteFunction without a qualifier deletes the function). */
  deleteVersion(functionName: string, version: string): Promise<'deleted' | 'gone'>;
  invoke(functionName: string, qualifier: string, payload: Uint8Array, signal?: AbortSignal): Promise<InvokeResult>;
}

export interface ReportQuery {
  logGroup: string;
  requestId: string;
  /** Picks the filter pattern: text REPORT lines or JSON `platform.report` events. */
  logFormat: LogFormat;
  /** Epoch ms a little before the invocation started; narrows the search. */
  startTimeMs: number;
  signal?: AbortSignal;
}

/**
 * What a lookup found: the record; that the log group does not exist (not retried: it will not
 * appear by waiting, as the function has logged before); or that the group exists and the REPORT
 * was not there after a few tries (logs can arrive minutes late). Access denied is thrown.
 */
export type LookupResult =
  { kind: 'found'; record: InvocationRecord } | { kind: 'no-log-group'; logGroup: string } | { kind: 'not-found'; logGroup: string; waitedMs: number };

/** Finds an invocation's REPORT in CloudWatch Logs when the 4 KB tail did not hold it. */
export interface ReportLookup {
  findReport(query: ReportQuery): Promise<LookupResult>;
}

/**
 * Deleting a whole function this tool created for itself (bench's functions; a `--copy`), and its
 * log group. Implementations refuse any function without the tool's name prefix.
 */
export interface TemporaryFunctions {
  deleteFunction(name: string): Promise<'deleted' | 'gone'>;
  deleteLogGroup(name: string): Promise<'deleted' | 'gone'>;
}
