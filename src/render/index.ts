/** Rendering: pure functions from a Report (or a record) to the text a command prints. */
import type { ChalkInstance } from 'chalk';
import type { Report } from '../types.js';
import { renderPlain, type PlainFormat } from './plain.js';
import { renderTableReport } from './table.js';

export { renderRecord } from './json.js';
export * from '../format.js';

export { renderHtml } from './html.js';
export { wrapLines, wrapWords } from './table.js';

export type ReportFormat = 'table' | PlainFormat;

export interface RenderOptions {
  /** Colours for the table; pass `new Chalk({ level: 0 })` for none. Other formats never colour. */
  chalk: ChalkInstance;
  /** Adds a small text chart of cost and duration under the table (table format only). */
  chart?: boolean;
  /** The terminal's width in columns when stdout is one: the table drops columns to fit (table format only). */
  width?: number;
}

/** Renders the report in one output format; the result always ends with a newline. */
export function renderReport(report: Report, format: ReportFormat, options: RenderOptions): string {
  return format === 'table' ? renderTableReport(report, options) : renderPlain(report, format);
}
