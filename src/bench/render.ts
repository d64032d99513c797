/**
 * Bench output: the plan, and one workload's architectures side by side. Pure; numbers go through
 * src/render's formatters so this view and the per-report table show the same figures.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { stripVTControlCharacters } from 'node:util';
import { escapeMarkdown } from '../render/markdown.js';
import { meanHeader } from '../render/columns.js';
import { buildRows, rankMetric, type Metric, type Rank, type SizeRow } from '../render/model.js';
import { formatCount, formatMB, formatMs, formatPer, formatPercent, formatRatio, formatUsd } from '../format.js';
import { summaryLine } from '../render/text.js';
import { BORDERLESS_CHARS, wrapWords } from '../render/table.js';
import type { Architecture, Report } from '../types.js';
import type { BenchPlan } from './plan.js';

const MISSING = '—';
const MARKER = '▶';

/** The plan as a few lines for the terminal (stderr, or stdout for --dry-run). */
export function renderPlan(plan: BenchPlan): string {
  const sizes = plan.memorySizes.map((mb) => formatMB(mb)).join(', ');
  const lines = [
    `bench run ${plan.runId} in ${plan.region}: ${plan.functions.length} function(s), created, measured and deleted one after another`,
    ...plan.functions.map((fn) => `  ${fn.name}  (${fn.workload}, ${fn.architecture})`),
    plan.memorySizes.length > 0
      ? `  memory sizes ${sizes} MB × ${formatCount(plan.invocations)} invocations, concurrency ${formatCount(plan.concurrency)}, timeout ${formatCount(plan.timeoutSeconds)} s`
      : `  memory sizes chosen per function by tune's search of 128–10240 MB, concurrency ${formatCount(plan.concurrency)}, timeout ${formatCount(plan.timeoutSeconds)} s`,
    `  ${formatCount(plan.totalInvocations)} invocations in all; cost at most ${formatUsd(plan.costBoundUSD)} (every invocation running into the timeout, plus cold starts)`,
  ];
  return `${lines.join('\n')}\n`;
}

export interface ArchReport {
  architecture: Architecture;
  report: Report;
}

interface Side {
  architecture: Architecture;
  report: Report;
  rows: Map<number, SizeRow>;
  ranks: Map<Metric, Map<number, Rank>>;
}

const METRICS: readonly Metric[] = ['meanMs', 'p95Ms', 'costPerUnit'];

function side({ architecture, report }: ArchReport): Side {
  const rows = buildRows(report);
  const ranks = new Map(
    METRICS.map((metric) => {
      const byIndex = rankMetric(rows, metric);
      return [metric, new Map([...byIndex].map(([index, rank]) => [rows[index]!.result.memoryMB, rank]))] as const;
    }),
  );
  return { architecture, report, rows: new Map(rows.map((row) => [row.result.memoryMB, row])), ranks };
}

function cell(side: Side, mb: number, metric: Metric, format: (v: number) => string, chalk: ChalkInstance): string {
  const row = side.rows.get(mb);
  if (!row) return MISSING;
  const value = row[metric];
  if (value === null) return metric === 'meanMs' ? chalk.red('failed') : MISSING;
  let text = format(value);
  const rank = side.ranks.get(metric)?.get(mb);
  if (rank === 'best') text = chalk.green(text);
  else if (rank === 'worst') text = chalk.red(text);
  if (metric === 'meanMs' && row.recommended) text = `${MARKER} ${text}`;
  return row.recommended ? chalk.bold(text) : text;
}

/** Second architecture against the first at one size: "+12.5 %" cost, "×0.85" time. */
function comparison(a: Side, b: Side, mb: number): [string, string] {
  const ra = a.rows.get(mb);
  const rb = b.rows.get(mb);
  const costA = ra?.costPerInvocation ?? null;
  const costB = rb?.costPerInvocation ?? null;
  const timeA = ra?.meanMs ?? null;
  const timeB = rb?.meanMs ?? null;
  const cost = costA !== null && costB !== null && costA > 0 ? formatPercent((costB / costA - 1) * 100, { signed: true }) : MISSING;
  const time = timeA !== null && timeB !== null && timeA > 0 ? formatRatio(timeB / timeA) : MISSING;
  return [cost, time];
}

interface Grid {
  title: string;
  /** Labels over groups of columns: each architecture, then the comparison. */
  groups: Array<{ label: string; span: number }>;
  /** The group label of each column ('' for Memory), for formats that cannot span. */
  owners: string[];
  /** Two lines per column header: the table stacks them, Markdown joins them (as src/render's table). */
  head: Array<readonly [string, string]>;
  body: string[][];
  footer: string[];
}

/** One architecture's columns; p95 is context beside the mean, so a narrow terminal drops it first. */
function sideColumns(s: Side, per: string, withP95: boolean, chalk: ChalkInstance): { head: Array<readonly [string, string]>; cells(mb: number): string[] } {
  return {
    head: [meanHeader(s.report.discard), ...(withP95 ? [['p95', 'ms'] as const] : []), ['$ per', per]],
    cells: (mb) => [
      cell(s, mb, 'meanMs', formatMs, chalk),
      ...(withP95 ? [cell(s, mb, 'p95Ms', formatMs, chalk)] : []),
      cell(s, mb, 'costPerUnit', formatUsd, chalk),
    ],
  };
}

function grid(workload: string, reports: readonly ArchReport[], chalk: ChalkInstance, withP95 = true): Grid {
  const sides = reports.map(side);
  const per = formatPer(reports[0]!.report.pricing.per);
  const sizes = [...new Set(sides.flatMap((s) => [...s.rows.keys()]))].toSorted((x, y) => x - y);
  const pair = sides.length === 2 ? ([sides[0]!, sides[1]!] as const) : undefined;
  const columns = sides.map((s) => sideColumns(s, per, withP95, chalk));
  const head: Array<readonly [string, string]> = [
    ['Memory', 'MB'],
    ...columns.flatMap((c) => c.head),
    ...(pair ? [['', 'cost'] as const, ['', 'time'] as const] : []),
  ];
  const groups = [
    { label: '', span: 1 },
    ...sides.map((s, i) => ({ label: s.architecture, span: columns[i]!.head.length })),
    ...(pair ? [{ label: `${pair[1].architecture} vs ${pair[0].architecture}`, span: 2 }] : []),
  ];
  const owners = groups.flatMap((group) => Array.from({ length: group.span }, () => group.label));
  const body = sizes.map((mb) => [formatMB(mb), ...columns.flatMap((c) => c.cells(mb)), ...(pair ? comparison(pair[0], pair[1], mb) : [])]);
  const region = reports[0]!.report.function.region ?? reports[0]!.report.pricing.region;
  const asOf = reports[0]!.report.pricing.asOf;
  const prices = asOf === 'override' ? 'prices overridden' : `prices as of ${asOf}`;
  const footer = [
    ...sides.map((s) => {
      const summary = summaryLine(s.report);
      return `${s.architecture}: ${summary.label}${summary.text}`;
    }),
    ...sides.flatMap((s) => s.report.warnings.map((w) => `${s.architecture}: warning: ${w}`)),
  ];
  const title = `${workload} · ${sides.map((s) => s.architecture).join(' vs ')} · ${region} · ${prices}`;
  return { title, groups, owners, head, body, footer };
}

/**
 * One workload, its architectures side by side; `▶` marks each architecture's recommended size.
 * `width`: the terminal's columns, when printing to one: the table drops the p95 columns when it
 * would not fit otherwise (the answer — mean, cost and the comparison — stays), and prose wraps.
 */
export function renderSideBySide(workload: string, reports: readonly ArchReport[], format: 'table' | 'markdown', chalk: ChalkInstance, width?: number): string {
  if (reports.length === 0) return '';
  if (format === 'markdown') {
    const g = grid(workload, reports, noColor);
    const headers = g.head.map((h, i) => escapeMarkdown([g.owners[i], ...h].filter(Boolean).join(' ')));
    const lines = [
      `### ${escapeMarkdown(g.title)}`,
      '',
      `| ${headers.join(' | ')} |`,
      `|${headers.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
      ...g.body.map((row) => `| ${row.map(escapeMarkdown).join(' | ')} |`),
      '',
      ...g.footer.map((line) => `- ${escapeMarkdown(line)}`),
    ];
    return `${lines.join('\n')}\n`;
  }
  const g = grid(workload, reports, chalk);
  let table = renderGrid(g, chalk);
  if (width !== undefined && widthOf(table) > width) {
    table = renderGrid(grid(workload, reports, chalk, false), chalk);
  }
  const prose = (line: string): string[] => wrapWords(line, width);
  const lines = [
    ...prose(g.title).map((line) => chalk.bold(line)),
    '',
    ...table,
    '',
    `${MARKER} = recommended size per architecture`,
    ...g.footer.flatMap(prose),
  ];
  return `${lines.join('\n')}\n`;
}

/** The architectures' labels over their columns, the two-line column titles, a rule, the rows. */
function renderGrid(g: Grid, chalk: ChalkInstance): string[] {
  const table = new Table({
    colAligns: g.head.map((_, i) => (i === 0 ? 'left' : 'right')),
    // The titles' short first lines sit on the line above the rule, next to the long ones.
    rowAligns: ['top', 'bottom'],
    chars: BORDERLESS_CHARS,
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
  });
  table.push(g.groups.map((group) => ({ content: chalk.bold(group.label), colSpan: group.span, hAlign: 'center' as const })));
  table.push(g.head.map((h) => chalk.bold(h.filter(Boolean).join('\n'))));
  for (const row of g.body) table.push(row);
  const lines = table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
  const rule = '─'.repeat(widthOf(lines));
  // One line of labels, two of titles (cli-table3 gives every row the height of its tallest cell).
  return [...lines.slice(0, 3), rule, ...lines.slice(3)];
}

/** The widest line, in terminal columns. */
function widthOf(lines: readonly string[]): number {
  return Math.max(...lines.map((line) => stripVTControlCharacters(line).length));
}

const noColor = new Chalk({ level: 0 });
