/** JSON report (schemaVersion 1) and JSONL records: the objects as they are, never reshaped. */
import type { InvocationRecord, Report } from '../types.js';

/**
 * Throws on NaN or ±Infinity anywhere in `value`: JSON.stringify would write them as null and a
 * user's script would read a missing figure instead of our bug.
 */
export function assertFinite(value: unknown, path = '$'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`internal: non-finite number ${value} at ${path} in the report`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertFinite(item, `${path}[${index}]`));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) assertFinite(item, `${path}.${key}`);
  }
}

/** The Report itself, 2-space indented, with a trailing newline. */
export function renderJson(report: Report): string {
  assertFinite(report);
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One InvocationRecord as one JSONL line (with its newline). */
export function renderRecord(record: InvocationRecord): string {
  assertFinite(record);
  return `${JSON.stringify(record)}\n`;
}
