/** GitHub-flavoured Markdown for a pull-request comment: heading, table, summary and warnings. */
import type { Report } from '../types.js';
import { columns } from './columns.js';
import { buildRows } from './model.js';
import { headerLine, noteLines, summaryLine } from './text.js';

/**
 * Escapes text so it renders literally, also inside a table cell: `|` would end the cell,
 * `*`, `_`, backticks, `<`, `[` in names or error types would turn into formatting, HTML or links,
 * and GitHub reads text between two `$` as maths (every price has one).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\|*_`<>[\]~$]/g, '\\$&').replace(/\r?\n/g, ' ');
}

function bold(text: string): string {
  return `**${text}**`;
}

function tableLines(report: Report): string[] {
  const cols = columns(report);
  const header = cols.map((col) => escapeMarkdown(col.header.filter(Boolean).join(' ')));
  const rows = buildRows(report).map((row) =>
    cols.map((col) => {
      const text = escapeMarkdown(col.text(row));
      return row.recommended ? bold(text) : text;
    }),
  );
  return [header, cols.map(() => '---:'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
}

export function renderMarkdown(report: Report): string {
  const summary = summaryLine(report);
  const items = [
    `${bold(escapeMarkdown(summary.label))}${escapeMarkdown(summary.text)}`,
    ...report.warnings.map((warning) => `warning: ${escapeMarkdown(warning)}`),
    ...noteLines(report).map(escapeMarkdown),
  ];
  const lines = [
    `### lambda-rightsize: ${escapeMarkdown(report.function.name)}`,
    '',
    escapeMarkdown(headerLine(report)),
    '',
    ...(report.results.length ? [...tableLines(report), ''] : []),
    ...items.map((item) => `- ${item}`),
  ];
  return `${lines.join('\n')}\n`;
}
