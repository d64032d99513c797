/** Real SDK clients pointed at a fake, for tests that drive it directly. */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateAliasCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import type { FakeAws } from './index.js';

export interface FakeClients {
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
}

/** `maxAttempts` defaults to 1 so a test sees each fault instead of the SDK's retries. */
export function fakeClients(fake: FakeAws, options: { maxAttempts?: number } = {}): FakeClients {
  const config = {
    endpoint: fake.url,
    region: fake.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: options.maxAttempts ?? 1,
  };
  return { lambda: new LambdaClient(config), logs: new CloudWatchLogsClient(config) };
}

/** Decodes `X-Amz-Log-Result` (base64) into text. */
export function decodeTail(logResult: string | undefined): string {
  return Buffer.from(logResult ?? '', 'base64').toString('utf8');
}

/**
 * A release the user already had: version 1 (description `release`) of `functionName` and an alias
 * `live` on it, which a tune run must measure around and never delete. Resets the call log after.
 */
export async function seedRelease(fake: FakeAws, functionName: string): Promise<void> {
  const { lambda } = fakeClients(fake);
  try {
    const release = await lambda.send(new PublishVersionCommand({ FunctionName: functionName, Description: 'release' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: functionName, Name: 'live', FunctionVersion: release.Version }));
  } finally {
    lambda.destroy();
  }
  fake.resetCalls();
}
