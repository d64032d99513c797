/**
 * Performance bar of `tune` (issue 3): on the local endpoint with per-invocation latency injected,
 * 7 sizes × 20 invocations at concurrency 10 take at most 1.25× the critical path. Bundled and run by
 * run.sh, which also bundles the CLI; the fake runs in this process, the CLI in a child process
 * exactly as a user starts it.
 *
 * Env: TUNE_BENCH_RUNS (5), TUNE_BENCH_LATENCY_MS (200), TUNE_BENCH_UPDATE_MS (300), TUNE_BENCH_CLI.
 */
import { spawn } from 'node:child_process';
import { startFakeAws, type CallRecord, type FakeAws } from '../../../test/support/fake-aws/index.js';
import { criticalPath, measuringBound, type CallCosts, type CriticalPath, type RunShape } from './critical-path.js';
import { measureCallCosts, median, spawnMedianMs } from './overheads.js';

const SIZES = [128, 256, 512, 1024, 1536, 2048, 3008];
const SHAPE: RunShape = {
  sizes: SIZES.length,
  invocations: 20,
  concurrency: 10,
  latencyMs: Number(process.env.TUNE_BENCH_LATENCY_MS ?? 200),
  updateDelayMs: Number(process.env.TUNE_BENCH_UPDATE_MS ?? 300),
};
const RUNS = Number(process.env.TUNE_BENCH_RUNS ?? 5);
const CLI = process.env.TUNE_BENCH_CLI ?? 'benchmarks/perf/out/tune-cli/main.js';
const BAR = 1.25;

interface Timeline {
  /** ms from spawn: first request at the endpoint, first update, restore's first call, last call, exit. */
  firstCall: number;
  firstUpdate: number;
  restoreStart: number;
  lastCall: number;
  /** $LATEST away from its memory, on the wire: the first update's arrival to the restore's. */
  awayWireMs: number;
  /** The same, as the run reports it (`run.latestAwayMs`: until the restore has settled). */
  awayReportedMs: number;
  exit: number;
  /** Update_k → Update_k+1 arrivals: one preparation each as the engine does it. */
  prepareEach: number[];
  polls: number;
  calls: Partial<Record<string, number>>;
}

function runCli(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string; startedAt: number; endedAt: number }> {
  return new Promise((done, fail) => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr, startedAt, endedAt: Date.now() }));
  });
}

function timeline(calls: readonly CallRecord[], startedAt: number, endedAt: number, awayReportedMs: number): Timeline {
  const at = (call: CallRecord | undefined): number => (call ? call.at - startedAt : NaN);
  const updates = calls.filter((c) => c.operation === 'UpdateFunctionConfiguration');
  const lastInvoke = calls.findLastIndex((c) => c.operation === 'Invoke');
  const counts: Partial<Record<string, number>> = {};
  for (const c of calls) counts[c.operation] = (counts[c.operation] ?? 0) + 1;
  return {
    firstCall: at(calls[0]),
    firstUpdate: at(updates[0]),
    restoreStart: at(calls[lastInvoke + 1]),
    lastCall: at(calls.at(-1)),
    awayWireMs: updates.at(-1)!.at - updates[0]!.at,
    awayReportedMs,
    exit: endedAt - startedAt,
    // The function's own 1024 MB is published without an update: 6 updates, then the restore.
    prepareEach: updates.slice(1, -1).map((u, i) => u.at - updates[i]!.at),
    polls: counts.GetFunction ?? 0,
    calls: counts,
  };
}

async function runOnce(fake: FakeAws, index: number): Promise<Timeline> {
  const name = `perf-tune-${index}`;
  fake.addFunction({ name, memoryMB: 1024 });
  fake.resetCalls();
  const args = [
    name,
    '--memory',
    SIZES.join(','),
    '--invocations',
    String(SHAPE.invocations),
    '--concurrency',
    String(SHAPE.concurrency),
    '--yes',
    '-o',
    'json',
  ];
  const run = await runCli(args, fake.env);
  if (run.code !== 0) throw new Error(`run ${index} exited ${run.code}:\n${run.stderr}`);
  const report = JSON.parse(run.stdout) as { results: Array<{ memoryMB: number; invocations: number }>; run: { latestAwayMs: number } };
  const measured = report.results.reduce((sum, r) => sum + r.invocations, 0);
  const fn = fake.getFunction(name)!;
  if (report.results.length !== SIZES.length || measured !== SIZES.length * SHAPE.invocations)
    throw new Error(`run ${index}: ${measured} invocations measured`);
  if (fn.config.MemorySize !== 1024 || fn.versions.size !== 0)
    throw new Error(`run ${index}: function left at ${fn.config.MemorySize} MB with ${fn.versions.size} versions`);
  return timeline(fake.calls, run.startedAt, run.endedAt, report.run.latestAwayMs);
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function printModel(costs: CallCosts, path: CriticalPath): void {
  console.log(
    `endpoint round trips (median ms, delays off): ${Object.entries(costs)
      .map(([op, ms]) => `${op} ${ms.toFixed(1)}`)
      .join(', ')}`,
  );
  console.log(
    `critical path ${s(path.totalMs)} = plan ${path.planMs.toFixed(0)} ms + measuring ${path.measuringMs.toFixed(0)} ms ` +
      `(prepare ${path.prepareMs.toFixed(0)} ms × ${path.bindingSize} + ${path.waves} waves × ${path.waveMs.toFixed(0)} ms) ` +
      `+ restore ${path.restoreMs.toFixed(0)} ms + cleanup ${path.cleanupMs.toFixed(0)} ms`,
  );
}

function printRun(index: number, t: Timeline, path: CriticalPath): void {
  const engine = t.exit - t.firstCall;
  console.log(
    `run ${index}: wall ${s(t.exit)} (start-up ${t.firstCall} ms) · after start-up ${s(engine)} = ${(engine / path.totalMs).toFixed(2)}× · ` +
      `plan ${t.firstUpdate - t.firstCall} ms, measuring ${t.restoreStart - t.firstUpdate} ms, restore+cleanup ${t.lastCall - t.restoreStart} ms, ` +
      `exit ${t.exit - t.lastCall} ms · prepare median ${median(t.prepareEach)} ms · GetFunction ${t.polls} · ` +
      `$LATEST away ${t.awayReportedMs} ms (wire ${t.awayWireMs} ms) of ${t.exit - t.firstCall} ms`,
  );
}

/**
 * The same formula with the engine's own preparation and restore times (medians over the runs) in
 * place of the ideal ones: what is left over is the limiter, rendering and exit.
 */
function explain(runs: readonly Timeline[], path: CriticalPath): void {
  const prepareMs = median(runs.flatMap((t) => t.prepareEach));
  const tailMs = median(runs.map((t) => t.lastCall - t.restoreStart)) + path.cleanupMs / SHAPE.sizes;
  const bound = measuringBound(SHAPE, prepareMs, path.waveMs);
  const measured = median(runs.map((t) => t.restoreStart - t.firstUpdate));
  console.log(
    `with the engine's preparation (${prepareMs.toFixed(0)} ms a size) the measuring phase is bound at ${bound.measuringMs.toFixed(0)} ms ` +
      `(prepare × ${bound.bindingSize} + ${bound.waves} waves), measured ${measured} ms; restore+cleanup ${tailMs.toFixed(0)} ms against ${(path.restoreMs + path.cleanupMs).toFixed(0)} ms`,
  );
}

async function main(): Promise<void> {
  const fake = await startFakeAws({ latencyMs: SHAPE.latencyMs, updateDelayMs: SHAPE.updateDelayMs });
  try {
    console.log(
      `node ${process.version}; ${SIZES.length} sizes × ${SHAPE.invocations} invocations, concurrency ${SHAPE.concurrency}; latency ${SHAPE.latencyMs} ms, update ${SHAPE.updateDelayMs} ms; ${RUNS} runs`,
    );
    const costs = await measureCallCosts(fake);
    const path = criticalPath(SHAPE, costs);
    printModel(costs, path);
    const nodeMs = spawnMedianMs(['-e', '0'], 10);
    const helpMs = spawnMedianMs([CLI, '--help'], 10);
    console.log(`start-up (median of 10): node -e 0 ${nodeMs.toFixed(0)} ms, lambda-rightsize --help ${helpMs.toFixed(0)} ms`);
    const runs: Timeline[] = [];
    for (let i = 1; i <= RUNS; i++) {
      const t = await runOnce(fake, i);
      printRun(i, t, path);
      runs.push(t);
    }
    console.log(
      `calls per run: ${Object.entries(runs[0]!.calls)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}`,
    );
    explain(runs, path);
    const engine = median(runs.map((t) => t.exit - t.firstCall));
    const wall = median(runs.map((t) => t.exit));
    const ratio = engine / path.totalMs;
    console.log(
      `median: after start-up ${s(engine)} = ${ratio.toFixed(2)}× the critical path; wall with start-up ${s(wall)} = ${(wall / path.totalMs).toFixed(2)}×`,
    );
    const away = median(runs.map((t) => t.awayReportedMs));
    console.log(
      `median time $LATEST away from its 1024 MB: ${s(away)} (${((away / engine) * 100).toFixed(0)} % of the run; on the wire ${s(median(runs.map((t) => t.awayWireMs)))})`,
    );
    console.log(ratio <= BAR ? `within the bar (≤ ${BAR}×)` : `OVER THE BAR (${BAR}×)`);
    process.exitCode = ratio <= BAR ? 0 : 1;
  } finally {
    await fake.close();
  }
}

await main();
