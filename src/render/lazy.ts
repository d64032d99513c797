/**
 * `renderReport` for a command that prints one report and exits (replay): only the chosen format's
 * code loads. The table alone needs chalk and cli-table3 (~10 ms of start-up together), so
 * `replay -o json` — what scripts and the performance bars run — never loads them.
 */
import type { Report } from '../types.js';
import type { RenderOptions, ReportFormat } from './index.js';

export async function renderReportLazily(report: Report, format: ReportFormat, options: RenderOptions): Promise<string> {
  if (format !== 'table') return (await import('./plain.js')).renderPlain(report, format);
  const [{ Chalk }, { renderTableReport }] = await Promise.all([import('chalk'), import('./table.js')]);
  return renderTableReport(report, { chalk: new Chalk({ level: options.colorLevel }), chart: options.chart, width: options.width });
}
