/**
 * The README's example pull-request comment for `diff` is what the CLI prints for its scenario:
 * an I/O-bound API cut to a third of its memory, a CPU-bound renderer halved and a new function,
 * against the local endpoint with an hour of traffic (2.2 M and 0.3 M invocations a month).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runInProcess } from '../support/cli.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';
import { steadyState } from '../support/fake-aws/steady-state.js';
import { DEFAULT_WORK, type WorkModel } from '../support/fake-aws/types.js';
import { fixtureRepo, type FixtureRepo } from '../support/git-repo.js';
import { scanInsights } from '../support/insights/index.js';
import { steadyReports } from '../support/insights/generate.js';
import { seedFunctions } from '../support/insights/seed.js';

const IO: WorkModel = { ...DEFAULT_WORK, cpuMs: 12, ioMs: 250, threads: 1, jitter: 0 };
const CPU: WorkModel = { ...DEFAULT_WORK, cpuMs: 800, ioMs: 0, threads: 1, jitter: 0 };
const reports = (n: number, work: WorkModel, memoryMB: number) =>
  steadyReports(n, { memoryMB, minUsedMB: 90, maxUsedMB: 120, durationMs: Math.round(steadyState(work, memoryMB).meanMs * 1000) / 1000 });

const template = (api: number, pdf: number, extra = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders-api
      Handler: api.handler
      MemorySize: ${api}
  Pdf:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders-pdf
      Handler: pdf.handler
      MemorySize: ${pdf}
${extra}`;
const NOTIFY = `  Notify:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders-notify
      Handler: notify.handler
      MemorySize: 256
`;

let fake: FakeAws;
let repo: FixtureRepo;

beforeAll(async () => {
  const now = Date.now();
  fake = await startFakeAws({ clockStartMs: now - 30 * 86_400_000 });
  fake.insights = scanInsights;
  seedFunctions(
    fake,
    [
      { name: 'orders-api', memoryMB: 1769, reports: reports(3000, IO, 1769), insightsCpuMs: IO.cpuMs },
      { name: 'orders-pdf', memoryMB: 1024, reports: reports(400, CPU, 1024), insightsCpuMs: CPU.cpuMs },
    ],
    { fromMs: now - 3_500_000, toMs: now - 60_000 },
  );
  for (const [key, value] of Object.entries(fake.env)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_PROFILE', '');
  repo = fixtureRepo({ 'infra/template.yaml': template(1769, 1024) }, { 'infra/template.yaml': template(590, 512, NOTIFY) });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  repo.remove();
  await fake.close();
});

it('shows the pull-request comment exactly as diff prints it', async () => {
  const readme = await readFile('README.md', 'utf8');
  const quoted = /gets this comment[^\n]*\n\n((?:>[^\n]*\n)+)/.exec(readme)?.[1];
  expect(quoted).toBeDefined();
  const env = {
    ...fake.env,
    GITHUB_ACTIONS: '',
    CI: '',
    GITHUB_BASE_REF: '',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/orders',
    GITHUB_SHA: '4f2c9e1',
  };

  const run = await runInProcess(['diff', '--quiet', '--since', '1h', '--source', repo.dir, '-o', 'markdown'], { env });

  expect(run.code).toBe(0);
  // The base commit's id differs run to run.
  const printed = run.stdout.replace(/\(([0-9a-f]{7})\)/, '(d2c368b)');
  expect(printed).toBe((quoted as string).replace(/^> ?/gm, ''));
});
