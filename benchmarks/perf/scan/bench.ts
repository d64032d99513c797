/**
 * Performance bar of `scan`: 200 functions on the local endpoint, every Logs Insights query taking
 * 1 s, finish in under 15 s. Bundled and run by run.sh; prints one line per scenario.
 *
 * The CLI command itself runs in-process (commander → scan-action → real SDK clients over HTTP to
 * the fake), so the figure includes option parsing, the SDK, polling and rendering.
 */
import { Command } from '@commander-js/extra-typings';
import { PassThrough } from 'node:stream';
import { registerScan } from '../../../src/cli/scan.js';
import type { CliContext } from '../../../src/cli/context.js';
import type { ScanReport } from '../../../src/scan/types.js';
import { startFakeAws, type FakeAws } from '../../../test/support/fake-aws/index.js';
import { steadyReports } from '../../../test/support/insights/generate.js';
import { scanInsights } from '../../../test/support/insights/index.js';
import { seedFunctions, type SeededFunction } from '../../../test/support/insights/seed.js';

const DAY = 86_400_000;
const FUNCTIONS = Number(process.env.SCAN_BENCH_FUNCTIONS ?? 200);
const REPORTS = Number(process.env.SCAN_BENCH_REPORTS ?? 100);
const LATENCY_MS = Number(process.env.SCAN_BENCH_LATENCY_MS ?? 1000);
const BAR_S = 15;

/**
 * A fleet: 3 in 4 text functions with their own group, 1 in 8 JSON, the rest in 5 shared groups;
 * 1 in 4 with Lambda Insights (half of those CPU-bound), so the CPU query runs beside the batches.
 */
function fleet(): SeededFunction[] {
  return Array.from({ length: FUNCTIONS }, (_, i) => {
    const name = `fn-${String(i).padStart(4, '0')}`;
    const memoryMB = [128, 256, 512, 1024, 2048][i % 5] as number;
    const json = i % 8 === 7;
    const shared = i % 8 === 6;
    const used = Math.max(40, Math.round(memoryMB * [0.2, 0.6, 0.97][i % 3]!));
    return {
      name,
      memoryMB,
      ...(json ? { logFormat: 'json' as const } : {}),
      ...(shared ? { logGroup: `/app/shared-${i % 5}` } : {}),
      reports: steadyReports(REPORTS, { memoryMB, minUsedMB: Math.round(used * 0.8), maxUsedMB: Math.min(used, memoryMB), durationMs: 50 + (i % 7) * 30 }),
      ...(i % 4 === 1 ? { insightsCpuMs: i % 8 === 1 ? 2 : Math.round((50 + (i % 7) * 30) * Math.min(1, memoryMB / 1769) * 0.9) } : {}),
    };
  });
}

function context(): CliContext & { out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  return {
    argv: [],
    env: { ...process.env, NO_COLOR: '1' },
    cwd: process.cwd(),
    stdin: new PassThrough(),
    stdout,
    stderr: new PassThrough().resume(),
    signal: new AbortController().signal,
    holdInterrupts: () => undefined,
    out: () => Buffer.concat(chunks).toString('utf8'),
  };
}

async function scenario(label: string, fake: FakeAws, args: string[]): Promise<number> {
  fake.resetCalls();
  const ctx = context();
  const program = new Command('lambda-rightsize').exitOverride();
  registerScan(program, ctx);
  const started = performance.now();
  await program.parseAsync(['scan', '--all', '--quiet', '-o', 'json', ...args], { from: 'user' });
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(ctx.out()) as ScanReport;
  const c = fake.counters;
  console.log(
    `${label}: ${seconds.toFixed(2)} s — ${report.functions.length} functions, ${report.summary.byKind['over-provisioned']} over-provisioned, ` +
      `${report.summary.byKind['memory-headroom']} memory-headroom (unverified), ` +
      `${report.summary.byKind['under-provisioned']} under-provisioned; calls: ListFunctions ${c.ListFunctions ?? 0}, ` +
      `DescribeLogGroups ${c.DescribeLogGroups ?? 0}, StartQuery ${c.StartQuery ?? 0}, GetQueryResults ${c.GetQueryResults ?? 0}, ` +
      `FilterLogEvents ${c.FilterLogEvents ?? 0}`,
  );
  return seconds;
}

async function main(): Promise<void> {
  const now = Date.now();
  const fake = await startFakeAws({ clockStartMs: now - 30 * DAY, queryLatencyMs: LATENCY_MS, queryPolls: 1 });
  fake.insights = scanInsights;
  seedFunctions(fake, fleet(), { fromMs: now - 13 * DAY, toMs: now - DAY });
  // The SDK reads endpoints and credentials from the environment.
  Object.assign(process.env, fake.env);
  delete process.env.AWS_PROFILE;
  console.log(`node ${process.version}; ${FUNCTIONS} functions × ${REPORTS} REPORT records; query latency ${LATENCY_MS} ms`);
  try {
    const seconds = await scenario('scan --all (default --concurrency 10)', fake, []);
    await scenario('scan --all --concurrency 1', fake, ['--concurrency', '1']);
    fake.injectAccessDenied('StartQuery');
    await scenario('scan --all, StartQuery denied (FilterLogEvents fallback)', fake, []);
    console.log(seconds < BAR_S ? `within the bar (< ${BAR_S} s)` : `OVER THE BAR (${BAR_S} s)`);
    process.exitCode = seconds < BAR_S ? 0 : 1;
  } finally {
    await fake.close();
  }
}

await main();
