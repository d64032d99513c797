/**
 * The Lambda calls `bench` and `cleanup` make: create a benchmark function, wait for it, delete it,
 * and find leftovers. Deleting a whole function is guarded: only names with the bench prefix.
 */
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListTagsCommand,
  paginateListFunctions,
  TagResourceCommand,
  UntagResourceCommand,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { AwsError, RightsizeError } from '../errors.js';
import type { BenchFunctionInfo, BenchFunctionSpec, BenchGateway, CreatedFunction } from '../bench/ports.js';
import { clientConfig, type AwsSettings } from './config.js';
import { mapLambdaError } from './lambda-errors.js';
import { sleepShared, withChildSignal } from '../shared-abort.js';

export interface BenchGatewayOptions {
  /**
   * Every bench function's name starts with this (the caller's naming, bench/naming.ts). Only such
   * functions are listed, and deleting any other is refused: the guard that keeps a whole-function
   * DeleteFunction away from users' functions.
   */
  namePrefix: string;
  /** Give up retrying the role error after this long (default 30 s, as AWS advises for new roles). */
  roleRetryMs?: number;
  /** Give up waiting for `Active` after this long (default 120 s). */
  activeTimeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export function createBenchGateway(settings: AwsSettings, options: BenchGatewayOptions): BenchGateway {
  return new LambdaBenchGateway(new LambdaClient(clientConfig(settings)), options);
}

export class LambdaBenchGateway implements BenchGateway {
  private readonly roleRetryMs: number;
  private readonly activeTimeoutMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly namePrefix: string;

  constructor(
    private readonly client: LambdaClient,
    options: BenchGatewayOptions,
  ) {
    if (options.namePrefix.length < 8) throw new RangeError(`bench name prefix "${options.namePrefix}" is too short to guard deletes`);
    this.namePrefix = options.namePrefix;
    this.roleRetryMs = options.roleRetryMs ?? 30_000;
    this.activeTimeoutMs = options.activeTimeoutMs ?? 120_000;
    this.sleep = options.sleep ?? sleepShared;
    this.now = options.now ?? Date.now;
  }

  async region(): Promise<string> {
    try {
      return await this.client.config.region();
    } catch (error) {
      throw lambdaErrorToRightsize(error, { action: 'resolve the region', target: 'the client' });
    }
  }

  async createFunction(spec: BenchFunctionSpec, signal?: AbortSignal): Promise<CreatedFunction> {
    const started = this.now();
    for (let attempt = 0; ; attempt++) {
      try {
        // No abortSignal on the request itself: a create that reached Lambda must finish, so the
        // caller knows to delete it. Aborts are honoured between attempts.
        const out = await this.client.send(
          new CreateFunctionCommand({
            FunctionName: spec.name,
            Role: spec.role,
            Runtime: spec.runtime as Runtime,
            Handler: 'index.handler',
            Architectures: [spec.architecture],
            MemorySize: spec.memoryMB,
            Timeout: spec.timeoutSeconds,
            Code: { ZipFile: spec.zip },
            Tags: spec.tags,
            Description: spec.description,
            Publish: false,
          }),
        );
        return { name: spec.name, arn: out.FunctionArn ?? spec.name, roleRetries: attempt };
      } catch (error) {
        if (!isRoleNotReady(error) || this.now() - started >= this.roleRetryMs) {
          throw lambdaErrorToRightsize(error, { action: 'lambda:CreateFunction', target: spec.name, role: spec.role });
        }
        await this.sleep(Math.min(1000 * 2 ** attempt, 5000), signal);
      }
    }
  }

  async waitUntilActive(name: string, signal?: AbortSignal): Promise<void> {
    const started = this.now();
    for (let attempt = 0; ; attempt++) {
      let state: string | undefined;
      let reason: string | undefined;
      try {
        const out = await withChildSignal(signal, (abortSignal) =>
          this.client.send(new GetFunctionConfigurationCommand({ FunctionName: name }), { abortSignal }),
        );
        state = out.State;
        reason = out.StateReason;
      } catch (error) {
        throw lambdaErrorToRightsize(error, { action: 'lambda:GetFunctionConfiguration', target: name });
      }
      if (state === 'Active' || state === undefined) return;
      if (state === 'Failed' || state === 'Inactive') {
        throw new AwsError(`function ${name} is ${state}${reason ? `: ${reason}` : ''}`, {
          hint: 'check the runtime, architecture and role, then run again',
        });
      }
      if (this.now() - started >= this.activeTimeoutMs) {
        throw new AwsError(`function ${name} is still ${state} after ${Math.round(this.activeTimeoutMs / 1000)} s`, {
          hint: 'Lambda is slow to set it up; run again later (bench deletes it now)',
        });
      }
      await this.sleep(Math.min(250 * 2 ** attempt, 2000), signal);
    }
  }

  async deleteFunction(name: string): Promise<'deleted' | 'gone'> {
    if (!name.startsWith(this.namePrefix) || name.includes(':')) {
      // A bug guard, not a user error: bench must never delete a function it did not create.
      throw new RightsizeError(`refusing to delete ${name}: not a bench function`, { exitCode: 70 });
    }
    return this.ignoreNotFound(() => this.client.send(new DeleteFunctionCommand({ FunctionName: name })), 'lambda:DeleteFunction', name);
  }

  async listPrefixedFunctions(): Promise<BenchFunctionInfo[]> {
    const found: BenchFunctionInfo[] = [];
    try {
      for await (const page of paginateListFunctions({ client: this.client }, {})) {
        for (const fn of page.Functions ?? []) {
          if (!fn.FunctionName?.startsWith(this.namePrefix) || !fn.FunctionArn) continue;
          const info: BenchFunctionInfo = { name: fn.FunctionName, arn: fn.FunctionArn, tags: {} };
          if (fn.LastModified) info.lastModified = fn.LastModified;
          found.push(info);
        }
      }
    } catch (error) {
      throw lambdaErrorToRightsize(error, { action: 'lambda:ListFunctions', target: 'functions' });
    }
    for (const fn of found) {
      try {
        fn.tags = (await this.client.send(new ListTagsCommand({ Resource: fn.arn }))).Tags ?? {};
      } catch (error) {
        throw lambdaErrorToRightsize(error, { action: 'lambda:ListTags', target: fn.name });
      }
    }
    return found;
  }

  async tagFunction(functionArn: string, tags: Record<string, string>): Promise<void> {
    try {
      await this.client.send(new TagResourceCommand({ Resource: functionArn, Tags: tags }));
    } catch (error) {
      throw lambdaErrorToRightsize(error, { action: 'lambda:TagResource', target: functionArn });
    }
  }

  async untagFunction(functionArn: string, keys: readonly string[]): Promise<void> {
    try {
      await this.client.send(new UntagResourceCommand({ Resource: functionArn, TagKeys: [...keys] }));
    } catch (error) {
      throw lambdaErrorToRightsize(error, { action: 'lambda:UntagResource', target: functionArn });
    }
  }

  private async ignoreNotFound(call: () => Promise<unknown>, action: string, target: string): Promise<'deleted' | 'gone'> {
    try {
      await call();
      return 'deleted';
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return 'gone';
      throw lambdaErrorToRightsize(error, { action, target });
    }
  }
}

/**
 * A role created seconds ago is not yet visible to Lambda: CreateFunction then fails with
 * InvalidParameterValueException "The role defined for the function cannot be assumed by Lambda."
 * The exception type is shared by every bad parameter, so the message is the only way to tell
 * this transient case apart (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html).
 */
export function isRoleNotReady(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e.name === 'InvalidParameterValueException' && /cannot be assumed/i.test(e.message ?? '');
}

interface ErrorContext {
  action: string;
  target: string;
  role?: string;
}

/**
 * The tune gateway's mapping (src/aws/lambda-errors.ts), plus what only creating a function can
 * hit: iam:PassRole on the execution role, an unusable role or runtime, and account quotas.
 */
export function lambdaErrorToRightsize(error: unknown, context: ErrorContext): Error {
  if (error instanceof RightsizeError) return error;
  const name = (error as { name?: string } | null)?.name;
  const detail = (error as { message?: string } | null)?.message ?? String(error);
  const { action, target } = context;
  if (action === 'lambda:CreateFunction') {
    switch (name) {
      case 'AccessDeniedException':
      case 'AccessDenied':
        return new AwsError(`access denied: ${action} on ${target}`, {
          hint: `allow lambda:CreateFunction and iam:PassRole on ${context.role ?? 'the execution role'} in your IAM policy`,
          cause: error,
          awsName: name,
        });
      case 'InvalidParameterValueException':
        return new AwsError(`Lambda refused ${action} for ${target}: ${detail}`, {
          hint: 'check --role (an IAM role ARN that Lambda can assume), --runtime and --arch',
          cause: error,
          awsName: name,
        });
    }
  }
  if (name === 'ServiceQuotaExceededException' || name === 'CodeStorageExceededException') {
    return new AwsError(`a Lambda quota stops ${action}: ${detail}`, {
      hint: 'delete unused functions or versions, or ask for a higher quota',
      cause: error,
      awsName: name,
    });
  }
  return mapLambdaError(error, { action, functionName: target });
}
