/**
 * `tune --copy` against moto_server (moto 5), an independent Lambda implementation: a copy of a zip
 * function made, invoked and deleted, the original unchanged. moto's Code.Location is a real S3
 * address it does not serve, so the package comes from --code-file (checked against CodeSha256 as a
 * download is); moto writes no REPORT line, so the run ends in "no REPORT line" — after deleting the copy.
 */
import {
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  CreateFunctionCommand,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, spawnCli, type ChildRun } from '../support/child-cli.js';
import { MOTO_CREDENTIALS, skipMoto, startMoto, type Moto } from '../support/moto.js';

/** An empty zip: moto without Docker never runs the code. */
const ZIP = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64');
let moto: Moto | undefined;
let main = '';
let lambda: LambdaClient;
let role = '';
let tmp = '';
let zipPath = '';

async function state(
  name: string,
): Promise<{ memoryMB: number; env?: Record<string, string>; versions: string[]; tags: Record<string, string>; code: string }> {
  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
  const versions = (await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }))).Versions ?? [];
  const tags = (await lambda.send(new ListTagsCommand({ Resource: fn.Configuration!.FunctionArn! }))).Tags ?? {};
  return {
    memoryMB: fn.Configuration!.MemorySize!,
    env: fn.Configuration!.Environment?.Variables,
    versions: versions.map((v) => v.Version!),
    tags,
    code: fn.Configuration!.CodeSha256!,
  };
}

async function copies(): Promise<string[]> {
  const all = (await lambda.send(new ListFunctionsCommand({}))).Functions ?? [];
  return all.map((f) => f.FunctionName!).filter((n) => n.startsWith('lambda-rightsize-copy-'));
}

const run = (args: string[]): Promise<ChildRun> => spawnCli(main, args, { env: moto!.env }).exit;

describe.skipIf(skipMoto)('tune --copy against moto_server', () => {
  beforeAll(async () => {
    [main, moto] = await Promise.all([bundleCli('copy-moto'), startMoto()]);
    lambda = new LambdaClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { ...MOTO_CREDENTIALS } });
    role = await moto.createRole('lambda-rightsize-copy-test');
    tmp = await mkdtemp(join(tmpdir(), 'copy-moto-'));
    zipPath = join(tmp, 'orders.zip');
    await writeFile(zipPath, ZIP);
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'orders',
        Runtime: 'nodejs22.x',
        Role: role,
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 10,
        Environment: { Variables: { TABLE: 'orders' } },
        Code: { ZipFile: ZIP },
      }),
    );
    await lambda.send(new PublishVersionCommand({ FunctionName: 'orders', Description: 'release' }));
  }, 90_000);

  afterAll(async () => {
    lambda?.destroy();
    moto?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('makes, invokes and deletes a copy of a zip function, and leaves the function as it was', async () => {
    const before = await state('orders');

    const result = await run(['orders', '--copy', '--code-file', zipPath, '--yes', '-m', '128,256', '-n', '2', '-o', 'json']);

    // moto writes no REPORT line: the copy was invoked, and nothing could be measured.
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^lambda-rightsize: no invocation produced a usable REPORT line/);
    expect(result.stderr).toMatch(/lambda-rightsize-copy-[0-9a-z]{8}-x86-orders: creating the x86_64 copy of orders/);
    expect(result.stderr).toMatch(/lambda-rightsize-copy-[0-9a-z]{8}-x86-orders: deleted/);
    expect(result.code).toBe(3);
    expect(await copies()).toEqual([]);
    expect(await state('orders')).toEqual(before);
  }, 90_000);

  it('puts the package in --code-bucket for the copy and deletes it after', async () => {
    const s3 = new S3Client({ region: 'us-east-1', endpoint: moto!.endpoint, forcePathStyle: true, credentials: { ...MOTO_CREDENTIALS } });
    await s3.send(new CreateBucketCommand({ Bucket: 'artifacts' }));
    const before = await state('orders');

    const result = await run(['orders', '--copy', '--code-file', zipPath, '--code-bucket', 'artifacts', '--yes', '-m', '128', '-n', '1']);

    expect(result.stderr).toMatch(/creating the x86_64 copy of orders/);
    expect(result.stderr).toMatch(/code: +read the package from .*, check it against CodeSha256, put it in s3:\/\/artifacts/);
    expect(result.stderr).not.toMatch(/could not delete s3:/);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'artifacts' }))).KeyCount ?? 0).toBe(0);
    expect(await copies()).toEqual([]);
    expect(await state('orders')).toEqual(before);
    s3.destroy();
  }, 90_000);
});
