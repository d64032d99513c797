/** The Lambda state model: functions, `$LATEST`, frozen versions, aliases, pending states. */
import { createHash } from 'node:crypto';
import { fault } from './http.js';
import type { IdSource } from './ids.js';
import { DEFAULT_WORK, type AliasConfig, type FakeAwsKnobs, type FunctionConfig, type FunctionSeed, type WorkModel } from './types.js';

/** A function pending transition (update in progress, or creation): over after N polls and T ms. */
export interface Pending {
  pollsLeft: number;
  until: number;
}

export interface FunctionRecord {
  /** `$LATEST`. */
  config: FunctionConfig;
  /** Published versions, '1', '2', … — frozen copies. */
  versions: Map<string, FunctionConfig>;
  /** `$LATEST` RevisionId each version was published from (how "nothing changed" is detected). */
  publishedFrom: Map<string, string>;
  nextVersion: number;
  aliases: Map<string, AliasConfig>;
  tags: Record<string, string>;
  reservedConcurrency?: number;
  zipFile?: Uint8Array;
  /** A container image function's image (PackageType Image). */
  imageUri?: string;
  work: WorkModel;
  pendingUpdate?: Pending;
  pendingActivation?: Pending;
}

export interface Context {
  region: string;
  accountId: string;
  ids: IdSource;
  knobs: FakeAwsKnobs;
}

export function sha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

export function functionArn(ctx: Context, name: string): string {
  return `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`;
}

/** Accepts a name, `name:qualifier`, a partial ARN (`123456789012:function:name`) or a full ARN. */
export function parseFunctionName(raw: string): { name: string; qualifier?: string } {
  const parts = raw.split(':');
  if (parts[0] === 'arn') return { name: parts[6] ?? '', qualifier: parts[7] };
  if (parts[1] === 'function') return { name: parts[2] ?? '', qualifier: parts[3] };
  return { name: parts[0] ?? '', qualifier: parts[1] };
}

export function lastModified(): string {
  // Lambda's own format: 2026-11-27T12:00:00.000+0000
  return new Date().toISOString().replace('Z', '+0000');
}

export function isPending(pending: Pending | undefined): boolean {
  return pending !== undefined && (pending.pollsLeft > 0 || Date.now() < pending.until);
}

export class LambdaState {
  readonly functions = new Map<string, FunctionRecord>();
  /**
   * Code kept by CodeSha256, as Lambda keeps uploaded packages: the bytes `Code.Location` serves, and
   * the function that first had that code — a function created later with the same code (a copy)
   * starts with that function's work model, as the same code would behave the same.
   */
  readonly codes = new Map<string, { bytes?: Uint8Array; owner: FunctionRecord }>();

  constructor(private readonly ctx: Context) {}

  add(seed: FunctionSeed): FunctionRecord {
    if (this.functions.has(seed.name)) throw fault.conflict(`Function already exist: ${seed.name}`);
    const zipFile = seed.zipFile;
    const bytes = seed.imageUri !== undefined ? undefined : (zipFile ?? Buffer.from(`code of ${seed.name}`));
    // An image's CodeSha256 is its digest: here a hash of the URI, so the same image has the same one.
    const codeSha256 = seed.codeSha256 ?? sha256Base64(bytes ?? Buffer.from(seed.imageUri ?? ''));
    const sameCode = this.codes.get(codeSha256)?.owner;
    const state = seed.state ?? 'Active';
    const config: FunctionConfig = {
      FunctionName: seed.name,
      FunctionArn: functionArn(this.ctx, seed.name),
      Runtime: seed.runtime ?? 'nodejs22.x',
      Role: seed.role ?? `arn:aws:iam::${this.ctx.accountId}:role/lambda-rightsize-test`,
      Handler: seed.handler ?? 'index.handler',
      CodeSize: seed.codeSize ?? zipFile?.length ?? 1024,
      Description: seed.description ?? '',
      Timeout: seed.timeoutS ?? 3,
      MemorySize: seed.memoryMB ?? 128,
      LastModified: lastModified(),
      CodeSha256: codeSha256,
      Version: '$LATEST',
      RevisionId: this.ctx.ids.uuid(),
      State: state,
      ...(state === 'Active' ? { LastUpdateStatus: 'Successful' as const } : {}),
      ...stateReason(state),
      Architectures: [seed.architecture ?? 'x86_64'],
      PackageType: seed.imageUri !== undefined ? 'Image' : 'Zip',
      LoggingConfig: {
        LogFormat: seed.logFormat ?? 'Text',
        LogGroup: seed.logGroup ?? `/aws/lambda/${seed.name}`,
        ...(seed.logFormat === 'JSON' ? { ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' } : {}),
      },
      EphemeralStorage: { Size: 512 },
      TracingConfig: { Mode: 'PassThrough' },
      ...(seed.environment ? { Environment: { Variables: { ...seed.environment } } } : {}),
      ...(seed.capacityProviderConfig ? { CapacityProviderConfig: structuredClone(seed.capacityProviderConfig) } : {}),
      ...(seed.durableConfig ? { DurableConfig: { ...seed.durableConfig } } : {}),
      ...structuredClone(seed.extra ?? {}),
    };
    const record: FunctionRecord = {
      config,
      versions: new Map(),
      publishedFrom: new Map(),
      nextVersion: 1,
      aliases: new Map(),
      tags: { ...seed.tags },
      reservedConcurrency: seed.reservedConcurrency,
      zipFile,
      ...(seed.imageUri !== undefined ? { imageUri: seed.imageUri } : {}),
      work: { ...DEFAULT_WORK, ...sameCode?.work, ...seed.work },
    };
    this.functions.set(seed.name, record);
    if (!this.codes.has(codeSha256)) this.codes.set(codeSha256, { ...(bytes ? { bytes } : {}), owner: record });
    return record;
  }

  /** The function named by a path's FunctionName (name, name:qualifier or ARN), or 404. */
  resolve(rawName: string, queryQualifier?: string | null): { record: FunctionRecord; qualifier: string | undefined } {
    const { name, qualifier } = parseFunctionName(rawName);
    const record = this.functions.get(name);
    if (!record) throw fault.notFound(`Function not found: ${functionArn(this.ctx, name)}`);
    return { record, qualifier: queryQualifier ?? qualifier };
  }

  /** The version an alias or a version qualifier names ('$LATEST' when none). */
  versionOf(record: FunctionRecord, qualifier: string | undefined): string {
    if (qualifier === undefined || qualifier === '$LATEST') return '$LATEST';
    const alias = record.aliases.get(qualifier);
    if (alias) return alias.FunctionVersion;
    if (record.versions.has(qualifier)) return qualifier;
    throw fault.notFound(`Function not found: ${record.config.FunctionArn}:${qualifier}`);
  }

  configOf(record: FunctionRecord, qualifier: string | undefined, settle = true): FunctionConfig {
    const version = this.versionOf(record, qualifier);
    if (settle) this.settle(record);
    return version === '$LATEST' ? record.config : (record.versions.get(version) as FunctionConfig);
  }

  /**
   * A GetFunction-style poll. Each poll while a transition is pending uses up one of `pollsLeft` and
   * still sees it pending; the first poll with none left (and the time passed) sees it settled.
   */
  poll(record: FunctionRecord, qualifier: string | undefined): FunctionConfig {
    const pending = [record.pendingUpdate, record.pendingActivation].find((p) => p !== undefined && p.pollsLeft > 0);
    if (pending) pending.pollsLeft -= 1;
    return this.configOf(record, qualifier, pending === undefined);
  }

  /** Finishes transitions whose polls and time are used up. Like AWS, finishing changes RevisionId. */
  settle(record: FunctionRecord): void {
    if (record.pendingUpdate && !isPending(record.pendingUpdate)) {
      record.pendingUpdate = undefined;
      record.config = { ...record.config, LastUpdateStatus: 'Successful', RevisionId: this.ctx.ids.uuid() };
      delete record.config.LastUpdateStatusReason;
      delete record.config.LastUpdateStatusReasonCode;
    }
    if (record.pendingActivation && !isPending(record.pendingActivation)) {
      record.pendingActivation = undefined;
      const { StateReason: _r, StateReasonCode: _c, ...rest } = record.config;
      record.config = { ...rest, State: 'Active', LastUpdateStatus: 'Successful', RevisionId: this.ctx.ids.uuid() };
    }
  }

  /** Starts an update: `$LATEST` gets the change, a new RevisionId and LastUpdateStatus=InProgress. */
  beginUpdate(record: FunctionRecord, change: Partial<FunctionConfig>): void {
    record.config = {
      ...record.config,
      ...change,
      LastModified: lastModified(),
      RevisionId: this.ctx.ids.uuid(),
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReason: 'The function is being updated.',
      LastUpdateStatusReasonCode: 'Updating',
    };
    record.pendingUpdate = {
      pollsLeft: this.ctx.knobs.updatePolls,
      until: Date.now() + this.ctx.knobs.updateDelayMs,
    };
  }

  /** Refuses changes while an update or creation is in progress (409, as Lambda does). */
  assertChangeable(record: FunctionRecord): void {
    this.settle(record);
    if (isPending(record.pendingUpdate) || isPending(record.pendingActivation)) {
      throw fault.conflict(`The operation cannot be performed at this time. An update is in progress for resource: ${record.config.FunctionArn}`);
    }
  }

  /** Someone else deploys: new code (CodeSha256) and/or memory, applied to `$LATEST` at once. */
  simulateDeploy(name: string, change: { memoryMB?: number; code?: boolean; environment?: Record<string, string> }): void {
    const record = this.functions.get(name);
    if (!record) return;
    const zip = Buffer.from(`redeployed ${name} ${this.ctx.ids.hex(8)}`);
    this.beginUpdate(record, {
      ...(change.memoryMB === undefined ? {} : { MemorySize: change.memoryMB }),
      ...(change.code === false ? {} : { CodeSha256: sha256Base64(zip), CodeSize: zip.length }),
      ...(change.environment === undefined ? {} : { Environment: { Variables: { ...change.environment } } }),
    });
    record.pendingUpdate = undefined;
    record.config = { ...record.config, LastUpdateStatus: 'Successful' };
    delete record.config.LastUpdateStatusReason;
    delete record.config.LastUpdateStatusReasonCode;
  }
}

function stateReason(state: FunctionConfig['State']): Partial<FunctionConfig> {
  switch (state) {
    case 'Pending':
      return { StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
    case 'Failed':
      return { StateReason: 'Function creation failed.', StateReasonCode: 'InternalError' };
    case 'Inactive':
      return { StateReason: 'The function is inactive.', StateReasonCode: 'Idle' };
    default:
      return {};
  }
}
