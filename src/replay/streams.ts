/** Stream plumbing for log sources: peeking, replaying peeked bytes, gunzip and UTF-16 transcoding. */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../errors.js';

const GUNZIP_CHUNK = 256 * 1024;

/**
 * What `readHead` read: the buffers, whether the input ended, and the error that ended it, if one
 * did. `aborted`: the signal came first — `done` is then true, as the rest will not be read.
 */
export interface Head {
  buffers: Buffer[];
  done: boolean;
  error?: unknown;
  aborted?: boolean;
}

/**
 * Reads from `input` until at least `bytes` bytes (or the end) have arrived. An error after some
 * data is kept for later (see `replay`), so the data before it is still read; before any, it throws.
 * When `signal` aborts first (Ctrl-C while a writer keeps standard input open and quiet), it
 * returns what it has at once, without waiting for the pending read.
 */
export async function readHead(input: AsyncIterator<Buffer | string>, bytes: number, signal?: AbortSignal): Promise<Head> {
  const buffers: Buffer[] = [];
  let total = 0;
  while (total < bytes) {
    let next: IteratorResult<Buffer | string> | 'aborted';
    try {
      next = await nextOrAbort(input, signal);
    } catch (error) {
      if (buffers.length === 0) throw error;
      return { buffers, done: true, error };
    }
    if (next === 'aborted') return { buffers, done: true, aborted: true };
    if (next.done === true) return { buffers, done: true };
    const buffer = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    if (buffer.length === 0) continue;
    buffers.push(buffer);
    total += buffer.length;
  }
  return { buffers, done: false };
}

/**
 * One `next()`, or 'aborted'. A listener per call, removed when the call settles — not
 * Promise.race against one long-lived abort promise, which keeps a reaction (and so the chunk it
 * resolved with) for every call: a gigabyte of gunzipped chunks, in a first version.
 */
export function nextOrAbort<T>(iterator: AsyncIterator<T>, signal: AbortSignal | undefined): Promise<IteratorResult<T> | 'aborted'> {
  if (signal === undefined) return iterator.next();
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    iterator.next().then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The already-read `head` buffers, then the rest of `input` (or the error that ended the head). */
export async function* replay(head: readonly Buffer[], input: AsyncIterator<Buffer | string>, done: boolean, error?: unknown): AsyncGenerator<Buffer> {
  let finished = done;
  try {
    yield* head;
    if (error !== undefined) throw error;
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
export async function* gunzip(name: string, compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const inflate = createGunzip({ chunkSize: GUNZIP_CHUNK });
  // pipeline destroys both ends on any error or early stop; the error surfaces in the loop below.
  pipeline(Readable.from(compressed, { highWaterMark: 1 }), inflate, () => undefined);
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

/** UTF-16 (after its BOM) to UTF-8; a code unit or surrogate pair split across chunks is kept whole. */
export async function* transcode(encoding: 'utf-16le' | 'utf-16be', input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // ignoreBOM: false (the default) drops the BOM, which is not content.
  const decoder = new TextDecoder(encoding);
  for await (const chunk of input) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest !== '') yield Buffer.from(rest, 'utf8');
}
