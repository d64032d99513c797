/**
 * `tune` without --memory: the search, through the real process boundary against the local endpoint
 * with its performance model (test/support/fake-aws/execution.ts).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { childCliFixture, spawnCli } from '../support/child-cli.js';
import { startFakeAws, type FakeAws, type WorkModel } from '../support/fake-aws/index.js';

const cli = childCliFixture('tune-search');
let fake: FakeAws | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function endpoint(work: Partial<WorkModel>, seed = 7, knobs: { timeScale?: number; latencyMs?: number } = {}): Promise<FakeAws> {
  fake = await startFakeAws({ seed, ...knobs, functions: [{ name: 'fn', memoryMB: 512, timeoutS: 30, work }] });
  return fake;
}

const run = (f: FakeAws, args: string[]) => spawnCli(cli.main, args, { env: { ...f.env } }).exit;

describe('tune CLI: the search', () => {
  it('finds the one-vCPU knee of a single-threaded CPU-bound function, measuring it, and leaves the function as it was', async () => {
    const f = await endpoint({ cpuMs: 400, ioMs: 2, threads: 1, jitter: 0.05 });

    const { code, stdout, stderr } = await run(f, ['fn', '--yes', '-o', 'json', '--strategy', 'speed']);

    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const recommended = report.recommendation!.memoryMB;
    // 1,769 MB is the knee; sizes within 2 % of it are as fast within 1 %.
    expect(recommended).toBeGreaterThanOrEqual(1730);
    expect(recommended).toBeLessThanOrEqual(1769);
    expect(report.results.map((r) => r.memoryMB)).toContain(recommended);
    expect(report.results.length).toBeLessThan(7);
    // The model guides (one thread); whether it is still trusted at the end depends on the noise of the last sizes.
    expect(report.search).toMatchObject({ model: { threads: 1 }, range: { minMB: 128, maxMB: 10_240 } });
    expect(report.search!.curve.length).toBeGreaterThan(100);
    for (const r of report.results) expect(r.ci95?.trimmedMeanMs.low).toBeLessThanOrEqual(r.durationMs!.trimmedMean);
    expect(stderr).toMatch(/^ {2}sizes: {8}chosen by a search: searches 128–10240 MB for speed/m);
    expect(stderr).toMatch(/^search: (confirmed|at the caps): \d+ MB is the measured best/m);
    expect(report.search!.stopped).toMatch(/^(confirmed|budget)$/);
    if (report.search!.stopped === 'budget')
      expect(report.warnings).toContainEqual(expect.stringMatching(/^the search stopped at its caps with its answer unconfirmed: /));
    const fn = f.getFunction('fn')!;
    expect(fn.config.MemorySize).toBe(512);
    expect(fn.versions.size).toBe(0);
  });

  it('starts at most two environments per size, where the grid starts one per parallel slot', async () => {
    // Invocations that take real time overlap, so each one in flight needs its own environment.
    const f = await endpoint({ cpuMs: 400, ioMs: 2, threads: 1, jitter: 0.05 }, 7, { timeScale: 0.02, latencyMs: 20 });

    const search = await run(f, ['fn', '--yes', '-o', 'json', '--strategy', 'speed', '-c', '5']);
    const grid = await run(f, ['fn', '--yes', '-o', 'json', '--strategy', 'speed', '-c', '5', '-m', '1024', '-n', '10']);

    expect([search.code, grid.code]).toEqual([0, 0]);
    const cold = (out: string): number[] => (JSON.parse(out) as Report).results.map((r) => r.coldStarts);
    for (const n of cold(search.stdout)) expect(n).toBeLessThanOrEqual(2);
    expect(cold(grid.stdout)[0]).toBeGreaterThan(2);
  });

  it('states how the search proceeds and bounds its cost for --dry-run, and invokes nothing', async () => {
    const f = await endpoint({ cpuMs: 100 });

    const { code, stdout } = await run(f, ['fn', '--dry-run', '-o', 'json']);

    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as {
      plan: { memorySizes: number[]; costBoundUSD: number; search: { summary: string; maxInvocations: number; maxMemoryMB: number; maxSizes: number } };
    };
    expect(plan.plan.memorySizes).toEqual([]);
    expect(plan.plan.search).toMatchObject({ maxMemoryMB: 10_240, maxSizes: 10, maxInvocations: 120 });
    expect(plan.plan.search.summary).toMatch(/fits Lambda's resource model/);
    // Every allowed invocation at 10 GB into the 30 s timeout, plus the INITs.
    expect(plan.plan.costBoundUSD).toBeGreaterThan(120 * 10 * 30 * 0.0000166667);
    expect(f.count('Invoke')).toBe(0);
  });

  it('records a search that replay turns into the same recommendation', async () => {
    const f = await endpoint({ cpuMs: 300, ioMs: 300, threads: 1, jitter: 0.05 });
    const file = join(cli.dir, 'search.jsonl');

    const tuned = await run(f, ['fn', '--yes', '-o', 'json', '--strategy', 'cost', '--max-duration', '800', '--record', file]);
    const replayed = await run(f, ['replay', file, '-o', 'json', '--strategy', 'cost', '--max-duration', '800']);

    expect([tuned.code, replayed.code]).toEqual([0, 0]);
    const [a, b] = [tuned.stdout, replayed.stdout].map((out) => JSON.parse(out) as Report);
    expect(b!.recommendation!.memoryMB).toBe(a!.recommendation!.memoryMB);
    expect(b!.recommendation!.memoryMB).toBeGreaterThan(1024);
    expect(b!.recommendation!.memoryMB).toBeLessThan(1536);
  });
});
