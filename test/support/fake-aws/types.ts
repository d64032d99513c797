/** Public types of the fake AWS endpoint: seeds, the function state model, knobs and the call log. */

export type FakeArchitecture = 'x86_64' | 'arm64';
export type FunctionState = 'Pending' | 'Active' | 'Inactive' | 'Failed';
export type LastUpdateStatus = 'Successful' | 'InProgress' | 'Failed';
export type FakeLogFormat = 'Text' | 'JSON';

export type LambdaOperation =
  | 'CreateFunction'
  | 'DeleteFunction'
  | 'GetFunction'
  | 'GetFunctionConfiguration'
  | 'UpdateFunctionConfiguration'
  | 'UpdateFunctionCode'
  | 'PublishVersion'
  | 'ListVersionsByFunction'
  | 'ListFunctions'
  | 'CreateAlias'
  | 'GetAlias'
  | 'DeleteAlias'
  | 'ListAliases'
  | 'Invoke'
  | 'GetFunctionConcurrency'
  | 'PutFunctionConcurrency'
  | 'DeleteFunctionConcurrency'
  | 'TagResource'
  | 'UntagResource'
  | 'ListTags'
  /** Not a Lambda API call: the download of `Code.Location`, which the fake serves itself. */
  | 'DownloadCode';

export type LogsOperation =
  | 'FilterLogEvents'
  | 'GetLogEvents'
  | 'DescribeLogGroups'
  | 'CreateLogGroup'
  | 'DeleteLogGroup'
  | 'ListTagsForResource'
  | 'PutRetentionPolicy'
  | 'CreateLogStream'
  | 'PutLogEvents'
  | 'StartQuery'
  | 'GetQueryResults'
  | 'StopQuery';

/** STS, for `--role-arn` (the SDK's temporary-credentials provider calls AssumeRole). */
export type StsOperation = 'AssumeRole';

export type Operation = LambdaOperation | LogsOperation | StsOperation;

/** One request the fake received (recorded before faults are applied, so failed attempts count). */
export interface CallRecord {
  service: 'lambda' | 'logs' | 'sts';
  operation: Operation;
  /** The access key the request was signed with (from its Authorization header). */
  accessKeyId?: string;
  /** Path parameters, query parameters and JSON body merged, under the API's own member names. */
  params: Record<string, unknown>;
  /** Wall-clock ms when the request arrived. */
  at: number;
}

/** The configuration Lambda returns (the fields the tool reads), for `$LATEST` or a version. */
export interface FunctionConfig {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Role: string;
  Handler: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSha256: string;
  Version: string;
  RevisionId: string;
  State: FunctionState;
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus?: LastUpdateStatus;
  LastUpdateStatusReason?: string;
  LastUpdateStatusReasonCode?: string;
  Architectures: FakeArchitecture[];
  PackageType: 'Zip' | 'Image';
  LoggingConfig: { LogFormat: FakeLogFormat; LogGroup: string; ApplicationLogLevel?: string; SystemLogLevel?: string };
  EphemeralStorage: { Size: number };
  TracingConfig: { Mode: 'PassThrough' | 'Active' };
  Environment?: { Variables: Record<string, string> };
  Layers?: Array<{ Arn: string; CodeSize: number }>;
  VpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[]; Ipv6AllowedForDualStack?: boolean; VpcId?: string };
  FileSystemConfigs?: Array<{ Arn: string; LocalMountPath: string }>;
  DeadLetterConfig?: { TargetArn: string };
  KMSKeyArn?: string;
  SnapStart?: { ApplyOn: 'PublishedVersions' | 'None'; OptimizationStatus?: 'On' | 'Off' };
  ImageConfigResponse?: { ImageConfig: { EntryPoint?: string[]; Command?: string[]; WorkingDirectory?: string } };
  /** Lambda Managed Instances (since 2025-11-30): the function runs on a capacity provider. */
  CapacityProviderConfig?: {
    LambdaManagedInstancesCapacityProviderConfig: {
      CapacityProviderArn: string;
      PerExecutionEnvironmentMaxConcurrency?: number;
      ExecutionEnvironmentMemoryGiBPerVCpu?: number;
    };
  };
  /** Present only for durable functions. */
  DurableConfig?: { RetentionPeriodInDays?: number; ExecutionTimeout?: number };
}

export interface AliasConfig {
  AliasArn: string;
  Name: string;
  FunctionVersion: string;
  Description: string;
  RevisionId: string;
}

/**
 * How real duration curves deviate from the textbook one (issue 17). Every field is optional and off
 * when absent; the formulas are in performance.ts, their expectation in steady-state.ts.
 */
export interface WorkDeviations {
  /**
   * Per-size mean durations measured on a real function (ms), interpolated in log-log space and held
   * flat beyond the first and last point: the base curve instead of `cpuMs` / `ioMs` (and counted as
   * CPU time by the other deviations).
   */
  measured?: readonly { memoryMB: number; durationMs: number }[];
  /**
   * GC pressure: CPU time × (1 + strength · workingSetMB / (memory − workingSetMB)), so a heap with
   * as much room as it needs costs `strength` extra and one with 10 % room 10 × that; at or below the
   * working set the invocation dies with Runtime.OutOfMemory.
   */
  gc?: { workingSetMB: number; strength: number };
  /**
   * Network transfer that gets faster with memory (Lambda's bandwidth scales with it) up to a
   * plateau: ms × (plateauMB / min(memory, plateauMB))^exponent, on top of `ioMs`.
   */
  network?: { ms: number; plateauMB: number; exponent: number };
  /**
   * A soft knee: usable vCPUs are a smooth minimum (x^-s + t^-s)^(-1/s) of x = memory / 1,769 and
   * t = `threads` (which may be fractional: helper threads, a runtime's GC) instead of min(x, t).
   * Larger is sharper; 4 leaves 16 % off at the knee.
   */
  kneeSharpness?: number;
  /** Faster than proportional over a range: CPU time × `factor` up to fromMB, falling log-linearly to × 1 at toMB. */
  superlinear?: { fromMB: number; toMB: number; factor: number };
  /** A heavy tail: this share of invocations is `minFactor`–`maxFactor` × slower (uniform). */
  tail?: { share: number; minFactor: number; maxFactor: number };
  /** A second, heavier request type: this share of invocations has CPU time × cpuFactor and I/O × ioFactor. */
  mix?: { heavyShare: number; cpuFactor: number; ioFactor: number };
  /**
   * Per-environment warm-up (a JIT): an environment's n-th invocation (0 = its cold start) has CPU
   * time × (1 + (factor − 1) · (1 − n / invocations)) while n < invocations, × 1 after.
   */
  warmup?: { invocations: number; factor: number };
  /** Any other extra time: duration × (1 + slowdown(memory)). */
  slowdown?: (memoryMB: number) => number;
}

/**
 * How an invocation behaves. Duration = cpuMs / cpuShare + ioMs, where cpuShare = memory / 1,769 MB
 * (one vCPU) capped at `threads` vCPUs, then the deviations, then ± jitter.
 */
export interface WorkModel extends WorkDeviations {
  /** CPU time of one invocation at 1,769 MB (one full vCPU). */
  cpuMs: number;
  /** Parallel threads the handler can use: CPU scales past 1,769 MB only up to this many vCPUs. */
  threads: number;
  /** Waiting time (network, disk) independent of memory. */
  ioMs: number;
  /** Relative jitter: each duration is multiplied by 1 ± up to this fraction (seeded). */
  jitter: number;
  /** Init Duration of a cold start. */
  initMs: number;
  /** Runtime's own memory (Max Memory Used = base + used, capped at the memory size). */
  baseMemoryMB: number;
  usedMemoryMB: number;
  /** Below this memory size the invocation dies with Runtime.OutOfMemory (default: base + used). */
  minMemoryMB?: number;
  /** Function errors, for every invocation or only below a memory size. */
  error?: { type: 'Handled' | 'Unhandled'; belowMemoryMB?: number; errorType?: string; errorMessage?: string };
  /** Forced timeouts (duration = Timeout), for every invocation or only below a memory size. */
  timeout?: { belowMemoryMB?: number };
  /** Application log lines written between START and END. */
  appLogLines: string[];
  /** Bytes of extension log lines written AFTER the REPORT line (pushes REPORT out of the 4 KB tail). */
  trailingLogBytes: number;
  /** The role may not write logs: nothing reaches CloudWatch Logs (the Invoke log tail still comes back). */
  cannotLog?: boolean;
  /** What the handler returns (JSON-serialised into the Invoke payload). */
  respond?: (event: unknown) => unknown;
  /**
   * The same code on arm64 (Graviton): `speed` multiplies the CPU time (0.8 = 20 % faster; default 1);
   * `error` makes every invocation there fail (a native module built for x86_64 only).
   */
  arm64?: { speed?: number; error?: { errorType: string; errorMessage: string } };
}

/** What a test seeds with `fake.addFunction`; everything but the name has an AWS-like default. */
export interface FunctionSeed {
  name: string;
  memoryMB?: number;
  timeoutS?: number;
  architecture?: FakeArchitecture;
  runtime?: string;
  handler?: string;
  role?: string;
  description?: string;
  codeSha256?: string;
  zipFile?: Uint8Array;
  /** CodeSize to report instead of the zip's length (a package too large to upload inline). */
  codeSize?: number;
  /** A container image function: its ImageUri (no zip). */
  imageUri?: string;
  logFormat?: FakeLogFormat;
  logGroup?: string;
  reservedConcurrency?: number;
  tags?: Record<string, string>;
  state?: FunctionState;
  environment?: Record<string, string>;
  work?: Partial<WorkModel>;
  /** Copied into the configuration as is (Managed Instances, durable functions). */
  capacityProviderConfig?: FunctionConfig['CapacityProviderConfig'];
  durableConfig?: FunctionConfig['DurableConfig'];
  /** Copied into the configuration as they are. */
  extra?: Partial<
    Pick<
      FunctionConfig,
      | 'Layers'
      | 'VpcConfig'
      | 'FileSystemConfigs'
      | 'DeadLetterConfig'
      | 'KMSKeyArn'
      | 'SnapStart'
      | 'TracingConfig'
      | 'EphemeralStorage'
      | 'ImageConfigResponse'
    >
  >;
}

/** Tunable behaviour; every field can also be changed later through `fake.knobs`. */
export interface FakeAwsKnobs {
  /** Real ms waited per modelled ms of an invocation (0 = answer at once). */
  timeScale: number;
  /** Real ms added to every invocation (perf tests). */
  latencyMs: number;
  /** GetFunction/GetFunctionConfiguration polls that still see LastUpdateStatus=InProgress after an update. */
  updatePolls: number;
  /** Real ms an update stays InProgress (both this and `updatePolls` must pass). */
  updateDelayMs: number;
  /** GetFunction polls that still see State=Pending after CreateFunction. */
  activationPolls: number;
  /** Real ms a created function stays Pending. */
  activationDelayMs: number;
  /** Account-wide concurrent executions (429 ConcurrentInvocationLimitExceeded beyond). */
  accountConcurrency: number;
  /** `Retry-After` of concurrency throttles; the SDK waits at least this long before retrying. */
  throttleRetryAfterSeconds: number;
  /** FilterLogEvents page size when the request gives no `limit`. */
  filterPageLimit: number;
  /** GetQueryResults polls before a query reports Complete (the first says Scheduled, later Running). */
  queryPolls: number;
  /** Real ms before a query can report Complete. */
  queryLatencyMs: number;
  /** Queries Scheduled or Running at once (LimitExceededException beyond). */
  maxConcurrentQueries: number;
}

export interface FakeAwsOptions extends Partial<FakeAwsKnobs> {
  region?: string;
  accountId?: string;
  /** Seed of ids and jitter. */
  seed?: number;
  /** Start the log clock at this epoch ms and advance it only by modelled time; default: wall clock. */
  clockStartMs?: number;
  /** Functions to create before the server starts. */
  functions?: FunctionSeed[];
}

export const DEFAULT_KNOBS: Readonly<FakeAwsKnobs> = Object.freeze({
  timeScale: 0,
  latencyMs: 0,
  updatePolls: 0,
  updateDelayMs: 0,
  activationPolls: 0,
  activationDelayMs: 0,
  accountConcurrency: 1000,
  throttleRetryAfterSeconds: 1,
  filterPageLimit: 10_000,
  queryPolls: 1,
  queryLatencyMs: 0,
  maxConcurrentQueries: 30,
});

export const DEFAULT_WORK: Readonly<WorkModel> = Object.freeze({
  cpuMs: 100,
  threads: 1,
  ioMs: 0,
  jitter: 0,
  initMs: 150,
  baseMemoryMB: 60,
  usedMemoryMB: 20,
  appLogLines: [],
  trailingLogBytes: 0,
});
