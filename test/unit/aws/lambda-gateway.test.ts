import {
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ThrottleError } from '../../../src/tune/errors.js';
import { SdkLambdaGateway } from '../../../src/aws/lambda-gateway.js';
import { AwsError, RightsizeError } from '../../../src/errors.js';

const lambda = mockClient(LambdaClient);
const meta = { $metadata: {} };
const awsError = (name: string, message = name): Error => Object.assign(new Error(message), { name, $metadata: {} });

const configuration: FunctionConfiguration = {
  FunctionName: 'orders',
  FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
  MemorySize: 512,
  Architectures: ['arm64'],
  Timeout: 30,
  State: 'Active',
  LastUpdateStatus: 'Successful',
  RevisionId: 'rev-1',
  CodeSha256: 'sha-1',
  Runtime: 'nodejs22.x',
};

/** A gateway on a fake clock: sleeping advances time instantly. */
function gateway(updateTimeoutMs = 10_000): { gw: SdkLambdaGateway; sleeps: number[] } {
  let clock = 0;
  const sleeps: number[] = [];
  const gw = new SdkLambdaGateway(new LambdaClient({ region: 'eu-west-1' }), {
    updateTimeoutMs,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  return { gw, sleeps };
}

beforeEach(() => lambda.reset());

describe('getConfiguration', () => {
  it.each([
    {
      case: 'a text-format function with the default log group',
      extra: {},
      concurrency: undefined,
      expected: { logFormat: 'text', logGroup: '/aws/lambda/orders' },
    },
    {
      case: 'a JSON-format function with its own log group',
      extra: { LoggingConfig: { LogFormat: 'JSON' as const, LogGroup: '/shared/logs' } },
      concurrency: undefined,
      expected: { logFormat: 'json', logGroup: '/shared/logs' },
    },
    {
      case: 'reserved concurrency from GetFunction',
      extra: {},
      concurrency: 4,
      expected: { reservedConcurrency: 4 },
    },
  ])('reads $case', async ({ extra, concurrency, expected }) => {
    lambda.on(GetFunctionCommand).resolves({
      Configuration: { ...configuration, ...extra },
      ...(concurrency !== undefined ? { Concurrency: { ReservedConcurrentExecutions: concurrency } } : {}),
    });
    lambda.on(GetFunctionConcurrencyCommand).resolves({});
    const config = await gateway().gw.getConfiguration('orders');
    expect(config).toMatchObject({
      name: 'orders',
      region: 'eu-west-1',
      memoryMB: 512,
      architecture: 'arm64',
      timeoutS: 30,
      revisionId: 'rev-1',
      codeSha256: 'sha-1',
      runtime: 'nodejs22.x',
      ...expected,
    });
  });

  it('falls back to GetFunctionConcurrency for the reserved concurrency', async () => {
    lambda.on(GetFunctionCommand).resolves({ Configuration: configuration });
    lambda.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 2 });
    expect((await gateway().gw.getConfiguration('orders')).reservedConcurrency).toBe(2);
  });

  it('treats a denied GetFunctionConcurrency as no reserved concurrency', async () => {
    lambda.on(GetFunctionCommand).resolves({ Configuration: configuration });
    lambda.on(GetFunctionConcurrencyCommand).rejects(awsError('AccessDeniedException'));
    expect((await gateway().gw.getConfiguration('orders')).reservedConcurrency).toBeUndefined();
  });

  it('names the function and region when it does not exist', async () => {
    lambda.on(GetFunctionCommand).rejects(new ResourceNotFoundException({ message: 'Function not found', ...meta }));
    await expect(gateway().gw.getConfiguration('ordrs')).rejects.toThrow('function ordrs not found in region eu-west-1');
  });
});

describe('waitUntilUpdated', () => {
  it('polls until the update is no longer in progress', async () => {
    lambda
      .on(GetFunctionCommand)
      .resolvesOnce({ Configuration: { ...configuration, LastUpdateStatus: 'InProgress' } })
      .resolvesOnce({ Configuration: { ...configuration, LastUpdateStatus: 'InProgress' } })
      .resolves({ Configuration: { ...configuration, RevisionId: 'rev-2' } });
    const { gw, sleeps } = gateway();
    expect((await gw.waitUntilUpdated('orders')).revisionId).toBe('rev-2');
    expect(sleeps).toEqual([100, 100]);
  });

  it('fails at once on access denied instead of retrying like the generated waiter', async () => {
    lambda.on(GetFunctionCommand).rejects(awsError('AccessDeniedException'));
    await expect(gateway().gw.waitUntilUpdated('orders')).rejects.toThrow('access denied: lambda:GetFunction on orders');
    expect(lambda.commandCalls(GetFunctionCommand)).toHaveLength(1);
  });

  it('fails with the reason when the update failed', async () => {
    lambda.on(GetFunctionCommand).resolves({ Configuration: { ...configuration, LastUpdateStatus: 'Failed', LastUpdateStatusReason: 'ENI limit' } });
    await expect(gateway().gw.waitUntilUpdated('orders')).rejects.toThrow('the last update of orders failed: ENI limit');
  });

  it('gives up after its short timeout', async () => {
    lambda.on(GetFunctionCommand).resolves({ Configuration: { ...configuration, LastUpdateStatus: 'InProgress' } });
    await expect(gateway(5000).gw.waitUntilUpdated('orders')).rejects.toThrow('orders is still updating after 5 s');
  });

  it('polls every 100 ms for the first 2 s, then every second', async () => {
    lambda.on(GetFunctionCommand).resolves({ Configuration: { ...configuration, LastUpdateStatus: 'InProgress' } });
    const { gw, sleeps } = gateway(4000);
    await expect(gw.waitUntilUpdated('orders')).rejects.toThrow('still updating');
    expect(sleeps).toEqual([...Array<number>(20).fill(100), 1000, 1000]);
  });
});

describe('setMemory', () => {
  it('sends only the memory size and the RevisionId guard', async () => {
    lambda.on(UpdateFunctionConfigurationCommand).resolves({ RevisionId: 'rev-2' });
    expect(await gateway().gw.setMemory('orders', 1024, 'rev-1')).toEqual({ revisionId: 'rev-2' });
    expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)[0]!.args[0].input).toEqual({
      FunctionName: 'orders',
      MemorySize: 1024,
      RevisionId: 'rev-1',
    });
  });
});

describe('without a RevisionId from the service', () => {
  it('reads no RevisionId instead of an empty one', async () => {
    lambda.on(GetFunctionCommand).resolves({ Configuration: { ...configuration, RevisionId: undefined }, Concurrency: { ReservedConcurrentExecutions: 5 } });
    const config = await gateway().gw.getConfiguration('orders');
    expect('revisionId' in config).toBe(false);
  });

  it.each([
    { case: 'undefined', revisionId: undefined },
    { case: 'empty', revisionId: '' },
  ])('leaves RevisionId out of the update when it is $case', async ({ revisionId }) => {
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});
    expect(await gateway().gw.setMemory('orders', 1024, revisionId)).toEqual({});
    expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)[0]!.args[0].input).toEqual({ FunctionName: 'orders', MemorySize: 1024 });
  });

  it('leaves RevisionId out of PublishVersion', async () => {
    lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [] });
    lambda.on(PublishVersionCommand).resolves({ Version: '3', Description: 'tune' });
    await gateway().gw.publishVersion('orders', { codeSha256: 'sha-1', description: 'tune' });
    expect(lambda.commandCalls(PublishVersionCommand)[0]!.args[0].input).toEqual({ FunctionName: 'orders', CodeSha256: 'sha-1', Description: 'tune' });
  });
});

describe('tags', () => {
  const arn = configuration.FunctionArn!;

  it('writes, reads and removes tags on the function ARN', async () => {
    lambda.on(TagResourceCommand).resolves({});
    lambda.on(ListTagsCommand).resolves({ Tags: { 'lambda-rightsize:tune-run': 'run=ab12cd34' } });
    lambda.on(UntagResourceCommand).resolves({});
    const { gw } = gateway();
    await gw.tagFunction(arn, { 'lambda-rightsize:tune-run': 'run=ab12cd34' });
    expect(await gw.listTags(arn)).toEqual({ 'lambda-rightsize:tune-run': 'run=ab12cd34' });
    await gw.untagFunction(arn, ['lambda-rightsize:tune-run']);
    expect(lambda.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({ Resource: arn, Tags: { 'lambda-rightsize:tune-run': 'run=ab12cd34' } });
    expect(lambda.commandCalls(UntagResourceCommand)[0]!.args[0].input).toEqual({ Resource: arn, TagKeys: ['lambda-rightsize:tune-run'] });
  });

  it('names lambda:TagResource when tagging is denied', async () => {
    lambda.on(TagResourceCommand).rejects(awsError('AccessDeniedException'));
    await expect(gateway().gw.tagFunction(arn, { a: 'b' })).rejects.toThrow(`access denied: lambda:TagResource on ${arn}`);
  });
});

describe('publishVersion', () => {
  const request = { codeSha256: 'sha-1', revisionId: 'rev-2', description: 'lambda-rightsize tune abc 1024 MB' };

  it.each([
    { case: 'a new version as created', existing: ['1', '2'], published: '3', description: request.description, created: true },
    {
      case: 'the existing latest version PublishVersion hands back as not created',
      existing: ['1', '2'],
      published: '2',
      description: 'release 2',
      created: false,
    },
    {
      case: 'a version someone else published meanwhile (another description) as not created',
      existing: ['1', '2'],
      published: '3',
      description: 'deploy by CI',
      created: false,
    },
  ])('reports $case', async ({ existing, published, description, created }) => {
    lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [{ Version: '$LATEST' }, ...existing.map((Version) => ({ Version }))] });
    lambda.on(PublishVersionCommand).resolves({ Version: published, Description: description });
    expect(await gateway().gw.publishVersion('orders', request)).toMatchObject({ version: published, created });
  });

  it('sends the CodeSha256 and RevisionId guards', async () => {
    lambda.on(ListVersionsByFunctionCommand).resolves({ Versions: [] });
    lambda.on(PublishVersionCommand).resolves({ Version: '1' });
    await gateway().gw.publishVersion('orders', request);
    expect(lambda.commandCalls(PublishVersionCommand)[0]!.args[0].input).toEqual({
      FunctionName: 'orders',
      CodeSha256: 'sha-1',
      RevisionId: 'rev-2',
      Description: request.description,
    });
  });
});

describe('deleteVersion', () => {
  it.each([
    { case: 'an empty qualifier', version: '' },
    { case: '$LATEST', version: '$LATEST' },
    { case: 'an alias name', version: 'prod' },
  ])('refuses $case without calling DeleteFunction (which would delete the whole function)', async ({ version }) => {
    lambda.on(DeleteFunctionCommand).resolves({});
    await expect(gateway().gw.deleteVersion('orders', version)).rejects.toThrow(RightsizeError);
    expect(lambda.commandCalls(DeleteFunctionCommand)).toHaveLength(0);
  });

  it('deletes a numbered version with its qualifier', async () => {
    lambda.on(DeleteFunctionCommand).resolves({});
    expect(await gateway().gw.deleteVersion('orders', '12')).toBe('deleted');
    expect(lambda.commandCalls(DeleteFunctionCommand)[0]!.args[0].input).toEqual({ FunctionName: 'orders', Qualifier: '12' });
  });

  it('reports a version that is already gone', async () => {
    lambda.on(DeleteFunctionCommand).rejects(new ResourceNotFoundException({ message: 'gone', ...meta }));
    expect(await gateway().gw.deleteVersion('orders', '12')).toBe('gone');
  });
});

describe('invoke', () => {
  it('invokes the qualified version with the log tail and decodes the response', async () => {
    const tail = 'START RequestId: r-1\nREPORT RequestId: r-1\tDuration: 1.00 ms\n';
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      LogResult: Buffer.from(tail).toString('base64'),
      ExecutedVersion: '3',
      Payload: new TextEncoder().encode('{"errorType":"Error"}') as never,
      $metadata: { requestId: 'r-1' },
    });
    const result = await gateway().gw.invoke('orders', '3', new TextEncoder().encode('{}'));
    expect(result).toEqual({ functionError: 'Unhandled', logTail: tail, executedVersion: '3', payload: '{"errorType":"Error"}', requestId: 'r-1' });
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toMatchObject({
      FunctionName: 'orders',
      Qualifier: '3',
      LogType: 'Tail',
      InvocationType: 'RequestResponse',
    });
  });

  it('retries a server fault of Invoke itself', async () => {
    lambda
      .on(InvokeCommand)
      .rejectsOnce(Object.assign(awsError('ServiceException'), { $fault: 'server' }))
      .resolves({ StatusCode: 200, $metadata: {} });
    const { gw, sleeps } = gateway();
    expect(await gw.invoke('orders', '3', new Uint8Array())).toEqual({ logTail: '', payload: '' });
    expect(sleeps).toEqual([200]);
  });

  it('leaves throttles to the engine instead of retrying them', async () => {
    lambda.on(InvokeCommand).rejects(awsError('TooManyRequestsException'));
    await expect(gateway().gw.invoke('orders', '3', new Uint8Array())).rejects.toThrow(ThrottleError);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
  });

  it('raises a throttle as a ThrottleError', async () => {
    lambda.on(InvokeCommand).rejects(Object.assign(awsError('TooManyRequestsException', 'Rate exceeded'), { Reason: 'ConcurrentInvocationLimitExceeded' }));
    const error = await gateway()
      .gw.invoke('orders', '3', new Uint8Array())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottleError);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as ThrottleError).reason).toBe('ConcurrentInvocationLimitExceeded');
  });
});
