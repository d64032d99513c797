/**
 * One realistic scan path against a second, independent endpoint: moto 5's `moto_server`.
 * Its Logs Insights does not run `stats` (it answers `@ptr` rows), which is exactly the case a
 * silent "no data" used to hide: the scan must stop with exit 3 and show the row. Skipped where
 * `moto_server` is not installed, unless LAMBDA_RIGHTSIZE_REQUIRE_MOTO=1 (CI) requires it.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runInProcess } from '../support/cli.js';
import { MOTO_CREDENTIALS, skipMoto, startMoto, type Moto } from '../support/moto.js';

describe.skipIf(skipMoto)('scan against moto_server', () => {
  let moto: Moto | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    moto = await startMoto();
    env = moto.env;
    const client = { region: 'us-east-1', endpoint: moto.endpoint, credentials: { ...MOTO_CREDENTIALS } };
    const roleArn = await moto.createRole('scan-moto');
    const zip = zipSync({ 'index.js': new TextEncoder().encode('exports.handler = async () => 1;') });
    await new LambdaClient(client).send(
      new CreateFunctionCommand({
        FunctionName: 'api',
        Runtime: 'nodejs22.x',
        Role: roleArn,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
        MemorySize: 1024,
      }),
    );
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
    moto?.stop();
  });

  it('stops with exit 3 and the row moto returned, never "no data"', async () => {
    // The SDK reads endpoints and credentials from process.env, not from the CLI context.
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    const run = await runInProcess(['scan', 'api', '--quiet', '--since', '1d', '-o', 'json'], { env });

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^lambda-rightsize: Logs Insights returned a row scan cannot read \(no @log field\): \{"@ptr":"\d+"\} — the endpoint did not run the query's stats/,
    );
    expect(run.stderr).toMatch(/rerun with --filter-log-events to read the REPORT lines with FilterLogEvents instead/);
    expect(run.stdout).toBe('');
  }, 60_000);

  it('reads the REPORT lines with --filter-log-events, the way the error offers', async () => {
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    const run = await runInProcess(['scan', 'api', '--quiet', '--since', '1d', '--filter-log-events', '-o', 'json'], { env });

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { functions: Array<{ name: string; source: string; sizes: Array<{ memoryMB: number; invocations: number }> }> };
    expect(report.functions[0]).toMatchObject({ name: 'api', source: 'filter-log-events', sizes: [{ memoryMB: 1024, invocations: 60 }] });
  }, 60_000);
});
