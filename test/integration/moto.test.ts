/**
 * The same safety guarantees against a second, independent implementation of the Lambda API:
 * moto_server (moto 5), started on 127.0.0.1 with its Docker-free Lambda backend. Our own fake can
 * share our misreadings of the API; moto cannot. What moto is known to do differently, and what
 * these tests therefore rely on: it returns no RevisionId at all (our guard rests on CodeSha256, and
 * we must never send an empty one), LastModified does not move on updates, and Invoke returns no
 * log tail and writes no logs (so a run ends in "no REPORT line", which must still restore).
 */
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  TagResourceCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRunMarker, RUN_MARKER_TAG, tuneVersionDescription } from '../../src/tune/marks.js';
import type { Report } from '../../src/types.js';
import { bundleCli, spawnCli, type ChildRun } from '../support/child-cli.js';
import { MOTO_CREDENTIALS, skipMoto, startMoto, type Moto } from '../support/moto.js';

let moto: Moto | undefined;
let main = '';
let lambda: LambdaClient;

let role = '';
let counter = 0;
/** A fresh function at 512 MB with a user's release version 1. */
async function seedFunction(): Promise<string> {
  const name = `orders-${++counter}`;
  // An empty zip: moto without Docker never runs the code.
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Role: role,
      Handler: 'index.handler',
      MemorySize: 512,
      Code: { ZipFile: Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64') },
    }),
  );
  await lambda.send(new PublishVersionCommand({ FunctionName: name, Description: 'release' }));
  return name;
}

async function state(name: string): Promise<{ memoryMB: number; versions: string[]; tags: Record<string, string>; code: string }> {
  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
  const versions = (await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }))).Versions ?? [];
  const tags = (await lambda.send(new ListTagsCommand({ Resource: fn.Configuration!.FunctionArn! }))).Tags ?? {};
  return {
    memoryMB: fn.Configuration!.MemorySize!,
    versions: versions.map((v) => v.Version!).filter((v) => v !== '$LATEST'),
    tags,
    code: fn.Configuration!.CodeSha256!,
  };
}

const run = (args: string[]): Promise<ChildRun> => spawnCli(main, args, { env: moto!.env }).exit;

describe.skipIf(skipMoto)('against moto_server, an independent Lambda implementation', () => {
  beforeAll(async () => {
    [main, moto] = await Promise.all([bundleCli('moto'), startMoto()]);
    lambda = new LambdaClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { ...MOTO_CREDENTIALS } });
    role = await moto.createRole('lambda-rightsize-test');
  }, 90_000);

  afterAll(() => {
    lambda?.destroy();
    moto?.stop();
  });

  it('a tune run that finds no REPORT line still leaves the function exactly as it was, and says why', async () => {
    const name = await seedFunction();
    const before = await state(name);

    const result = await run([name, '--yes', '-m', '128,512,1024', '-n', '2', '-o', 'json']);

    expect(result.code).toBe(3);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^lambda-rightsize: no invocation produced a usable REPORT line: .*log group does not exist — /);
    // moto sends no RevisionId: the run says its guard rests on CodeSha256, and sends no empty one.
    expect(result.stderr).toMatch(/Lambda returned no RevisionId for the function/);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.run).toMatchObject({ memoryUpdates: 3 });
    expect(await state(name)).toEqual(before);
  }, 60_000);

  it('cleanup --function undoes what a killed run left: memory, versions and marker', async () => {
    const name = await seedFunction();
    const before = await state(name);
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    // What a run killed mid-way leaves: its marker, a version of its own, $LATEST at one of its sizes.
    const marker = encodeRunMarker({
      runId: 'k1lled00',
      originalMemoryMB: 512,
      codeSha256: before.code,
      sizes: [256, 1024],
      startedAt: '2026-12-01T08:00:00Z',
    });
    await lambda.send(new TagResourceCommand({ Resource: fn.Configuration!.FunctionArn!, Tags: { [RUN_MARKER_TAG]: marker } }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: 256 }));
    await lambda.send(new PublishVersionCommand({ FunctionName: name, Description: tuneVersionDescription('k1lled00', 256) }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: 1024 }));

    const cleanup = await run(['cleanup', '--function', name, '--yes']);

    expect(cleanup.code).toBe(0);
    expect(cleanup.stderr).toMatch(new RegExp(`^restored ${name} to 512 MB \\(killed run k1lled00 had left it at 1024 MB\\)$`, 'm'));
    expect(await state(name)).toEqual(before);
  }, 60_000);
});
