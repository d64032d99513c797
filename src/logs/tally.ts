import type { InvocationRecord } from '../types.js';
import type { CanonicalFields } from './fast-report.js';
import { implausible } from './plausible.js';
import type { RequestIds } from './request-ids.js';
import type { LineResult, ParseCounters, StatisticsSink } from './types.js';

/**
 * Counts one line result into `counters`, and a record into `records` — unless its figures are
 * impossible (then it is malformed) or `ids` has its request id already (then it is a duplicate).
 */
export function countResult(counters: ParseCounters, records: InvocationRecord[], result: LineResult, ids?: RequestIds): void {
  if (result.kind === 'record') {
    const r = result.record;
    const problem = implausible(r.memoryMB, r.maxMemoryUsedMB);
    if (problem !== undefined) countMalformed(counters, r.requestId === undefined ? problem : `${problem} (request ${r.requestId})`);
    else if (r.requestId === undefined) {
      counters.withoutId = (counters.withoutId ?? 0) + 1;
      counters.records++;
      records.push(r);
    } else if (ids?.seenString(r.requestId) === true) counters.duplicates = (counters.duplicates ?? 0) + 1;
    else {
      counters.records++;
      records.push(r);
    }
  } else if (result.kind === 'malformed') countMalformed(counters, result.reason);
}

/**
 * `countResult` of a line the fast path read (`fields`, its request id in `buffer`), straight into
 * `statistics`: the same checks, no record object.
 */
export function countCanonical(counters: ParseCounters, buffer: Uint8Array, f: CanonicalFields, statistics: StatisticsSink, ids?: RequestIds): void {
  const problem = implausible(f.memoryMB, f.maxMemoryUsedMB);
  if (problem !== undefined) countMalformed(counters, `${problem} (request ${Buffer.from(buffer.subarray(f.idStart, f.idEnd)).toString('latin1')})`);
  else if (ids?.seenBytes(buffer, f.idStart, f.idEnd) === true) counters.duplicates = (counters.duplicates ?? 0) + 1;
  else {
    counters.records++;
    statistics.addSuccess(f.memoryMB, f.durationMs, f.billedDurationMs, f.maxMemoryUsedMB, f.initDurationMs);
  }
}

function countMalformed(counters: ParseCounters, reason: string): void {
  counters.malformed++;
  counters.firstMalformedReason ??= reason;
}

/** Counts line results into `counters` and collects the records of the current batch. */
export class Tally {
  records: InvocationRecord[] = [];

  constructor(
    readonly counters: ParseCounters,
    private readonly ids?: RequestIds,
  ) {}

  add(result: LineResult): void {
    countResult(this.counters, this.records, result, this.ids);
  }

  /** The records collected since the last call. */
  take(): InvocationRecord[] {
    const records = this.records;
    this.records = [];
    return records;
  }
}
