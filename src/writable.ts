/** The check every output file shares (tune --record, scan --write-baseline): before the work, not after it. */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** Fails up front, without creating or truncating anything, when `path` could not be written later. */
export async function assertWritable(path: string, option: string): Promise<void> {
  const fail = (error: unknown): never => {
    throw new UsageError(
      `cannot write ${option} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'check the folder exists and is writable',
      error,
    );
  };
  const existing = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : fail(error)));
  if (existing?.isDirectory()) fail(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  await access(existing ? path : dirname(resolve(path)), constants.W_OK).catch(fail);
}
