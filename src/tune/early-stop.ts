/**
 * Stopping a run that cannot succeed: when the first invocations of the first size all fail the
 * same way, the payload (or the function) is broken and every further invocation only costs money.
 * Failures that depend on the size — out of memory, timeouts, a crashed runtime — never stop it
 * early: a larger size may well succeed.
 */
import type { InvocationRecord } from '../types.js';
import { errorLabel } from './measure.js';

/** How many of the first size's first invocations must fail alike before the run stops. */
export const EARLY_STOP_AFTER = 3;

export class FirstFailures {
  #memoryMB: number | undefined;
  #needed = EARLY_STOP_AFTER;
  readonly #seen: Array<string | undefined> = [];

  /** The first size to start measuring is the one watched, over its first invocations. */
  watch(memoryMB: number, invocations: number): void {
    if (this.#memoryMB !== undefined) return;
    this.#memoryMB = memoryMB;
    this.#needed = Math.min(EARLY_STOP_AFTER, invocations);
  }

  /** The reason to stop, once the watched invocations have all failed with one error; else undefined. */
  observe(record: InvocationRecord, errorMessage: string | undefined): string | undefined {
    if (record.memoryMB !== this.#memoryMB || this.#seen.length >= this.#needed) return undefined;
    this.#seen.push(sizeIndependent(record) ? `${errorLabel(record)}: ${errorMessage ?? ''}` : undefined);
    if (this.#seen.length < this.#needed) return undefined;
    const [first] = this.#seen;
    if (first === undefined || this.#seen.some((s) => s !== first)) return undefined;
    return `the first ${this.#needed} invocation(s) at ${record.memoryMB} MB all failed with ${first.replace(/: $/, '')}`;
  }
}

function sizeIndependent(record: InvocationRecord): boolean {
  if (record.status !== 'error') return false;
  const type = record.errorType ?? '';
  // Runtimes report their own out-of-memory as a handled type (Python MemoryError,
  // java.lang.OutOfMemoryError, System.OutOfMemoryException): a larger size may fix those too.
  return !type.startsWith('Runtime.') && !type.startsWith('Sandbox.') && !/OutOfMemory|MemoryError/i.test(type);
}
