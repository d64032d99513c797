/** Renders a ScanReport; `--output json` serialises the very object the table shows. */
import type { ChalkInstance } from 'chalk';
import { assertFinite } from '../../render/json.js';
import type { ScanOutputFormat } from '../defaults.js';
import type { ScanReport } from '../types.js';
import { renderScanHtml } from './html.js';
import { renderScanMarkdown } from './markdown.js';
import { renderScanTable } from './table.js';

export { renderAnnotations } from './annotations.js';

export type { ScanOutputFormat } from '../defaults.js';

export function renderScanReport(
  report: ScanReport,
  format: ScanOutputFormat,
  options: { chalk: ChalkInstance; fileUrlBase?: string; width?: number },
): string {
  if (format === 'json') {
    assertFinite(report);
    return `${JSON.stringify(report, null, 2)}\n`;
  }
  if (format === 'markdown') return renderScanMarkdown(report, options.fileUrlBase !== undefined ? { fileUrlBase: options.fileUrlBase } : {});
  if (format === 'html') return renderScanHtml(report);
  return renderScanTable(report, options.width !== undefined ? { chalk: options.chalk, width: options.width } : { chalk: options.chalk });
}
