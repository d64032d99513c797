/** Invoke: execution environments (cold/warm), concurrency limits, real waits, logs and the tail. */
import { runInvocation } from './execution.js';
import { fault, type FakeRequest, type FakeResponse } from './http.js';
import { hashString, seededRandom } from './ids.js';
import { invocationLog, logTail } from './log-lines.js';
import type { Faults } from './faults.js';
import type { Context, FunctionRecord, LambdaState } from './lambda-state.js';
import type { LogsStore } from './logs-store.js';
import type { FakeArchitecture, FunctionConfig, WorkModel } from './types.js';

interface Environment {
  streamName: string;
  busy: boolean;
  /** Invocations it has run (its warm-up: WorkModel.warmup). */
  invocations: number;
}

const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

function streamDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
}

export function parsePayload(body: Buffer): unknown {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The work model on the function's architecture: arm64 has its own speed, and may not run the code at all. */
export function onArchitecture(work: WorkModel, architecture: FakeArchitecture): WorkModel {
  if (architecture !== 'arm64' || work.arm64 === undefined) return work;
  const { speed = 1, error } = work.arm64;
  return {
    ...work,
    cpuMs: work.cpuMs * speed,
    ...(error ? { error: { type: 'Unhandled' as const, errorType: error.errorType, errorMessage: error.errorMessage } } : {}),
  };
}

export class Invoker {
  /** function name → environment key (version, or `$LATEST#revision`) → environments. */
  private readonly environments = new Map<string, Map<string, Environment[]>>();
  private readonly inFlight = new Map<string, number>();
  private accountInFlight = 0;
  private readonly randoms = new Map<string, () => number>();
  private seedBase: number;

  constructor(
    private readonly ctx: Context & { seed: number },
    private readonly state: LambdaState,
    private readonly logs: LogsStore,
    private readonly faults: Faults,
  ) {
    this.seedBase = ctx.seed;
  }

  /** Invocations running now, for one function (all versions) or the account. */
  running(functionName?: string): number {
    return functionName === undefined ? this.accountInFlight : (this.inFlight.get(functionName) ?? 0);
  }

  /** Environments that exist for a function, per version key (idle or busy). */
  environmentCount(functionName: string): number {
    return [...(this.environments.get(functionName)?.values() ?? [])].reduce((sum, list) => sum + list.length, 0);
  }

  forget(functionName: string): void {
    this.environments.delete(functionName);
  }

  async invoke(req: FakeRequest, rawName: string, requestId: string): Promise<FakeResponse> {
    const { record, qualifier } = this.state.resolve(rawName, req.query.get('Qualifier'));
    const version = this.state.versionOf(record, qualifier);
    const config = this.state.configOf(record, version);
    this.assertInvocable(record);
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type === 'DryRun') return { status: 204 };
    this.admit(record);

    const work = async (): Promise<FakeResponse> => {
      try {
        return await this.execute(record, config, version, requestId, req);
      } finally {
        this.inFlight.set(record.config.FunctionName, (this.inFlight.get(record.config.FunctionName) ?? 1) - 1);
        this.accountInFlight -= 1;
      }
    };
    if (type === 'Event') {
      void work();
      return { status: 202 };
    }
    return work();
  }

  private assertInvocable(record: FunctionRecord): void {
    const { State, FunctionArn } = record.config;
    if (State === 'Active') return;
    if (State === 'Inactive') {
      // The first invocation of an inactive function fails and starts its reactivation.
      record.config = { ...record.config, State: 'Pending', StateReasonCode: 'Restoring' };
      record.pendingActivation = { pollsLeft: this.ctx.knobs.activationPolls, until: Date.now() + this.ctx.knobs.activationDelayMs };
    }
    throw fault.conflict(`The operation cannot be performed at this time. The function is currently in the following state: ${State} (${FunctionArn})`);
  }

  /** Throttles (injected, reserved concurrency across all versions, account limit), then counts it in. */
  private admit(record: FunctionRecord): void {
    const name = record.config.FunctionName;
    const injected = this.faults.takeThrottle();
    if (injected) throw fault.tooManyRequests(injected.reason, injected.retryAfterSeconds);
    const running = this.inFlight.get(name) ?? 0;
    if (record.reservedConcurrency !== undefined && running >= record.reservedConcurrency) {
      throw fault.tooManyRequests('ReservedFunctionConcurrentInvocationLimitExceeded', this.ctx.knobs.throttleRetryAfterSeconds);
    }
    if (this.accountInFlight >= this.ctx.knobs.accountConcurrency) {
      throw fault.tooManyRequests('ConcurrentInvocationLimitExceeded', this.ctx.knobs.throttleRetryAfterSeconds);
    }
    this.inFlight.set(name, running + 1);
    this.accountInFlight += 1;
  }

  private random(name: string): () => number {
    let random = this.randoms.get(name);
    if (!random) {
      random = seededRandom(this.seedBase ^ hashString(name));
      this.randoms.set(name, random);
    }
    return random;
  }

  /** An idle environment of this version, or a new one (a cold start). */
  private acquire(record: FunctionRecord, config: FunctionConfig, version: string): { env: Environment; cold: boolean } {
    const name = record.config.FunctionName;
    const key = version === '$LATEST' ? `$LATEST#${config.RevisionId}` : version;
    const byKey = this.environments.get(name) ?? new Map<string, Environment[]>();
    this.environments.set(name, byKey);
    if (version === '$LATEST') {
      // A configuration change retires the environments of the old $LATEST.
      for (const old of [...byKey.keys()]) if (old.startsWith('$LATEST#') && old !== key) byKey.delete(old);
    }
    const list = byKey.get(key) ?? [];
    byKey.set(key, list);
    const idle = list.find((env) => !env.busy);
    if (idle) {
      idle.busy = true;
      return { env: idle, cold: false };
    }
    const env = { streamName: `${streamDate(this.logs.clock.now())}/[${version}]${this.ctx.ids.hex(32)}`, busy: true, invocations: 0 };
    list.push(env);
    return { env, cold: true };
  }

  private release(record: FunctionRecord, env: Environment, destroy: boolean): void {
    env.busy = false;
    if (!destroy) return;
    for (const list of this.environments.get(record.config.FunctionName)?.values() ?? []) {
      const index = list.indexOf(env);
      if (index >= 0) list.splice(index, 1);
    }
  }

  private async execute(record: FunctionRecord, config: FunctionConfig, version: string, requestId: string, req: FakeRequest): Promise<FakeResponse> {
    const { env, cold } = this.acquire(record, config, version);
    const work = onArchitecture(record.work, config.Architectures[0] ?? 'x86_64');
    const outcome = runInvocation({
      work,
      memoryMB: config.MemorySize,
      timeoutS: config.Timeout,
      cold,
      random: this.random(config.FunctionName),
      environmentInvocation: env.invocations,
      requestId,
      event: parsePayload(req.body),
    });
    env.invocations += 1;
    const modelledMs = outcome.durationMs + (outcome.initDurationMs ?? 0);
    const startedAt = this.logs.clock.now();
    if (this.logs.clock.manual) this.logs.clock.advance(Math.ceil(modelledMs) + 1);
    try {
      await sleep(this.ctx.knobs.latencyMs + this.ctx.knobs.timeScale * modelledMs);
    } finally {
      this.release(record, env, outcome.destroysEnvironment);
    }
    const lines = invocationLog({
      format: config.LoggingConfig.LogFormat,
      requestId,
      version,
      memoryMB: config.MemorySize,
      startedAt,
      outcome,
      appLogLines: work.appLogLines,
      trailingLogBytes: work.trailingLogBytes,
      region: this.ctx.region,
    });
    if (!work.cannotLog) this.logs.append(config.LoggingConfig.LogGroup, env.streamName, lines);
    const headers: Record<string, string> = { 'X-Amz-Executed-Version': version };
    if (outcome.functionError) headers['X-Amz-Function-Error'] = outcome.functionError;
    if (String(req.headers['x-amz-log-type'] ?? 'None') === 'Tail') {
      headers['X-Amz-Log-Result'] = logTail(lines, this.faults.takeOne('truncatedTails'));
    }
    return { status: 200, headers, body: Buffer.from(JSON.stringify(outcome.payload ?? null)) };
  }
}
