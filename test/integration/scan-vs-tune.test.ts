/**
 * "scan flags only what a tune run would confirm": the same two functions of the local endpoint's
 * execution model (duration = cpuMs / CPU share + ioMs), first invoked as production would (their
 * REPORT records in CloudWatch Logs, a Lambda Insights event per invocation with the CPU time the
 * model spent), then scanned, then tuned at the size scan suggests.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanReport } from '../../src/scan/types.js';
import { runInProcess } from '../support/cli.js';
import { fakeClients } from '../support/fake-aws/clients.js';
import { startFakeAws, type FakeAws } from '../support/fake-aws/index.js';
import { performanceEvent } from '../support/insights/generate.js';
import { scanInsights } from '../support/insights/index.js';

const DAY = 86_400_000;
const NOW = Date.now();
const WORK = {
  // 5 ms of CPU, 100 ms waiting: I/O-bound.
  fetcher: { memoryMB: 1024, cpuMs: 5, ioMs: 100 },
  // The README's prime sieve: all CPU, 1769 MB = one vCPU.
  primes: { memoryMB: 1769, cpuMs: 300, ioMs: 2 },
} as const;

let fake: FakeAws;

interface TuneResult {
  memoryMB: number;
  durationMs: { p95: number };
  costUSD: { perInvocation: number };
}

beforeEach(async () => {
  fake = await startFakeAws({
    clockStartMs: NOW - 3 * DAY,
    functions: Object.entries(WORK).map(([name, w]) => ({
      name,
      memoryMB: w.memoryMB,
      timeoutS: 30,
      work: { cpuMs: w.cpuMs, ioMs: w.ioMs, threads: 1, jitter: 0.02, baseMemoryMB: 60, usedMemoryMB: 50 },
    })),
  });
  fake.insights = scanInsights;
  const { lambda } = fakeClients(fake);
  for (const name of Object.keys(WORK)) {
    for (let i = 0; i < 60; i++) await lambda.send(new InvokeCommand({ FunctionName: name, Payload: new TextEncoder().encode('{}') }));
  }
  lambda.destroy();
  // What the Lambda Insights extension would write: CPU time used is the model's CPU work.
  for (const [name, w] of Object.entries(WORK)) {
    const events = fake.logEvents(`/aws/lambda/${name}`).filter((e) => e.message.startsWith('REPORT'));
    fake.appendLogs(
      '/aws/lambda-insights',
      `2026/01/10/[$LATEST]${name}`,
      events.map((e) => {
        const durationMs = Number(/\tDuration: ([\d.]+) ms/.exec(e.message)?.[1]);
        const requestId = /RequestId: (\S+)/.exec(e.message)?.[1] ?? '';
        return {
          timestamp: e.timestamp,
          message: performanceEvent({ functionName: name, memoryMB: w.memoryMB, cpuMs: w.cpuMs, durationMs, maxUsedMB: 110 }, requestId, e.timestamp),
        };
      }),
    );
  }
  fake.clock.set(NOW);
  for (const [key, value] of Object.entries(fake.env)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_PROFILE', '');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

const run = (argv: string[]) => runInProcess(argv, { env: { ...fake.env, GITHUB_ACTIONS: '', CI: '' } });

async function tune(name: string, sizes: number[]): Promise<Map<number, TuneResult>> {
  const result = await run([name, '--yes', '--memory', sizes.join(','), '-n', '20', '-o', 'json', '--quiet']);
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as { results: TuneResult[] };
  return new Map(report.results.map((r) => [r.memoryMB, r]));
}

describe('scan against tune', () => {
  it('flags the I/O-bound function at a size tune confirms cheaper within the speed limit, and keeps the CPU-bound one', async () => {
    const scanned = await run(['scan', '--all', '--quiet', '-o', 'json']);
    const report = JSON.parse(scanned.stdout) as ScanReport;
    const fetcher = report.functions.find((f) => f.name === 'fetcher');
    const primes = report.functions.find((f) => f.name === 'primes');
    const suggested = fetcher?.findings[0]?.suggestedMemoryMB ?? 0;

    expect(fetcher?.findings.map((f) => f.kind)).toEqual(['over-provisioned']);
    expect(primes?.findings).toEqual([]);

    const measured = await tune('fetcher', [suggested, 1024]);
    const [small, now] = [measured.get(suggested), measured.get(1024)];
    expect(small?.costUSD.perInvocation).toBeLessThan(now?.costUSD.perInvocation ?? 0);
    expect(small?.durationMs.p95).toBeLessThanOrEqual((now?.durationMs.p95 ?? 0) * (1 + report.thresholds.maxSlowdown));

    // What memory alone would have suggested for the prime sieve: tune shows it far too slow.
    const sieve = await tune('primes', [192, 1769]);
    expect(sieve.get(192)?.durationMs.p95).toBeGreaterThan((sieve.get(1769)?.durationMs.p95 ?? Infinity) * (1 + report.thresholds.maxSlowdown));
  }, 60_000);
});
