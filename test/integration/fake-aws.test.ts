/** Self-tests of the fake AWS endpoint, driven by the real SDK clients over HTTP. */
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeTail, fakeClients } from '../support/fake-aws/clients.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';

let fake: FakeAws;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

beforeEach(async () => {
  fake = await startFakeAws({ functions: [{ name: 'fn', memoryMB: 512, work: { cpuMs: 200, initMs: 120 } }] });
  ({ lambda, logs } = fakeClients(fake));
});

afterEach(async () => {
  lambda.destroy();
  logs.destroy();
  await fake.close();
});

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; [key: string]: unknown };

async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

const invoke = (qualifier?: string) =>
  lambda.send(new InvokeCommand({ FunctionName: 'fn', Qualifier: qualifier, LogType: 'Tail', Payload: Buffer.from('{"n":1}') }));

describe('fake AWS: reaching it', () => {
  it('serves a child process whose SDK clients find it through fake.env alone', async () => {
    const script = [
      "import { LambdaClient, GetFunctionCommand } from '@aws-sdk/client-lambda';",
      "import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';",
      "const fn = await new LambdaClient({}).send(new GetFunctionCommand({ FunctionName: 'fn' }));",
      'const groups = await new CloudWatchLogsClient({}).send(new DescribeLogGroupsCommand({}));',
      'console.log(JSON.stringify([fn.Configuration.MemorySize, groups.logGroups.length]));',
    ].join('\n');

    const { stdout } = await promisify(execFile)(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...fake.env },
    });

    expect(JSON.parse(stdout)).toEqual([512, 0]);
    expect(fake.count('GetFunction')).toBe(1);
  });
});

describe('fake Lambda: configuration updates', () => {
  it('reports InProgress for the configured polls, then Successful with a new RevisionId', async () => {
    fake.injectSlowUpdates({ polls: 2 });
    const before = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn' }));
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', MemorySize: 1024, RevisionId: before.Configuration?.RevisionId }),
    );
    const polls = [];
    for (let i = 0; i < 3; i += 1) polls.push((await lambda.send(new GetFunctionCommand({ FunctionName: 'fn' }))).Configuration);

    expect(updated.LastUpdateStatus).toBe('InProgress');
    expect(polls.map((c) => c?.LastUpdateStatus)).toEqual(['InProgress', 'InProgress', 'Successful']);
    expect(polls[2]?.MemorySize).toBe(1024);
    expect(polls[2]?.RevisionId).not.toBe(updated.RevisionId);
  });

  it.each([
    { case: 'a publish', call: () => new PublishVersionCommand({ FunctionName: 'fn' }) },
    { case: 'another update', call: () => new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', MemorySize: 256 }) },
  ])('refuses $case with 409 ResourceConflictException while an update is in progress', async ({ call }) => {
    fake.injectSlowUpdates({ polls: 5 });
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', MemorySize: 1024 }));

    const error = await rejection(lambda.send(call()));

    expect(error.name).toBe('ResourceConflictException');
    expect(error.$metadata?.httpStatusCode).toBe(409);
  });

  it('refuses an update with a stale RevisionId with PreconditionFailedException', async () => {
    const error = await rejection(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', MemorySize: 256, RevisionId: 'stale' })));

    expect(error.name).toBe('PreconditionFailedException');
  });

  it('rejects a memory size outside 128–10240 MB with InvalidParameterValueException', async () => {
    const error = await rejection(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', MemorySize: 64 })));

    expect(error.name).toBe('InvalidParameterValueException');
  });
});

describe('fake Lambda: versions and aliases', () => {
  it('returns the existing version when nothing changed since it was published', async () => {
    const first = await lambda.send(new PublishVersionCommand({ FunctionName: 'fn' }));
    const second = await lambda.send(new PublishVersionCommand({ FunctionName: 'fn' }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', MemorySize: 256 }));
    const third = await lambda.send(new PublishVersionCommand({ FunctionName: 'fn' }));

    expect([first.Version, second.Version, third.Version]).toEqual(['1', '1', '2']);
    expect(third.MemorySize).toBe(256);
  });

  it('refuses to publish when CodeSha256 no longer matches (a concurrent deploy)', async () => {
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn' }));
    fake.injectConcurrentDeploy({ functionName: 'fn', afterOperation: 'UpdateFunctionConfiguration', afterCalls: 1 });
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', MemorySize: 256 }));

    const error = await rejection(lambda.send(new PublishVersionCommand({ FunctionName: 'fn', CodeSha256: Configuration?.CodeSha256 })));

    expect(error.name).toBe('InvalidParameterValueException');
    expect(fake.getFunction('fn')?.config.CodeSha256).not.toBe(Configuration?.CodeSha256);
  });

  it('refuses to delete a version an alias points at, and deletes it once the alias is gone', async () => {
    await lambda.send(new PublishVersionCommand({ FunctionName: 'fn' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'RAM512', FunctionVersion: '1' }));

    const error = await rejection(lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn', Qualifier: '1' })));
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'fn', Name: 'RAM512' }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn', Qualifier: '1' }));

    expect(error.name).toBe('ResourceConflictException');
    expect([...(fake.getFunction('fn')?.versions.keys() ?? [])]).toEqual([]);
    expect(fake.getFunction('fn')).toBeDefined();
  });

  it('deletes the whole function when DeleteFunction has no qualifier', async () => {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'fn' }));

    const error = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: 'fn' })));

    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });

  it('pages ListVersionsByFunction with Marker, $LATEST first', async () => {
    for (const memory of [256, 384, 640]) {
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', MemorySize: memory }));
      await lambda.send(new PublishVersionCommand({ FunctionName: 'fn' }));
    }
    const versions: string[] = [];
    let marker: string | undefined;
    do {
      const out = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'fn', MaxItems: 3, Marker: marker }));
      versions.push(...(out.Versions ?? []).map((v) => v.Version ?? ''));
      marker = out.NextMarker;
    } while (marker);

    expect(versions).toEqual(['$LATEST', '1', '2', '3']);
  });
});

describe('fake Lambda: create, list, tags', () => {
  it('creates a function Pending, then Active after the configured polls, with tags and zip kept', async () => {
    fake.knobs.activationPolls = 1;
    const zip = Buffer.from('PK fake zip');
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'bench',
        Role: 'arn:aws:iam::123456789012:role/r',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Architectures: ['arm64'],
        Code: { ZipFile: zip },
        Tags: { 'lambda-rightsize:bench': 'true' },
      }),
    );
    const poll1 = await lambda.send(new GetFunctionCommand({ FunctionName: 'bench' }));
    const poll2 = await lambda.send(new GetFunctionCommand({ FunctionName: 'bench' }));
    const tags = await lambda.send(new ListTagsCommand({ Resource: created.FunctionArn }));

    expect([created.State, poll1.Configuration?.State, poll2.Configuration?.State]).toEqual(['Pending', 'Pending', 'Active']);
    expect(poll2.Configuration?.Architectures).toEqual(['arm64']);
    expect(tags.Tags).toEqual({ 'lambda-rightsize:bench': 'true' });
    expect(Buffer.from(fake.getFunction('bench')?.zipFile ?? []).toString()).toBe('PK fake zip');
  });

  it('fails CreateFunction while the role is not assumable yet', async () => {
    fake.injectRoleNotReady(1);
    const input: CreateFunctionCommandInput = {
      FunctionName: 'b',
      Role: 'r',
      Runtime: 'nodejs22.x',
      Handler: 'i.h',
      Code: { ZipFile: Buffer.from('z') },
    };

    const error = await rejection(lambda.send(new CreateFunctionCommand(input)));
    const retry = await lambda.send(new CreateFunctionCommand(input));

    expect(error.name).toBe('InvalidParameterValueException');
    expect(retry.FunctionName).toBe('b');
  });

  it('pages ListFunctions with MaxItems and NextMarker', async () => {
    for (const name of ['a', 'b', 'c']) fake.addFunction({ name });
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const out = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      names.push(...(out.Functions ?? []).map((f) => f.FunctionName ?? ''));
      marker = out.NextMarker;
    } while (marker);

    expect(names).toEqual(['a', 'b', 'c', 'fn']);
  });

  it('reports reserved concurrency through GetFunctionConcurrency', async () => {
    fake.setReservedConcurrency('fn', 7);

    const out = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'fn' }));

    expect(out.ReservedConcurrentExecutions).toBe(7);
  });
});

describe('fake Lambda: Invoke', () => {
  it('returns the payload, the executed version and a base64 tail ending with the REPORT line', async () => {
    await lambda.send(new PublishVersionCommand({ FunctionName: 'fn' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'RAM512', FunctionVersion: '1' }));

    const out = await invoke('RAM512');
    const tail = decodeTail(out.LogResult);

    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('1');
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(out.Payload ?? []).toString())).toEqual({ ok: true, memoryMB: 512 });
    expect(tail).toMatch(/^START RequestId: \S+ Version: 1\n/);
    expect(tail).toMatch(
      /REPORT RequestId: \S+\tDuration: 691\.02 ms\tBilled Duration: 812 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 120\.00 ms\t\n$/,
    );
    expect(tail).toContain(out.$metadata.requestId);
  });

  it('starts cold, then reuses the idle environment warm', async () => {
    const tails = [decodeTail((await invoke()).LogResult), decodeTail((await invoke()).LogResult)];

    expect(tails.map((t) => t.includes('Init Duration'))).toEqual([true, false]);
    expect(fake.logStreams('/aws/lambda/fn')).toHaveLength(1);
  });

  it('throttles the second of two parallel invokes with reserved concurrency 1', async () => {
    fake.setReservedConcurrency('fn', 1);
    fake.knobs.latencyMs = 100;

    const results = await Promise.allSettled([invoke(), invoke()]);
    const rejected = results.find((r) => r.status === 'rejected');
    const error = (rejected as PromiseRejectedResult | undefined)?.reason as Record<string, unknown> | undefined;

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(error?.name).toBe('TooManyRequestsException');
    expect(error?.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    expect(error?.retryAfterSeconds).toBe('1');
  });

  it('writes platform.report JSON records when the function logs in JSON format', async () => {
    fake.addFunction({ name: 'json-fn', logFormat: 'JSON', memoryMB: 1769, work: { cpuMs: 100, initMs: 50 } });

    const out = await lambda.send(new InvokeCommand({ FunctionName: 'json-fn', LogType: 'Tail' }));
    const lines = decodeTail(out.LogResult)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

    expect(lines.map((l) => l.type)).toEqual(['platform.start', 'platform.report']);
    expect(lines[1]?.record).toEqual({
      requestId: out.$metadata.requestId,
      metrics: { durationMs: 100, billedDurationMs: 150, memorySizeMB: 1769, maxMemoryUsedMB: 80, initDurationMs: 50 },
      status: 'success',
    });
  });

  it.each([
    {
      case: 'an out-of-memory death below the minimum memory',
      work: { minMemoryMB: 1024 },
      functionError: 'Unhandled',
      report: 'Status: error\tError Type: Runtime.OutOfMemory',
    },
    { case: 'a timeout', work: { cpuMs: 100_000 }, functionError: 'Unhandled', report: 'Duration: 3000.00 ms' },
    { case: 'a handled function error', work: { error: { type: 'Handled' as const } }, functionError: 'Handled', report: 'REPORT' },
  ])('reports $case with status 200 and X-Amz-Function-Error', async ({ work, functionError, report }) => {
    fake.setWork('fn', work);

    const out = await invoke();

    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe(functionError);
    expect(JSON.parse(Buffer.from(out.Payload ?? []).toString())).toHaveProperty('errorType');
    expect(decodeTail(out.LogResult)).toContain(report);
  });

  it('loses the REPORT line from the tail of a chatty function while CloudWatch Logs keeps it', async () => {
    fake.setWork('fn', { trailingLogBytes: 5000 });

    const out = await invoke();
    const tail = decodeTail(out.LogResult);

    expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(4096);
    expect(tail).not.toContain('REPORT');
    expect(fake.logEvents('/aws/lambda/fn').filter((e) => e.message.startsWith('REPORT RequestId: '))).toHaveLength(1);
  });

  it.each([
    { case: 'AccessDeniedException (403)', inject: () => fake.injectAccessDenied('Invoke'), name: 'AccessDeniedException', status: 403 },
    { case: 'ServiceException (500)', inject: () => fake.injectFailures('Invoke', 1), name: 'ServiceException', status: 500 },
    { case: 'an injected throttle (429)', inject: () => fake.injectThrottles(1), name: 'TooManyRequestsException', status: 429 },
    { case: 'ResourceConflictException in the Failed state', inject: () => fake.setState('fn', 'Failed'), name: 'ResourceConflictException', status: 409 },
  ])('fails with $case when injected', async ({ inject, name, status }) => {
    inject();

    const error = await rejection(invoke());

    expect(error.name).toBe(name);
    expect(error.$metadata?.httpStatusCode).toBe(status);
  });

  it('lets the SDK retry past an injected 500 and counts every attempt', async () => {
    const { lambda: retrying } = fakeClients(fake, { maxAttempts: 2 });
    fake.injectFailures('GetFunction', 1);

    const out = await retrying.send(new GetFunctionCommand({ FunctionName: 'fn' }));
    retrying.destroy();

    expect(out.Configuration?.FunctionName).toBe('fn');
    expect(fake.count('GetFunction')).toBe(2);
  });
});

describe('fake Lambda: execution model', () => {
  const durationOf = (tail: string): number => Number(/\tDuration: ([\d.]+) ms/.exec(tail)?.[1]);

  it.each([
    { case: 'a single thread at 128 MB (CPU share 128/1769)', memoryMB: 128, threads: 1, durationMs: 1382.03 },
    { case: 'a single thread at 1769 MB (one vCPU)', memoryMB: 1769, threads: 1, durationMs: 100 },
    { case: 'a single thread at 3538 MB (no gain past one vCPU)', memoryMB: 3538, threads: 1, durationMs: 100 },
    { case: 'two threads at 3538 MB (two vCPUs)', memoryMB: 3538, threads: 2, durationMs: 50 },
    { case: 'two threads at 10240 MB (capped at two vCPUs)', memoryMB: 10_240, threads: 2, durationMs: 50 },
  ])('models $case', async ({ memoryMB, threads, durationMs }) => {
    fake.addFunction({ name: 'm', memoryMB, work: { cpuMs: 100, threads } });

    const out = await lambda.send(new InvokeCommand({ FunctionName: 'm', LogType: 'Tail' }));

    expect(durationOf(decodeTail(out.LogResult))).toBe(durationMs);
  });

  it('draws the same jitter for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      const local = await startFakeAws({ seed: 42, functions: [{ name: 'j', work: { cpuMs: 100, jitter: 0.2 } }] });
      const clients = fakeClients(local);
      const durations = [];
      for (let i = 0; i < 3; i += 1) {
        const out = await clients.lambda.send(new InvokeCommand({ FunctionName: 'j', LogType: 'Tail' }));
        durations.push(durationOf(decodeTail(out.LogResult)));
      }
      clients.lambda.destroy();
      clients.logs.destroy();
      await local.close();
      return durations;
    };

    const [first, second] = [await run(), await run()];

    expect(first).toEqual(second);
    expect(new Set(first).size).toBe(3);
  });

  it("slows an environment's first invocations by its warm-up, and a new environment warms up again", async () => {
    fake.addFunction({ name: 'w', memoryMB: 1769, work: { cpuMs: 100, warmup: { invocations: 2, factor: 3 } } });
    const once = async (): Promise<number> => durationOf(decodeTail((await lambda.send(new InvokeCommand({ FunctionName: 'w', LogType: 'Tail' }))).LogResult));

    const first = [await once(), await once(), await once()];
    fake.knobs.latencyMs = 50;
    const parallel = await Promise.all([once(), once()]);

    expect(first).toEqual([300, 200, 100]);
    expect(parallel.toSorted((a, b) => a - b)).toEqual([100, 300]);
  });

  it('starts a new cold environment for each invocation beyond the idle ones', async () => {
    fake.knobs.latencyMs = 50;

    const parallel = await Promise.all([invoke(), invoke()]);
    const after = await invoke();

    expect(parallel.map((o) => decodeTail(o.LogResult).includes('Init Duration'))).toEqual([true, true]);
    expect(decodeTail(after.LogResult)).not.toContain('Init Duration');
    expect(fake.logStreams('/aws/lambda/fn')).toHaveLength(2);
  });
});

describe('fake CloudWatch Logs: events', () => {
  const group = '/aws/lambda/fn';

  it('keeps paging FilterLogEvents through empty pages that still carry a nextToken', async () => {
    for (let i = 0; i < 3; i += 1) await invoke();
    fake.injectEmptyFilterPages(2);
    const pages: number[] = [];
    let nextToken: string | undefined;
    do {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"REPORT RequestId"', limit: 2, nextToken }));
      pages.push(out.events?.length ?? 0);
      nextToken = out.nextToken;
    } while (nextToken);

    expect(pages).toEqual([0, 0, 2, 1]);
  });

  it.each([
    { case: 'a quoted term', pattern: '"REPORT RequestId"', lines: ['REPORT'] },
    { case: 'a bare request id', pattern: 'REQUEST_ID', lines: ['START', 'END', 'REPORT'] },
    { case: 'an excluded term', pattern: 'REQUEST_ID -REPORT', lines: ['START', 'END'] },
    { case: 'no pattern', pattern: undefined, lines: ['INIT_START', 'START', 'END', 'REPORT'] },
  ])('filters text logs by $case', async ({ pattern, lines }) => {
    const { $metadata } = await invoke();

    const out = await logs.send(
      new FilterLogEventsCommand({ logGroupIdentifier: group, filterPattern: pattern?.replace('REQUEST_ID', $metadata.requestId ?? '') }),
    );

    expect(out.events?.map((e) => e.message?.split(' ')[0])).toEqual(lines);
  });

  it('filters JSON logs with a { $.type = "platform.report" } selector', async () => {
    fake.addFunction({ name: 'json-fn', logFormat: 'JSON' });
    await lambda.send(new InvokeCommand({ FunctionName: 'json-fn' }));

    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/json-fn', filterPattern: '{ $.type = "platform.report" }' }));

    expect(out.events?.map((e) => (JSON.parse(e.message ?? '{}') as { type: string }).type)).toEqual(['platform.report']);
  });

  it('names streams like Lambda and stamps events with the manual clock', async () => {
    const start = Date.UTC(2026, 10, 27, 12, 0, 0);
    const local = await startFakeAws({ clockStartMs: start, functions: [{ name: 'fn', memoryMB: 1769, work: { cpuMs: 100, initMs: 50 } }] });
    const clients = fakeClients(local);
    await clients.lambda.send(new InvokeCommand({ FunctionName: 'fn' }));
    const [stream] = local.logStreams(group);
    const out = await clients.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }));
    clients.lambda.destroy();
    clients.logs.destroy();
    await local.close();

    expect(stream).toMatch(/^2026\/11\/27\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(out.events?.map((e) => e.timestamp)).toEqual([start, start + 50, start + 150, start + 150]);
    expect(local.clock.now()).toBe(start + 151);
  });

  it('stores PutLogEvents in created groups and streams, and lists groups by prefix with paging', async () => {
    for (const name of ['/aws/lambda/a', '/aws/lambda/b', '/other']) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    }
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/a', logStreamName: 's' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: '/aws/lambda/a', logStreamName: 's', logEvents: [{ timestamp: 1, message: 'hi' }] }));
    const first = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/', limit: 1 }));
    const second = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/', limit: 1, nextToken: first.nextToken }));

    expect(fake.logEvents('/aws/lambda/a').map((e) => e.message)).toEqual(['hi']);
    expect([...(first.logGroups ?? []), ...(second.logGroups ?? [])].map((g) => g.logGroupName)).toEqual(['/aws/lambda/a', '/aws/lambda/b']);
    expect(second.nextToken).toBeUndefined();
  });
});

describe('fake CloudWatch Logs: Insights', () => {
  const startQuery = () => logs.send(new StartQueryCommand({ logGroupName: '/g', queryString: 'stats count(*)', startTime: 0, endTime: 4_000_000_000 }));
  const poll = async (queryId: string | undefined) => (await logs.send(new GetQueryResultsCommand({ queryId }))).status;

  beforeEach(() => fake.appendLogs('/g', 's', [{ timestamp: 1000, message: 'REPORT RequestId: x' }]));

  it('goes Scheduled → Running → Complete and answers with the plugged evaluator', async () => {
    fake.knobs.queryPolls = 2;
    const asked: unknown[] = [];
    fake.insights = (query) => {
      asked.push({ queryString: query.queryString, groups: query.logGroupNames, events: query.events.length });
      return [[{ field: 'count(*)', value: String(query.events.length) }]];
    };
    const { queryId } = await startQuery();

    const statuses = [await poll(queryId), await poll(queryId)];
    const done = await logs.send(new GetQueryResultsCommand({ queryId }));

    expect(statuses).toEqual(['Scheduled', 'Running']);
    expect(done.status).toBe('Complete');
    expect(done.results).toEqual([[{ field: 'count(*)', value: '1' }]]);
    expect(asked).toEqual([{ queryString: 'stats count(*)', groups: ['/g'], events: 1 }]);
    expect(fake.callsOf('StartQuery')[0]?.params).toMatchObject({ queryString: 'stats count(*)', logGroupName: '/g' });
  });

  it('stays Running until queryLatencyMs has really passed', async () => {
    fake.knobs.queryPolls = 0;
    fake.knobs.queryLatencyMs = 150;
    const started = Date.now();
    const { queryId } = await startQuery();

    const early = await poll(queryId);
    // Polled until it completes, as scan polls: no margin on a timer to race.
    let status = early;
    while (status !== 'Complete') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await poll(queryId);
    }

    expect(early).toBe('Running');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it.each([
    { case: 'AccessDeniedException when denied', setup: () => fake.injectAccessDenied('StartQuery'), name: 'AccessDeniedException' },
    {
      case: 'LimitExceededException beyond maxConcurrentQueries',
      setup: async () => {
        fake.knobs.maxConcurrentQueries = 1;
        await startQuery();
      },
      name: 'LimitExceededException',
    },
  ])('refuses StartQuery with $case', async ({ setup, name }) => {
    await setup();

    const error = await rejection(startQuery());

    expect(error.name).toBe(name);
  });
});
