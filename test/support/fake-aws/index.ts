/**
 * A local Lambda + CloudWatch Logs endpoint for tests. The real SDK clients (and the CLI as a child
 * process) reach it through `fake.env`; tests seed and inspect its state and inject faults.
 *
 * ```ts
 * const fake = await startFakeAws({ functions: [{ name: 'fn', work: { cpuMs: 400 } }] });
 * try { … spawn the CLI with { ...process.env, ...fake.env } … } finally { await fake.close(); }
 * ```
 */
import type { Server } from 'node:http';
import { Faults } from './faults.js';
import { closeServer, listen } from './http.js';
import { IdSource } from './ids.js';
import { Insights, type InsightsEvaluator, type QueryRecord } from './insights.js';
import { Invoker } from './invoke.js';
import { lambdaRoutes } from './lambda-routes.js';
import { LambdaState, parseFunctionName, type FunctionRecord } from './lambda-state.js';
import { logsHandlers } from './logs-handlers.js';
import { FakeClock, LogsStore, type StoredEvent } from './logs-store.js';
import { Router, type CallLog } from './router.js';
import {
  DEFAULT_KNOBS,
  type CallRecord,
  type FakeAwsKnobs,
  type FakeAwsOptions,
  type FunctionSeed,
  type FunctionState,
  type Operation,
  type WorkModel,
} from './types.js';

export type * from './types.js';
export type { InsightsEvaluator, InsightsEvent, InsightsQuery, QueryRecord, QueryStatus, ResultRow } from './insights.js';
export type { StoredEvent } from './logs-store.js';
export type { FakeClock } from './logs-store.js';
export { rawEventsEvaluator } from './insights.js';

/** A function as the fake holds it: `$LATEST` config, versions, aliases, tags, code and work model. */
export type FakeFunction = FunctionRecord;

/** Environment for a child process or `process.env`: endpoints, dummy credentials, region. */
export interface FakeAwsEnv {
  AWS_ENDPOINT_URL_LAMBDA: string;
  AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: string;
  /** STS's AssumeRole, for --role-arn. */
  AWS_ENDPOINT_URL_STS: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_REGION: string;
  AWS_EC2_METADATA_DISABLED: string;
  [key: string]: string;
}

export interface ConcurrentDeploy {
  functionName: string;
  /** The deploy happens right after the `afterCalls`-th call of this operation. */
  afterOperation: Operation;
  afterCalls: number;
  memoryMB?: number;
  /** New code (CodeSha256 changes); default true. */
  code?: boolean;
  /** A new environment (replaces the variables), as a configuration-only deploy does. */
  environment?: Record<string, string>;
}

export class FakeAws {
  readonly env: FakeAwsEnv;
  readonly knobs: FakeAwsKnobs;
  readonly clock: FakeClock;
  private readonly log: CallLog;
  private readonly faults: Faults;

  /** @internal use {@link startFakeAws} */
  constructor(
    readonly url: string,
    readonly region: string,
    readonly accountId: string,
    private readonly server: Server,
    private readonly parts: { state: LambdaState; invoker: Invoker; store: LogsStore; insights: Insights; knobs: FakeAwsKnobs },
    faults: Faults,
    log: CallLog,
  ) {
    this.faults = faults;
    this.log = log;
    this.knobs = parts.knobs;
    this.clock = parts.store.clock;
    this.env = {
      AWS_ENDPOINT_URL_LAMBDA: url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  // --- state -------------------------------------------------------------------------------
  get functions(): ReadonlyMap<string, FakeFunction> {
    return this.parts.state.functions;
  }

  addFunction(seed: FunctionSeed): FakeFunction {
    return this.parts.state.add(seed);
  }

  getFunction(name: string): FakeFunction | undefined {
    return this.parts.state.functions.get(name);
  }

  private require(name: string): FakeFunction {
    const record = this.getFunction(name);
    if (!record) throw new Error(`fake-aws: no function named ${name}`);
    return record;
  }

  setWork(name: string, work: Partial<WorkModel>): void {
    const record = this.require(name);
    record.work = { ...record.work, ...work };
  }

  /** Puts a function in a state (Failed, Inactive, …) as if Lambda had moved it there. */
  setState(name: string, state: FunctionState): void {
    const record = this.require(name);
    record.pendingActivation = undefined;
    record.config = { ...record.config, State: state };
  }

  setReservedConcurrency(name: string, reserved: number | undefined): void {
    this.require(name).reservedConcurrency = reserved;
  }

  /** Invocations in flight now, for one function or the whole account. */
  running(functionName?: string): number {
    return this.parts.invoker.running(functionName);
  }

  /** Names of the CloudWatch Logs groups that exist now, with their retention and tags. */
  logGroups(): Array<{ name: string; retentionInDays?: number; tags?: Record<string, string> }> {
    return [...this.parts.store.groups.values()].map((g) => ({
      name: g.name,
      ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
      ...(g.tags !== undefined ? { tags: { ...g.tags } } : {}),
    }));
  }

  // --- calls -------------------------------------------------------------------------------
  get calls(): readonly CallRecord[] {
    return this.log.calls;
  }

  callsOf(operation: Operation): CallRecord[] {
    return this.log.calls.filter((call) => call.operation === operation);
  }

  count(operation: Operation): number {
    return this.log.counters.get(operation) ?? 0;
  }

  get counters(): Readonly<Partial<Record<Operation, number>>> {
    return Object.fromEntries(this.log.counters);
  }

  resetCalls(): void {
    this.log.calls.length = 0;
    this.log.counters.clear();
  }

  // --- faults ------------------------------------------------------------------------------
  /** The next `count` calls of `operation` fail with 500 ServiceException (or 503). */
  injectFailures(operation: Operation, count: number, status: 500 | 503 = 500): void {
    this.faults.failNext(operation, count, status);
  }

  /** Every call of `operation` fails with AccessDeniedException (403) until called with false. */
  injectAccessDenied(operation: Operation, denied = true): void {
    this.faults.deny(operation, denied);
  }

  /** The next `count` invocations get 429 TooManyRequestsException. */
  injectThrottles(count: number, options: { retryAfterSeconds?: number; reason?: string } = {}): void {
    this.faults.throttleNext(count, {
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
      reason: options.reason ?? 'ConcurrentInvocationLimitExceeded',
    });
  }

  /** Updates stay LastUpdateStatus=InProgress for `polls` GetFunction polls and/or `ms`. */
  injectSlowUpdates(options: { polls?: number; ms?: number }): void {
    this.knobs.updatePolls = options.polls ?? 0;
    this.knobs.updateDelayMs = options.ms ?? 0;
  }

  /** Someone else deploys the function mid-run (new CodeSha256/RevisionId and/or memory). */
  injectConcurrentDeploy(deploy: ConcurrentDeploy): void {
    this.faults.afterCall(deploy.afterOperation, deploy.afterCalls, () =>
      this.parts.state.simulateDeploy(deploy.functionName, { memoryMB: deploy.memoryMB, code: deploy.code, environment: deploy.environment }),
    );
  }

  /** The next `count` PublishVersion calls return the latest existing version. */
  injectPublishReturnsExisting(count = 1): void {
    this.faults.publishReturnsExisting += count;
  }

  /** The next `count` CreateFunction calls fail: role cannot be assumed by Lambda (yet). */
  injectRoleNotReady(count: number): void {
    this.faults.roleNotReady += count;
  }

  /** CreateFunction is refused (403) for want of iam:PassRole on the execution role, until called with false. */
  injectPassRoleDenied(denied = true): void {
    this.faults.passRoleDenied = denied;
  }

  /** Replaces the bytes the fake serves for a package (so they no longer match its CodeSha256). */
  corruptCode(codeSha256: string, bytes: Uint8Array = Buffer.from('not the package')): void {
    const code = this.parts.state.codes.get(codeSha256);
    if (!code) throw new Error(`fake-aws: no code with CodeSha256 ${codeSha256}`);
    code.bytes = bytes;
  }

  /** Calls that named this function (by name, partial or full ARN, qualified or not), in order. */
  callsFor(functionName: string): CallRecord[] {
    const named = (value: unknown): boolean => typeof value === 'string' && parseFunctionName(value).name === functionName;
    return this.log.calls.filter((call) => named(call.params.FunctionName) || named(call.params.Resource));
  }

  /** The next `count` LogType=Tail results lose their REPORT line (CloudWatch Logs keeps it). */
  injectTruncatedTails(count: number): void {
    this.faults.truncatedTails += count;
  }

  /** The next `count` FilterLogEvents calls return an empty page that still has a nextToken. */
  injectEmptyFilterPages(count: number): void {
    this.faults.emptyFilterPages += count;
  }

  /** Runs `run` right after the `afterCalls`-th call of `operation` (or after each one), with the call's parameters. */
  afterCall(operation: Operation, afterCalls: number | 'each', run: (params: Record<string, unknown>) => void): void {
    this.faults.afterCall(operation, afterCalls, run);
  }

  // --- logs --------------------------------------------------------------------------------
  /** Seeds log lines (creating the group and stream); strings are stamped with the clock. */
  appendLogs(group: string, stream: string, lines: ReadonlyArray<string | { timestamp?: number; message: string }>): void {
    this.parts.store.append(
      group,
      stream,
      lines.map((line) =>
        typeof line === 'string' ? { timestamp: this.clock.now(), message: line } : { timestamp: line.timestamp ?? this.clock.now(), message: line.message },
      ),
    );
  }

  createLogGroup(group: string): void {
    this.parts.store.ensureGroup(group);
  }

  /** Stored events of a group (one stream if given), in time order. */
  logEvents(group: string, stream?: string): StoredEvent[] {
    return this.parts.store.events(group, stream === undefined ? {} : { logStreamNames: [stream] });
  }

  logStreams(group: string): string[] {
    return [...(this.parts.store.groups.get(group)?.streams.keys() ?? [])];
  }

  get insights(): InsightsEvaluator {
    return this.parts.insights.evaluator;
  }

  set insights(evaluator: InsightsEvaluator) {
    this.parts.insights.evaluator = evaluator;
  }

  get queries(): ReadonlyMap<string, QueryRecord> {
    return this.parts.insights.queries;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const { region = 'us-east-1', accountId = '123456789012', seed = 1, clockStartMs, functions = [], ...knobOptions } = options;
  const knobs: FakeAwsKnobs = { ...DEFAULT_KNOBS, ...knobOptions };
  const ids = new IdSource(seed);
  const ctx = { region, accountId, ids, knobs };
  const faults = new Faults();
  const state = new LambdaState(ctx);
  const store = new LogsStore(new FakeClock(clockStartMs));
  const insights = new Insights(store, ids, knobs);
  const invoker = new Invoker({ ...ctx, seed }, state, store, faults);
  const log: CallLog = { calls: [], counters: new Map() };
  const router = new Router(
    lambdaRoutes({ ctx, state, faults, invoker }),
    logsHandlers({ store, insights, faults, knobs, region, accountId }),
    faults,
    ids,
    log,
  );
  for (const fn of functions) state.add(fn);
  const { server, url } = await listen(router);
  return new FakeAws(url, region, accountId, server, { state, invoker, store, insights, knobs }, faults, log);
}
