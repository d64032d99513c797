import type { InvocationRecord } from '../../../src/types.js';

/** A successful warm invocation; override any field. */
export function record(overrides: Partial<InvocationRecord> = {}): InvocationRecord {
  return {
    requestId: 'r',
    memoryMB: 128,
    durationMs: 100,
    billedDurationMs: 100,
    maxMemoryUsedMB: 60,
    status: 'success',
    logFormat: 'text',
    ...overrides,
  };
}
