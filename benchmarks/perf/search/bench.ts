/**
 * The search's bars (issue 9), with the real CLI against the local endpoint: for each case and seed,
 * `tune <fn>` (the search) and `tune <fn> --memory 128,…,3008 --invocations 20` (the 7-size grid) at
 * the same concurrency; the recommendation's true shortfall from the optimum over 128–10,240 MB
 * (from the endpoint's own model, test/support/fake-aws/execution.ts), the GB-seconds each run was
 * billed (from --record) and the wall time. Bundled and run by run.sh, which also bundles the CLI.
 *
 * Env: SEARCH_BENCH_SEEDS (1,2,3), SEARCH_BENCH_LATENCY_MS (50), SEARCH_BENCH_UPDATE_MS (300),
 * SEARCH_BENCH_TIME_SCALE (0.1 real ms per modelled ms), SEARCH_BENCH_CONCURRENCY (5), SEARCH_BENCH_CLI,
 * SEARCH_BENCH_CASE (only cases whose name contains it), SEARCH_BENCH_VERBOSE (each size's figures).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws } from '../../../test/support/fake-aws/index.js';
import { trueShortfall, workOf, type SimFunction, type SimGoal } from '../../../test/support/search-sim.js';
import { gbSeconds } from '../../../src/pricing/index.js';
import type { InvocationRecord, Report } from '../../../src/types.js';
import { CASES, GRID, type SearchCase } from './cases.js';

const SEEDS = (process.env.SEARCH_BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
const LATENCY_MS = Number(process.env.SEARCH_BENCH_LATENCY_MS ?? 50);
const UPDATE_MS = Number(process.env.SEARCH_BENCH_UPDATE_MS ?? 300);
const TIME_SCALE = Number(process.env.SEARCH_BENCH_TIME_SCALE ?? 0.1);
const CONCURRENCY = Number(process.env.SEARCH_BENCH_CONCURRENCY ?? 5);
const CLI = process.env.SEARCH_BENCH_CLI ?? 'benchmarks/perf/out/search-cli/main.js';
/** Only the cases whose name contains this. */
const ONLY = process.env.SEARCH_BENCH_CASE ?? '';

interface Run {
  memoryMB: number | undefined;
  gbSeconds: number;
  wallMs: number;
  invocations: number;
  sizes: number;
  report: Report;
}

function runCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

async function measure(c: SearchCase, seed: number, grid: boolean, dir: string): Promise<Run> {
  const fake = await startFakeAws({ seed, latencyMs: LATENCY_MS, updateDelayMs: UPDATE_MS, timeScale: TIME_SCALE });
  try {
    fake.addFunction({ name: 'fn', memoryMB: 1024, timeoutS: c.fn.timeoutS ?? 900, work: workOf(c.fn) });
    const record = join(dir, `${c.name}-${seed}-${grid ? 'grid' : 'search'}.jsonl`);
    const args = ['fn', '--yes', '-o', 'json', '--concurrency', String(CONCURRENCY), '--strategy', c.goal.strategy, '--record', record];
    if (c.goal.maxDurationMs !== undefined) args.push('--max-duration', String(c.goal.maxDurationMs));
    if (grid) args.push('--memory', GRID.join(','), '--invocations', '20');
    const run = await runCli(args, fake.env);
    if (run.code !== 0) throw new Error(`${c.name} seed ${seed} ${grid ? 'grid' : 'search'} exited ${run.code}:\n${run.stderr}`);
    const report = JSON.parse(run.stdout) as Report;
    const records = (await readFile(record, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as InvocationRecord);
    return {
      memoryMB: report.recommendation?.memoryMB,
      gbSeconds: records.reduce((sum, r) => sum + gbSeconds(r.memoryMB, r.billedDurationMs), 0),
      wallMs: run.ms,
      invocations: records.length,
      sizes: report.results.length,
      report,
    };
  } finally {
    await fake.close();
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const over = (x: number): string => (x > 0 ? `; true p95 ${pct(x)} over the SLO` : '');

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'search-bench-'));
  console.log(`node ${process.version}; seeds ${SEEDS.join(',')}; concurrency ${CONCURRENCY}; latency ${LATENCY_MS} ms, update ${UPDATE_MS} ms, time scale ${TIME_SCALE}`);
  console.log('| case | seed | optimum | search → MB (shortfall) | grid → MB (shortfall) | GB-s search / grid | wall search / grid | sizes, invocations |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  let ok = true;
  try {
    for (const c of CASES.filter((k) => k.name.includes(ONLY))) {
      for (const seed of SEEDS) {
        const search = await measure(c, seed, false, dir);
        const grid = await measure(c, seed, true, dir);
        const fn: SimFunction = c.fn;
        const goal: SimGoal = c.goal;
        const s = trueShortfall(fn, goal, search.memoryMB ?? NaN);
        const g = trueShortfall(fn, goal, grid.memoryMB ?? NaN);
        const spend = search.gbSeconds / grid.gbSeconds;
        const wall = search.wallMs / grid.wallMs;
        // The bars of issue 9; a true p95 over the SLO is printed, not judged: the SLO is on the measured p95.
        const pass = s.shortfall <= 0.05 && spend <= 0.5 && wall <= 1;
        ok &&= pass;
        console.log(
          `| ${c.name} | ${seed} | ${s.optimumMB} MB | ${search.memoryMB} MB (${pct(s.shortfall)}${over(s.p95Over)}) | ${grid.memoryMB} MB (${pct(g.shortfall)}${over(g.p95Over)}) | ` +
            `${search.gbSeconds.toFixed(1)} / ${grid.gbSeconds.toFixed(1)} = ${(spend * 100).toFixed(0)} % | ${(search.wallMs / 1000).toFixed(1)} s / ${(grid.wallMs / 1000).toFixed(1)} s = ${wall.toFixed(2)} | ` +
            `${search.sizes}, ${search.invocations} vs ${grid.sizes}, ${grid.invocations} |${pass ? '' : ' OVER A BAR'}`,
        );
        if (process.env.SEARCH_BENCH_VERBOSE) {
          console.log(JSON.stringify(search.report.search?.stoppedBecause), `${search.report.search?.rounds} rounds`);
          for (const r of search.report.results) console.log(`  ${r.memoryMB} MB: ${r.invocations} (${r.coldStarts} cold), p95 ${r.durationMs?.p95.toFixed(0)}, mean ${r.durationMs?.trimmedMean.toFixed(0)}`);
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(ok ? 'every run within the bars (shortfall ≤ 5 %, GB-s ≤ 50 % of the grid, wall ≤ the grid)' : 'SOME RUN IS OVER A BAR');
  process.exitCode = ok ? 0 : 1;
}

await main();
