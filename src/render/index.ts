/** Rendering: pure functions from a Report (or a record) to the text a command prints. */
import { Chalk } from 'chalk';
import type { Report } from '../types.js';
import { renderPlain, type PlainFormat } from './plain.js';
import { renderTableReport } from './table.js';

export { renderRecord } from './json.js';
export * from '../format.js';

export { renderHtml } from './html.js';
export { wrapLines, wrapWords } from './table.js';

export type ReportFormat = 'table' | PlainFormat;

/** How a report is rendered: the same for renderReport and renderReportLazily. */
export interface RenderOptions {
  /** Colour level of the table (0: none; the CLI's colorLevel decides). Other formats never colour. */
  colorLevel: 0 | 1 | 2 | 3;
  /** Adds a small text chart of cost and duration under the table (table format only). */
  chart?: boolean;
  /** The terminal's width in columns when stdout is one: the table drops columns to fit (table format only). */
  width?: number;
}

/** Renders the report in one output format; the result always ends with a newline. */
export function renderReport(report: Report, format: ReportFormat, options: RenderOptions): string {
  if (format !== 'table') return renderPlain(report, format);
  return renderTableReport(report, { chalk: new Chalk({ level: options.colorLevel }), chart: options.chart, width: options.width });
}
