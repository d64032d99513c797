import type { InvocationRecord } from '../types.js';
import type { LineResult, ParseCounters } from './types.js';

/** Counts line results into `counters` and collects the records of the current batch. */
export class Tally {
  records: InvocationRecord[] = [];

  constructor(readonly counters: ParseCounters) {}

  add(result: LineResult): void {
    if (result.kind === 'record') {
      this.counters.records++;
      this.records.push(result.record);
    } else if (result.kind === 'malformed') {
      this.counters.malformed++;
      this.counters.firstMalformedReason ??= result.reason;
    }
  }

  /** The records collected since the last call. */
  take(): InvocationRecord[] {
    const records = this.records;
    this.records = [];
    return records;
  }
}
