/** `scan --output markdown`: a pull-request comment with the table and each finding's evidence. */
import { escapeMarkdown } from '../../render/markdown.js';
import type { FunctionScan, ScanReport } from '../types.js';
import { functionRow, HEADERS, iacText, sortedFindings, summaryText, windowText } from './rows.js';

export interface MarkdownOptions {
  /** Base of the links to files, e.g. `https://github.com/o/r/blob/<sha>`; relative links without it. */
  fileUrlBase?: string;
}

/** "[template.yaml:12](…/template.yaml#L12)" where the memory is set. */
function iacLink(fn: FunctionScan, options: MarkdownOptions): string[] {
  if (!fn.iac || fn.findings.length === 0) return [];
  const href = `${options.fileUrlBase ? `${options.fileUrlBase.replace(/\/$/, '')}/` : ''}${fn.iac.file}#L${fn.iac.line}`;
  const lines = [`- **${escapeMarkdown(fn.name)}** — memory set at [${escapeMarkdown(iacText(fn.iac))}](${href.replace(/[()\s]/g, encodeURIComponent)})`];
  if (fn.iac.patch)
    lines.push(
      '',
      '  ```diff',
      ...fn.iac.patch
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
      '  ```',
    );
  return lines;
}

export function renderScanMarkdown(report: ScanReport, options: MarkdownOptions = {}): string {
  const header = `| ${HEADERS.map((h) => escapeMarkdown(h)).join(' | ')} |`;
  const rule = `| ${HEADERS.map((_, i) => (i === 0 || i === HEADERS.length - 1 ? '---' : '---:')).join(' | ')} |`;
  const rows = report.functions.map((fn) => `| ${functionRow(fn).cells.map(escapeMarkdown).join(' | ')} |`);
  const details = report.functions.flatMap((fn) => [
    ...sortedFindings(fn).map(
      (f) =>
        `- **${escapeMarkdown(fn.name)}** — ${escapeMarkdown(f.kind)}${f.known ? ' (known)' : ''}: ${escapeMarkdown(f.message)}` +
        (f.advice ? `<br>${escapeMarkdown(f.advice)}` : ''),
    ),
    ...iacLink(fn, options),
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
