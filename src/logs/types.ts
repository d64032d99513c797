import type { InvocationRecord } from '../types.js';

/** What one logical log line turned out to be. */
export type LineResult = { kind: 'record'; record: InvocationRecord } | { kind: 'malformed'; reason: string } | { kind: 'other' };

/** Running totals of a parse, filled in while `parseRecords` streams. */
export interface ParseCounters {
  records: number;
  malformed: number;
  /** REPORT lines whose request id was read before (the same log read twice): not counted again. */
  duplicates?: number;
  /** Records without a request id: they cannot be told from a duplicate, so each counts. */
  withoutId?: number;
  /** Why the first malformed line was rejected, with a short excerpt of it. */
  firstMalformedReason?: string;
}

/** What takes the service-layout REPORTs' figures without a record object: a SampleSet. */
export interface StatisticsSink {
  /** A successful invocation without Restore Duration; `initDurationMs` -1 when there was none. */
  addSuccess(memoryMB: number, durationMs: number, billedDurationMs: number, maxMemoryUsedMB: number, initDurationMs: number): void;
}

export const OTHER: LineResult = Object.freeze({ kind: 'other' });

/** A malformed result whose reason quotes the start of the offending line. */
export function malformed(problem: string, line: string): LineResult {
  const trimmed = line.trim();
  const excerpt = trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed;
  return { kind: 'malformed', reason: `${problem}: ${JSON.stringify(excerpt)}` };
}
