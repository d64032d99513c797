/** Log text that may span several lines: a CSV cell, a JSON string value. */
import { parseEventLine } from './events.js';
import { parseReportLine } from './line.js';
import type { LineResult } from './types.js';

/**
 * Every result in a piece of log text that may hold several lines (a CSV cell, a JSON string):
 * each line is a report line or a JSON event line with `"message"`s of its own. `other` is left out.
 */
export function parseLogText(text: string): LineResult[] {
  const results: LineResult[] = [];
  for (const part of text.split('\n')) {
    const line = part.endsWith('\r') ? part.slice(0, -1) : part;
    const events = parseEventLine(line);
    if (events !== undefined) results.push(...events);
    else {
      const result = parseReportLine(line);
      if (result.kind !== 'other') results.push(result);
    }
  }
  return results;
}
