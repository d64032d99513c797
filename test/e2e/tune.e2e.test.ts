/**
 * Opt-in: runs the built CLI against a REAL function in a real account. Costs a few cents at most.
 *   LAMBDA_RIGHTSIZE_E2E_FUNCTION=my-test-fn AWS_REGION=eu-west-1 npm run build && npm run test:e2e
 * Skipped (never run by `npm test`) unless that variable is set.
 */
import { GetFunctionConfigurationCommand, LambdaClient, paginateListVersionsByFunction } from '@aws-sdk/client-lambda';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';

const functionName = process.env.LAMBDA_RIGHTSIZE_E2E_FUNCTION;

describe.skipIf(!functionName)('tune against a real function', () => {
  it('measures two sizes and leaves memory and versions as they were', async () => {
    const lambda = new LambdaClient({});
    const before = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    const versionsBefore = await allVersions(lambda);

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/lambda-rightsize.js', functionName!, '--memory', '128,256', '--invocations', '3', '--yes', '-o', 'json', '--budget', '0.10'],
      { env: process.env, maxBuffer: 16 * 1024 * 1024 },
    );
    const report = JSON.parse(stdout) as Report;
    expect(report.results.map((r) => r.memoryMB)).toEqual([128, 256]);

    const after = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    const versionsAfter = await allVersions(lambda);
    expect(after.MemorySize).toBe(before.MemorySize);
    expect(versionsAfter).toEqual(versionsBefore);
  });
});

/** Every page: leftovers would be the highest numbers, on the last page. */
async function allVersions(lambda: LambdaClient): Promise<string[]> {
  const versions: string[] = [];
  for await (const page of paginateListVersionsByFunction({ client: lambda }, { FunctionName: functionName })) {
    versions.push(...(page.Versions ?? []).map((v) => v.Version ?? ''));
  }
  return versions;
}
