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
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeTail, fakeClients } from '../support/fake-aws/clients.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';

let fake: FakeAws;
let lambda: LambdaClient;

beforeEach(async () => {
  fake = await startFakeAws({ functions: [{ name: 'fn', memoryMB: 512, work: { cpuMs: 200, initMs: 120 } }] });
  ({ lambda } = fakeClients(fake));
});

afterEach(async () => {
  lambda.destroy();
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
    const lines = decodeTail(out.LogResult).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

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
