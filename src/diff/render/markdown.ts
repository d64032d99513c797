/** `diff --output markdown`: the pull-request comment — one row per change, linked to its line, and a total. */
import { escapeMarkdown } from '../../render/markdown.js';
import type { DiffChange, DiffReport } from '../types.js';
import { baseText, changeCells, HEADERS, totalText } from './rows.js';

export interface MarkdownOptions {
  /** Base of the links to files, e.g. `https://github.com/o/r/blob/<sha>`; relative links without it. */
  fileUrlBase?: string;
}

function link(c: DiffChange, options: MarkdownOptions): string {
  const href = `${options.fileUrlBase ? `${options.fileUrlBase.replace(/\/$/, '')}/` : ''}${c.file}#L${c.line}`;
  return `[${escapeMarkdown(c.function)}](${href.replace(/[()\s]/g, encodeURIComponent)})`;
}

export function renderDiffMarkdown(report: DiffReport, options: MarkdownOptions = {}): string {
  const lines = [`### lambda-rightsize diff ${escapeMarkdown(baseText(report))}`, '', `**${escapeMarkdown(totalText(report))}**`];
  if (report.changes.length > 0) {
    lines.push(
      '',
      `| ${HEADERS.map((h) => escapeMarkdown(h)).join(' | ')} |`,
      `| ${HEADERS.map((_, i) => (i === 0 || i >= HEADERS.length - 2 ? '---' : '---:')).join(' | ')} |`,
      ...report.changes.map((c) => {
        const [, ...rest] = changeCells(c);
        return `| ${[link(c, options), ...rest.map(escapeMarkdown)].join(' | ')} |`;
      }),
    );
    const details = report.changes.map(
      (c) =>
        `- **${escapeMarkdown(c.function)}** — ${escapeMarkdown(c.message)}` +
        (c.advice ? `<br>${escapeMarkdown(c.advice)}` : '') +
        c.notes.map((n) => `<br>note: ${escapeMarkdown(n)}`).join(''),
    );
    lines.push('', '<details><summary>How each projection is known</summary>', '', ...details, '', '</details>');
  }
  if (report.warnings.length > 0) lines.push('', ...report.warnings.map((w) => `> warning: ${escapeMarkdown(w)}`));
  return `${lines.join('\n')}\n`;
}
