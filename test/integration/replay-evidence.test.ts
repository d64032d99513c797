/**
 * What `replay` takes for evidence (issue 16): no recommendation from a size too thin to measure,
 * each invocation once however often its log is read, no impossible figures, and the shapes that
 * were refused or lost (one-line get-query-results, a console prefix before an empty request id).
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { runInProcess } from '../support/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rightsize-evidence-'));
});

async function replayJson(args: string[]): Promise<Report> {
  const run = await runInProcess(['replay', ...args, '-o', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

/** A REPORT line in the service's layout; `id` distinct per invocation unless said otherwise. */
function report(id: string, memoryMB: number, durationMs: number, maxUsedMB = 60): string {
  return `REPORT RequestId: ${id}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${memoryMB} MB\tMax Memory Used: ${maxUsedMB} MB\t\n`;
}
const uuid = (i: number): string => `${String(i).padStart(8, '0')}-1111-4222-8333-444455556666`;
const invocations = (report: Report): number => report.results.reduce((sum, r) => sum + r.invocations, 0);

describe('a size with too few invocations', () => {
  it('is shown but not recommended, and named in a warning (120 at 1024 MB, 1 at 3008 MB)', async () => {
    const file = join(dir, 'thin.log');
    const lines = Array.from({ length: 120 }, (_, i) => report(uuid(i), 1024, 400 + (i % 7)));
    // Far faster and not much dearer: it would win on its one invocation.
    await writeFile(file, [...lines, report(uuid(999), 3008, 20)].join(''));

    const json = await replayJson([file]);

    expect(json.results.map((r) => [r.memoryMB, r.invocations])).toEqual([
      [1024, 120],
      [3008, 1],
    ]);
    expect(json.recommendation?.memoryMB).toBe(1024);
    expect(json.warnings).toContainEqual(expect.stringMatching(/^too few warm invocations to recommend 3,?008 MB \(1\): at least 5 are needed/));
  });

  it('leaves no recommendation when every size is too thin', async () => {
    const file = join(dir, 'all-thin.log');
    await writeFile(file, [report(uuid(1), 512, 100), report(uuid(2), 512, 101), report(uuid(3), 1024, 60)].join(''));

    const json = await replayJson([file]);

    expect(json.recommendation).toBeNull();
    expect(json.warnings).toContainEqual(expect.stringMatching(/no memory size has the 5 warm invocations a recommendation needs/));
  });
});

describe('the same log read twice', () => {
  const lines = Array.from({ length: 40 }, (_, i) => report(uuid(i), i % 2 ? 512 : 1024, 100 + i));

  it.each([
    { case: 'a file and its .gz', inputs: async (d: string) => [join(d, 'a.log'), join(d, 'a.log.gz')] },
    { case: 'a folder holding both', inputs: async (d: string) => [d] },
    { case: 'the same file twice', inputs: async (d: string) => [join(d, 'a.log'), join(d, 'a.log')] },
  ])('counts each invocation once and says how many were dropped ($case)', async ({ inputs }) => {
    const d = await mkdtemp(join(dir, 'twice-'));
    await writeFile(join(d, 'a.log'), lines.join(''));
    await writeFile(join(d, 'a.log.gz'), gzipSync(lines.join('')));
    const once = await replayJson([join(d, 'a.log'), '--name', 'x']);

    const twice = await replayJson([...(await inputs(d)), '--name', 'x']);

    expect(invocations(twice)).toBe(40);
    expect(twice.results).toEqual(once.results);
    expect(twice.input).toEqual({ duplicatesDropped: 40 });
    expect(twice.warnings).toContainEqual(expect.stringMatching(/^dropped 40 duplicate REPORT lines/));
    expect(once.input).toEqual({ duplicatesDropped: 0 });
  });

  it('drops a duplicate whichever parser reads each copy (text file, filter-log-events JSON, records)', async () => {
    const d = await mkdtemp(join(dir, 'shapes-'));
    await writeFile(join(d, 'a.log'), lines.slice(0, 20).join(''));
    const events = lines
      .slice(10, 30)
      .map((line, i) => ({ logStreamName: 's', timestamp: 1_700_000_000_000 + i, message: line, ingestionTime: 1_700_000_000_100, eventId: String(i) }));
    await writeFile(join(d, 'b.json'), JSON.stringify({ events, searchedLogStreams: [] }, null, 4));
    const records = await runInProcess(['replay', join(d, 'a.log'), '-o', 'records']);
    await writeFile(join(d, 'c.jsonl'), records.stdout);

    const json = await replayJson([join(d, 'a.log'), join(d, 'b.json'), join(d, 'c.jsonl')]);

    expect(invocations(json)).toBe(30);
    expect(json.input).toEqual({ duplicatesDropped: 10 + 20 });
  });

  it('counts lines without a request id each time, and says they could not be checked', async () => {
    const d = await mkdtemp(join(dir, 'no-id-'));
    const noId = 'REPORT RequestId: \tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\t\n';
    await writeFile(join(d, 'a.log'), lines.join('') + noId + noId);

    const json = await replayJson([join(d, 'a.log'), join(d, 'a.log')]);

    expect(invocations(json)).toBe(40 + 4);
    expect(json.input).toEqual({ duplicatesDropped: 40 });
    expect(json.warnings).toContainEqual(
      expect.stringMatching(/^dropped 40 duplicate REPORT lines .*; 4 without a request id could not be checked and count each$/),
    );
  });

  it('takes one input as it was written: a request id in it twice counts twice, and nothing is said', async () => {
    const file = join(dir, 'one-input.log');
    await writeFile(file, lines.join('') + lines[0]!);

    const json = await replayJson([file]);

    expect(invocations(json)).toBe(41);
    expect(json.input).toEqual({ duplicatesDropped: 0 });
    expect(json.warnings.filter((w) => /duplicate/.test(w))).toEqual([]);
  });

  it('says nothing of duplicates when there were none, request ids or not', async () => {
    const file = join(dir, 'no-ids-only.log');
    await writeFile(
      file,
      Array.from({ length: 6 }, () => 'REPORT RequestId: Duration: 10.00 ms Billed Duration: 10 ms Memory Size: 128 MB Max Memory Used: 50 MB\n').join(''),
    );

    const json = await replayJson([file, file]);

    expect(invocations(json)).toBe(12);
    expect(json.warnings.filter((w) => /duplicate|request id/.test(w))).toEqual([]);
  });
});

describe('impossible figures', () => {
  const good = Array.from({ length: 10 }, (_, i) => report(uuid(i), 512, 100 + i)).join('');
  it.each([
    { case: 'Memory Size above 10,240 MB', line: report(uuid(100), 99_999, 100), why: /Memory Size 99999 MB is not a Lambda memory size \(128–10240 MB\)/ },
    { case: 'Memory Size below 128 MB', line: report(uuid(100), 10, 100, 5), why: /Memory Size 10 MB is not a Lambda memory size/ },
    { case: 'Max Memory Used above the size', line: report(uuid(100), 512, 100, 600), why: /Max Memory Used 600 MB is above the Memory Size 512 MB/ },
    {
      case: 'behind a prefix, with spaces',
      line: '2024-06-11T08:15:02.331Z REPORT RequestId: x1  Duration: 1.00 ms  Billed Duration: 1 ms  Memory Size: 20000 MB  Max Memory Used: 60 MB\n',
      why: /Memory Size 20000 MB/,
    },
    {
      case: 'a JSON-format platform.report',
      line: `${JSON.stringify({ time: '2024-06-11T08:15:02.331Z', type: 'platform.report', record: { requestId: 'j1', metrics: { durationMs: 1, billedDurationMs: 1, memorySizeMB: 64, maxMemoryUsedMB: 60 } } })}\n`,
      why: /Memory Size 64 MB/,
    },
    {
      case: 'a records JSONL line',
      line: `${JSON.stringify({ memoryMB: 128, durationMs: 1, billedDurationMs: 1, maxMemoryUsedMB: 129, status: 'success', logFormat: 'text', requestId: 'r1' })}\n`,
      why: /Max Memory Used 129 MB is above the Memory Size 128 MB/,
    },
  ])('are a malformed line, counted and named, not a row ($case)', async ({ line, why }) => {
    const file = join(dir, 'impossible.log');
    await writeFile(file, good + line);

    const json = await replayJson([file]);

    expect(json.results.map((r) => [r.memoryMB, r.invocations])).toEqual([[512, 10]]);
    expect(json.warnings).toContainEqual(expect.stringMatching(/^skipped 1 malformed REPORT line in .*impossible\.log \(first: /));
    expect(json.warnings.find((w) => w.startsWith('skipped 1 malformed'))).toMatch(why);
  });

  it('takes the limits themselves, and Max Memory Used equal to the size (an out-of-memory error)', async () => {
    const file = join(dir, 'limits.log');
    await writeFile(file, report(uuid(1), 128, 100, 128) + report(uuid(2), 10_240, 100, 10_240));

    const json = await replayJson([file]);

    expect(json.results.map((r) => r.memoryMB)).toEqual([128, 10_240]);
    expect(json.warnings.filter((w) => w.includes('malformed'))).toEqual([]);
  });
});

describe('get-query-results on one line', () => {
  it.each([
    { case: 'jq -c of the AWS CLI output', shape: (doc: Record<string, unknown>) => JSON.stringify(doc) },
    {
      case: 'json.dumps of the boto3 response',
      shape: (doc: Record<string, unknown>) =>
        JSON.stringify({ queryLanguage: 'CWLI', ...doc, ResponseMetadata: { HTTPStatusCode: 200 } }, null, 0)
          .replaceAll('":', '": ')
          .replaceAll(',"', ', "'),
    },
    {
      case: 'JSON.stringify of the JavaScript SDK response',
      shape: (doc: Record<string, unknown>) => JSON.stringify({ $metadata: { httpStatusCode: 200 }, ...doc }),
    },
  ])('reads it as the pretty-printed one ($case)', async ({ shape }) => {
    const pretty = 'test/fixtures/logs/formats/get-query-results.json';
    const file = join(dir, 'one-line.json');
    await writeFile(file, `${shape(JSON.parse(await readFile(pretty, 'utf8')) as Record<string, unknown>)}\n`);

    const [expected, json] = await Promise.all([replayJson([pretty, '--name', 'x']), replayJson([file, '--name', 'x'])]);

    expect(invocations(json)).toBe(2);
    expect(json.results).toEqual(expected.results);
  });
});

describe('a console prefix before REPORT', () => {
  // `[2:34:39 PM] ` as the Lambda console's test output shows it; a file that starts with one was
  // taken for a JSON array (c409619) and nothing in it was read.
  const prefixes = [
    { prefix: '', name: 'no prefix' },
    { prefix: '[2:34:39 PM] ', name: 'a console time' },
    { prefix: '2024-06-11T08:15:02.331Z ', name: 'an ISO time' },
    { prefix: '2024/06/11/[$LATEST]0123abcd 2024-06-11T08:15:02.331000+00:00 ', name: 'aws logs tail' },
  ];
  const ids = [
    { id: '1a3c5e7f-9b2d-4f6a-8c1e-3b5d7f9a1c3e', name: 'a request id' },
    { id: '', name: 'an empty request id' },
  ];
  const separators = [
    { sep: '\t', name: 'TABs' },
    { sep: '  ', name: 'spaces' },
    { sep: ' \t', name: 'a space before each TAB' },
  ];
  const cases = prefixes.flatMap((p) => ids.flatMap((i) => separators.map((s) => ({ case: `${p.name}, ${i.name}, ${s.name}`, ...p, ...i, ...s }))));

  it.each(cases)('reads the line ($case) as the first of a file and after others', async ({ prefix, id, sep }) => {
    const line = `${prefix}REPORT RequestId: ${id}${sep}Duration: 734.02 ms${sep}Billed Duration: 735 ms${sep}Memory Size: 128 MB${sep}Max Memory Used: 71 MB${sep}\n`;
    const first = join(dir, 'prefix-first.log');
    const after = join(dir, 'prefix-after.log');
    await writeFile(first, line);
    await writeFile(after, `${prefix}START RequestId: ${id} Version: 12\n${line}`);

    for (const file of [first, after]) {
      const json = await replayJson([file]);
      expect(json.results.map((r) => [r.memoryMB, r.invocations, r.durationMs?.mean])).toEqual([[128, 1, 734.02]]);
    }
  });

  it('reads the console fixture, which starts with a prefixed START line', async () => {
    const file = join(dir, 'console.log');
    await copyFile('test/fixtures/logs/console.log', file);

    const json = await replayJson([file]);

    expect(invocations(json)).toBeGreaterThan(0);
  });
});
