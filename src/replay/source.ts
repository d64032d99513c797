/**
 * Opening a log for `replay`: a file, a .gz, or standard input, in UTF-8 or UTF-16 with a BOM —
 * checked before parsing starts, and told which of the shapes (lines, CSV, JSON document) it is.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { ParseCounters } from '../logs/index.js';
import { detectFormat, type LogFormatKind } from './detect.js';
import { gunzip, readHead, replay, transcode } from './streams.js';

export interface LogSource {
  /** What messages call it: the path, or `stdin`. */
  name: string;
  /** UTF-8 bytes, decompressed and transcoded. */
  chunks: AsyncIterable<Buffer>;
  format: LogFormatKind;
  /**
   * Set when the file's bytes are the parser's bytes (a regular, uncompressed UTF-8 file without a
   * BOM): then byte ranges of it can be parsed on their own, in parallel.
   */
  plainFile?: { path: string; size: number };
  /** Closes the file or stream when `chunks` will not be read (e.g. the file is read by its path). */
  close(): Promise<void>;
  /**
   * Lets go of standard input without waiting for it (after Ctrl-C): a writer that keeps the pipe
   * open and quiet would otherwise hold the process until it writes or closes. Nothing for a file.
   */
  abandon(): void;
  /** The signal came while the start was read: `chunks` holds what had arrived, and ends there. */
  cutShort?: boolean;
}

// Large reads: the parser is fastest with few, big chunks (64 KB reads cost ~3× the time of 1 MB).
const READ_CHUNK = 1024 * 1024;
const SNIFF_BYTES = 8192;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Opens `path` (`-` = `stdin`) as a stream of UTF-8 Buffers, gunzipping `.gz` or gzip-magic content.
 * Throws `UsageError` for a missing, directory, unreadable, empty or binary file.
 */
export async function openLogSource(path: string, stdin?: NodeJS.ReadableStream): Promise<LogSource> {
  const opened = await probeLogSource(path, stdin);
  if ('problem' in opened) throw opened.problem;
  return opened;
}

/**
 * Like `openLogSource`, but a file that opens and is simply not a log (empty, binary) comes back
 * as `{ problem }` instead of a throw: several inputs note such a file and go on. When `signal`
 * aborts while the start of standard input is awaited, the source holds what had arrived (see
 * `LogSource.cutShort`).
 */
export async function probeLogSource(path: string, stdin?: NodeJS.ReadableStream, signal?: AbortSignal): Promise<LogSource | { problem: UsageError }> {
  if (path === '-') {
    if (stdin === undefined) throw new UsageError('cannot read standard input here', 'pass a file path instead of -');
    const abandon = (): void => void (stdin as { destroy?: () => unknown }).destroy?.();
    return checked('stdin', stdin as AsyncIterable<Buffer | string>, { signal, abandon });
  }
  const size = await checkFile(path);
  // No signal: a file's start is read at once, and cut short it would lose what the parse reads next.
  return checked(path, createReadStream(path, { highWaterMark: READ_CHUNK }), { file: { path, size } });
}

async function checkFile(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a directory, not a log file`, 'give the log files inside it, e.g. dir/*.log');
    // Opening now turns EACCES into a clear message instead of a stream error mid-way.
    await (await open(path, 'r')).close();
    return info.isFile() ? info.size : -1;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no such file: ${path}`, 'check the path, or use - to read standard input', error);
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`cannot read ${path}: permission denied`, "check the file's permissions", error);
    if (code === 'EISDIR') throw new UsageError(`${path} is a directory, not a log file`, 'give the log files inside it', error);
    throw new UsageError(`cannot open ${path}: ${(error as Error).message}`, 'check the path', error);
  }
}

/**
 * Peeks at the first bytes to choose gunzip and the text encoding, then checks the decoded start
 * is text and non-empty, and detects the format. The peeked bytes are replayed, so stdin works too.
 */
async function checked(
  name: string,
  raw: AsyncIterable<Buffer | string>,
  how: { signal?: AbortSignal; file?: { path: string; size: number }; abandon?: () => void },
): Promise<LogSource | { problem: UsageError }> {
  const { signal, file, abandon = () => undefined } = how;
  const input = raw[Symbol.asyncIterator]();
  const head = await readHead(input, GZIP_MAGIC.length, signal);
  if (head.buffers.length === 0 && head.aborted === true) {
    abandon();
    return { name, format: 'lines', chunks: { [Symbol.asyncIterator]: () => replay([], input, true) }, close: async () => undefined, abandon, cutShort: true };
  }
  if (head.buffers.length === 0) return { problem: new UsageError(`${name} is empty`, 'give a file that contains Lambda logs') };
  const joined = Buffer.concat(head.buffers);
  const gzip = joined[0] === GZIP_MAGIC[0] && joined[1] === GZIP_MAGIC[1];
  // Decided by content, not the name: downloads often decompress transparently yet keep `.gz`.
  const whole = replay(head.buffers, input, head.done, head.error);
  const content: AsyncIterator<Buffer> = gzip ? gunzip(name, whole) : whole;
  // Once aborted, the rest is only what is in hand (the input is not read again): no signal to wait on.
  const start = await readHead(content, SNIFF_BYTES, head.aborted ? undefined : signal);
  const raw0 = Buffer.concat(start.buffers);
  const encoding = bomOf(raw0);
  const decoded: AsyncIterator<Buffer> =
    encoding === 'utf-8'
      ? replay(start.buffers, content, start.done, start.error)
      : transcode(encoding, replay(start.buffers, content, start.done, start.error));
  const text = encoding === 'utf-8' ? start : await readHead(decoded, SNIFF_BYTES, head.aborted || start.aborted ? undefined : signal);
  const cutShort = head.aborted === true || start.aborted === true || text.aborted === true;
  if (cutShort) abandon();
  const sniff = Buffer.concat(text.buffers).subarray(0, SNIFF_BYTES);
  const problem = contentProblem(name, sniff, gzip);
  if (problem !== undefined) {
    // Closes the file (or the gunzip pipeline) now: a folder may hold thousands of such objects.
    await (encoding === 'utf-8' ? content : decoded).return?.();
    return { problem };
  }
  const rest = encoding === 'utf-8' ? content : decoded;
  const format = detectFormat(sniff.toString('utf8'));
  const plain = file !== undefined && file.size > 0 && !gzip && encoding === 'utf-8' && !hasUtf8Bom(raw0);
  return {
    name,
    format,
    chunks: { [Symbol.asyncIterator]: () => replay(text.buffers, rest, text.done, text.error) },
    close: async () => {
      await rest.return?.();
    },
    abandon,
    ...(cutShort ? { cutShort } : {}),
    ...(plain && !cutShort ? { plainFile: file } : {}),
  };
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * UTF-16 is recognised by its BOM (Windows PowerShell's `>` writes UTF-16LE with one), or without
 * one when the start is ASCII text with a NUL in every other byte (a log has no NULs otherwise).
 */
function bomOf(start: Buffer): Encoding {
  if (start[0] === 0xff && start[1] === 0xfe) return 'utf-16le';
  if (start[0] === 0xfe && start[1] === 0xff) return 'utf-16be';
  if (start.length >= 16 && halvesAreAscii(start, 0)) return 'utf-16be';
  if (start.length >= 16 && halvesAreAscii(start, 1)) return 'utf-16le';
  return 'utf-8';
}

/** Every byte at `zeroAt`, `zeroAt + 2`… of the first 64 is 0 and every other one printable ASCII or a TAB/CR/LF. */
function halvesAreAscii(start: Buffer, zeroAt: number): boolean {
  const end = Math.min(64, start.length - (start.length % 2));
  for (let i = 0; i < end; i++) {
    const c = start[i]!;
    if (i % 2 === zeroAt % 2 ? c !== 0 : !(c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c < 0x7f))) return false;
  }
  return true;
}

function hasUtf8Bom(start: Buffer): boolean {
  return start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf;
}

function contentProblem(name: string, sniff: Buffer, gzip: boolean): UsageError | undefined {
  // A UTF-8 BOM decodes to U+FEFF: not content.
  const body = hasUtf8Bom(sniff) ? sniff.subarray(3) : sniff;
  if (body.length === 0) return new UsageError(`${name} is empty${gzip ? ' once decompressed' : ''}`, 'give a file that contains Lambda logs');
  if (body.includes(0)) {
    return new UsageError(`${name} looks binary (NUL bytes), not a text log`, 'give CloudWatch Logs text or JSON, .gz of them, or records JSONL');
  }
  return undefined;
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
