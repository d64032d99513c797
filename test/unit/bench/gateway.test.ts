import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { isRoleNotReady, LambdaBenchGateway, lambdaErrorToRightsize } from '../../../src/aws/bench-gateway.js';
import type { BenchFunctionSpec } from '../../../src/bench/ports.js';
import { AwsError, UsageError } from '../../../src/errors.js';

const lambda = mockClient(LambdaClient);
const spec: BenchFunctionSpec = {
  name: 'lambda-rightsize-bench-prime-sieve-arm64-abcd1234',
  role: 'arn:aws:iam::123456789012:role/bench',
  runtime: 'nodejs22.x',
  architecture: 'arm64',
  memoryMB: 128,
  timeoutSeconds: 300,
  zip: new Uint8Array([80, 75, 5, 6]),
  tags: { 'lambda-rightsize:bench': 'abcd1234' },
  description: 'test',
};
const meta = { $metadata: {} };
const roleNotReady = (): InvalidParameterValueException =>
  new InvalidParameterValueException({ message: 'The role defined for the function cannot be assumed by Lambda.', ...meta });

/** A gateway on a fake clock: sleeping advances time instantly. */
function gateway(options: { roleRetryMs?: number; activeTimeoutMs?: number } = {}): { gw: LambdaBenchGateway; sleeps: number[] } {
  let clock = 0;
  const sleeps: number[] = [];
  const gw = new LambdaBenchGateway(new LambdaClient({ region: 'us-east-1' }), {
    namePrefix: 'lambda-rightsize-bench-',
    ...options,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  return { gw, sleeps };
}

beforeEach(() => lambda.reset());

describe('createFunction', () => {
  it('sends the runtime, handler, architecture, zip and tags', async () => {
    lambda.on(CreateFunctionCommand).resolves({ FunctionArn: 'arn:fn' });
    expect(await gateway().gw.createFunction(spec)).toEqual({ name: spec.name, arn: 'arn:fn', roleRetries: 0 });
    expect(lambda.commandCalls(CreateFunctionCommand)[0]!.args[0].input).toMatchObject({
      FunctionName: spec.name,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      MemorySize: 128,
      Timeout: 300,
      Code: { ZipFile: spec.zip },
      Tags: spec.tags,
    });
  });

  it('retries while a new role cannot be assumed yet', async () => {
    lambda.on(CreateFunctionCommand).rejectsOnce(roleNotReady()).rejectsOnce(roleNotReady()).resolves({ FunctionArn: 'arn:fn' });
    const { gw, sleeps } = gateway();
    expect((await gw.createFunction(spec)).roleRetries).toBe(2);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('gives up on the role after the retry window', async () => {
    lambda.on(CreateFunctionCommand).rejects(roleNotReady());
    const { gw, sleeps } = gateway({ roleRetryMs: 30_000 });
    await expect(gw.createFunction(spec)).rejects.toThrow(AwsError);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30_000);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(36_000);
  });

  it('does not retry any other invalid parameter', async () => {
    lambda.on(CreateFunctionCommand).rejects(new InvalidParameterValueException({ message: 'Unsupported runtime', ...meta }));
    const { gw, sleeps } = gateway();
    await expect(gw.createFunction(spec)).rejects.toThrow(/Unsupported runtime/);
    expect(sleeps).toEqual([]);
  });
});

describe('waitUntilActive', () => {
  it('polls until the function leaves Pending', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolvesOnce({ State: 'Pending' }).resolvesOnce({ State: 'Pending' }).resolves({ State: 'Active' });
    const { gw, sleeps } = gateway();
    await gw.waitUntilActive(spec.name);
    expect(sleeps).toEqual([250, 500]);
  });

  it('fails with the reason when the function fails to start', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ State: 'Failed', StateReason: 'role is broken' });
    await expect(gateway().gw.waitUntilActive(spec.name)).rejects.toThrow(/Failed: role is broken/);
  });

  it('fails after the time limit', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ State: 'Pending' });
    await expect(gateway({ activeTimeoutMs: 5000 }).gw.waitUntilActive(spec.name)).rejects.toThrow(/still Pending after 5 s/);
  });
});

describe('deletion', () => {
  it.each([
    { case: 'a function without the bench prefix', name: 'orders-api' },
    { case: 'a qualified bench name', name: `${spec.name}:1` },
  ])('refuses $case', async ({ name }) => {
    await expect(gateway().gw.deleteFunction(name)).rejects.toThrow(/refusing to delete/);
    expect(lambda.commandCalls(DeleteFunctionCommand)).toHaveLength(0);
  });

  it('reports a function that is already gone', async () => {
    lambda.on(DeleteFunctionCommand).rejects(new ResourceNotFoundException({ message: 'nope', ...meta }));
    expect(await gateway().gw.deleteFunction(spec.name)).toBe('gone');
  });
});

describe('listPrefixedFunctions', () => {
  it('keeps only bench-prefixed functions and reads their tags', async () => {
    lambda
      .on(ListFunctionsCommand)
      .resolvesOnce({
        Functions: [
          { FunctionName: 'orders-api', FunctionArn: 'arn:orders' },
          { FunctionName: spec.name, FunctionArn: 'arn:bench' },
        ],
        NextMarker: 'm',
      })
      .resolves({ Functions: [{ FunctionName: 'lambda-rightsize-bench-io-wait-x86_64-zz', FunctionArn: 'arn:bench2' }] });
    lambda.on(ListTagsCommand, { Resource: 'arn:bench' }).resolves({ Tags: { 'lambda-rightsize:bench': 'abcd1234' } });
    lambda.on(ListTagsCommand, { Resource: 'arn:bench2' }).resolves({});
    expect(await gateway().gw.listPrefixedFunctions()).toEqual([
      { name: spec.name, arn: 'arn:bench', tags: { 'lambda-rightsize:bench': 'abcd1234' } },
      { name: 'lambda-rightsize-bench-io-wait-x86_64-zz', arn: 'arn:bench2', tags: {} },
    ]);
  });
});

describe('lambdaErrorToRightsize', () => {
  it.each([
    {
      case: 'access denied on create',
      error: { name: 'AccessDeniedException', message: 'x', $metadata: {} },
      action: 'lambda:CreateFunction',
      hint: /lambda:CreateFunction and iam:PassRole on arn:role/,
    },
    {
      case: 'access denied on delete',
      error: { name: 'AccessDeniedException', message: 'x', $metadata: {} },
      action: 'lambda:DeleteFunction',
      hint: /allow lambda:DeleteFunction/,
    },
    { case: 'not found', error: { name: 'ResourceNotFoundException', message: 'x', $metadata: {} }, action: 'lambda:GetFunctionConfiguration', hint: /region/ },
    { case: 'expired credentials', error: { name: 'ExpiredTokenException', message: 'x', $metadata: {} }, action: 'lambda:ListFunctions', hint: /sso login/ },
  ])('gives an AwsError with a hint for $case', ({ error, action, hint }) => {
    const mapped = lambdaErrorToRightsize(error, { action, target: 'fn', role: 'arn:role' });
    expect(mapped).toBeInstanceOf(AwsError);
    expect((mapped as AwsError).hint).toMatch(hint);
    expect((mapped as AwsError).awsName).toBe(error.name);
  });

  it('turns a missing region into a usage error', () => {
    expect(lambdaErrorToRightsize(new Error('Region is missing'), { action: 'a', target: 'b' })).toBeInstanceOf(UsageError);
  });

  it('leaves a programming error as it is', () => {
    const bug = new TypeError('x is undefined');
    expect(lambdaErrorToRightsize(bug, { action: 'a', target: 'b' })).toBe(bug);
  });

  it.each([
    { case: 'the role message', error: roleNotReady(), expected: true },
    { case: 'another invalid value', error: new InvalidParameterValueException({ message: 'bad runtime', ...meta }), expected: false },
    { case: 'another type with the same words', error: { name: 'ServiceException', message: 'cannot be assumed' }, expected: false },
  ])('recognises the role-not-ready error: $case → $expected', ({ error, expected }) => {
    expect(isRoleNotReady(error)).toBe(expected);
  });
});
