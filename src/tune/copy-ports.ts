/**
 * What `tune --copy` needs from AWS beyond the tune engine's LambdaGateway: read the function (or
 * one version of it) with its code, and create the temporary copy. src/aws implements it.
 */
import type { Architecture } from '../types.js';

/** The function (or version) a copy is made of: what GetFunction says, as far as a copy needs it. */
export interface SourceFunction {
  name: string;
  /** The unqualified ARN. */
  arn: string;
  region: string;
  /** The version or alias asked for, when one was. */
  qualifier?: string;
  /** The version read (`$LATEST` or a number; an alias resolves to its version). */
  version: string;
  packageType: 'Zip' | 'Image';
  memoryMB: number;
  architecture: Architecture;
  timeoutS: number;
  role: string;
  runtime?: string;
  handler?: string;
  environment?: Record<string, string>;
  /** Layer version ARNs. */
  layers: string[];
  ephemeralStorageMB?: number;
  vpc?: { subnetIds: string[]; securityGroupIds: string[]; ipv6AllowedForDualStack?: boolean };
  fileSystems: Array<{ arn: string; localMountPath: string }>;
  tracingMode?: string;
  logging: { logFormat: 'Text' | 'JSON'; applicationLogLevel?: string; systemLogLevel?: string };
  deadLetterTarget?: string;
  kmsKeyArn?: string;
  imageUri?: string;
  imageConfig?: { entryPoint?: string[]; command?: string[]; workingDirectory?: string };
  /** Zip: where the package can be downloaded (a presigned URL, valid for minutes). */
  codeLocation?: string;
  codeSha256: string;
  codeSize: number;
  /** `SnapStart.ApplyOn` is `PublishedVersions`. */
  snapStart: boolean;
  /** Runs on Lambda Managed Instances (`CapacityProviderConfig`). */
  managedInstances: boolean;
  /** Undefined when none is reserved. */
  reservedConcurrency?: number;
  state: string;
  stateReason?: string;
}

/** Where the copy's code comes from. */
export type CopyCode = { kind: 'zip'; bytes: Uint8Array } | { kind: 's3'; bucket: string; key: string } | { kind: 'image'; imageUri: string };

/** One copy to create: the source's configuration, on `architecture`, under `name`. */
export interface CopySpec {
  name: string;
  architecture: Architecture;
  source: SourceFunction;
  code: CopyCode;
  /** The copy's own log group (LoggingConfig.LogGroup), created and deleted by the run. */
  logGroup: string;
  tags: Record<string, string>;
  description: string;
}

export interface CopyGateway {
  /** GetFunction of `functionName` (name, ARN, `name:qualifier` or a qualified ARN). */
  readSource(functionName: string, signal?: AbortSignal): Promise<SourceFunction>;
  /** The package at `Code.Location`. */
  downloadCode(location: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** `--code-bucket`: puts a package too large to upload inline into S3 (deleted after the run). */
  uploadCode(bucket: string, key: string, bytes: Uint8Array): Promise<void>;
  deleteCode(bucket: string, key: string): Promise<void>;
  /** Creates the copy's log group with tags and a retention, before the copy exists. */
  createLogGroup(name: string, tags: Record<string, string>, retentionInDays: number): Promise<void>;
  /**
   * CreateFunction (retrying a role that cannot be assumed yet, briefly).
   * @throws AwsError naming the role and action when iam:PassRole is refused.
   */
  createCopy(spec: CopySpec, signal?: AbortSignal): Promise<void>;
  /** Polls until the copy is Active; fails when it becomes Failed. */
  waitUntilActive(name: string, signal?: AbortSignal): Promise<void>;
}
