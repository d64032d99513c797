/**
 * Figures no Lambda invocation reports: such a line is malformed (counted and named in a note), not
 * data. Memory Size is 128–10,240 MB for on-demand functions; Lambda Managed Instances allow larger
 * sizes, but their report carries no memory figures at all (lambda-facts.md), so any report that
 * has a Memory Size is an on-demand one. Max Memory Used reaches the size at an out-of-memory
 * error, never more.
 */
import { DEFAULTS } from '../config/defaults.js';

/** Why `memoryMB` / `maxMemoryUsedMB` cannot be a Lambda report's, or undefined when they can. */
export function implausible(memoryMB: number, maxMemoryUsedMB: number): string | undefined {
  if (!Number.isInteger(memoryMB) || memoryMB < DEFAULTS.minMemoryMB || memoryMB > DEFAULTS.maxMemoryMB) {
    return `Memory Size ${memoryMB} MB is not a Lambda memory size (${DEFAULTS.minMemoryMB}–${DEFAULTS.maxMemoryMB} MB)`;
  }
  if (maxMemoryUsedMB > memoryMB) return `Max Memory Used ${maxMemoryUsedMB} MB is above the Memory Size ${memoryMB} MB`;
  return undefined;
}
