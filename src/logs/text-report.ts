/**
 * The text log format's REPORT line. Fields are found by their whole names, wherever they are and
 * whatever separates them (TABs from the service, runs of spaces in copies, old `100 ms \t`).
 * Written for speed: a replay parses hundreds of thousands of these lines per gigabyte.
 */
import type { InvocationRecord, InvocationStatus } from '../types.js';
import { malformed, OTHER, type LineResult } from './types.js';

// `REPORT` must stand alone: `INIT_REPORT` lines and app text such as `"REPORT…` are not invocations.
const REPORT_START = /(?:^|[\s\]])REPORT[ \t]+RequestId:/;
// Longest names first, so `Billed Restore Duration` never matches as `Restore Duration` or `Duration`.
const FIELD =
  /(?<=^|[\s\]])(Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Max Memory Used|Memory Size|Duration|Status|Error Type|XRAY TraceId|SegmentId|Sampled|RequestId):/g;
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/;
// The service's own layout, start to end, as almost every line of a real log has it: one regex
// settles it. Anything else (prefixes, spaces, restore, status, X-Ray) takes the general path.
const CANONICAL =
  /^REPORT RequestId: ([^\s:]+)\tDuration: (\d+(?:\.\d+)?) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB\t?(?:Init Duration: (\d+(?:\.\d+)?) ms\t?)?$/;
const STATUSES: Readonly<Record<string, InvocationStatus>> = { success: 'success', error: 'error', failure: 'error', timeout: 'timeout' };

/** Raw values by field; a class so every instance has the same shape (fast property access). */
class RawFields {
  requestId: string | undefined = undefined;
  duration: string | undefined = undefined;
  billedDuration: string | undefined = undefined;
  memorySize: string | undefined = undefined;
  maxMemoryUsed: string | undefined = undefined;
  initDuration: string | undefined = undefined;
  restoreDuration: string | undefined = undefined;
  billedRestoreDuration: string | undefined = undefined;
  status: string | undefined = undefined;
  errorType: string | undefined = undefined;
  /** Tracing fields are recognised (so they end the previous value) but not kept. */
  tracing = false;

  /** Stores a value; false when the name is unknown or repeated. */
  set(name: string, value: string): boolean {
    switch (name) {
      case 'RequestId':
        return this.requestId === undefined && ((this.requestId = value), true);
      case 'Duration':
        return this.duration === undefined && ((this.duration = value), true);
      case 'Billed Duration':
        return this.billedDuration === undefined && ((this.billedDuration = value), true);
      case 'Memory Size':
        return this.memorySize === undefined && ((this.memorySize = value), true);
      case 'Max Memory Used':
        return this.maxMemoryUsed === undefined && ((this.maxMemoryUsed = value), true);
      case 'Init Duration':
        return this.initDuration === undefined && ((this.initDuration = value), true);
      case 'Restore Duration':
        return this.restoreDuration === undefined && ((this.restoreDuration = value), true);
      case 'Billed Restore Duration':
        return this.billedRestoreDuration === undefined && ((this.billedRestoreDuration = value), true);
      case 'Status':
        return this.status === undefined && ((this.status = value), true);
      case 'Error Type':
        return this.errorType === undefined && ((this.errorType = value), true);
      case 'XRAY TraceId':
      case 'SegmentId':
      case 'Sampled':
        return (this.tracing = true);
      default:
        return false;
    }
  }
}

/** Parses a text REPORT line; `other` when the line is not one. */
export function parseTextReport(line: string): LineResult {
  const canonical = CANONICAL.exec(line);
  if (canonical !== null) return canonicalRecord(canonical);
  const start = REPORT_START.exec(line);
  if (start === null) return OTHER;
  // From `RequestId:` on; the prefix only matters for its timestamp.
  const body = line.slice(start.index + start[0].length - 'RequestId:'.length);
  const fields = tabFields(body) ?? namedFields(body);
  if (typeof fields === 'string') return malformed(fields, line);

  const memoryMB = required(fields.memorySize, 'Memory Size', 'MB');
  const durationMs = required(fields.duration, 'Duration', 'ms');
  const billedDurationMs = required(fields.billedDuration, 'Billed Duration', 'ms');
  const maxMemoryUsedMB = required(fields.maxMemoryUsed, 'Max Memory Used', 'MB');
  const initDurationMs = optional(fields.initDuration, 'Init Duration');
  const restoreDurationMs = optional(fields.restoreDuration, 'Restore Duration');
  const billedRestoreDurationMs = optional(fields.billedRestoreDuration, 'Billed Restore Duration');
  for (const value of [memoryMB, durationMs, billedDurationMs, maxMemoryUsedMB, initDurationMs, restoreDurationMs, billedRestoreDurationMs]) {
    if (typeof value === 'string') return malformed(value, line);
  }
  const errorType = firstWord(fields.errorType);
  const statusText = firstWord(fields.status);
  let status: InvocationStatus = errorType === undefined ? 'success' : 'error';
  if (statusText !== undefined) {
    const known = STATUSES[statusText.toLowerCase()];
    if (known === undefined) return malformed(`unknown Status ${JSON.stringify(statusText)}`, line);
    status = known;
  }

  const record: InvocationRecord = {
    memoryMB: memoryMB as number,
    durationMs: durationMs as number,
    billedDurationMs: billedDurationMs as number,
    maxMemoryUsedMB: maxMemoryUsedMB as number,
    status,
    logFormat: 'text',
  };
  const requestId = firstWord(fields.requestId);
  if (requestId !== undefined) record.requestId = requestId;
  if (initDurationMs !== undefined) record.initDurationMs = initDurationMs as number;
  if (restoreDurationMs !== undefined) record.restoreDurationMs = restoreDurationMs as number;
  if (billedRestoreDurationMs !== undefined) record.billedRestoreDurationMs = billedRestoreDurationMs as number;
  if (errorType !== undefined) record.errorType = errorType;
  if (start.index > 0) {
    const timestamp = ISO_TIMESTAMP.exec(line.slice(0, start.index));
    if (timestamp !== null) record.timestamp = timestamp[0];
  }
  return { kind: 'record', record };
}

function canonicalRecord(match: RegExpExecArray): LineResult {
  const record: InvocationRecord = {
    memoryMB: parseFloat(match[4]!),
    durationMs: parseFloat(match[2]!),
    billedDurationMs: parseFloat(match[3]!),
    maxMemoryUsedMB: parseFloat(match[5]!),
    status: 'success',
    logFormat: 'text',
    requestId: match[1]!,
  };
  if (match[6] !== undefined) record.initDurationMs = parseFloat(match[6]);
  return { kind: 'record', record };
}

/** A number, or the reason it is missing or unusable. */
function required(raw: string | undefined, name: string, unit: string): number | string {
  if (raw === undefined) return `REPORT line lacks ${name}`;
  return readNumber(raw, unit) ?? `${name} is not a number of ${unit} (${JSON.stringify(raw)})`;
}

function optional(raw: string | undefined, name: string): number | string | undefined {
  return raw === undefined ? undefined : required(raw, name, 'ms');
}

/**
 * Fast path for the service's own layout: one `Name: value` per TAB-separated piece. Undefined
 * when the line does not have that shape (spaces instead of TABs, unknown fields), for `namedFields`.
 */
function tabFields(body: string): RawFields | undefined {
  const fields = new RawFields();
  let from = 0;
  while (from < body.length) {
    let to = body.indexOf('\t', from);
    if (to === -1) to = body.length;
    const colon = body.indexOf(':', from);
    if (colon === -1 || colon > to) {
      if (body.slice(from, to).trim() !== '') return undefined;
    } else {
      const value = body.slice(colon + 1, to).trim();
      if (value.includes(':') || !fields.set(body.slice(from, colon).trim(), value)) return undefined;
    }
    from = to + 1;
  }
  return fields;
}

/** Slow path: each known name's value runs to the next TAB or the next known name. */
function namedFields(report: string): RawFields | string {
  const fields = new RawFields();
  const matches = [...report.matchAll(FIELD)];
  for (let i = 0; i < matches.length; i++) {
    const match = matches[i]!;
    const from = match.index + match[0].length;
    const value = report.slice(from, matches[i + 1]?.index ?? report.length);
    const tab = value.indexOf('\t');
    if (!fields.set(match[1]!, (tab === -1 ? value : value.slice(0, tab)).trim())) return `${match[1]} appears twice`;
  }
  return fields;
}

/** `2412.34 ms` → 2412.34; undefined for anything else, including a wrong unit. */
function readNumber(raw: string, unit: string): number | undefined {
  let i = 0;
  let dot = false;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x2e && !dot && i > 0) dot = true;
    else if (c < 0x30 || c > 0x39) break;
  }
  if (i === 0 || raw.charCodeAt(i - 1) === 0x2e) return undefined;
  // The usual `123.45 ms` is settled without slicing; anything else after the number is checked.
  if (i < raw.length && !(raw.length === i + 1 + unit.length && raw.charCodeAt(i) === 0x20 && raw.endsWith(unit))) {
    const rest = raw.slice(i).trimStart();
    const end = rest.search(/\s/);
    if ((end === -1 ? rest : rest.slice(0, end)) !== unit) return undefined;
  }
  // Digits were checked above, so parseFloat reads exactly them and stops at the unit.
  return parseFloat(raw);
}

function firstWord(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const end = raw.search(/\s/);
  const word = end === -1 ? raw : raw.slice(0, end);
  return word === '' ? undefined : word;
}
