import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

/** Whether `path` names an existing regular file (a log given where a function name belongs). */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
