/**
 * The search's bars (issues 9 and 17), with the real CLI against the local endpoint: for each case
 * and seed, `tune <fn>` (the search) and `tune <fn> --memory 128,…,3008 --invocations 20` (the
 * 7-size grid) at the same concurrency, judged against the true optimum of the endpoint's own model
 * (evaluate.ts, as simulate.ts judges the simulator's runs), with the GB-seconds each run was billed
 * (from --record) and the wall time. Bundled and run by run.sh, which also bundles the CLI.
 *
 * Env: SEARCH_BENCH_SEEDS (1,2), SEARCH_BENCH_LATENCY_MS (50), SEARCH_BENCH_UPDATE_MS (300),
 * SEARCH_BENCH_TIME_SCALE (0.1 real ms per modelled ms), SEARCH_BENCH_CONCURRENCY (5), SEARCH_BENCH_CLI,
 * SEARCH_BENCH_CASE (only cases whose name contains it), SEARCH_BENCH_VERBOSE (each size's figures).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws } from '../../../test/support/fake-aws/index.js';
import { workOf } from '../../../test/support/search-sim.js';
import { trueOptimum } from '../../../test/support/truth.js';
import { gbSeconds } from '../../../src/pricing/index.js';
import type { InvocationRecord, Report } from '../../../src/types.js';
import { CASES, GRID, GRID_INVOCATIONS, type SearchCase } from './cases.js';
import { caseTable, overall, runLine, verdictOf, type CaseRuns } from './evaluate.js';

const SEEDS = (process.env.SEARCH_BENCH_SEEDS ?? '1,2').split(',').map(Number);
const LATENCY_MS = Number(process.env.SEARCH_BENCH_LATENCY_MS ?? 50);
const UPDATE_MS = Number(process.env.SEARCH_BENCH_UPDATE_MS ?? 300);
const TIME_SCALE = Number(process.env.SEARCH_BENCH_TIME_SCALE ?? 0.1);
const CONCURRENCY = Number(process.env.SEARCH_BENCH_CONCURRENCY ?? 5);
const CLI = process.env.SEARCH_BENCH_CLI ?? 'benchmarks/perf/out/search-cli/main.js';
/** Only the cases whose name contains this. */
const ONLY = process.env.SEARCH_BENCH_CASE ?? '';
const VERBOSE = Boolean(process.env.SEARCH_BENCH_VERBOSE);

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
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    const record = join(dir, `${c.name.replace(/[^a-z0-9]+/gi, '-')}-${seed}-${grid ? 'grid' : 'search'}.jsonl`);
    const args = ['fn', '--yes', '-o', 'json', '--concurrency', String(CONCURRENCY), '--strategy', c.goal.strategy, '--record', record];
    if (c.goal.strategy === 'balanced') args.push('--weight', String(c.goal.weight));
    if (c.goal.maxDurationMs !== undefined) args.push('--max-duration', String(c.goal.maxDurationMs));
    if (grid) args.push('--memory', GRID.join(','), '--invocations', String(GRID_INVOCATIONS));
    const run = await runCli(args, fake.env);
    // A run can end without a recommendation and a non-zero exit (every size failing) and still report: judge what it says.
    let report: Report;
    try {
      report = JSON.parse(run.stdout) as Report;
    } catch {
      throw new Error(`${c.name} seed ${seed} ${grid ? 'grid' : 'search'} exited ${run.code} without a report:\n${run.stderr}`);
    }
    const records = (await readFile(record, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as InvocationRecord);
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

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'search-bench-'));
  const started = Date.now();
  const rows: CaseRuns[] = [];
  try {
    for (const c of CASES.filter((k) => k.name.includes(ONLY))) {
      const row: CaseRuns = { c, optimumMB: trueOptimum(workOf(c.fn), c.goal)?.memoryMB, search: [], grid: [] };
      for (const seed of SEEDS) {
        const search = await measure(c, seed, false, dir);
        const grid = await measure(c, seed, true, dir);
        const s = { ...verdictOf(c, seed, search.report, search.gbSeconds), wallRatio: search.wallMs / grid.wallMs };
        const g = verdictOf(c, seed, grid.report, grid.gbSeconds);
        row.search.push(s);
        row.grid.push(g);
        if (VERBOSE) {
          console.log(`${runLine(c, 'search', s)}\n${runLine(c, 'grid', g)}`);
          for (const r of search.report.results)
            console.log(
              `  ${r.memoryMB} MB: ${r.invocations} (${r.coldStarts} cold), p95 ${r.durationMs?.p95.toFixed(0)}, mean ${r.durationMs?.trimmedMean.toFixed(0)}`,
            );
        }
      }
      rows.push(row);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    `real CLI against the local endpoint: node ${process.version}; seeds ${SEEDS.join(',')}; concurrency ${CONCURRENCY}; latency ${LATENCY_MS} ms, update ${UPDATE_MS} ms, time scale ${TIME_SCALE}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log('');
  for (const line of caseTable(rows)) console.log(line);
  console.log('');
  const bars = overall(rows);
  for (const line of bars.lines) console.log(line);
  process.exitCode = bars.met ? 0 : 1;
}

await main();
