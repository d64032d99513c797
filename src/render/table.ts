/** The terminal table: the heart of the tool's output. */
import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Report } from '../types.js';
import { renderChart } from './chart.js';
import { renderCurveChart } from './curve-chart.js';
import { columns, invocationsText, MISSING, type Column, type ColumnKey } from './columns.js';
import { buildRows, rankMetric, type Rank, type SizeRow } from './model.js';
import { errorTypesText, headerLine, noteLines, summaryLine } from './text.js';

export const RECOMMENDED_MARKER = '▶';
/** Every column header has two lines (see columns.ts). */
const HEADER_LINES = 2;

/** Columns a size without any successful invocation cannot fill; one spanning cell explains why. */
const FAILED_SPAN: readonly ColumnKey[] = ['mean', 'meanCi', 'p95', 'billed', 'costPerInvocation', 'costCi', 'costPerUnit', 'vsCheapest', 'vsFastest'];

// Borderless (the table has 12 columns and must stay readable in a ~120-column terminal). The rule
// under the header is drawn here, not by cli-table3, whose rule skips the gaps inside a spanning cell.
const CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', right: '', 'right-mid': '',
  mid: '', 'mid-mid': '', middle: '  ',
};

type Cell = string | { content: string; colSpan?: number; hAlign?: 'left' };

function paint(text: string, rank: Rank | undefined, chalk: ChalkInstance): string {
  if (rank === 'best') return chalk.green(text);
  if (rank === 'worst') return chalk.red(text);
  return text;
}

function dataCells(row: SizeRow, index: number, cols: readonly Column[], ranks: Map<Column, Map<number, Rank>>, chalk: ChalkInstance): Cell[] {
  const failed = row.meanMs === null && row.costPerInvocation === null;
  const cells: Cell[] = [];
  for (const col of cols) {
    if (failed && col.key === FAILED_SPAN[0]) {
      const text = `no successful invocation: ${errorTypesText(row.result)}`;
      cells.push({ content: chalk.red(text), colSpan: cols.filter((c) => FAILED_SPAN.includes(c.key)).length, hAlign: 'left' });
      continue;
    }
    if (failed && FAILED_SPAN.includes(col.key)) continue;
    let text = col.text(row);
    if (col.key === 'invocations') {
      const { count, errors } = invocationsText(row);
      text = errors ? `${count} ${chalk.red(errors)}` : count;
    } else if (text !== MISSING) {
      text = paint(text, ranks.get(col)?.get(index), chalk);
    }
    cells.push(row.recommended ? chalk.bold(text) : text);
  }
  return [row.recommended ? chalk.bold(RECOMMENDED_MARKER) : '', ...cells];
}

function renderTable(report: Report, chalk: ChalkInstance): string {
  const rows = buildRows(report);
  const cols = columns(report);
  const ranks = new Map(cols.flatMap((col) => (col.metric ? [[col, rankMetric(rows, col.metric)] as const] : [])));
  const table = new Table({
    head: ['', ...cols.map((col) => chalk.bold(col.header.filter(Boolean).join('\n')))],
    colAligns: ['left', ...cols.map(() => 'right' as const)],
    // Row 0 is the header: its one-line titles sit on the line above the rule.
    rowAligns: ['bottom'],
    chars: CHARS,
    // cli-table3 colours through its own library otherwise, ignoring --no-color.
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
  });
  rows.forEach((row, index) => table.push(dataCells(row, index, cols, ranks, chalk)));
  const lines = table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
  const width = Math.max(...lines.map((line) => stripVTControlCharacters(line).length));
  return [...lines.slice(0, HEADER_LINES), chalk.dim('─'.repeat(width)), ...lines.slice(HEADER_LINES)].join('\n');
}

/** Header line, table, notes, optional chart, the recommendation and warnings; ends with a newline. */
export function renderTableReport(report: Report, options: { chalk: ChalkInstance; chart?: boolean }): string {
  const { chalk } = options;
  const lines = [chalk.bold(headerLine(report)), ''];
  if (report.results.length === 0) {
    lines.push('no invocation was measured');
  } else {
    lines.push(renderTable(report, chalk));
    lines.push(...noteLines(report).map((note) => chalk.dim(note)));
  }
  if (options.chart && report.results.length > 0) lines.push('', renderChart(report, chalk));
  const curve = options.chart ? renderCurveChart(report, chalk) : undefined;
  if (curve) lines.push('', curve);
  const summary = summaryLine(report);
  lines.push('', `${chalk.bold(summary.label)}${summary.text}`);
  lines.push(...report.warnings.map((warning) => `${chalk.yellow('warning:')} ${warning}`));
  return `${lines.join('\n')}\n`;
}
