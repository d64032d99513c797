/** Which shape a log is in, from its first few kilobytes (decoded to UTF-8). */
import { csvMessageColumn } from '../logs/index.js';

/**
 * `lines`: one log line per line — raw CloudWatch text, JSON-format logs, JSON Lines of events,
 * records JSONL. `csv`: a console or Logs Insights CSV export with a message column. `json`: one
 * JSON document (pretty-printed events, `{"events": …}`, Insights `{"results": …}`, an array).
 */
export type LogFormatKind = 'lines' | 'csv' | 'json';

export function detectFormat(head: string): LogFormatKind {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const start = text.search(/\S/);
  if (start === -1) return 'lines';
  const first = text[start];
  const lineEnd = text.indexOf('\n', start);
  const firstLine = text.slice(start, lineEnd === -1 ? undefined : lineEnd).trim();
  // JSON Lines never start with an array; a document printed on several lines starts with `{` alone.
  if (first === '[') return 'json';
  if (first === '{') return firstLine === '{' || (lineEnd !== -1 && !parses(firstLine) && /^\{\s*"[^"]*"\s*:\s*[[{]?$/.test(firstLine)) ? 'json' : 'lines';
  return csvMessageColumn(firstLine) !== -1 ? 'csv' : 'lines';
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
