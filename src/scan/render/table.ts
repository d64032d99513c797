/** The terminal output of `scan`: one row per function, then each finding with its evidence. */
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { FindingKind, ScanReport } from '../types.js';
import { functionRow, HEADERS, iacText, sortedFindings, summaryText, windowText } from './rows.js';

// No rule between rows (a fleet has hundreds); one under the header is added by hand.
const CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', right: '', 'right-mid': '',
  mid: '', 'mid-mid': '', middle: '  ',
};

function paint(kind: FindingKind | 'ok', text: string, chalk: ChalkInstance): string {
  if (kind === 'under-provisioned') return chalk.red(text);
  if (kind === 'over-provisioned') return chalk.yellow(text);
  if (kind === 'memory-headroom') return chalk.cyan(text);
  if (kind === 'ok') return chalk.green(text);
  return chalk.dim(text);
}

function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

export function renderScanTable(report: ScanReport, options: { chalk: ChalkInstance }): string {
  const { chalk } = options;
  const table = new Table({
    head: [...HEADERS],
    chars: CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
  });
  for (const fn of report.functions) {
    const row = functionRow(fn);
    const cells = [...row.cells];
    cells[cells.length - 1] = paint(row.worst, cells[cells.length - 1] as string, chalk);
    table.push(cells);
  }
  const [head = '', ...body] = table.toString().split('\n');
  const lines = [chalk.bold(`lambda-rightsize scan — ${windowText(report)}`), '', head, '─'.repeat(visibleLength(head)), ...body, ''];
  for (const fn of report.functions) {
    for (const finding of sortedFindings(fn)) {
      lines.push(`${paint(finding.kind, `${fn.name}: ${finding.kind}${finding.known ? ' (known)' : ''}`, chalk)} — ${finding.message}`);
      if (finding.advice) lines.push(`  ${finding.advice}`);
    }
    if (fn.iac && fn.findings.length > 0) lines.push(`  memory set at ${iacText(fn.iac)}: ${fn.iac.text.trim()}`);
    if (fn.iac?.patch) lines.push(...fn.iac.patch.trimEnd().split('\n').map((l) => `  ${l}`));
    for (const note of fn.notes) lines.push(`${fn.name}: note: ${note}`);
  }
  for (const warning of report.warnings) lines.push(chalk.yellow(`warning: ${warning}`));
  lines.push(summaryText(report));
  return `${lines.join('\n')}\n`;
}
