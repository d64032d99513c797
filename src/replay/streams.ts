/** Stream plumbing for log sources: peeking, replaying peeked bytes, gunzip and UTF-16 transcoding. */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../errors.js';

const GUNZIP_CHUNK = 256 * 1024;

/** Reads from `input` until at least `bytes` bytes (or the end) have arrived. */
export async function readHead(input: AsyncIterator<Buffer | string>, bytes: number): Promise<{ buffers: Buffer[]; done: boolean }> {
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
export async function* replay(head: readonly Buffer[], input: AsyncIterator<Buffer | string>, done: boolean): AsyncGenerator<Buffer> {
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
