import { parseJsonLine } from './json-report.js';
import { parseTextReport } from './text-report.js';
import { OTHER, type LineResult } from './types.js';

/**
 * Classifies one logical log line: a text REPORT (any prefix, TABs or spaces), a JSON log format
 * `platform.report`, or a line of our own records JSONL. Never throws; a line that is recognisably
 * a report but unusable is `malformed` with a reason, never a record with zeros.
 */
export function parseReportLine(line: string): LineResult {
  const first = firstNonBlank(line);
  if (first === '{') return parseJsonLine(line.trim());
  // JSON-format logs printed by `aws logs tail` / `sam logs` carry a stream and time prefix.
  if (line.includes('"platform.report"')) return parseJsonLine(line.slice(line.indexOf('{')).trim());
  if (!line.includes('REPORT')) return OTHER;
  return parseTextReport(line);
}

function firstNonBlank(line: string): string | undefined {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c !== ' ' && c !== '\t') return c;
  }
  return undefined;
}
