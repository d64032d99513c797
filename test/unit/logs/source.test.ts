import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseRecords, type ParseCounters } from '../../../src/logs/index.js';
import { describeSkipped, openLogSource } from '../../../src/replay/source.js';

const TEXT = 'test/fixtures/logs/text-tabs.log';
let dir: string;
let text: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rightsize-source-'));
  text = await readFile(TEXT);
  await mkdir(join(dir, 'logs'));
  await writeFile(join(dir, 'empty.log'), '');
  await writeFile(join(dir, 'binary.dat'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0, 0, 0, 0, 0]));
  await writeFile(join(dir, 'text.log.gz'), gzipSync(text));
  await writeFile(join(dir, 'gzip-without-suffix.log'), gzipSync(text));
  await writeFile(join(dir, 'plain-named.gz'), text);
  await writeFile(join(dir, 'empty.gz'), gzipSync(Buffer.alloc(0)));
  await writeFile(join(dir, 'binary.gz'), gzipSync(Buffer.from([0x00, 0x01, 0x02])));
  await writeFile(join(dir, 'truncated.gz'), gzipSync(Buffer.concat([text, text, text])).subarray(0, 200));
});

async function count(path: string, stdin?: NodeJS.ReadableStream): Promise<{ name: string; counters: ParseCounters; bytes: number }> {
  const source = await openLogSource(path, stdin);
  const counters: ParseCounters = { records: 0, malformed: 0 };
  for await (const _ of parseRecords(source.chunks, counters));
  let bytes = 0;
  const again = await openLogSource(path === '-' ? TEXT : path);
  for await (const chunk of again.chunks) bytes += chunk.length;
  return { name: source.name, counters, bytes };
}

describe('openLogSource', () => {
  it.each([
    { case: 'a plain text file', file: () => TEXT },
    { case: 'a .gz file', file: () => join(dir, 'text.log.gz') },
    { case: 'gzip content without a .gz suffix', file: () => join(dir, 'gzip-without-suffix.log') },
    { case: 'plain text named .gz (a download that was decompressed on the way)', file: () => join(dir, 'plain-named.gz') },
  ])('reads $case as the original text', async ({ file }) => {
    const result = await count(file());
    expect(result.counters).toEqual({ records: 3, malformed: 0 });
    expect(result.bytes).toBe(text.length);
    expect(result.name).toBe(file());
  });

  it('reads standard input for -', async () => {
    const result = await count('-', Readable.from([text.subarray(0, 100), text.subarray(100)]));
    expect(result).toMatchObject({ name: 'stdin', counters: { records: 3, malformed: 0 } });
  });

  it('reads gzipped standard input', async () => {
    const result = await count('-', Readable.from([gzipSync(text)]));
    expect(result.counters.records).toBe(3);
  });

  it.each([
    { case: 'a missing file', path: () => join(dir, 'nope.log'), message: /^no such file: .*nope\.log$/ },
    { case: 'a directory', path: () => join(dir, 'logs'), message: /logs is a directory, not a log file$/ },
    { case: 'an empty file', path: () => join(dir, 'empty.log'), message: /empty\.log is empty$/ },
    { case: 'a binary file', path: () => join(dir, 'binary.dat'), message: /binary\.dat looks binary/ },
    { case: 'a gzip of nothing', path: () => join(dir, 'empty.gz'), message: /empty\.gz is empty once decompressed$/ },
    { case: 'a gzip of binary content', path: () => join(dir, 'binary.gz'), message: /binary\.gz looks binary/ },
  ])('rejects $case with a one-line UsageError', async ({ path, message }) => {
    const error = await openLogSource(path()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
    expect((error as UsageError).message).not.toContain('\n');
    expect((error as UsageError).exitCode).toBe(2);
  });

  it('rejects empty standard input', async () => {
    await expect(openLogSource('-', Readable.from([]))).rejects.toThrow(/^stdin is empty$/);
  });

  it('rejects - when no standard input is available', async () => {
    await expect(openLogSource('-')).rejects.toBeInstanceOf(UsageError);
  });

  it('fails with a UsageError naming the file when gzip data is truncated', async () => {
    const readAll = async (): Promise<void> => {
      const source = await openLogSource(join(dir, 'truncated.gz'));
      for await (const _ of source.chunks);
    };
    await expect(readAll()).rejects.toThrow(/truncated\.gz is not valid gzip: unexpected end of file$/);
  });

  it.skipIf(process.getuid?.() === 0)('rejects an unreadable file (skipped as root, who can read anything)', async () => {
    const path = join(dir, 'secret.log');
    await writeFile(path, text);
    await chmod(path, 0o000);
    await expect(openLogSource(path)).rejects.toThrow(/^cannot read .*secret\.log: permission denied$/);
  });
});

describe('describeSkipped', () => {
  it.each([
    { case: 'nothing skipped', counters: { records: 5, malformed: 0 }, expected: undefined },
    {
      case: 'one line',
      counters: { records: 5, malformed: 1, firstMalformedReason: 'REPORT line lacks Duration: "REPORT…"' },
      expected: 'skipped 1 malformed REPORT line in x.log (first: REPORT line lacks Duration: "REPORT…")',
    },
    {
      case: 'several lines',
      counters: { records: 0, malformed: 3, firstMalformedReason: 'invalid JSON: "{"' },
      expected: 'skipped 3 malformed REPORT lines in x.log (first: invalid JSON: "{")',
    },
  ])('describes $case', ({ counters, expected }) => {
    expect(describeSkipped('x.log', counters)).toBe(expected);
  });
});
