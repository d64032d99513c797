/** The terminal table: the heart of the tool's output. */
import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Report } from '../types.js';
import { renderChart } from './chart.js';
import { renderCurveChart } from './curve-chart.js';
import { columns, failedSpan, invocationsText, MISSING, NARROW_DROP_ORDER, type Column } from './columns.js';
import { buildRows, rankMetric, type Rank, type SizeRow } from './model.js';
import { errorTypesText, headerLine, noteLines, summaryLine } from './text.js';

export const RECOMMENDED_MARKER = '▶';
/** Every column header has two lines (see columns.ts). */
const HEADER_LINES = 2;

/**
 * cli-table3's characters for a borderless table: columns two spaces apart, no rules. The report table
 * has 12 columns and must stay readable in a ~120-column terminal; scan's, bench's and diff's tables
 * share the look. The rule under the header is drawn by each table, not by cli-table3, whose rule skips
 * the gaps inside a spanning cell.
 */
export const BORDERLESS_CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  right: '',
  'right-mid': '',
  mid: '',
  'mid-mid': '',
  middle: '  ',
};

type Cell = string | { content: string; colSpan?: number; hAlign?: 'left' };

function paint(text: string, rank: Rank | undefined, chalk: ChalkInstance): string {
  if (rank === 'best') return chalk.green(text);
  if (rank === 'worst') return chalk.red(text);
  return text;
}

function dataCells(
  row: SizeRow,
  index: number,
  cols: readonly Column[],
  ranks: Map<Column, Map<number, Rank>>,
  chalk: ChalkInstance,
  span: ReturnType<typeof failedSpan>,
): Cell[] {
  const failed = row.meanMs === null && row.costPerInvocation === null;
  const cells: Cell[] = [];
  for (const col of cols) {
    if (failed && col.key === span.first) {
      const text = `no successful invocation: ${errorTypesText(row.result)}`;
      cells.push({ content: chalk.red(text), colSpan: span.count, hAlign: 'left' });
      continue;
    }
    if (failed && span.covers(col.key)) continue;
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

function renderTable(report: Report, chalk: ChalkInstance, cols: readonly Column[]): string {
  const rows = buildRows(report);
  const ranks = new Map(cols.flatMap((col) => (col.metric ? [[col, rankMetric(rows, col.metric)] as const] : [])));
  const table = new Table({
    head: ['', ...cols.map((col) => chalk.bold(col.header.filter(Boolean).join('\n')))],
    colAligns: ['left', ...cols.map(() => 'right' as const)],
    // Row 0 is the header: its one-line titles sit on the line above the rule.
    rowAligns: ['bottom'],
    chars: BORDERLESS_CHARS,
    // cli-table3 colours through its own library otherwise, ignoring --no-color.
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
  });
  const span = failedSpan(cols);
  rows.forEach((row, index) => table.push(dataCells(row, index, cols, ranks, chalk, span)));
  const lines = table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
  const width = Math.max(...lines.map((line) => stripVTControlCharacters(line).length));
  return [...lines.slice(0, HEADER_LINES), chalk.dim('─'.repeat(width)), ...lines.slice(HEADER_LINES)].join('\n');
}

/** The widest line of a rendered block, in terminal columns. */
function widthOf(text: string): number {
  return Math.max(...text.split('\n').map((line) => stripVTControlCharacters(line).length));
}

/**
 * The table with as many columns as fit in `width` (all of them when no width is given), dropping
 * them in NARROW_DROP_ORDER. What is left is never wrapped; below ~70 columns it may still overflow.
 */
export function fitTable(report: Report, chalk: ChalkInstance, width?: number): string {
  let cols = columns(report);
  let table = renderTable(report, chalk, cols);
  for (const key of NARROW_DROP_ORDER) {
    if (width === undefined || widthOf(table) <= width) break;
    cols = cols.filter((col) => col.key !== key);
    table = renderTable(report, chalk, cols);
  }
  return table;
}

/**
 * Prose broken at spaces to `width` (a terminal breaks mid-word: "1024 M|B back"). The first line
 * keeps its own indent; continuation lines hang under the value of an aligned "label:   value"
 * line, else two spaces deeper than the first. A number and its unit ("95 %", "1024 MB") are never
 * parted. One line when no width is given or it fits; a word longer than the width stays whole.
 */
export function wrapWords(text: string, width: number | undefined): string[] {
  if (width === undefined || text.length <= width) return [text];
  const lead = /^ */.exec(text)![0];
  const label = /^ *[^ :][^:]*?: {2,}(?=\S)/.exec(text)?.[0].length;
  const indent = ' '.repeat(label !== undefined && label <= width / 2 ? label : lead.length + 2);
  const lines: string[] = [];
  let line = lead;
  for (const segment of segments(text.slice(lead.length))) {
    if (line.trim() === '' || (line + segment).length <= width) line += line.trim() === '' ? segment.trimStart() : segment;
    else {
      lines.push(line);
      line = indent + segment.trimStart();
    }
  }
  return [...lines, line];
}

/** A unit written after a number, with any closing punctuation: never the start of a line. */
const UNIT = /^(?:%|MB|GB|kB|GB-s|ms|s|min|h|d|vCPU)[),.;:]*$/;

/** The text as words with the spaces before them, a unit joined to its number. */
function segments(text: string): string[] {
  const out: string[] = [];
  for (const segment of text.match(/ *\S+/g) ?? []) {
    const previous = out.at(-1);
    if (previous !== undefined && /\d$/.test(previous) && UNIT.test(segment.trimStart())) out[out.length - 1] = previous + segment;
    else out.push(segment);
  }
  return out;
}

/** Every line of `text` wrapped by wrapWords (a plan, a block of progress). */
export function wrapLines(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  const end = text.endsWith('\n') ? '\n' : '';
  return (
    text
      .slice(0, text.length - end.length)
      .split('\n')
      .flatMap((line) => wrapWords(line, width))
      .join('\n') + end
  );
}

/** Styles the first `length` characters (a label such as "warning:") of wrapped lines. */
function styleLead(lines: readonly string[], length: number, style: (text: string) => string): string[] {
  const [first = '', ...rest] = lines;
  return [`${style(first.slice(0, length))}${first.slice(length)}`, ...rest];
}

/** The header line, split before the prices when it does not fit on one line. */
function headerLines(report: Report, width: number | undefined): string[] {
  const header = headerLine(report);
  const cut = header.indexOf(' · $');
  if (width === undefined || header.length <= width || cut < 0) return [header];
  return [header.slice(0, cut), header.slice(cut + 3)];
}

/**
 * Header line, table, notes, optional chart, the recommendation and warnings; ends with a newline.
 * `width`: the terminal's columns, when printing to one; the table then fits it (see fitTable).
 */
export function renderTableReport(report: Report, options: { chalk: ChalkInstance; chart?: boolean; width?: number }): string {
  const { chalk } = options;
  const lines = [...headerLines(report, options.width).map((line) => chalk.bold(line)), ''];
  if (report.results.length === 0) {
    lines.push('no invocation was measured');
  } else {
    lines.push(fitTable(report, chalk, options.width));
    lines.push(...noteLines(report).flatMap((note) => wrapWords(note, options.width).map((line) => chalk.dim(line))));
  }
  if (options.chart && report.results.length > 0 && !report.architectures) lines.push('', renderChart(report, chalk));
  const curve = options.chart ? renderCurveChart(report, chalk) : undefined;
  if (curve) lines.push('', curve);
  const summary = summaryLine(report);
  lines.push('', ...styleLead(wrapWords(`${summary.label}${summary.text}`, options.width), summary.label.length, chalk.bold));
  for (const warning of report.warnings) lines.push(...styleLead(wrapWords(`warning: ${warning}`, options.width), 'warning:'.length, chalk.yellow));
  return `${lines.join('\n')}\n`;
}
