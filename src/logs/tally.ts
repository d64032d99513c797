import type { InvocationRecord } from '../types.js';
import type { LineResult, ParseCounters } from './types.js';

/** Counts one line result into `counters`, and a record into `records`. */
export function countResult(counters: ParseCounters, records: InvocationRecord[], result: LineResult): void {
  if (result.kind === 'record') {
    counters.records++;
    records.push(result.record);
  } else if (result.kind === 'malformed') {
    counters.malformed++;
    counters.firstMalformedReason ??= result.reason;
  }
}

/** Counts line results into `counters` and collects the records of the current batch. */
export class Tally {
  records: InvocationRecord[] = [];

  constructor(readonly counters: ParseCounters) {}

  add(result: LineResult): void {
    countResult(this.counters, this.records, result);
  }

  /** The records collected since the last call. */
  take(): InvocationRecord[] {
    const records = this.records;
    this.records = [];
    return records;
  }
}
