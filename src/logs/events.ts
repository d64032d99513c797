/**
 * Lines of `aws logs filter-log-events` / `get-log-events` output (pretty JSON, or JSON Lines of
 * event objects): the log line is the `"message"` string value. Only that string is decoded, never
 * the whole document, so a gigabyte of output streams in constant memory.
 */
import { malformed, type LineResult } from './types.js';
import { parseReportLine } from './line.js';

const MESSAGE_KEY = '"message"';
const EPOCH_MS = /"timestamp"\s*:\s*(\d{10,16})\b/;

/**
 * The results of every logical line inside the `"message"` values of `line`, or undefined when the
 * line has no `"message"` string (then it is an ordinary log line).
 */
export function parseEventLine(line: string): LineResult[] | undefined {
  let at = line.indexOf(MESSAGE_KEY);
  if (at === -1) return undefined;
  const results: LineResult[] = [];
  let found = false;
  let timestamp: string | undefined;
  while (at !== -1) {
    const literal = stringValueAfter(line, at + MESSAGE_KEY.length);
    if (literal === undefined) break;
    found = true;
    if (literal.end === -1) {
      if (/REPORT[ \t]+RequestId|platform\.report/.test(line)) results.push(malformed('unterminated "message" string', line));
      break;
    }
    let message: unknown;
    try {
      message = JSON.parse(line.slice(literal.start, literal.end + 1));
    } catch {
      results.push(malformed('invalid JSON string escape in "message"', line));
      at = line.indexOf(MESSAGE_KEY, literal.end + 1);
      continue;
    }
    for (const part of (message as string).split('\n')) {
      const result = parseReportLine(part);
      if (result.kind === 'record' && result.record.timestamp === undefined) {
        timestamp ??= eventTime(line);
        if (timestamp !== undefined) result.record.timestamp = timestamp;
      }
      if (result.kind !== 'other') results.push(result);
    }
    at = line.indexOf(MESSAGE_KEY, literal.end + 1);
  }
  return found ? results : undefined;
}

/**
 * Position of the JSON string literal that is the value after a key ending at `from`
 * (`start` = opening quote, `end` = closing quote or -1 when the line ends first).
 */
function stringValueAfter(line: string, from: number): { start: number; end: number } | undefined {
  let i = skipBlanks(line, from);
  if (line[i] !== ':') return undefined;
  i = skipBlanks(line, i + 1);
  if (line[i] !== '"') return undefined;
  const start = i;
  for (i = start + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return { start, end: i };
  }
  return { start, end: -1 };
}

function skipBlanks(line: string, from: number): number {
  let i = from;
  while (line[i] === ' ' || line[i] === '\t') i++;
  return i;
}

/** The event's own `"timestamp"` (epoch ms) on the same line, as ISO 8601. */
function eventTime(line: string): string | undefined {
  const match = EPOCH_MS.exec(line);
  if (match === null) return undefined;
  const date = new Date(Number(match[1]));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
