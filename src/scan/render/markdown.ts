/** `scan --output markdown`: a pull-request comment with the table and each finding's evidence. */
import { escapeMarkdown } from '../../render/markdown.js';
import type { ScanReport } from '../types.js';
import { functionRow, HEADERS, sortedFindings, summaryText, windowText } from './rows.js';

export function renderScanMarkdown(report: ScanReport): string {
  const header = `| ${HEADERS.map((h) => escapeMarkdown(h)).join(' | ')} |`;
  const rule = `| ${HEADERS.map((_, i) => (i === 0 || i === HEADERS.length - 1 ? '---' : '---:')).join(' | ')} |`;
  const rows = report.functions.map((fn) => `| ${functionRow(fn).cells.map(escapeMarkdown).join(' | ')} |`);
  const details = report.functions.flatMap((fn) => [
    ...sortedFindings(fn).map(
      (f) =>
        `- **${escapeMarkdown(fn.name)}** — ${escapeMarkdown(f.kind)}${f.known ? ' (known)' : ''}: ${escapeMarkdown(f.message)}` +
        (f.advice ? `<br>${escapeMarkdown(f.advice)}` : ''),
    ),
    ...fn.notes.map((note) => `- **${escapeMarkdown(fn.name)}** — note: ${escapeMarkdown(note)}`),
  ]);
  const lines = [
    `### lambda-rightsize scan: ${escapeMarkdown(windowText(report))}`,
    '',
    `**${escapeMarkdown(summaryText(report))}**`,
    '',
    header,
    rule,
    ...rows,
  ];
  if (details.length > 0) lines.push('', '<details><summary>Findings and evidence</summary>', '', ...details, '', '</details>');
  if (report.warnings.length > 0) lines.push('', ...report.warnings.map((w) => `> warning: ${escapeMarkdown(w)}`));
  return `${lines.join('\n')}\n`;
}
