/** The terminal output of `diff`: one row per change, then each change's message, advice and notes. */
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { BORDERLESS_CHARS } from '../../render/table.js';
import type { DiffChange, DiffReport } from '../types.js';
import { baseText, changeCells, HEADERS, totalText } from './rows.js';

function paint(c: DiffChange, text: string, chalk: ChalkInstance): string {
  if (c.flags.length > 0) return chalk.red(text);
  if (c.verdict.startsWith('cheaper') || c.verdict === 'faster') return chalk.green(text);
  return text;
}

export function renderDiffTable(report: DiffReport, chalk: ChalkInstance): string {
  const lines = [`lambda-rightsize diff ${baseText(report)}: ${totalText(report)}`];
  if (report.changes.length > 0) {
    const table = new Table({ head: [...HEADERS], chars: BORDERLESS_CHARS, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 } });
    for (const c of report.changes) table.push(changeCells(c).map((cell, i) => (i === HEADERS.length - 1 ? paint(c, cell, chalk) : cell)));
    const [head = '', ...rows] = table.toString().split('\n');
    lines.push('', head, chalk.dim('─'.repeat(head.length)), ...rows, '');
    for (const c of report.changes) {
      lines.push(`${c.function} (${c.file}:${c.line}): ${c.message}`);
      if (c.advice) lines.push(`  → ${c.advice}`);
      for (const note of c.notes) lines.push(`  note: ${note}`);
    }
  }
  for (const w of report.warnings) lines.push(chalk.yellow(`warning: ${w}`));
  return `${lines.join('\n')}\n`;
}
