import { constants, statSync } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** Reads `--payload-file`: one JSON value, or a weighted list. */
export async function readPayloadFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --payload-file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check the path', error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--payload-file ${path} is not valid JSON`, 'give one JSON value, or a weighted list [{"payload": …, "weight": n}, …]', error);
  }
}

/** Reads `--code-file` (the package a copy is made from; tune checks it against CodeSha256). */
export async function readCodeFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new UsageError(`cannot read --code-file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check the path', error);
  }
}

/** Fails up front, without creating or truncating anything, when `path` could not be written later. */
export async function assertWritable(path: string, option: string): Promise<void> {
  const fail = (error: unknown): never => {
    throw new UsageError(`cannot write ${option} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check the folder exists and is writable', error);
  };
  const existing = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : fail(error)));
  if (existing?.isDirectory()) fail(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  await access(existing ? path : dirname(resolve(path)), constants.W_OK).catch(fail);
}

/** Whether `path` names an existing regular file (a log given where a function name belongs). */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
