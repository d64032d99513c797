/**
 * What the local endpoint itself costs per call, and what Node and the CLI cost to start: the inputs
 * of the critical path that are not injected delays.
 */
import {
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { spawnSync } from 'node:child_process';
import type { FakeAws } from '../../../test/support/fake-aws/index.js';
import type { CallCosts } from './critical-path.js';

export const median = (xs: readonly number[]): number => {
  const sorted = xs.toSorted((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timed(samples: number[], call: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await call();
  samples.push(performance.now() - started);
}

/**
 * Median round trip of each call the run makes, through a real SDK client over HTTP (as the CLI
 * does, from this process rather than the child), with `latencyMs` and `updateDelayMs` at 0.
 */
export async function measureCallCosts(fake: FakeAws, rounds = 60, warmup = 15): Promise<CallCosts> {
  const saved = { latencyMs: fake.knobs.latencyMs, updateDelayMs: fake.knobs.updateDelayMs };
  Object.assign(fake.knobs, { latencyMs: 0, updateDelayMs: 0 });
  const FunctionName = 'perf-probe';
  fake.addFunction({ name: FunctionName, memoryMB: 1024 });
  const client = new LambdaClient({ region: fake.region, endpoint: fake.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const samples: Record<keyof CallCosts, number[]> = {
    GetFunction: [],
    GetFunctionConcurrency: [],
    UpdateFunctionConfiguration: [],
    ListVersionsByFunction: [],
    PublishVersion: [],
    DeleteFunction: [],
    Invoke: [],
  };
  const scratch: Record<keyof CallCosts, number[]> = structuredClone(samples);
  const payload = Buffer.from('{}');
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      const into = round < warmup ? scratch : samples;
      await timed(into.UpdateFunctionConfiguration, () =>
        client.send(new UpdateFunctionConfigurationCommand({ FunctionName, MemorySize: 1024 + 64 * ((round % 2) + 1) })),
      );
      await timed(into.GetFunction, () => client.send(new GetFunctionCommand({ FunctionName })));
      await timed(into.ListVersionsByFunction, () => client.send(new ListVersionsByFunctionCommand({ FunctionName })));
      let version = '';
      await timed(into.PublishVersion, async () => {
        version = (await client.send(new PublishVersionCommand({ FunctionName }))).Version ?? '';
      });
      await timed(into.Invoke, () => client.send(new InvokeCommand({ FunctionName, Qualifier: version, Payload: payload, LogType: 'Tail' })));
      await timed(into.DeleteFunction, () => client.send(new DeleteFunctionCommand({ FunctionName, Qualifier: version })));
      await timed(into.GetFunctionConcurrency, () => client.send(new GetFunctionConcurrencyCommand({ FunctionName })));
    }
  } finally {
    client.destroy();
    Object.assign(fake.knobs, saved);
  }
  return Object.fromEntries(Object.entries(samples).map(([op, xs]) => [op, median(xs)])) as unknown as CallCosts;
}

/** Median wall time of `node <args>` over `runs` (after one warm-up), in ms. */
export function spawnMedianMs(args: readonly string[], runs: number): number {
  const once = (): number => {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
    return performance.now() - started;
  };
  once();
  return median(Array.from({ length: runs }, once));
}
