/** Renders a DiffReport; `--output json` serialises the very object the table shows. */
import type { ChalkInstance } from 'chalk';
import { assertFinite } from '../../render/json.js';
import type { DiffOutputFormat } from '../defaults.js';
import type { DiffReport } from '../types.js';
import { renderDiffMarkdown } from './markdown.js';
import { renderDiffTable } from './table.js';

export { renderDiffAnnotations } from './annotations.js';
export { renderDiffMarkdown } from './markdown.js';

export type { DiffOutputFormat } from '../defaults.js';

export function renderDiffReport(report: DiffReport, format: DiffOutputFormat, options: { chalk: ChalkInstance; fileUrlBase?: string }): string {
  if (format === 'json') {
    assertFinite(report);
    return `${JSON.stringify(report, null, 2)}\n`;
  }
  if (format === 'markdown') return renderDiffMarkdown(report, options.fileUrlBase !== undefined ? { fileUrlBase: options.fileUrlBase } : {});
  return renderDiffTable(report, options.chalk);
}
