/**
 * The calls `tune --copy` makes beyond tune's own: GetFunction of the function (or a version) with
 * its code address, the package download, CreateFunction of the copy with the same configuration,
 * its log group, and S3 for packages over 50 MB. Deleting copies is bench's guarded delete with the
 * copy prefix (only names that start with it).
 */
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  type CreateFunctionCommandInput,
  type FunctionConfiguration as SdkConfiguration,
  type GetFunctionCommandOutput,
} from '@aws-sdk/client-lambda';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { AwsError } from '../errors.js';
import { COPY_PREFIX, functionRef, type CopyGateway, type CopySpec, type SourceFunction, type TemporaryFunctions } from '../tune/index.js';
import type { BenchFunctionInfo } from '../bench/ports.js';
import { isRoleNotReady, LambdaBenchGateway, lambdaErrorToRightsize } from './bench-gateway.js';
import { CloudWatchBenchLogGroups } from './bench-log-groups.js';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { clientConfig, regionOfArn, type AwsSettings } from './config.js';
import { mapCommonAwsError } from './common-errors.js';
import { mapLambdaError } from './lambda-errors.js';

export interface CopyGatewayOptions {
  /** Give up retrying "role cannot be assumed" after this long (default 30 s). */
  roleRetryMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

const sleepDefault = (ms: number, signal?: AbortSignal): Promise<void> => sleepFor(ms, undefined, { signal });

export function createCopyGateway(settings: AwsSettings, options: CopyGatewayOptions = {}): CopyGateway {
  const config = clientConfig(settings);
  return new SdkCopyGateway(new LambdaClient(config), new CloudWatchLogsClient(config), new S3Client(config), options);
}

/** Deleting copies and their log groups, and listing copies (for `cleanup`): only names with the copy prefix. */
export function createCopyCleanup(settings: AwsSettings): TemporaryFunctions & {
  listCopies(): Promise<BenchFunctionInfo[]>;
  listCopyLogGroups(prefix: string): ReturnType<CloudWatchBenchLogGroups['listPrefixed']>;
} {
  const config = clientConfig(settings);
  const functions = new LambdaBenchGateway(new LambdaClient(config), { namePrefix: COPY_PREFIX });
  const groups = new CloudWatchBenchLogGroups(new CloudWatchLogsClient(config));
  return {
    deleteFunction: (name) => functions.deleteFunction(name),
    deleteLogGroup: (name) => groups.delete(name),
    listCopies: () => functions.listPrefixedFunctions(),
    listCopyLogGroups: (prefix) => groups.listPrefixed(prefix),
  };
}

export class SdkCopyGateway implements CopyGateway {
  private readonly active: LambdaBenchGateway;
  private readonly groups: CloudWatchBenchLogGroups;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly roleRetryMs: number;

  constructor(
    private readonly lambda: LambdaClient,
    logs: CloudWatchLogsClient,
    private readonly s3: S3Client,
    options: CopyGatewayOptions = {},
  ) {
    this.active = new LambdaBenchGateway(lambda, {
      namePrefix: COPY_PREFIX,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    this.groups = new CloudWatchBenchLogGroups(logs);
    this.sleep = options.sleep ?? sleepDefault;
    this.now = options.now ?? Date.now;
    this.roleRetryMs = options.roleRetryMs ?? 30_000;
  }

  async readSource(functionName: string, signal?: AbortSignal): Promise<SourceFunction> {
    let out: GetFunctionCommandOutput;
    try {
      out = await this.lambda.send(new GetFunctionCommand({ FunctionName: functionName }), { abortSignal: signal });
    } catch (error) {
      throw mapLambdaError(error, { action: 'lambda:GetFunction', functionName });
    }
    return toSource(functionName, out);
  }

  async downloadCode(location: string, signal?: AbortSignal): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(location, signal ? { signal } : {});
    } catch (error) {
      throw new AwsError(`could not download the function's package from its Code.Location (${(error as Error).message})`, {
        cause: error,
        hint: 'check the network to S3; the address is valid for 10 minutes, so run again',
      });
    }
    if (!response.ok) {
      throw new AwsError(`could not download the function's package: HTTP ${response.status} from its Code.Location`, {
        hint: 'the address GetFunction gives is valid for 10 minutes: run again',
      });
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  async uploadCode(bucket: string, key: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
    } catch (error) {
      throw s3Error(error, 's3:PutObject', bucket, key);
    }
  }

  async deleteCode(bucket: string, key: string): Promise<void> {
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      throw s3Error(error, 's3:DeleteObject', bucket, key);
    }
  }

  async createLogGroup(name: string, tags: Record<string, string>, retentionInDays: number): Promise<void> {
    await this.groups.create(name, tags, retentionInDays);
  }

  async createCopy(spec: CopySpec, signal?: AbortSignal): Promise<void> {
    const started = this.now();
    for (let attempt = 0; ; attempt++) {
      try {
        // No abortSignal on the request: a create that reached Lambda must finish, so the run knows to delete it.
        await this.lambda.send(new CreateFunctionCommand(createInput(spec)));
        return;
      } catch (error) {
        if (!isRoleNotReady(error) || this.now() - started >= this.roleRetryMs) throw createError(error, spec);
        await this.sleep(Math.min(1000 * 2 ** attempt, 5000), signal);
      }
    }
  }

  async waitUntilActive(name: string, signal?: AbortSignal): Promise<void> {
    await this.active.waitUntilActive(name, signal);
  }
}

/** CreateFunction's input: the source's configuration, on the copy's architecture, code and log group. */
export function createInput(spec: CopySpec): CreateFunctionCommandInput {
  const s = spec.source;
  const code =
    spec.code.kind === 'zip'
      ? { ZipFile: spec.code.bytes }
      : spec.code.kind === 's3'
        ? { S3Bucket: spec.code.bucket, S3Key: spec.code.key }
        : { ImageUri: spec.code.imageUri };
  const input: CreateFunctionCommandInput = {
    FunctionName: spec.name,
    Role: s.role,
    Code: code,
    PackageType: s.packageType,
    Architectures: [spec.architecture],
    MemorySize: s.memoryMB,
    Timeout: s.timeoutS,
    Description: spec.description,
    Tags: spec.tags,
    Publish: false,
    Layers: s.layers,
    FileSystemConfigs: s.fileSystems.map((f) => ({ Arn: f.arn, LocalMountPath: f.localMountPath })),
    LoggingConfig: {
      LogFormat: s.logging.logFormat,
      LogGroup: spec.logGroup,
      ...(s.logging.applicationLogLevel ? { ApplicationLogLevel: s.logging.applicationLogLevel as 'INFO' } : {}),
      ...(s.logging.systemLogLevel ? { SystemLogLevel: s.logging.systemLogLevel as 'INFO' } : {}),
    },
  };
  if (s.packageType === 'Zip') {
    input.Runtime = s.runtime as CreateFunctionCommandInput['Runtime'];
    input.Handler = s.handler;
  }
  if (s.environment) input.Environment = { Variables: { ...s.environment } };
  if (s.ephemeralStorageMB !== undefined) input.EphemeralStorage = { Size: s.ephemeralStorageMB };
  if (s.vpc)
    input.VpcConfig = {
      SubnetIds: [...s.vpc.subnetIds],
      SecurityGroupIds: [...s.vpc.securityGroupIds],
      ...(s.vpc.ipv6AllowedForDualStack !== undefined ? { Ipv6AllowedForDualStack: s.vpc.ipv6AllowedForDualStack } : {}),
    };
  if (s.tracingMode) input.TracingConfig = { Mode: s.tracingMode as 'Active' };
  if (s.deadLetterTarget) input.DeadLetterConfig = { TargetArn: s.deadLetterTarget };
  if (s.kmsKeyArn) input.KMSKeyArn = s.kmsKeyArn;
  if (s.snapStart) input.SnapStart = { ApplyOn: 'PublishedVersions' };
  if (s.imageConfig)
    input.ImageConfig = { EntryPoint: s.imageConfig.entryPoint, Command: s.imageConfig.command, WorkingDirectory: s.imageConfig.workingDirectory };
  return input;
}

/**
 * A refused iam:PassRole is AccessDeniedException like any other refusal; only its message names
 * the action, so it is read (as isRoleNotReady reads its case) to name the role and the action.
 */
function createError(error: unknown, spec: CopySpec): Error {
  const e = error as { name?: string; message?: string };
  const role = spec.source.role;
  if ((e.name === 'AccessDeniedException' || e.name === 'AccessDenied') && /iam:PassRole/.test(e.message ?? '')) {
    return new AwsError(`access denied: iam:PassRole on ${role}, which creating the copy ${spec.name} needs`, {
      cause: error,
      awsName: e.name,
      hint: `allow iam:PassRole on ${role} (with iam:PassedToService lambda.amazonaws.com) in your IAM policy; see the README's policy for --copy`,
    });
  }
  if (e.name === 'AccessDeniedException' || e.name === 'AccessDenied') {
    return new AwsError(`access denied: lambda:CreateFunction on ${spec.name}`, {
      cause: error,
      awsName: e.name,
      hint: `allow lambda:CreateFunction and lambda:DeleteFunction on function:${COPY_PREFIX}*, and iam:PassRole on ${role}`,
    });
  }
  if (e.name === 'RequestTooLargeException' || e.name === 'RequestEntityTooLargeException') {
    return new AwsError(`Lambda refused the package of the copy ${spec.name} as too large`, {
      cause: error,
      awsName: e.name,
      hint: 'pass --code-bucket <bucket>: the package goes through S3 instead',
    });
  }
  return lambdaErrorToRightsize(error, { action: 'lambda:CreateFunction', target: spec.name, role });
}

function s3Error(error: unknown, action: string, bucket: string, key: string): Error {
  const name = (error as { name?: string }).name;
  if (name === 'AccessDenied' || name === 'AccessDeniedException')
    return new AwsError(`access denied: ${action} on s3://${bucket}/${key}`, {
      cause: error,
      awsName: name,
      hint: `allow ${action} on arn:aws:s3:::${bucket}/lambda-rightsize-copy/*`,
    });
  if (name === 'NoSuchBucket')
    return new AwsError(`bucket ${bucket} does not exist`, { cause: error, awsName: name, hint: "pass --code-bucket with a bucket in the function's region" });
  return mapCommonAwsError(error, `${action} on s3://${bucket}/${key}`);
}

function toSource(requested: string, out: GetFunctionCommandOutput): SourceFunction {
  const c: SdkConfiguration | undefined = out.Configuration;
  if (!c?.FunctionName || !c.FunctionArn || !c.Role) throw new AwsError(`GetFunction returned no configuration for ${requested}`, { awsName: 'GetFunction' });
  const version = c.Version ?? '$LATEST';
  const qualifier = functionRef(requested).qualifier;
  const arn = version !== '$LATEST' && c.FunctionArn.endsWith(`:${version}`) ? c.FunctionArn.slice(0, -version.length - 1) : c.FunctionArn;
  const source: SourceFunction = {
    name: c.FunctionName,
    arn,
    region: regionOfArn(c.FunctionArn) ?? '',
    version,
    packageType: c.PackageType === 'Image' ? 'Image' : 'Zip',
    memoryMB: c.MemorySize ?? 128,
    architecture: c.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64',
    timeoutS: c.Timeout ?? 3,
    role: c.Role,
    layers: (c.Layers ?? []).flatMap((l) => (l.Arn ? [l.Arn] : [])),
    fileSystems: (c.FileSystemConfigs ?? []).flatMap((f) => (f.Arn && f.LocalMountPath ? [{ arn: f.Arn, localMountPath: f.LocalMountPath }] : [])),
    logging: { logFormat: c.LoggingConfig?.LogFormat === 'JSON' ? 'JSON' : 'Text' },
    codeSha256: c.CodeSha256 ?? '',
    codeSize: c.CodeSize ?? 0,
    snapStart: c.SnapStart?.ApplyOn === 'PublishedVersions',
    managedInstances: c.CapacityProviderConfig !== undefined,
    state: c.State ?? 'Active',
  };
  if (qualifier !== undefined) source.qualifier = qualifier;
  if (c.Runtime) source.runtime = c.Runtime;
  if (c.Handler) source.handler = c.Handler;
  if (c.Environment?.Variables && Object.keys(c.Environment.Variables).length > 0) source.environment = { ...c.Environment.Variables };
  if (c.EphemeralStorage?.Size) source.ephemeralStorageMB = c.EphemeralStorage.Size;
  const vpc = c.VpcConfig;
  if (vpc?.SubnetIds && vpc.SubnetIds.length > 0) {
    source.vpc = {
      subnetIds: [...vpc.SubnetIds],
      securityGroupIds: [...(vpc.SecurityGroupIds ?? [])],
      ...(vpc.Ipv6AllowedForDualStack !== undefined ? { ipv6AllowedForDualStack: vpc.Ipv6AllowedForDualStack } : {}),
    };
  }
  if (c.TracingConfig?.Mode) source.tracingMode = c.TracingConfig.Mode;
  if (c.LoggingConfig?.ApplicationLogLevel) source.logging.applicationLogLevel = c.LoggingConfig.ApplicationLogLevel;
  if (c.LoggingConfig?.SystemLogLevel) source.logging.systemLogLevel = c.LoggingConfig.SystemLogLevel;
  if (c.DeadLetterConfig?.TargetArn) source.deadLetterTarget = c.DeadLetterConfig.TargetArn;
  if (c.KMSKeyArn) source.kmsKeyArn = c.KMSKeyArn;
  if (c.StateReason) source.stateReason = c.StateReason;
  if (out.Code?.ImageUri) source.imageUri = out.Code.ImageUri;
  if (out.Code?.Location) source.codeLocation = out.Code.Location;
  const image = c.ImageConfigResponse?.ImageConfig;
  if (image)
    source.imageConfig = {
      ...(image.EntryPoint ? { entryPoint: [...image.EntryPoint] } : {}),
      ...(image.Command ? { command: [...image.Command] } : {}),
      ...(image.WorkingDirectory ? { workingDirectory: image.WorkingDirectory } : {}),
    };
  const reserved = out.Concurrency?.ReservedConcurrentExecutions;
  if (reserved !== undefined) source.reservedConcurrency = reserved;
  return source;
}
