/**
 * The Lambda calls `tune` makes, behind the engine's `LambdaGateway` port. Every SDK exception
 * becomes one of our errors here (src/aws/lambda-errors.ts).
 */
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  ListTagsCommand,
  PublishVersionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionConfigurationCommand,
  paginateListAliases,
  paginateListVersionsByFunction,
  type FunctionConfiguration as SdkConfiguration,
} from '@aws-sdk/client-lambda';
import { AwsError, RightsizeError } from '../errors.js';
import type {
  AliasDescription,
  FunctionConfiguration,
  InvokeResult,
  LambdaGateway,
  PublishRequest,
  PublishedVersion,
  VersionDescription,
} from '../tune/ports.js';
import { clientConfig, regionOfArn, type AwsSettings } from './config.js';
import { mapLambdaError, type LambdaCallContext } from './lambda-errors.js';
import { sleepShared, withChildSignal } from '../shared-abort.js';

export interface LambdaGatewayOptions {
  /** Give up waiting for an update after this long (default 90 s; memory updates take seconds). */
  updateTimeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Client for Invoke (default: the main client). */
  invokeClient?: LambdaClient;
}

/** Invoke retries of server faults and dropped connections (throttles are the engine's to retry). */
const INVOKE_FAULT_RETRIES = 2;

/**
 * A LambdaGateway on LambdaClients built from the resolved settings. Invoke gets its own client
 * without SDK retries, so a throttle reaches the engine at once (it backs off and lowers the
 * concurrency); the gateway retries server faults of Invoke itself.
 */
export function createLambdaGateway(settings: AwsSettings, options: LambdaGatewayOptions = {}): LambdaGateway {
  const config = clientConfig(settings);
  return new SdkLambdaGateway(new LambdaClient(config), { ...options, invokeClient: new LambdaClient({ ...config, maxAttempts: 1 }) });
}

export class SdkLambdaGateway implements LambdaGateway {
  private readonly updateTimeoutMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly invokeClient: LambdaClient;

  constructor(
    private readonly client: LambdaClient,
    options: LambdaGatewayOptions = {},
  ) {
    this.updateTimeoutMs = options.updateTimeoutMs ?? 90_000;
    this.sleep = options.sleep ?? sleepShared;
    this.now = options.now ?? Date.now;
    this.invokeClient = options.invokeClient ?? client;
  }

  async getConfiguration(functionName: string, signal?: AbortSignal): Promise<FunctionConfiguration> {
    const out = await this.call({ action: 'lambda:GetFunction', functionName }, () =>
      withChildSignal(signal, (abortSignal) => this.client.send(new GetFunctionCommand({ FunctionName: functionName }), { abortSignal })),
    );
    const config = toConfiguration(functionName, out.Configuration);
    const reserved = out.Concurrency?.ReservedConcurrentExecutions ?? (await this.reservedConcurrency(config.name));
    return reserved === undefined ? config : { ...config, reservedConcurrency: reserved };
  }

  async waitUntilUpdated(functionName: string, signal?: AbortSignal): Promise<FunctionConfiguration> {
    // Our own poll, not waitUntilFunctionUpdatedV2: the generated waiter retries on any error
    // (access denied included) until its maxWaitTime, which hides the cause for minutes.
    const started = this.now();
    for (;;) {
      const out = await this.call({ action: 'lambda:GetFunction', functionName }, () =>
        withChildSignal(signal, (abortSignal) => this.client.send(new GetFunctionCommand({ FunctionName: functionName }), { abortSignal })),
      );
      const config = toConfiguration(functionName, out.Configuration);
      if (config.lastUpdateStatus === 'Failed') {
        throw new AwsError(`the last update of ${functionName} failed${config.lastUpdateStatusReason ? `: ${config.lastUpdateStatusReason}` : ''}`, {
          hint: 'fix the function (see LastUpdateStatusReason in the console), then run again',
        });
      }
      if (config.lastUpdateStatus !== 'InProgress' && config.state !== 'Pending') return config;
      if (this.now() - started >= this.updateTimeoutMs) {
        throw new AwsError(`${functionName} is still updating after ${Math.round(this.updateTimeoutMs / 1000)} s`, {
          hint: 'wait until its LastUpdateStatus is Successful, then run again',
        });
      }
      // Memory updates usually settle in well under a second, and each size's update is on the run's
      // critical path: poll every 100 ms for the first 2 s, then every second (GetFunction allows
      // 100 requests/s per account; the SDK's own waiter polls every second).
      await this.sleep(this.now() - started < 2000 ? 100 : 1000, signal);
    }
  }

  async setMemory(functionName: string, memoryMB: number, revisionId: string | undefined): Promise<{ revisionId?: string }> {
    // Only MemorySize: sending Environment or other fields would replace what is there. An empty
    // RevisionId is not a guard but a value that matches nothing: leave it out when there is none.
    const out = await this.call({ action: 'lambda:UpdateFunctionConfiguration', functionName, memoryMB }, () =>
      this.client.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: functionName, MemorySize: memoryMB, ...(revisionId ? { RevisionId: revisionId } : {}) }),
      ),
    );
    return out.RevisionId ? { revisionId: out.RevisionId } : {};
  }

  async listTags(functionArn: string): Promise<Record<string, string>> {
    const out = await this.call({ action: 'lambda:ListTags', functionName: functionArn }, () =>
      this.client.send(new ListTagsCommand({ Resource: functionArn })),
    );
    return { ...out.Tags };
  }

  async tagFunction(functionArn: string, tags: Record<string, string>): Promise<void> {
    await this.call({ action: 'lambda:TagResource', functionName: functionArn }, () =>
      this.client.send(new TagResourceCommand({ Resource: functionArn, Tags: tags })),
    );
  }

  async untagFunction(functionArn: string, keys: readonly string[]): Promise<void> {
    await this.call({ action: 'lambda:UntagResource', functionName: functionArn }, () =>
      this.client.send(new UntagResourceCommand({ Resource: functionArn, TagKeys: [...keys] })),
    );
  }

  async publishVersion(functionName: string, request: PublishRequest): Promise<PublishedVersion> {
    // PublishVersion hands back the latest version when nothing changed since it was published, so
    // a version number is no proof we created it. This run's description (it names the run id and
    // the size) is: a version handed back carries the description it was published with — someone
    // else's, or ours when an SDK retry follows a lost answer (then it is ours to delete).
    const out = await this.call({ action: 'lambda:PublishVersion', functionName }, () =>
      this.client.send(
        new PublishVersionCommand({
          FunctionName: functionName,
          CodeSha256: request.codeSha256,
          ...(request.revisionId ? { RevisionId: request.revisionId } : {}),
          Description: request.description,
        }),
      ),
    );
    const version = out.Version ?? '';
    if (!/^\d+$/.test(version)) throw new AwsError(`PublishVersion on ${functionName} returned no version number`, { awsName: 'PublishVersion' });
    const published: PublishedVersion = { version, created: out.Description === request.description };
    if (out.RevisionId) published.revisionId = out.RevisionId;
    return published;
  }

  async createAlias(functionName: string, alias: string, version: string, description: string): Promise<void> {
    await this.call({ action: 'lambda:CreateAlias', functionName }, () =>
      this.client.send(new CreateAliasCommand({ FunctionName: functionName, Name: alias, FunctionVersion: version, Description: description })),
    );
  }

  async deleteAlias(functionName: string, alias: string): Promise<'deleted' | 'gone'> {
    return this.deleteOrGone({ action: 'lambda:DeleteAlias', functionName }, () =>
      this.client.send(new DeleteAliasCommand({ FunctionName: functionName, Name: alias })),
    );
  }

  async listAliases(functionName: string): Promise<AliasDescription[]> {
    return this.call({ action: 'lambda:ListAliases', functionName }, async () => {
      const aliases: AliasDescription[] = [];
      for await (const page of paginateListAliases({ client: this.client }, { FunctionName: functionName })) {
        for (const a of page.Aliases ?? []) {
          if (a.Name) aliases.push({ name: a.Name, version: a.FunctionVersion ?? '', description: a.Description ?? '' });
        }
      }
      return aliases;
    });
  }

  async deleteVersion(functionName: string, version: string): Promise<'deleted' | 'gone'> {
    assertVersionQualifier(functionName, version);
    return this.deleteOrGone({ action: 'lambda:DeleteFunction', functionName }, () =>
      this.client.send(new DeleteFunctionCommand({ FunctionName: functionName, Qualifier: version })),
    );
  }

  async invoke(functionName: string, qualifier: string, payload: Uint8Array, signal?: AbortSignal): Promise<InvokeResult> {
    const command = new InvokeCommand({
      FunctionName: functionName,
      Qualifier: qualifier,
      Payload: payload,
      LogType: 'Tail',
      InvocationType: 'RequestResponse',
    });
    const out = await this.call({ action: 'lambda:InvokeFunction', functionName }, async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await withChildSignal(signal, (abortSignal) => this.invokeClient.send(command, { abortSignal }));
        } catch (error) {
          if (attempt >= INVOKE_FAULT_RETRIES || signal?.aborted || !isTransientFault(error)) throw error;
          await this.sleep(200 * 2 ** attempt, signal);
        }
      }
    });
    const result: InvokeResult = {
      logTail: out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : '',
      payload: out.Payload ? Buffer.from(out.Payload).toString('utf8') : '',
    };
    if (out.FunctionError) result.functionError = out.FunctionError;
    if (out.ExecutedVersion) result.executedVersion = out.ExecutedVersion;
    if (out.$metadata.requestId) result.requestId = out.$metadata.requestId;
    return result;
  }

  async listVersions(functionName: string): Promise<VersionDescription[]> {
    return this.call({ action: 'lambda:ListVersionsByFunction', functionName }, async () => {
      const versions: VersionDescription[] = [];
      for await (const page of paginateListVersionsByFunction({ client: this.client }, { FunctionName: functionName })) {
        for (const v of page.Versions ?? []) {
          if (v.Version && v.Version !== '$LATEST') versions.push({ version: v.Version, description: v.Description ?? '' });
        }
      }
      return versions;
    });
  }

  /** Reserved concurrency caps useful parallelism; reading it is optional, so a denial is not fatal. */
  private async reservedConcurrency(functionName: string): Promise<number | undefined> {
    try {
      const out = await this.client.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }));
      return out.ReservedConcurrentExecutions;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'AccessDeniedException' || name === 'AccessDenied') return undefined;
      throw mapLambdaError(error, { action: 'lambda:GetFunctionConcurrency', functionName });
    }
  }

  private async deleteOrGone(context: LambdaCallContext, send: () => Promise<unknown>): Promise<'deleted' | 'gone'> {
    try {
      await send();
      return 'deleted';
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return 'gone';
      throw mapLambdaError(error, context);
    }
  }

  private async call<T>(context: LambdaCallContext, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw mapLambdaError(error, { ...context, region: await this.regionOrUndefined() });
    }
  }

  private async regionOrUndefined(): Promise<string | undefined> {
    try {
      return await this.client.config.region();
    } catch {
      return undefined;
    }
  }
}

/**
 * DeleteFunction with a version qualifier deletes that version; without one it deletes the whole
 * function. Only a numbered version may reach it — an empty, `$LATEST` or alias qualifier is a bug.
 */
export function assertVersionQualifier(functionName: string, version: string): void {
  if (!/^\d+$/.test(version)) {
    throw new RightsizeError(`refusing to delete version "${version}" of ${functionName}: not a version number`, { exitCode: 70 });
  }
}

/** A 5xx from Lambda, or a connection that dropped before any answer: worth another try. */
function isTransientFault(error: unknown): boolean {
  const e = error as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  if (e.name === 'AbortError') return false;
  if (e.$fault === 'server') return true;
  return e.$metadata === undefined && typeof e.code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT)$/.test(e.code);
}

function toConfiguration(requested: string, c: SdkConfiguration | undefined): FunctionConfiguration {
  if (!c?.FunctionName || !c.FunctionArn) throw new AwsError(`GetFunction returned no configuration for ${requested}`, { awsName: 'GetFunction' });
  const config: FunctionConfiguration = {
    name: c.FunctionName,
    arn: c.FunctionArn,
    region: regionOfArn(c.FunctionArn) ?? '',
    memoryMB: c.MemorySize ?? 128,
    architecture: c.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64',
    timeoutS: c.Timeout ?? 3,
    // Functions created before states existed report none: they are active.
    state: c.State ?? 'Active',
    lastUpdateStatus: c.LastUpdateStatus ?? 'Successful',
    codeSha256: c.CodeSha256 ?? '',
    logFormat: c.LoggingConfig?.LogFormat === 'JSON' ? 'json' : 'text',
    logGroup: c.LoggingConfig?.LogGroup || `/aws/lambda/${c.FunctionName}`,
  };
  if (c.RevisionId) config.revisionId = c.RevisionId;
  if (c.LastModified) config.lastModified = c.LastModified;
  if (c.StateReason) config.stateReason = c.StateReason;
  if (c.LastUpdateStatusReason) config.lastUpdateStatusReason = c.LastUpdateStatusReason;
  if (c.Runtime) config.runtime = c.Runtime;
  return config;
}
