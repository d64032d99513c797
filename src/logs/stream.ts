/**
 * Streaming over whole files. Performance is a requirement (a 1 GB log within 3× `grep -c`), so
 * chunks stay Buffers: `indexOf` finds candidate lines by a couple of byte patterns and only those
 * lines are decoded and parsed. Everything else — almost all of a real log — is never a string.
 */
import type { InvocationRecord } from '../types.js';
import { parseEventLine } from './events.js';
import { MAX_LINE_BYTES } from './limits.js';
import { CanonicalFields, canonicalToRecord, readCanonical, skipTracingLine, viewOf } from './fast-report.js';
import { keyEnds, plainPrefix, prefixedReport, reportFollows } from './byte-tests.js';
import { parseReportLine } from './line.js';
import type { RequestIds } from './request-ids.js';
import { countCanonical, countResult } from './tally.js';
import type { LineResult, ParseCounters, StatisticsSink } from './types.js';

// Every report contains one of these: text REPORT lines (raw or inside a "message"), and
// `billedDurationMs` in platform.report / records JSONL. `Ms` rather than `billedDurationMs`
// because V8's search skips to the first byte with memchr: `M` is rare in logs, `b` is not.
const REPORT = Buffer.from('REPORT');
const MS = Buffer.from('Ms');
const NEWLINE = 0x0a;
const R = 0x52;
const X = 0x58;
const CR = 0x0d;
export { MAX_LINE_BYTES };

/**
 * Yields an `InvocationRecord` for every report in `input` (any mix of the supported formats),
 * counting records and malformed report lines in `counters` as it goes.
 */
export async function* parseRecords(input: AsyncIterable<Buffer | string>, counters: ParseCounters): AsyncGenerator<InvocationRecord> {
  for await (const batch of parseRecordBatches(input, counters)) yield* batch;
}

/**
 * Like `parseRecords`, one array per input chunk: a replay of millions of records cannot afford an
 * async step per record (that alone cost more than parsing them).
 */
export async function* parseRecordBatches(
  input: AsyncIterable<Buffer | string>,
  counters: ParseCounters,
  options: SplitterOptions = {},
): AsyncGenerator<InvocationRecord[]> {
  const splitter = new LineSplitter(counters, options);
  for await (const chunk of input) {
    const records = splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (records.length > 0) yield records;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/** The same, synchronously over Buffers already in memory (a worker's byte range). */
export function createSplitter(counters: ParseCounters, options: SplitterOptions = {}): { push(chunk: Buffer): InvocationRecord[]; end(): InvocationRecord[] } {
  return new LineSplitter(counters, options);
}

export interface SplitterOptions {
  /**
   * Takes the service-layout REPORT lines instead of the returned arrays — their figures only, no
   * record object and no request id string: what statistics need, at a fraction of the cost.
   */
  statistics?: StatisticsSink;
  /** The request ids read so far (this input's and the ones before): a report of one of them is a duplicate. */
  ids?: RequestIds;
}

export type { StatisticsSink };

/** Keeps the partial last line between chunks and hands candidate lines to the parsers. */
class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private droppedCandidate = false;
  private records: InvocationRecord[] = [];
  private readonly fields = new CanonicalFields();
  /** The chunk being scanned and a DataView of it, made once per chunk rather than per line. */
  private chunk: Buffer | undefined;
  private view: DataView | undefined;
  private readonly statistics: StatisticsSink | undefined;
  private readonly ids: RequestIds | undefined;
  /**
   * The last REPORT read had a prefix: try the next line behind one too. Set only when statistics
   * take the figures: records must keep the time stamp the general path reads from it.
   */
  private prefixedLane = false;

  constructor(
    private readonly counters: ParseCounters,
    options: SplitterOptions,
  ) {
    this.statistics = options.statistics;
    this.ids = options.ids;
  }

  push(chunk: Buffer): InvocationRecord[] {
    this.records = [];
    let start = 0;
    if (this.carryBytes > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.keep(chunk);
        return this.records;
      }
      this.keep(chunk.subarray(0, newline));
      this.flushCarry();
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) this.scan(chunk, start, last);
    const tailStart = Math.max(start, last + 1);
    if (tailStart < chunk.length) this.keep(chunk.subarray(tailStart));
    return this.records;
  }

  end(): InvocationRecord[] {
    this.records = [];
    this.flushCarry();
    return this.records;
  }

  /** Parses the candidate lines of `chunk[from..last]`, where `last` is a newline. */
  private scan(chunk: Buffer, from: number, last: number): void {
    // -2: not searched yet. Searched only once the fast lane stops: a REPORT-only chunk never needs
    // them, and a search for `Ms` that finds none reads the whole megabyte.
    let report = -2;
    let ms = -2;
    /** No `Ms` is in the chunk before this (a window searched in vain). */
    let msFrom = from;
    let pos = from;
    const limit = last + 1;
    let tried = -1;
    const view = viewOf(chunk);
    this.chunk = chunk;
    this.view = view;
    for (;;) {
      // Fast lane: a line that is a REPORT in the service's layout, settled without any search.
      // `pos < limit`: a read past the chunk (after its last line) deoptimized scan once per thread.
      while (pos !== tried && pos < limit) {
        tried = pos;
        if (chunk[pos] === X) {
          const next = skipTracingLine(chunk, view, pos, limit);
          if (next === -1) break;
          pos = next;
          continue;
        }
        let at = pos;
        if (chunk[pos] !== R) {
          // Right after a prefixed REPORT, the next line is likely one too (S3 exports, `aws logs
          // tail --filter-pattern REPORT`): look behind its prefix before falling back to search.
          at = this.prefixedLane ? prefixedReport(chunk, pos, limit) : -1;
          if (at === -1) {
            this.prefixedLane = false;
            break;
          }
        }
        const end = readCanonical(chunk, at, limit, this.fields, view);
        if (end === -1 || end === limit) break;
        this.canonical(chunk);
        pos = chunk[end] === CR ? end + 2 : end + 1;
      }
      if (pos > last) return;
      if (report !== -1 && report < pos) report = chunk.indexOf(REPORT, pos);
      if (ms === -2 || (ms >= 0 && ms < pos)) {
        // Only an `Ms` before the next REPORT matters now: search just that window, so no byte is
        // searched twice (a search to the end of the chunk for each REPORT-only chunk read it all).
        const start = Math.max(pos, msFrom);
        if (report === -1) ms = chunk.indexOf(MS, start);
        else if (start >= report) ms = -2;
        else {
          const at = chunk.subarray(start, report).indexOf(MS);
          ms = at === -1 ? -2 : start + at;
          if (at === -1) msFrom = report;
        }
      }
      const msHit = ms >= 0 ? ms : -1;
      const hit = report === -1 ? msHit : msHit === -1 ? report : Math.min(report, msHit);
      if (hit === -1 || hit > last) return;
      // Cheap byte tests drop most false hits (app text mentioning a REPORT) without decoding.
      if (hit === report && !reportFollows(chunk, hit)) {
        report = chunk.indexOf(REPORT, hit + 1);
        continue;
      }
      if (hit === ms && hit !== report && !keyEnds(chunk, hit)) {
        ms = -2;
        msFrom = hit + 1;
        continue;
      }
      // Reports usually start their line: skip the backward search then.
      const lineStart = hit === 0 || chunk[hit - 1] === NEWLINE ? hit : chunk.lastIndexOf(NEWLINE, hit) + 1;
      // A REPORT at the start of its line goes to the fast lane, which finds the line's end itself.
      if (lineStart === hit && hit !== tried && chunk[hit] === R) {
        pos = hit;
        continue;
      }
      // A REPORT behind a prefix (S3 exports' `<ISO time> `, `aws logs tail`'s stream and time, a
      // console's `[2:34:39 PM] `): the general path reads the very numbers of the same layout after
      // it, so statistics (which need no time stamp) may take them from the bytes — unless the prefix
      // could make the line JSON.
      if (this.statistics !== undefined && hit === report && lineStart < hit && plainPrefix(chunk, lineStart, hit)) {
        const end = readCanonical(chunk, hit, limit, this.fields, view);
        if (end !== -1 && end !== limit) {
          this.canonical(chunk);
          this.prefixedLane = true;
          pos = chunk[end] === CR ? end + 2 : end + 1;
          continue;
        }
      }
      const lineEnd = chunk.indexOf(NEWLINE, hit);
      this.line(chunk, lineStart, lineEnd);
      pos = lineEnd + 1;
    }
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    if (this.carryBytes + part.length > MAX_LINE_BYTES) {
      // Drop what we hold, remembering only whether a report may have been in it.
      this.droppedCandidate ||= [...this.carry, part].some((piece) => piece.includes(REPORT) || piece.includes(MS));
      this.carry = [];
      this.carryBytes = Number.POSITIVE_INFINITY;
      return;
    }
    // Copied: the reader may reuse its buffer for the next chunk (that keeps memory flat).
    this.carry.push(Buffer.from(part));
    this.carryBytes += part.length;
  }

  private flushCarry(): void {
    if (this.carryBytes === Number.POSITIVE_INFINITY) {
      if (this.droppedCandidate) {
        this.count({ kind: 'malformed', reason: `a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB was skipped` });
      }
    } else if (this.carryBytes > 0) {
      // Joined before the test: a pattern may straddle the chunk boundary.
      const line = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryBytes);
      if (line.includes(REPORT) || line.includes(MS)) this.line(line, 0, line.length);
    }
    this.carry = [];
    this.carryBytes = 0;
    this.droppedCandidate = false;
  }

  private line(buffer: Buffer, start: number, end: number): void {
    const stop = end > start && buffer[end - 1] === CR ? end - 1 : end;
    if (buffer[start] === R && readCanonical(buffer, start, stop, this.fields, buffer === this.chunk ? this.view : viewOf(buffer)) === stop) {
      this.canonical(buffer);
      return;
    }
    const text = buffer.toString('utf8', start, stop);
    const events = parseEventLine(text);
    if (events === undefined) this.count(parseReportLine(text));
    else for (const result of events) this.count(result);
  }

  private canonical(buffer: Buffer): void {
    if (this.statistics !== undefined) countCanonical(this.counters, buffer, this.fields, this.statistics, this.ids);
    else countResult(this.counters, this.records, { kind: 'record', record: canonicalToRecord(buffer, this.fields) }, this.ids);
  }

  private count(result: LineResult): void {
    countResult(this.counters, this.records, result, this.ids);
  }
}
