/** Opening a log for `replay`: a file, a .gz, or standard input — checked before parsing starts. */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../errors.js';
import type { ParseCounters } from '../logs/index.js';

export interface LogSource {
  /** What messages call it: the path, or `stdin`. */
  name: string;
  chunks: AsyncIterable<Buffer>;
}

// Large reads: the parser is fastest with few, big chunks (64 KB reads cost ~3× the time of 1 MB).
const READ_CHUNK = 1024 * 1024;
const GUNZIP_CHUNK = 256 * 1024;
const SNIFF_BYTES = 8192;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Opens `path` (`-` = `stdin`) as a stream of Buffers, gunzipping `.gz` or gzip-magic content.
 * Throws `UsageError` for a missing, directory, unreadable, empty or binary file.
 */
export async function openLogSource(path: string, stdin?: NodeJS.ReadableStream): Promise<LogSource> {
  if (path === '-') {
    if (stdin === undefined) throw new UsageError('cannot read standard input here', 'pass a file path instead of -');
    return checked('stdin', stdin as AsyncIterable<Buffer | string>);
  }
  await checkFile(path);
  return checked(path, createReadStream(path, { highWaterMark: READ_CHUNK }));
}

async function checkFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a directory, not a log file`, 'give the log files inside it, e.g. dir/*.log');
    // Opening now turns EACCES into a clear message instead of a stream error mid-way.
    await (await open(path, 'r')).close();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no such file: ${path}`, 'check the path, or use - to read standard input', error);
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`cannot read ${path}: permission denied`, 'check the file\'s permissions', error);
    if (code === 'EISDIR') throw new UsageError(`${path} is a directory, not a log file`, 'give the log files inside it', error);
    throw new UsageError(`cannot open ${path}: ${(error as Error).message}`, 'check the path', error);
  }
}

/**
 * Peeks at the first bytes to choose gunzip, then checks the (decompressed) start is text and
 * non-empty. The peeked bytes are replayed, so standard input works too.
 */
async function checked(name: string, raw: AsyncIterable<Buffer | string>): Promise<LogSource> {
  const input = raw[Symbol.asyncIterator]();
  const head = await readHead(input, GZIP_MAGIC.length);
  if (head.buffers.length === 0) throw new UsageError(`${name} is empty`, 'give a file that contains Lambda logs');
  const joined = Buffer.concat(head.buffers);
  const gzip = joined[0] === GZIP_MAGIC[0] && joined[1] === GZIP_MAGIC[1];
  // Decided by content, not the name: downloads often decompress transparently yet keep `.gz`.
  const whole = replay(head.buffers, input, head.done);
  const content: AsyncIterator<Buffer> = gzip ? gunzip(name, whole) : whole;
  const text = await readHead(content, SNIFF_BYTES);
  const sniff = Buffer.concat(text.buffers).subarray(0, SNIFF_BYTES);
  if (sniff.length === 0) throw new UsageError(`${name} is empty${gzip ? ' once decompressed' : ''}`, 'give a file that contains Lambda logs');
  if (sniff.includes(0)) {
    throw new UsageError(`${name} looks binary (NUL bytes), not a text log`, 'give CloudWatch Logs text or JSON, .gz of them, or records JSONL');
  }
  return { name, chunks: { [Symbol.asyncIterator]: () => replay(text.buffers, content, text.done) } };
}

/** Reads from `input` until at least `bytes` bytes (or the end) have arrived. */
async function readHead(input: AsyncIterator<Buffer | string>, bytes: number): Promise<{ buffers: Buffer[]; done: boolean }> {
  const buffers: Buffer[] = [];
  let total = 0;
  while (total < bytes) {
    const next = await input.next();
    if (next.done === true) return { buffers, done: true };
    const buffer = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    if (buffer.length === 0) continue;
    buffers.push(buffer);
    total += buffer.length;
  }
  return { buffers, done: false };
}

/** The already-read `head` buffers, then the rest of `input`. */
async function* replay(head: readonly Buffer[], input: AsyncIterator<Buffer | string>, done: boolean): AsyncGenerator<Buffer> {
  let finished = done;
  try {
    yield* head;
    while (!finished) {
      const next = await input.next();
      if (next.done === true) finished = true;
      else yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  } finally {
    // A consumer that stops early must still close the file (or the gunzip pipeline).
    if (!finished) await input.return?.();
  }
}

/** Gunzips a stream of chunks, turning zlib's errors into a one-line UsageError. */
async function* gunzip(name: string, compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const inflate = createGunzip({ chunkSize: GUNZIP_CHUNK });
  // pipeline destroys both ends on any error or early stop; the error surfaces in the loop below.
  pipeline(Readable.from(compressed), inflate, () => undefined);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new UsageError(`${name} is not valid gzip: ${(error as Error).message}`, 'check the file is complete, or gunzip it first', error);
    }
    throw error;
  }
}

/**
 * "skipped 3 malformed REPORT lines in x.log (first: …)", or undefined when nothing was skipped.
 */
export function describeSkipped(name: string, counters: ParseCounters): string | undefined {
  if (counters.malformed === 0) return undefined;
  const lines = counters.malformed === 1 ? 'line' : 'lines';
  const first = counters.firstMalformedReason === undefined ? '' : ` (first: ${counters.firstMalformedReason})`;
  return `skipped ${counters.malformed} malformed REPORT ${lines} in ${name}${first}`;
}
