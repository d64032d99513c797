/**
 * JSON documents that are not JSON Lines: pretty-printed (multi-line) events or JSON-format log
 * records, a top-level array of them, `aws logs filter-log-events` / `get-log-events` output
 * (`{"events": [...]}`) and `aws logs get-query-results` (`{"results": [[{"field","value"}…]…]}`).
 *
 * Streamed, never loaded whole: a byte scanner cuts the document into units — each top-level
 * value, except that the elements of a top-level array, and of an array directly inside a top-level
 * object, are units of their own — and only one unit at a time is parsed with JSON.parse.
 */
import type { InvocationRecord } from '../types.js';
import { parseJsonValue } from './json-report.js';
import { MAX_LINE_BYTES } from './limits.js';
import type { RequestIds } from './request-ids.js';
import { CanonicalFields, readCanonical, skipTracingLine, viewOf } from './fast-report.js';
import { countCanonical, Tally } from './tally.js';
import { parseLogText } from './text.js';
import { malformed, type LineResult, type ParseCounters, type StatisticsSink } from './types.js';

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const FOUR_SPACES = 0x20202020;
/** Strings up to this long are scanned byte by byte (see endString). */
const SHORT_STRING = 24;
const LOWER_T = 0x74;
const LOWER_N = 0x6e;
const TAB = 0x09;
const LF = 0x0a;
const UPPER_X = 0x58;
/** Nesting deeper than this is followed (for depth) but its container types are not tracked. */
const MAX_TRACKED_DEPTH = 64;
/** Units nest no deeper than this in what we interpret (an event inside an array inside a unit…). */
const MAX_INTERPRET_DEPTH = 4;

/**
 * What a unit is handed over as: its bytes `buffer[start..end)` (undefined when it was too long to
 * keep), and where the string value of its own `"message"` key is — `messageStart` its opening
 * quote, `messageEnd` its closing one — or -1 when it has none the scanner saw (see UnitScanner).
 */
type OnUnit = (buffer: Buffer | undefined, start: number, end: number, messageStart: number, messageEnd: number) => void;

const MESSAGE_KEY = Buffer.from('"message"');
const COLON = 0x3a;

/**
 * Cuts a byte stream of JSON into units; `onUnit` gets each. On the way it notes, for a unit within
 * one chunk, where its `"message"` string is: an event's log line, which can then be read from the
 * bytes without parsing the event.
 */
class UnitScanner {
  private depth = 0;
  private readonly kinds = new Uint8Array(MAX_TRACKED_DEPTH);
  private inString = false;
  private escaped = false;
  /** Where the unit being captured starts in the current chunk (-1: not in it, or none). */
  private start = -1;
  /** Depth at which a value is a unit; -1 while the top-level object turned out to be a container. */
  private unitDepth = 0;
  private capturing = false;
  private pieces: Buffer[] = [];
  private captured = 0;
  private oversized = false;
  /** The opening quote, in this chunk, of the string being scanned when it is a key or value of the unit itself; -1 otherwise. */
  private stringStart = -1;
  /** The last string closed was the unit's key `"message"` with a string value: the next string is that value. */
  private messageNext = false;
  private messageStart = -1;
  private messageEnd = -1;

  constructor(private readonly onUnit: OnUnit) {}

  push(chunk: Buffer): void {
    this.start = this.capturing ? 0 : -1;
    // A string that started in the previous chunk: its position is not in this one.
    this.stringStart = -1;
    const n = chunk.length;
    const view = viewOf(chunk);
    for (let i = this.inString ? this.endString(chunk, 0) + 1 : 0; i < n; i++) {
      const c = chunk[i]!;
      // Most bytes outside strings are blanks (the indentation), then digits, `:` and `,`: the
      // first test settles the blanks — a run of spaces four at a time — the second the rest (`[`
      // and `]` are `{` and `}` with the 0x20 bit clear).
      if (c <= SPACE) {
        while (i + 5 <= n && view.getUint32(i + 1, true) === FOUR_SPACES) i += 4;
        continue;
      }
      if (c !== QUOTE && (c | 0x20) !== OPEN_OBJECT && (c | 0x20) !== CLOSE_OBJECT) continue;
      if (c === QUOTE) {
        if (!this.capturing && this.depth === this.unitDepth) this.start = this.begin(i);
        this.stringStart = this.capturing && this.depth === this.unitDepth + 1 ? i : -1;
        i = this.endString(chunk, i + 1);
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (c === OPEN_ARRAY && this.elementsAreUnits()) {
          // Its elements are the units: whatever of the parent was captured is a container, not one.
          this.capturing = false;
          this.pieces = [];
          this.start = -1;
          this.unitDepth = this.depth + 1;
        } else if (!this.capturing && this.depth === this.unitDepth) this.start = this.begin(i);
        if (this.depth < MAX_TRACKED_DEPTH) this.kinds[this.depth] = c;
        this.depth++;
      } else {
        if (this.depth > 0) this.depth--;
        if (this.capturing && this.depth === this.unitDepth) this.start = this.finish(chunk, this.start, i + 1);
        else if (c === CLOSE_ARRAY && this.depth === this.unitDepth - 1) this.unitDepth = this.depth === 0 ? 0 : -1;
        if (this.depth === 0) this.unitDepth = 0;
      }
    }
    if (this.capturing && this.start !== -1) this.keep(chunk.subarray(this.start));
  }

  /**
   * Scans the string whose contents start at `from` to its closing quote and settles it; returns
   * that quote's index, or the chunk's length when the string goes on into the next chunk. Most
   * of a log document is string contents (the messages): it jumps to the next quote (memchr)
   * rather than looking at every byte; the quote closes the string unless an odd run of
   * backslashes escapes it.
   */
  private endString(chunk: Buffer, from: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    // Keys and short values (most strings of an event) end within a few bytes: looked for here,
    // a call to indexOf costs more than the bytes it would pass.
    const near = Math.min(chunk.length, i + SHORT_STRING);
    for (let k = i; k < near; k++) {
      const c = chunk[k]!;
      if (c === BACKSLASH) break;
      if (c === QUOTE) return this.closeString(chunk, k);
    }
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      const end = quote === -1 ? chunk.length : quote;
      let backslashes = 0;
      while (end - backslashes - 1 >= i && chunk[end - backslashes - 1] === BACKSLASH) backslashes++;
      if (quote === -1) {
        this.inString = true;
        this.escaped = backslashes % 2 === 1;
        return chunk.length;
      }
      if (backslashes % 2 === 0) return this.closeString(chunk, quote);
      i = quote + 1;
    }
  }

  /** The string being scanned closes at `quote`: settles it, and returns `quote`. */
  private closeString(chunk: Buffer, quote: number): number {
    this.inString = false;
    if (this.stringStart !== -1) this.closeOwnString(chunk, this.stringStart, quote);
    if (this.capturing && this.depth === this.unitDepth) this.start = this.finish(chunk, this.start, quote + 1);
    return quote;
  }

  /** An array opened here has units for elements: it is the top-level value, or a value of the top-level object. */
  private elementsAreUnits(): boolean {
    return this.depth === 0 || (this.depth === 1 && this.kinds[0] === OPEN_OBJECT);
  }

  /** A key or value of the unit itself closed at `end`: is it the `"message"` key, or that key's value? */
  private closeOwnString(chunk: Buffer, start: number, end: number): void {
    this.stringStart = -1;
    if (this.messageNext) {
      this.messageNext = false;
      this.messageStart = start;
      this.messageEnd = end;
    } else {
      this.messageNext = end - start === MESSAGE_KEY.length - 1 && isMessageKey(chunk, start) && stringValueFollows(chunk, end + 1);
    }
  }

  private begin(at: number): number {
    this.capturing = true;
    this.pieces = [];
    this.captured = 0;
    this.oversized = false;
    this.messageNext = false;
    this.messageStart = -1;
    return at;
  }

  private finish(chunk: Buffer, start: number, end: number): number {
    this.capturing = false;
    if (this.pieces.length === 0 && !this.oversized && end - start <= MAX_LINE_BYTES) {
      // A unit within one chunk (almost all of them): handed over where it is, not copied first.
      this.onUnit(chunk, start, end, this.messageStart, this.messageEnd);
      return -1;
    }
    this.keep(chunk.subarray(start, end));
    if (this.oversized) this.onUnit(undefined, 0, 0, -1, -1);
    else this.onUnit(Buffer.concat(this.pieces, this.captured), 0, this.captured, -1, -1);
    this.pieces = [];
    return -1;
  }

  private keep(piece: Buffer): void {
    if (this.oversized) return;
    if (this.captured + piece.length > MAX_LINE_BYTES) {
      this.oversized = true;
      this.pieces = [];
      return;
    }
    // Copied: the chunk may be reused by whoever reads the file.
    this.pieces.push(Buffer.from(piece));
    this.captured += piece.length;
  }
}

/** `"message"` at `at` (byte by byte: Buffer.compare's call costs more than these nine bytes). */
function isMessageKey(chunk: Buffer, at: number): boolean {
  for (let k = 1; k < MESSAGE_KEY.length - 1; k++) if (chunk[at + k] !== MESSAGE_KEY[k]) return false;
  return true;
}

/** `: "` (blanks allowed around the colon) from `at`, within `chunk`: a key's value that is a string. */
function stringValueFollows(chunk: Buffer, at: number): boolean {
  let i = at;
  while (i < chunk.length && isBlank(chunk[i]!)) i++;
  if (chunk[i] !== COLON) return false;
  i++;
  while (i < chunk.length && isBlank(chunk[i]!)) i++;
  return chunk[i] === QUOTE;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Records from a JSON document (see the file comment). With `timestamps: false` (statistics, which
 * never read them) records carry no time stamp from their event: making one is a Date and an ISO
 * string per record, a fifth of a replay of `filter-log-events` output.
 */
export async function* parseJsonDocumentBatches(
  input: AsyncIterable<Buffer>,
  counters: ParseCounters,
  options: { timestamps?: boolean; ids?: RequestIds; statistics?: StatisticsSink } = {},
): AsyncGenerator<InvocationRecord[]> {
  const tally = new Tally(counters, options.ids);
  const timestamps = options.timestamps ?? true;
  // With statistics (no record wanted), an event whose message is one REPORT in the service's
  // layout is read from its bytes: no string, no JSON.parse, no record — JSON.parse and the objects
  // it makes were most of the time of a filter-log-events replay.
  const messages = options.statistics === undefined ? undefined : new MessageReader(counters, options.statistics, options.ids);
  const scanner = new UnitScanner((buffer, start, end, messageStart, messageEnd) => {
    if (buffer === undefined) tally.add({ kind: 'malformed', reason: `a JSON value longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB was skipped` });
    else if (messages === undefined || messageStart === -1 || !messages.read(buffer, messageStart + 1, messageEnd)) {
      for (const result of unitResults(buffer.toString('utf8', start, end), timestamps)) tally.add(result);
    }
  });
  for await (const chunk of input) {
    scanner.push(chunk);
    if (tally.records.length > 0) yield tally.take();
  }
  if (tally.records.length > 0) yield tally.take();
}

/** Reads an event's `"message"` string, as its bytes in the document, when it is one canonical REPORT line. */
class MessageReader {
  #line = Buffer.allocUnsafe(1024);
  #view = viewOf(this.#line);
  readonly #fields = new CanonicalFields();
  /** The document chunk last read from, and a DataView of it (one per chunk, not per event). */
  #source: Buffer | undefined;
  #sourceView: DataView | undefined;

  constructor(
    private readonly counters: ParseCounters,
    private readonly statistics: StatisticsSink,
    private readonly ids: RequestIds | undefined,
  ) {}

  /**
   * Counts the message `buffer[from..to)` (between its quotes) into the statistics and returns true;
   * true too, counting nothing, for one X-Ray tracing line; false, having done nothing, when it is
   * anything else than one of those (then the event is parsed as JSON). The line is unescaped first: `\t` and `\n` are what the service's lines hold.
   */
  read(buffer: Buffer, from: number, to: number): boolean {
    // Unescaping only shortens: the line fits in the message's length.
    if (to - from > this.#line.length) {
      this.#line = Buffer.allocUnsafe(to - from);
      this.#view = viewOf(this.#line);
    }
    const line = this.#line;
    const out = this.#view;
    if (buffer !== this.#source) {
      this.#source = buffer;
      this.#sourceView = viewOf(buffer);
    }
    const view = this.#sourceView!;
    let n = 0;
    let i = from;
    while (i < to) {
      // Four bytes at a time while none is a backslash ("has a zero byte" on x XOR four
      // backslashes, exact): a message is mostly plain text between a few escapes.
      if (i + 4 <= to) {
        const x = view.getUint32(i, true);
        const y = x ^ 0x5c5c5c5c;
        if (((y - 0x01010101) & ~y & 0x80808080) === 0) {
          out.setUint32(n, x, true);
          n += 4;
          i += 4;
          continue;
        }
      }
      let c = buffer[i]!;
      if (c === BACKSLASH) {
        const escaped = buffer[++i];
        if (escaped === LOWER_T) c = TAB;
        else if (escaped === LOWER_N) c = LF;
        else return false;
      }
      line[n++] = c;
      i++;
    }
    // The X-Ray line after a traced REPORT is its own event: it holds no report, as the general path
    // would find after a JSON.parse (a twentieth of a traced log's events, most of its parse time).
    if (line[0] === UPPER_X) return skipTracingLine(line, this.#view, 0, n) === n;
    const end = readCanonical(line, 0, n, this.#fields, this.#view);
    if (end === -1 || !(end === n || (line[end] === LF && end + 1 === n))) return false;
    countCanonical(this.counters, line, this.#fields, this.statistics, this.ids);
    return true;
  }
}

/** The results of one unit's text (`timestamps`: see parseJsonDocumentBatches). */
export function unitResults(text: string, timestamps = true): LineResult[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return /REPORT[ \t]+RequestId|platform\.report/.test(text) ? [malformed('invalid JSON', text)] : [];
  }
  return interpret(value, text, 0, timestamps);
}

type Json = Record<string, unknown>;

function interpret(value: unknown, text: string, depth: number, timestamps: boolean): LineResult[] {
  if (typeof value === 'string') return parseLogText(value);
  if (depth >= MAX_INTERPRET_DEPTH || typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((cell) => isObject(cell) && typeof cell.field === 'string')) return insightsRow(value as Json[], text);
    return value.flatMap((element) => interpret(element, text, depth + 1, timestamps));
  }
  const object = value as Json;
  if (typeof object.message === 'string') {
    const results = parseLogText(object.message);
    return timestamps ? withTime(results, epochTime(object.timestamp)) : results;
  }
  const own = parseJsonValue(object, text);
  if (own.kind !== 'other') return [own];
  return Object.values(object).flatMap((child) => (typeof child === 'object' ? interpret(child, text, depth + 1, timestamps) : []));
}

/** One row of Logs Insights results: `@message`, or the fields Insights discovers in REPORT lines. */
function insightsRow(cells: readonly Json[], text: string): LineResult[] {
  const fields = new Map(cells.map((cell) => [cell.field as string, cell.value]));
  const time = insightsTime(fields.get('@timestamp'));
  const message = fields.get('@message');
  if (typeof message === 'string') return withTime(parseLogText(message), time);
  if (!fields.has('@billedDuration')) return [];
  if (fields.has('@type') && fields.get('@type') !== 'REPORT') return [];
  return [insightsReport(fields, text, time)];
}

/**
 * A report from discovered fields. `@memorySize` and `@maxMemoryUsed` are in MB × 1,000,000
 * (a real capture shows 128 MB as `1.28E8`).
 */
function insightsReport(fields: ReadonlyMap<string, unknown>, text: string, time: string | undefined): LineResult {
  const number = (name: string): number | undefined => {
    const raw = fields.get(name);
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const required = { durationMs: '@duration', billedDurationMs: '@billedDuration', memoryMB: '@memorySize', maxMemoryUsedMB: '@maxMemoryUsed' } as const;
  const values: Partial<Record<keyof typeof required, number>> = {};
  for (const [key, name] of Object.entries(required) as Array<[keyof typeof required, string]>) {
    const value = number(name);
    if (value === undefined) return malformed(`Logs Insights row without a usable ${name}`, text);
    values[key] = value;
  }
  const record: InvocationRecord = {
    memoryMB: Math.round(values.memoryMB! / 1e6),
    durationMs: values.durationMs!,
    billedDurationMs: values.billedDurationMs!,
    maxMemoryUsedMB: Math.round(values.maxMemoryUsedMB! / 1e6),
    status: 'success',
    logFormat: 'text',
  };
  const requestId = fields.get('@requestId');
  if (typeof requestId === 'string' && requestId !== '') record.requestId = requestId;
  const init = number('@initDuration');
  if (init !== undefined) record.initDurationMs = init;
  if (time !== undefined) record.timestamp = time;
  return { kind: 'record', record };
}

function withTime(results: LineResult[], time: string | undefined): LineResult[] {
  if (time === undefined) return results;
  return results.map((result) =>
    result.kind === 'record' && result.record.timestamp === undefined ? { kind: 'record', record: { ...result.record, timestamp: time } } : result,
  );
}

/** An event's `timestamp` (epoch ms) as ISO 8601. */
function epochTime(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Insights' `2024-06-11 08:15:02.331` (UTC, no zone) as ISO 8601. */
function insightsTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) return undefined;
  return `${value.replace(' ', 'T')}Z`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
