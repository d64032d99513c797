import {
  AccessDeniedException,
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  GetQueryResultsCommand,
  LimitExceededException,
  MalformedQueryException,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { getScanConfiguration, listFunctionConfigs, toScanConfig } from '../../../src/aws/list-functions.js';
import { CloudWatchLogsGateway } from '../../../src/aws/logs-gateway.js';
import { AwsError } from '../../../src/errors.js';

const logs = mockClient(CloudWatchLogsClient);
const lambda = mockClient(LambdaClient);
const meta = { $metadata: {} };
const gateway = (): CloudWatchLogsGateway => new CloudWatchLogsGateway(new CloudWatchLogsClient({ region: 'us-east-1' }));
const query = { logGroupNames: ['/g'], queryString: 'q', startTimeS: 1, endTimeS: 2, limit: 10_000 };

beforeEach(() => {
  logs.reset();
  lambda.reset();
});

describe('CloudWatchLogsGateway', () => {
  it('finds the exact log group among the groups its name prefixes', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({
      logGroups: [
        { logGroupName: '/aws/lambda/api-v2', creationTime: 1 },
        { logGroupName: '/aws/lambda/api', creationTime: 2, retentionInDays: 7 },
      ],
    });

    expect(await gateway().describeLogGroup('/aws/lambda/api')).toEqual({ name: '/aws/lambda/api', creationTimeMs: 2, retentionInDays: 7 });
  });

  it('answers undefined for a group that does not exist', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/aws/lambda/api-v2' }] });

    expect(await gateway().describeLogGroup('/aws/lambda/api')).toBeUndefined();
  });

  it('turns result fields into rows', async () => {
    logs.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [
        [
          { field: '@log', value: '1:/g' },
          { field: 'invocations', value: '3' },
        ],
        [{ field: 'invocations', value: '4' }],
      ],
    });

    expect(await gateway().getQueryResults('q1')).toEqual({ status: 'Complete', rows: [{ '@log': '1:/g', invocations: '3' }, { invocations: '4' }] });
  });

  it('sends StartQuery times in seconds', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q1' });

    await gateway().startQuery(query);

    expect(logs.commandCalls(StartQueryCommand)[0]?.args[0].input).toEqual({
      logGroupNames: ['/g'],
      queryString: 'q',
      startTime: 1,
      endTime: 2,
      limit: 10_000,
    });
  });

  it.each([
    {
      case: 'access denied, with the action to allow',
      error: new AccessDeniedException({ message: 'no', ...meta }),
      name: 'AccessDeniedException',
      message: /access denied: logs:StartQuery on \/g/,
      hint: /allow logs:StartQuery/,
    },
    {
      case: 'too many concurrent queries',
      error: new LimitExceededException({ message: 'max 30', ...meta }),
      name: 'LimitExceededException',
      message: /too many concurrent Logs Insights queries/,
      hint: /lower --concurrency/,
    },
    {
      case: 'a query it does not accept, as our bug',
      error: new MalformedQueryException({ message: 'bad', ...meta }),
      name: 'MalformedQueryException',
      message: /rejected logs:StartQuery: bad/,
      hint: /bug/,
    },
  ])('maps $case by the exception name', async ({ error, name, message, hint }) => {
    logs.on(StartQueryCommand).rejects(error);

    const failure = await gateway()
      .startQuery(query)
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(AwsError);
    expect(failure).toMatchObject({ awsName: name, message: expect.stringMatching(message), hint: expect.stringMatching(hint) });
  });
});

describe('the Lambda side of scan', () => {
  it.each([
    {
      case: 'an old function without LoggingConfig',
      fn: { FunctionName: 'old', MemorySize: 256 },
      expected: { name: 'old', memoryMB: 256, architecture: 'x86_64', timeoutS: 3, logFormat: 'text', logGroup: '/aws/lambda/old' },
    },
    {
      case: 'a JSON-format arm64 function in a custom group',
      fn: {
        FunctionName: 'api',
        FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:api',
        MemorySize: 1024,
        Timeout: 30,
        Architectures: ['arm64' as const],
        LoggingConfig: { LogFormat: 'JSON' as const, LogGroup: '/app/shared' },
      },
      expected: {
        name: 'api',
        arn: 'arn:aws:lambda:eu-west-1:123456789012:function:api',
        region: 'eu-west-1',
        memoryMB: 1024,
        architecture: 'arm64',
        timeoutS: 30,
        logFormat: 'json',
        logGroup: '/app/shared',
      },
    },
  ])('reads $case', ({ fn, expected }) => {
    expect(toScanConfig(fn)).toEqual(expected);
  });

  it('follows ListFunctions markers to the last page', async () => {
    lambda
      .on(ListFunctionsCommand, { Marker: undefined })
      .resolves({ Functions: [{ FunctionName: 'a' }], NextMarker: 'm1' })
      .on(ListFunctionsCommand, { Marker: 'm1' })
      .resolves({ Functions: [{ FunctionName: 'b' }] });

    const found = await listFunctionConfigs(new LambdaClient({ region: 'us-east-1' }));

    expect(found.map((f) => f.name)).toEqual(['a', 'b']);
  });

  it('reads a named function with GetFunctionConfiguration', async () => {
    lambda.on(GetFunctionConfigurationCommand).resolves({ FunctionName: 'api', MemorySize: 512 });

    const config = await getScanConfiguration(new LambdaClient({ region: 'us-east-1' }), 'api');

    expect(config).toMatchObject({ name: 'api', memoryMB: 512 });
  });
});
