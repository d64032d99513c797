import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { childCliFixture } from '../support/child-cli.js';
import { runInProcess } from '../support/cli.js';

const PRIME_SIEVE = 'benchmarks/recordings/prime-sieve.log';
const PRIME_SIEVE_JSON = 'benchmarks/recordings/prime-sieve-json.log';
const SLIDE_PRICES = ['--gb-second-price', '0.00001667', '--request-price', '0.0000002', '--per', '1000'];

// The built CLI as `npm run build` makes it (bundled once per run), and a folder for the files the tests write.
const cli = childCliFixture('replay-cli');

describe('replay of the bundled prime-sieve recording', () => {
  it('reproduces the slide: mean durations and cost per 1000 invocations per size', async () => {
    const run = await runInProcess(['replay', PRIME_SIEVE, '--output', 'json', ...SLIDE_PRICES]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const bySize = Object.fromEntries(report.results.map((r) => [r.memoryMB, { meanS: r.durationMs!.mean / 1000, per1000: r.costUSD!.perUnit.toFixed(6) }]));
    expect(bySize).toEqual({
      128: { meanS: expect.closeTo(11.722965, 9), per1000: '0.024628' },
      256: { meanS: expect.closeTo(6.678945, 9), per1000: '0.028035' },
      512: { meanS: expect.closeTo(3.194954, 9), per1000: '0.026830' },
      1024: { meanS: expect.closeTo(1.465984, 9), per1000: '0.024638' },
    });
    expect(report.pricing).toMatchObject({ gbSecondUSD: 0.00001667, requestUSD: 0.0000002, per: 1000 });
    expect(report.schemaVersion).toBe(1);
    expect(report.source).toBe('replay');
  });

  it('recommends 1024 MB for speed and marks it in the table', async () => {
    const run = await runInProcess(['replay', PRIME_SIEVE, '--strategy', 'speed', ...SLIDE_PRICES]);
    expect(run.code).toBe(0);
    const json = JSON.parse((await runInProcess(['replay', PRIME_SIEVE, '--strategy', 'speed', '-o', 'json'])).stdout) as Report;
    expect(json.recommendation?.memoryMB).toBe(1024);
    const row = run.stdout.split('\n').find((line) => /\b1024\b/.test(line) && /[★▶]/.test(line));
    expect(row).toBeDefined();
  });

  it('recommends the cheapest size for the cost strategy', async () => {
    const run = await runInProcess(['replay', PRIME_SIEVE, '--strategy', 'cost', '-o', 'json', ...SLIDE_PRICES]);
    const report = JSON.parse(run.stdout) as Report;
    const cheapest = report.results.toSorted((a, b) => a.costUSD!.perInvocation - b.costUSD!.perInvocation)[0]!;
    expect(report.recommendation?.memoryMB).toBe(cheapest.memoryMB);
  });

  it('prints one record per invocation as JSONL with --output records', async () => {
    const run = await runInProcess(['replay', PRIME_SIEVE, '--output', 'records']);
    const lines = run.stdout.trim().split('\n');
    const records = lines.map((line) => JSON.parse(line) as { memoryMB: number });
    expect(records.length).toBe(84);
    expect(new Set(records.map((r) => r.memoryMB))).toEqual(new Set([128, 256, 512, 1024]));
  });

  it('replays its own records output to the same analysis', async () => {
    const recordsFile = join(cli.dir, 'records.jsonl');
    await writeFile(recordsFile, (await runInProcess(['replay', PRIME_SIEVE, '-o', 'records'])).stdout);
    const original = JSON.parse((await runInProcess(['replay', PRIME_SIEVE, '-o', 'json', '--name', 'x'])).stdout) as Report;
    const again = JSON.parse((await runInProcess(['replay', recordsFile, '-o', 'json', '--name', 'x'])).stdout) as Report;
    expect(again.results).toEqual(original.results);
  });

  it('reads standard input when the file is -', async () => {
    const run = await runInProcess(['replay', '-', '-o', 'json'], { stdin: await readFile(PRIME_SIEVE) });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report).results).toHaveLength(4);
  });

  it('reads gzipped logs', async () => {
    const gz = join(cli.dir, 'prime-sieve.log.gz');
    await writeFile(gz, gzipSync(await readFile(PRIME_SIEVE)));
    const run = await runInProcess(['replay', gz, '-o', 'json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report).results.map((r) => r.invocations)).toEqual([21, 21, 21, 21]);
  });

  it('shows the saving against the current size', async () => {
    const run = await runInProcess(['replay', PRIME_SIEVE, '-o', 'json', '--current-memory', '256', '--strategy', 'cost']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.function.originalMemoryMB).toBe(256);
    expect(report.recommendation?.savingVsCurrent?.currentMemoryMB).toBe(256);
    expect(report.recommendation?.savingVsCurrent?.costPercent).toBeGreaterThan(0);
  });

  it.each([
    { case: 'csv', format: 'csv', expected: /^function,architecture,region,memory_mb,/m },
    { case: 'markdown', format: 'markdown', expected: /^\|.*\|$/m },
    { case: 'table', format: 'table', expected: /1024 / },
  ])('renders $case', async ({ format, expected }) => {
    const run = await runInProcess(['replay', PRIME_SIEVE, '-o', format]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(expected);
  });

  it('analyses the JSON log format recording', async () => {
    const run = await runInProcess(['replay', PRIME_SIEVE_JSON, '-o', 'json', '--arch', 'arm64']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.pricing.architecture).toBe('arm64');
    expect(report.results.length).toBeGreaterThanOrEqual(3);
    expect(report.results.every((r) => r.coldStarts >= 1)).toBe(true);
  });
});

describe('bad input', () => {
  const cases: Array<{ case: string; argv: (d: string) => string[]; setup?: (d: string) => Promise<void>; message: RegExp }> = [
    { case: 'a missing file', argv: (d) => ['replay', join(d, 'nope.log')], message: /nope\.log/ },
    {
      case: 'a directory',
      argv: (d) => ['replay', join(d, 'adir')],
      setup: (d) => mkdir(join(d, 'adir'), { recursive: true }).then(() => undefined),
      message: /adir/,
    },
    { case: 'an empty file', argv: (d) => ['replay', join(d, 'empty.log')], setup: (d) => writeFile(join(d, 'empty.log'), ''), message: /empty/ },
    {
      case: 'a binary file',
      argv: (d) => ['replay', join(d, 'bin.dat')],
      setup: (d) => writeFile(join(d, 'bin.dat'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 0])),
      message: /binary/,
    },
    {
      case: 'a file with no REPORT line',
      argv: (d) => ['replay', join(d, 'app.log')],
      setup: (d) => writeFile(join(d, 'app.log'), 'hello\nworld\n'),
      message: /no Lambda REPORT line found in .*app\.log/,
    },
    { case: 'a weight above 1', argv: () => ['replay', PRIME_SIEVE, '--weight', '2'], message: /--weight must be between 0 and 1/ },
    { case: 'an unknown strategy', argv: () => ['replay', PRIME_SIEVE, '--strategy', 'fastest'], message: /fastest.*(cost|choices)/ },
    { case: 'an unknown output', argv: () => ['replay', PRIME_SIEVE, '--output', 'xml'], message: /xml/ },
    { case: 'a discard above 0.4', argv: () => ['replay', PRIME_SIEVE, '--discard', '0.5'], message: /--discard must be between 0 and 0.4/ },
    { case: 'a negative price', argv: () => ['replay', PRIME_SIEVE, '--gb-second-price', '-1'], message: /cannot be negative/ },
    { case: 'a current memory out of range', argv: () => ['replay', PRIME_SIEVE, '--current-memory', '20000'], message: /out of range/ },
    { case: 'an unknown architecture', argv: () => ['replay', PRIME_SIEVE, '--arch', 'sparc'], message: /sparc/ },
    { case: 'an unknown option', argv: () => ['replay', PRIME_SIEVE, '--colour'], message: /unknown option/ },
  ];

  it.each(cases)('rejects $case with one line and exit 2', async ({ argv, setup, message }) => {
    await setup?.(cli.dir);
    const run = await runInProcess(argv(cli.dir));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr
      .trim()
      .split('\n')
      .filter((line) => !/^\(Did you mean/.test(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the built CLI', () => {
  const exec = promisify(execFile);

  it("runs the README's first command and exits 0", async () => {
    const { stdout } = await exec(process.execPath, [cli.main, 'replay', PRIME_SIEVE], { env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout).toMatch(/1024 MB/);
  });

  it('exits 2 with one line and no stack trace for a missing file', async () => {
    const failure = await exec(process.execPath, [cli.main, 'replay', 'missing.log']).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 2, stdout: '' });
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^lambda-rightsize: .*missing\.log/);
  });

  it('loads no AWS SDK module for --help or replay (static import graph of the build)', async () => {
    const graph = await staticImports(cli.main);
    const replayChunk = (await readFile(cli.main, 'utf8')).match(/import\("\.\/(replay-action-[^"]+\.js)"\)/)?.[1];
    expect(replayChunk).toBeDefined();
    const replayGraph = await staticImports(join(dirname(cli.main), replayChunk!));
    expect([...graph, ...replayGraph].filter((spec) => spec.startsWith('@aws-sdk/'))).toEqual([]);
    expect([...graph].some((spec) => spec === '@commander-js/extra-typings')).toBe(true);
    // Only the table needs these; `replay -o json` loads them never (render/lazy.ts).
    expect([...replayGraph].filter((spec) => spec === 'chalk' || spec === 'cli-table3')).toEqual([]);
  });
});

/** Bare specifiers reachable from a built file through static `import … from` only. */
async function staticImports(entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/^import\s*(?:[^'"()]*?from\s*)?["']([^"']+)["'];?$/gm)) {
      const spec = match[1]!;
      if (spec.startsWith('./') || spec.startsWith('../')) queue.push(join(dirname(file), spec));
      else bare.add(spec);
    }
  }
  return bare;
}
