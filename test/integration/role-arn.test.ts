/**
 * `--role-arn` for every command that talks to AWS: the SDK's own temporary-credentials provider
 * assumes the role (the local endpoint answers STS AssumeRole), and every call is signed with the
 * role's credentials, not the caller's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runInProcess } from '../support/cli.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
let fake: FakeAws;

beforeEach(async () => {
  fake = await startFakeAws({ functions: [{ name: 'orders', memoryMB: 512, timeoutS: 30, work: { cpuMs: 200 } }] });
  for (const [key, value] of Object.entries(fake.env)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_PROFILE', '');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

const run = (args: string[]) => runInProcess(args, { env: fake.env });
/** Access keys that signed the Lambda and Logs calls (the package download is a presigned URL: unsigned). */
const signers = (): string[] => [...new Set(fake.calls.filter((c) => c.service !== 'sts' && c.operation !== 'DownloadCode').map((c) => c.accessKeyId ?? '?'))];

describe('--role-arn', () => {
  it('assumes the role once with the external id and session name, and makes every call of tune --copy as it', async () => {
    const result = await run([
      ARN,
      '--copy',
      '-m',
      '512',
      '-n',
      '3',
      '--yes',
      '-o',
      'json',
      '--role-arn',
      'Tuner',
      '--external-id',
      'ext-42',
      '--role-session-name',
      'ci-job',
    ]);

    expect(result.stderr).not.toMatch(/lambda-rightsize: /);
    expect(result.code).toBe(0);
    expect(fake.callsOf('AssumeRole').map((c) => c.params)).toEqual([
      expect.objectContaining({ RoleArn: 'arn:aws:iam::123456789012:role/Tuner', ExternalId: 'ext-42', RoleSessionName: 'ci-job' }),
    ]);
    expect(signers()).toEqual(['ASIATUNER']);
  });

  it.each([
    { case: 'tune --dry-run', args: [ARN, '--dry-run', '-m', '512'] },
    { case: 'cleanup --dry-run', args: ['cleanup', '--dry-run'] },
    { case: 'scan', args: ['scan', 'orders', '--region', 'us-east-1'] },
  ])("signs the calls of $case with the role's credentials", async ({ args }) => {
    await run([...args, '--role-arn', 'arn:aws:iam::123456789012:role/Reader']);

    expect(fake.count('AssumeRole')).toBe(1);
    expect(signers()).toEqual(['ASIAREADER']);
  });

  it.each([
    {
      case: 'a role name without a function ARN',
      args: ['orders', '--role-arn', 'Tuner'],
      message: /--role-arn Tuner is a role name, and no function ARN says which account it is in/,
    },
    {
      case: 'a role in another account than the function',
      args: [ARN, '--role-arn', 'arn:aws:iam::999999999999:role/Tuner'],
      message: /--role-arn arn:aws:iam::999999999999:role\/Tuner is in account 999999999999, but the function is in account 123456789012/,
    },
    { case: '--external-id without --role-arn', args: ['orders', '--external-id', 'x'], message: /--external-id goes with --role-arn/ },
  ])('refuses $case in one line, before any call', async ({ args, message }) => {
    const result = await run([...args, '--dry-run', '-m', '512']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(fake.calls).toEqual([]);
  });
});
