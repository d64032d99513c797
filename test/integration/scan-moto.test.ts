/**
 * One realistic scan path against a second, independent endpoint: moto 5's `moto_server`.
 * Its Logs Insights does not run `stats` (it answers `@ptr` rows), which is exactly the case a
 * silent "no data" used to hide: the scan must stop with exit 3 and show the row. Skipped where
 * `moto_server` is not installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runInProcess } from '../support/cli.js';

const available = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe.skipIf(!available)('scan against moto_server', () => {
  let moto: ChildProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    await waitUntilUp(endpoint, 20_000);
    env = { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_PROFILE: '', AWS_EC2_METADATA_DISABLED: 'true' };
    const client = { region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    // moto's Lambda wants a role that exists; IAM's query API needs no SDK.
    const role = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request' },
      body: new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: 'scan-moto', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }),
    }).then((r) => r.text());
    const roleArn = /<Arn>([^<]+)<\/Arn>/.exec(role)?.[1] ?? 'arn:aws:iam::123456789012:role/scan-moto';
    const zip = zipSync({ 'index.js': new TextEncoder().encode('exports.handler = async () => 1;') });
    await new LambdaClient(client).send(new CreateFunctionCommand({ FunctionName: 'api', Runtime: 'nodejs22.x', Role: roleArn, Handler: 'index.handler', Code: { ZipFile: zip }, MemorySize: 1024 }));
    const logs = new CloudWatchLogsClient(client);
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/api' })).catch(() => undefined);
    const stream = '2026/01/10/[$LATEST]0123456789abcdef';
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/api', logStreamName: stream }));
    const now = Date.now();
    const logEvents = Array.from({ length: 60 }, (_, i) => ({
      timestamp: now - 3_600_000 + i * 1000,
      message: `REPORT RequestId: r${i}\tDuration: 120.00 ms\tBilled Duration: 120 ms\tMemory Size: 1024 MB\tMax Memory Used: 100 MB\t`,
    }));
    await logs.send(new PutLogEventsCommand({ logGroupName: '/aws/lambda/api', logStreamName: stream, logEvents }));
  }, 60_000);

  afterAll(() => {
    vi.unstubAllEnvs();
    moto?.kill();
  });

  it('stops with exit 3 and the row moto returned, never "no data"', async () => {
    // The SDK reads endpoints and credentials from process.env, not from the CLI context.
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    const run = await runInProcess(['scan', 'api', '--quiet', '--since', '1d', '-o', 'json'], { env });

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^lambda-rightsize: Logs Insights returned a row scan cannot read \(no @log field\): \{"@ptr":"\d+"\} — the endpoint did not run the query's stats/);
    expect(run.stdout).toBe('');
  }, 60_000);
});
