/**
 * A tune run whose REPORT lines must be fetched from CloudWatch Logs (a chatty function's 4 KB tail
 * lost them) at a concurrency above 10: Node must print no MaxListenersExceededWarning, as it did
 * when every invocation and every waiting lookup added a listener to the run's one AbortSignal.
 */
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { bundleCli, spawnCli } from '../support/child-cli.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';

let main: string;
let fake: FakeAws;

beforeAll(async () => {
  main = await bundleCli('abort-listeners');
}, 60_000);

beforeEach(async () => {
  fake = await startFakeAws({ functions: [{ name: 'orders', memoryMB: 512, timeoutS: 30, work: { cpuMs: 50 } }] });
});

afterEach(async () => {
  await fake.close();
});

it('fetches REPORT lines from CloudWatch Logs at -c 15 without a MaxListenersExceededWarning', async () => {
  fake.injectTruncatedTails(40);
  const env = { ...fake.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

  const run = await spawnCli(main, ['orders', '--yes', '-m', '512,1024', '-n', '30', '-c', '15', '-o', 'json'], { env }).exit;

  expect(run.code).toBe(0);
  expect(fake.count('FilterLogEvents')).toBeGreaterThanOrEqual(40);
  expect(run.stderr).not.toMatch(/MaxListenersExceededWarning/);
}, 60_000);

it('backs off from throttles at -c 15 without a MaxListenersExceededWarning', async () => {
  // Every invocation of the first wave is throttled at once: each waits out its backoff on the run's signal.
  fake.knobs.latencyMs = 100;
  fake.injectThrottles(15);
  const env = { ...fake.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

  const run = await spawnCli(main, ['orders', '--yes', '-m', '512', '-n', '30', '-c', '15', '-o', 'json'], { env }).exit;

  expect(run.code).toBe(0);
  expect(fake.count('Invoke')).toBeGreaterThanOrEqual(45);
  expect(run.stderr).not.toMatch(/MaxListenersExceededWarning/);
}, 60_000);
