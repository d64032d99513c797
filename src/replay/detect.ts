/** Which shape a log is in, from its first few kilobytes (decoded to UTF-8). */
import { csvMessageColumn } from '../logs/index.js';

/**
 * `lines`: one log line per line — raw CloudWatch text, JSON-format logs, JSON Lines of events,
 * records JSONL. `csv`: a console or Logs Insights CSV export with a message column. `json`: one
 * JSON document (pretty-printed events, `{"events": …}`, Insights `{"results": …}`, an array).
 */
export type LogFormatKind = 'lines' | 'csv' | 'json';

/**
 * A JSON array of log events or rows: `[` alone on its line, or before what an element starts with.
 * Not a console's `[2:34:39 PM] REPORT …` or a `[INFO]` prefix.
 */
const ARRAY_START = /^\[\s*(?:$|[[{"\]])/;
/**
 * The first key of an AWS CLI or SDK response printed on one line (`jq -c`, `json.dumps`,
 * `JSON.stringify`): `filter-log-events` / `get-log-events` (`events`, `nextToken`…) and
 * `get-query-results` (`results`, `queryLanguage`, the JavaScript SDK's `$metadata`). A JSON Lines
 * event, record or app log starts with other keys (`time`, `timestamp`, `type`, `memoryMB`…).
 */
const RESPONSE_START = /^\{\s*"(?:events|searchedLogStreams|nextToken|nextForwardToken|results|queryLanguage|\$metadata)"\s*:/;

export function detectFormat(head: string): LogFormatKind {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const start = text.search(/\S/);
  if (start === -1) return 'lines';
  const first = text[start];
  const lineEnd = text.indexOf('\n', start);
  const firstLine = text.slice(start, lineEnd === -1 ? undefined : lineEnd).trim();
  // JSON Lines never start with an array; a document printed on several lines starts with `{` alone.
  if (first === '[') return ARRAY_START.test(firstLine) ? 'json' : 'lines';
  if (first === '{') {
    if (firstLine === '{' || RESPONSE_START.test(firstLine)) return 'json';
    return lineEnd !== -1 && !parses(firstLine) && /^\{\s*"[^"]*"\s*:\s*[[{]?$/.test(firstLine) ? 'json' : 'lines';
  }
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
