/**
 * CSV exports: the CloudWatch console's "Download" of log events and Logs Insights results
 * (`@timestamp,@message,…`). The message is found by its column name, in a header detected on the
 * first line; fields follow RFC 4180, so a quoted message may hold commas, TABs and newlines
 * (Lambda's REPORT messages end with one). Streamed row by row: memory holds one row at most.
 */
import type { InvocationRecord } from '../types.js';
import { MAX_LINE_BYTES } from './limits.js';
import type { RequestIds } from './request-ids.js';
import { Tally } from './tally.js';
import { parseLogText } from './text.js';
import type { ParseCounters } from './types.js';

const MESSAGE_COLUMNS = ['@message', 'message'];

/** The index of the message column when `firstLine` is a CSV header that has one, else -1. */
export function csvMessageColumn(firstLine: string): number {
  const cells = splitCsvRecord(firstLine.replace(/\r$/, ''));
  if (cells.length < 2) return -1;
  return cells.findIndex((cell) => MESSAGE_COLUMNS.includes(cell.trim().toLowerCase()));
}

/** The cells of one complete CSV record (used for the header). */
function splitCsvRecord(line: string): string[] {
  const reader = new CsvReader();
  const rows = reader.push(`${line}\n`);
  return rows[0] ?? [];
}

/** An RFC 4180 tokenizer over text pieces; yields complete rows. */
class CsvReader {
  private row: string[] = [];
  private field = '';
  private quoted = false;
  /** Just saw a quote inside a quoted field: either the end of it or the first of `""`. */
  private quoteSeen = false;
  private oversized = false;

  push(text: string): string[][] {
    const rows: string[][] = [];
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === 0x22) {
            this.field += '"';
            from = i + 1;
            continue;
          }
          this.quoted = false;
          // fall through: the character after a closing quote is read as unquoted
        } else {
          if (c === 0x22) {
            this.append(text, from, i);
            this.quoteSeen = true;
            from = i + 1;
          }
          continue;
        }
      }
      if (c === 0x22 && this.field === '' && from === i) {
        this.quoted = true;
        from = i + 1;
      } else if (c === 0x2c) {
        this.append(text, from, i);
        this.endField();
        from = i + 1;
      } else if (c === 0x0a) {
        this.append(text, from, i > from && text.charCodeAt(i - 1) === 0x0d ? i - 1 : i);
        this.endField();
        rows.push(this.row);
        this.row = [];
        from = i + 1;
      }
    }
    if (!(this.quoted && this.quoteSeen)) this.append(text, from, text.length);
    return rows;
  }

  /** The last row when the input does not end with a newline. */
  end(): string[] | undefined {
    if (this.field === '' && this.row.length === 0) return undefined;
    this.endField();
    const row = this.row;
    this.row = [];
    return row;
  }

  private append(text: string, from: number, to: number): void {
    if (to <= from || this.oversized) return;
    if (this.field.length + (to - from) > MAX_LINE_BYTES) {
      // A field this long is not a log message; keep memory bounded and drop it.
      this.oversized = true;
      this.field = '';
      return;
    }
    this.field += text.slice(from, to);
  }

  private endField(): void {
    this.row.push(this.field);
    this.field = '';
    this.oversized = false;
  }
}

/** Records from a CSV export whose header (first row) names the message column. */
export async function* parseCsvBatches(
  input: AsyncIterable<Buffer>,
  counters: ParseCounters,
  options: { ids?: RequestIds } = {},
): AsyncGenerator<InvocationRecord[]> {
  const decoder = new TextDecoder('utf-8');
  const reader = new CsvReader();
  const tally = new Tally(counters, options.ids);
  let column: number | undefined;
  const onRow = (row: string[]): void => {
    if (column === undefined) {
      column = row.findIndex((cell) => MESSAGE_COLUMNS.includes(cell.trim().toLowerCase()));
      return;
    }
    const message = row[column];
    if (message !== undefined && message !== '') for (const result of parseLogText(message)) tally.add(result);
  };
  for await (const chunk of input) {
    for (const row of reader.push(decoder.decode(chunk, { stream: true }))) onRow(row);
    if (tally.records.length > 0) yield tally.take();
  }
  for (const row of reader.push(decoder.decode())) onRow(row);
  const last = reader.end();
  if (last !== undefined) onRow(last);
  if (tally.records.length > 0) yield tally.take();
}
