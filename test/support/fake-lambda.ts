/**
 * An in-memory Lambda with the behaviour the engine must survive: RevisionId and CodeSha256 guards,
 * 409 while an update is in progress, PublishVersion handing back an unchanged latest version,
 * versions held by aliases, throttles above a concurrency limit.
 */
import { ConcurrentChangeError, ConflictError, MemoryRefusedError, ThrottleError } from '../../src/tune/errors.js';
import { AwsError, RightsizeError } from '../../src/errors.js';
import type {
  AliasDescription,
  FunctionConfiguration,
  InvokeResult,
  LambdaGateway,
  PublishRequest,
  PublishedVersion,
  VersionDescription,
} from '../../src/tune/ports.js';

interface Version {
  memoryMB: number;
  codeSha256: string;
  description: string;
}

export interface FakeOptions {
  memoryMB?: number;
  timeoutS?: number;
  reservedConcurrency?: number;
  state?: string;
  /** Versions that exist before the run, numbered from 1. */
  versions?: Array<Partial<Version>>;
  aliases?: Record<string, string>;
  /** Duration (ms) of an invocation at a memory size; default 100 000 / MB. */
  durationMs?: (memoryMB: number) => number;
  /** Memory sizes whose invocations fail with this error type. */
  failing?: Record<number, string>;
  /** Sizes Lambda refuses (an account capped below them). */
  maxMemoryMB?: number;
  /** More parallel invocations than this are throttled. */
  throttleAbove?: number;
  /** The REPORT line is pushed out of the 4 KB tail by app logs. */
  chatty?: boolean;
  /** 409s to answer to the next UpdateFunctionConfiguration calls. */
  conflicts?: number;
  /** The service sends no RevisionId (some emulators): no guard is checked. */
  noRevisionId?: boolean;
  /** Apply the next N memory updates but answer as a lost-then-retried call would: a stale-revision error. */
  lostUpdateResponses?: number;
}

export type Call = { method: string; args: unknown[] };

export class FakeLambda implements LambdaGateway {
  readonly calls: Call[] = [];
  readonly versions = new Map<string, Version>();
  readonly aliases = new Map<string, string>();
  memoryMB: number;
  codeSha256 = 'sha-original';
  revision = 1;
  updating = false;
  inFlight = 0;
  maxInFlight = 0;
  throttled = 0;
  /** Every REPORT line this fake logged, by request id (what CloudWatch Logs would hold). */
  readonly reports = new Map<string, string>();
  /** Called at the start of every invocation (tests change the function or abort from here). */
  onInvoke?: (count: number) => void;
  private invocations = 0;
  private nextVersion: number;
  private readonly options: FakeOptions;

  constructor(options: FakeOptions = {}) {
    this.options = options;
    this.memoryMB = options.memoryMB ?? 512;
    (options.versions ?? []).forEach((v, i) => {
      this.versions.set(String(i + 1), {
        memoryMB: v.memoryMB ?? this.memoryMB,
        codeSha256: v.codeSha256 ?? this.codeSha256,
        description: v.description ?? 'release',
      });
    });
    for (const [name, version] of Object.entries(options.aliases ?? {})) this.aliases.set(name, version);
    this.nextVersion = this.versions.size + 1;
  }

  get revisionId(): string {
    return `rev-${this.revision}`;
  }

  /** The RevisionId moves without any update (as a service might on tagging). */
  moveRevision(): void {
    this.revision += 50;
  }

  /** Someone else deploys new code (a new RevisionId and CodeSha256). */
  deployElsewhere(memoryMB = this.memoryMB): void {
    this.codeSha256 = 'sha-someone-else';
    this.memoryMB = memoryMB;
    this.revision += 100;
  }

  mutatingCalls(): Call[] {
    const readOnly = new Set(['getConfiguration', 'waitUntilUpdated', 'listAliases', 'listVersions', 'listTags']);
    return this.calls.filter((c) => !readOnly.has(c.method));
  }

  async getConfiguration(functionName: string): Promise<FunctionConfiguration> {
    this.calls.push({ method: 'getConfiguration', args: [functionName] });
    return this.configuration();
  }

  async waitUntilUpdated(functionName: string): Promise<FunctionConfiguration> {
    this.calls.push({ method: 'waitUntilUpdated', args: [functionName] });
    if (this.updating) {
      // Worst case: the RevisionId moves again when the update completes.
      this.updating = false;
      this.revision += 1;
    }
    return this.configuration();
  }

  /** Tags on the function (the run marker lives here). */
  tags: Record<string, string> = {};

  async listTags(arn: string): Promise<Record<string, string>> {
    this.calls.push({ method: 'listTags', args: [arn] });
    return { ...this.tags };
  }

  async tagFunction(arn: string, tags: Record<string, string>): Promise<void> {
    this.calls.push({ method: 'tagFunction', args: [arn, tags] });
    this.tags = { ...this.tags, ...tags };
  }

  async untagFunction(arn: string, keys: readonly string[]): Promise<void> {
    this.calls.push({ method: 'untagFunction', args: [arn, keys] });
    this.tags = Object.fromEntries(Object.entries(this.tags).filter(([key]) => !keys.includes(key)));
  }

  async setMemory(functionName: string, memoryMB: number, revisionId: string | undefined): Promise<{ revisionId?: string }> {
    this.calls.push({ method: 'setMemory', args: [functionName, memoryMB, revisionId] });
    if ((this.options.conflicts ?? 0) > 0) {
      this.options.conflicts! -= 1;
      throw new ConflictError('update in progress');
    }
    if (this.updating) throw new ConflictError('update in progress');
    if (!this.options.noRevisionId && revisionId !== this.revisionId) throw new ConcurrentChangeError(`stale revision ${revisionId}`);
    if (this.options.maxMemoryMB !== undefined && memoryMB > this.options.maxMemoryMB) {
      throw new MemoryRefusedError(`Lambda refused ${memoryMB} MB`, memoryMB, { hint: `drop ${memoryMB} MB` });
    }
    this.memoryMB = memoryMB;
    this.revision += 1;
    this.updating = true;
    if ((this.options.lostUpdateResponses ?? 0) > 0) {
      this.options.lostUpdateResponses! -= 1;
      throw new ConcurrentChangeError(`stale revision ${revisionId}`);
    }
    return this.options.noRevisionId ? {} : { revisionId: this.revisionId };
  }

  async publishVersion(functionName: string, request: PublishRequest): Promise<PublishedVersion> {
    this.calls.push({ method: 'publishVersion', args: [functionName, request] });
    if ((!this.options.noRevisionId && request.revisionId !== this.revisionId) || request.codeSha256 !== this.codeSha256)
      throw new ConcurrentChangeError('precondition failed');
    const latest = this.versions.get(String(this.nextVersion - 1));
    this.revision += 1;
    // Lambda publishes nothing when code and configuration are unchanged since the latest version.
    if (latest && latest.memoryMB === this.memoryMB && latest.codeSha256 === this.codeSha256) {
      return { version: String(this.nextVersion - 1), created: false };
    }
    const version = String(this.nextVersion++);
    this.versions.set(version, { memoryMB: this.memoryMB, codeSha256: this.codeSha256, description: request.description });
    return { version, created: true };
  }

  async createAlias(functionName: string, alias: string, version: string): Promise<void> {
    this.calls.push({ method: 'createAlias', args: [functionName, alias, version] });
    this.aliases.set(alias, version);
  }

  async deleteAlias(functionName: string, alias: string): Promise<'deleted' | 'gone'> {
    this.calls.push({ method: 'deleteAlias', args: [functionName, alias] });
    return this.aliases.delete(alias) ? 'deleted' : 'gone';
  }

  async listAliases(functionName: string): Promise<AliasDescription[]> {
    this.calls.push({ method: 'listAliases', args: [functionName] });
    return [...this.aliases].map(([name, version]) => ({ name, version, description: '' }));
  }

  async listVersions(functionName: string): Promise<VersionDescription[]> {
    this.calls.push({ method: 'listVersions', args: [functionName] });
    return [...this.versions].map(([version, v]) => ({ version, description: v.description }));
  }

  async deleteVersion(functionName: string, version: string): Promise<'deleted' | 'gone'> {
    this.calls.push({ method: 'deleteVersion', args: [functionName, version] });
    if (!/^\d+$/.test(version)) throw new RightsizeError(`would delete the whole function (qualifier "${version}")`, { exitCode: 70 });
    if ([...this.aliases.values()].includes(version)) throw new AwsError(`version ${version} is held by an alias`);
    return this.versions.delete(version) ? 'deleted' : 'gone';
  }

  async invoke(functionName: string, qualifier: string, _payload: Uint8Array, signal?: AbortSignal): Promise<InvokeResult> {
    this.calls.push({ method: 'invoke', args: [functionName, qualifier] });
    const count = ++this.invocations;
    this.onInvoke?.(count);
    if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    const versionId = this.aliases.get(qualifier) ?? qualifier;
    const version = this.versions.get(versionId);
    if (!version) throw new AwsError(`function ${functionName}:${qualifier} not found`);
    if (this.options.throttleAbove !== undefined && this.inFlight >= this.options.throttleAbove) {
      this.throttled += 1;
      throw new ThrottleError('throttled', { reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
    }
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight -= 1;
    const requestId = `req-${count}`;
    const duration = (this.options.durationMs ?? ((mb) => 100_000 / mb))(version.memoryMB);
    const errorType = this.options.failing?.[version.memoryMB];
    const report = `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: ${version.memoryMB} MB\tMax Memory Used: 60 MB\t`;
    this.reports.set(requestId, report);
    const logTail = this.options.chatty ? `${'app line\n'.repeat(3)}END RequestId: ${requestId}` : `START RequestId: ${requestId}\n${report}\n`;
    const result: InvokeResult = { logTail, executedVersion: versionId, payload: '"ok"', requestId };
    if (errorType) return { ...result, functionError: 'Unhandled', payload: JSON.stringify({ errorType, errorMessage: 'boom' }) };
    return result;
  }

  private configuration(): FunctionConfiguration {
    const config: FunctionConfiguration = {
      name: 'orders',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      region: 'us-east-1',
      memoryMB: this.memoryMB,
      architecture: 'x86_64',
      timeoutS: this.options.timeoutS ?? 30,
      state: this.options.state ?? 'Active',
      lastUpdateStatus: this.updating ? 'InProgress' : 'Successful',
      ...(this.options.noRevisionId ? {} : { revisionId: this.revisionId }),
      codeSha256: this.codeSha256,
      logFormat: 'text',
      logGroup: '/aws/lambda/orders',
    };
    if (this.options.reservedConcurrency !== undefined) config.reservedConcurrency = this.options.reservedConcurrency;
    return config;
  }
}
