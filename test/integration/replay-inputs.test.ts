/** `replay` over every shape of input: formats, encodings, folders, several files at once. */
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { Report } from '../../src/types.js';
import { runInProcess } from '../support/cli.js';

const FORMATS = 'test/fixtures/logs/formats';
const TEXT = 'test/fixtures/logs/text-tabs.log';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rightsize-inputs-'));
});

async function replayJson(args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const run = await runInProcess(['replay', ...args, '-o', 'json']);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

const sizes = (report: Report) => report.results.map((r) => ({ memoryMB: r.memoryMB, invocations: r.invocations, coldStarts: r.coldStarts, errors: r.errors }));

describe('replay reads', () => {
  it.each([
    { case: 'a Logs Insights CSV export', file: `${FORMATS}/insights-results.csv`, expected: [{ memoryMB: 512, invocations: 3, coldStarts: 1, errors: 0 }] },
    { case: 'a console CSV export', file: `${FORMATS}/console-events.csv`, expected: [{ memoryMB: 256, invocations: 2, coldStarts: 0, errors: 1 }] },
    {
      case: 'aws logs get-query-results with @message',
      file: `${FORMATS}/get-query-results.json`,
      expected: [{ memoryMB: 512, invocations: 2, coldStarts: 1, errors: 0 }],
    },
    {
      case: 'aws logs get-query-results with discovered fields',
      file: `${FORMATS}/get-query-results-fields.json`,
      expected: [{ memoryMB: 512, invocations: 2, coldStarts: 1, errors: 0 }],
    },
    {
      case: 'a pretty-printed array of JSON-format events',
      file: `${FORMATS}/pretty-events.json`,
      expected: [{ memoryMB: 1024, invocations: 2, coldStarts: 1, errors: 0 }],
    },
    {
      case: 'pretty-printed events one after another',
      file: `${FORMATS}/pretty-concatenated.json`,
      expected: [{ memoryMB: 1024, invocations: 2, coldStarts: 1, errors: 0 }],
    },
    {
      case: 'UTF-16LE with a BOM and CRLF (PowerShell >)',
      file: `${FORMATS}/powershell-utf16le.log`,
      expected: [{ memoryMB: 512, invocations: 3, coldStarts: 1, errors: 0 }],
    },
    { case: 'UTF-16BE with a BOM', file: `${FORMATS}/utf16be.log`, expected: [{ memoryMB: 512, invocations: 3, coldStarts: 1, errors: 0 }] },
  ])('$case', async ({ file, expected }) => {
    const { code, report } = await replayJson([file]);

    expect(code).toBe(0);
    expect(sizes(report)).toEqual(expected);
  });

  it.each([
    { case: 'UTF-16LE without a BOM', encode: (text: Buffer) => Buffer.from(text.toString('utf8'), 'utf16le') },
    { case: 'UTF-16BE without a BOM', encode: (text: Buffer) => Buffer.from(text.toString('utf8'), 'utf16le').swap16() },
  ])('reads $case (told by the NUL in every other byte)', async ({ encode }) => {
    const file = join(dir, 'no-bom.log');
    await writeFile(file, encode(await readFile(TEXT)));

    const { report } = await replayJson([file]);

    expect(sizes(report)).toEqual([{ memoryMB: 512, invocations: 3, coldStarts: 1, errors: 0 }]);
  });

  it('gives UTF-16 input the very analysis of its UTF-8 original', async () => {
    const [utf8, utf16] = await Promise.all([replayJson([TEXT, '--name', 'x']), replayJson([`${FORMATS}/powershell-utf16le.log`, '--name', 'x'])]);

    expect(utf16.report.results).toEqual(utf8.report.results);
  });

  it('reads an S3 export folder recursively and notes the write-test object it skips', async () => {
    const { code, report } = await replayJson([`${FORMATS}/s3-export`]);

    expect(code).toBe(0);
    expect(sizes(report)).toEqual([{ memoryMB: 1024, invocations: 3, coldStarts: 1, errors: 0 }]);
    expect(inputNotes(report)).toEqual([
      expect.stringMatching(/skipped .*exportedlogs\/aws-logs-write-test: the test object CloudWatch Logs writes before an S3 export/),
    ]);
  });
});

describe('replay of several inputs', () => {
  it('notes each input without a REPORT line and analyses the others', async () => {
    await writeFile(join(dir, 'app.log'), 'hello\nworld\n');
    await writeFile(join(dir, 'empty.log'), '');

    const { code, report } = await replayJson([TEXT, join(dir, 'app.log'), join(dir, 'empty.log'), `${FORMATS}/insights-results.csv`]);

    expect(code).toBe(0);
    expect(sizes(report)).toEqual([{ memoryMB: 512, invocations: 6, coldStarts: 2, errors: 0 }]);
    expect(inputNotes(report)).toEqual([expect.stringMatching(/no Lambda REPORT line found in .*app\.log$/), expect.stringMatching(/empty\.log is empty$/)]);
  });

  it("keeps each file's malformed-line count apart", async () => {
    const { report } = await replayJson(['test/fixtures/logs/malformed.log', 'test/fixtures/logs/records.jsonl']);

    expect(report.warnings.filter((w) => w.startsWith('skipped'))).toEqual([
      expect.stringMatching(/^skipped 3 malformed REPORT lines in test\/fixtures\/logs\/malformed\.log/),
      expect.stringMatching(/^skipped 1 malformed REPORT line in test\/fixtures\/logs\/records\.jsonl/),
    ]);
  });

  it('fails with one line when none of the inputs has a REPORT line', async () => {
    await writeFile(join(dir, 'a.log'), 'hello\n');
    await writeFile(join(dir, 'b.log'), 'world\n');

    const run = await runInProcess(['replay', join(dir, 'a.log'), join(dir, 'b.log')]);

    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /no Lambda REPORT line found in any of the 2 inputs \(no Lambda REPORT line found in .*a\.log; no Lambda REPORT line found in .*b\.log\)/,
    );
  });

  it('reads a folder of mixed files, nested, in name order', async () => {
    const folder = join(dir, 'mixed');
    await mkdir(join(folder, 'b'), { recursive: true });
    await copyFile(TEXT, join(folder, 'a.log'));
    await copyFile(`${FORMATS}/get-query-results.json`, join(folder, 'b', 'results.json'));
    await writeFile(join(folder, 'b', 'notes.txt'), 'not a log\n');

    const run = await runInProcess(['replay', folder, '-o', 'records']);

    const records = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { requestId: string });
    expect(run.code).toBe(0);
    expect(records.map((r) => r.requestId.slice(0, 8))).toEqual(['6f1c2a4e', '0b7d9e3a', '9a3e5c7b', '4e6a8c0e', '5f7b9d1f']);
    expect(run.stderr).toMatch(/warning: no Lambda REPORT line found in .*notes\.txt/);
  });
});

describe('numbers as users write them', () => {
  it('prices per 1e6 invocations', async () => {
    const { report } = await replayJson([TEXT, '--per', '1e6']);

    expect(report.pricing.per).toBe(1_000_000);
  });

  it('refuses 1_000_000 with a hint', async () => {
    const run = await runInProcess(['replay', TEXT, '--per', '1_000_000']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--per must be a number, got "1_000_000" \(write it without separators, e\.g\. 1000000 or in e-notation\)/);
  });
});

describe('--threads, from when large files were read on several threads', () => {
  it('is accepted and changes nothing (a replay reads on one thread)', async () => {
    const text = await readFile(TEXT);
    const big = join(dir, 'big.log');
    await writeFile(big, Buffer.concat(Array.from({ length: 50 }, () => text)));

    const [plain, one, many] = await Promise.all([replayJson([big]), replayJson([big, '--threads', '1']), replayJson([big, '--threads', '4'])]);

    expect(one.report.results).toEqual(plain.report.results);
    expect(many.report.results).toEqual(plain.report.results);
  });
});

describe('one meaning per column name', () => {
  it('gives the plain mean as mean and the trimmed mean as trimmed mean in CSV, JSON and Markdown', async () => {
    const args = ['replay', 'benchmarks/recordings/prime-sieve.log', '--discard', '0.2'];
    const json = JSON.parse((await runInProcess([...args, '-o', 'json'])).stdout) as Report;
    const csv = (await runInProcess([...args, '-o', 'csv'])).stdout
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const markdown = (await runInProcess([...args, '-o', 'markdown'])).stdout;
    const column = (name: string) => csv.slice(1).map((row) => Number(row[csv[0]!.indexOf(name)]));

    // The recording's means and trimmed means differ, so a swapped column would show.
    expect(json.results.some((r) => Math.abs(r.durationMs!.mean - r.durationMs!.trimmedMean) > 0.01)).toBe(true);
    // CSV numbers are printed rounded (formatRaw): the same figure, to the last digit shown.
    expect(column('duration_mean_ms')).toEqual(json.results.map((r) => expect.closeTo(r.durationMs!.mean, 6)));
    expect(column('duration_trimmed_mean_ms')).toEqual(json.results.map((r) => expect.closeTo(r.durationMs!.trimmedMean, 6)));
    expect(markdown).toMatch(/\| Trimmed mean ms \|/);
    expect(markdown).not.toMatch(/\| Mean ms \|/);
  });
});

describe('standard input', () => {
  async function replayStdin(stdin: NodeJS.ReadableStream & { isTTY?: boolean }) {
    const out = new PassThrough();
    const err = new PassThrough();
    const [stdout, stderr] = [[] as Buffer[], [] as Buffer[]];
    out.on('data', (chunk: Buffer) => stdout.push(chunk));
    err.on('data', (chunk: Buffer) => stderr.push(chunk));
    const code = await runCli({
      argv: ['replay', '-', '-o', 'json'],
      env: { NO_COLOR: '1' },
      cwd: process.cwd(),
      stdin,
      stdout: out,
      stderr: err,
      signal: new AbortController().signal,
      holdInterrupts: () => undefined,
    });
    return { code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() };
  }

  it('says it is reading standard input when that is a terminal', async () => {
    const stdin = Object.assign(Readable.from([await readFile(TEXT)]), { isTTY: true });

    const run = await replayStdin(stdin);

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^reading Lambda logs from standard input: paste or pipe them, end with Ctrl-D/);
  });

  it('analyses what arrived, marked partial, when standard input breaks off', async () => {
    const text = await readFile(TEXT);
    async function* broken(): AsyncGenerator<Buffer> {
      yield text;
      throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    }

    const run = await replayStdin(Readable.from(broken()));

    expect(run.code).toBe(130);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.results.map((r) => r.invocations)).toEqual([3]);
    expect(report.warnings).toContainEqual(expect.stringMatching(/^partial result/));
  });
});

describe('folders', () => {
  it('notes a file it found but cannot open, and reads the rest', async () => {
    const folder = join(dir, 'with-link');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await copyFile(TEXT, join(folder, 'a.log'));
    // A symlink to a folder is not followed: listed as a file, it cannot be opened as one.
    await symlink(join(folder, 'sub'), join(folder, 'z-link'));

    const { code, report } = await replayJson([folder]);

    expect(code).toBe(0);
    expect(sizes(report)).toEqual([{ memoryMB: 512, invocations: 3, coldStarts: 1, errors: 0 }]);
    expect(inputNotes(report)).toEqual([expect.stringMatching(/z-link is a directory, not a log file$/)]);
  });
});

/** The report's notes about its inputs: without those of too few invocations to recommend a size (these fixtures are small). */
function inputNotes(report: Report): string[] {
  return report.warnings.filter((warning) => !/^too few warm invocations to recommend|^no memory size has the \d+ warm invocations/.test(warning));
}
