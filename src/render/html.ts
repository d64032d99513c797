/**
 * `--output html`: one self-contained page to attach to a ticket or keep as a CI artifact. The same
 * figures as the terminal table (the same column text functions), the chart, the recommendation
 * with its reason, what was measured where at which prices, and the warnings.
 */
import type { Report } from '../types.js';
import { formatMB, formatMs, formatPer, formatRaw } from '../format.js';
import { columns, failedSpan, type Column } from './columns.js';
import { escapeHtml, escapeProse, htmlPage } from './html-escape.js';
import { HTML_STYLE } from './html-style.js';
import { buildRows, rankMetric, type Rank, type SizeRow } from './model.js';
import { renderSvgChart } from './svg-chart.js';
import { errorTypesText, noteLines, summaryLine } from './text.js';

function factList(report: Report): string {
  const { pricing, strategy } = report;
  const fn = report.function;
  const prices = `$${formatRaw(pricing.gbSecondUSD)} per GB-second + $${formatRaw(pricing.requestUSD)} per request`;
  const asOf = pricing.asOf === 'override' ? 'given on the command line' : `as of ${pricing.asOf}`;
  const strategyText = [
    strategy.name,
    strategy.weight !== undefined ? `weight ${strategy.weight}` : undefined,
    strategy.maxDurationMs !== undefined ? `p95 ≤ ${formatMs(strategy.maxDurationMs)} ms` : undefined,
  ];
  const facts: [string, string | undefined][] = [
    ['Function', fn.name],
    ['ARN', fn.arn],
    ['Region', fn.region ?? pricing.region],
    [
      'Architecture',
      report.architectures ? `${fn.architecture} today; measured on ${report.architectures.map((p) => p.architecture).join(' and ')}` : fn.architecture,
    ],
    ['Current memory', fn.originalMemoryMB !== undefined ? formatMB(fn.originalMemoryMB, { unit: true }) : undefined],
    [
      'Prices',
      report.architectures
        ? report.architectures
            .map((p) => `${p.architecture}: $${formatRaw(p.pricing.gbSecondUSD)} per GB-second + $${formatRaw(p.pricing.requestUSD)} per request`)
            .join('; ') + ` (${pricing.region}, ${asOf})`
        : `${prices} (${pricing.region}, ${pricing.architecture}, ${asOf})`,
    ],
    ['Strategy', strategyText.filter(Boolean).join(', ')],
    ['Source', report.source],
  ];
  const items = facts.flatMap(([key, value]) => (value === undefined ? [] : [`<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`]));
  return `<dl class="facts">\n${items.join('\n')}\n</dl>`;
}

function headerCells(cols: readonly Column[]): string {
  return cols.map((col) => `<th scope="col" data-column="${col.key}">${col.header.filter(Boolean).map(escapeHtml).join('<br>')}</th>`).join('');
}

function rowHtml(row: SizeRow, index: number, cols: readonly Column[], ranks: Map<Column, Map<number, Rank>>): string {
  const failed = row.meanMs === null && row.costPerInvocation === null;
  const span = failedSpan(cols);
  const cells: string[] = [];
  for (const col of cols) {
    if (failed && col.key === span.first) {
      cells.push(`<td class="failed" colspan="${span.count}">no successful invocation: ${escapeHtml(errorTypesText(row.result))}</td>`);
      continue;
    }
    if (failed && span.covers(col.key)) continue;
    const rank = ranks.get(col)?.get(index);
    cells.push(`<td data-column="${col.key}"${rank ? ` class="${rank}"` : ''}>${escapeHtml(col.text(row))}</td>`);
  }
  const marker = row.recommended ? '<td class="text" title="recommended">▶</td>' : '<td class="text"></td>';
  const arch = row.result.architecture ? ` data-architecture="${row.result.architecture}"` : '';
  return `<tr data-memory-mb="${row.result.memoryMB}"${arch}${row.recommended ? ' class="recommended"' : ''}>${marker}${cells.join('')}</tr>`;
}

function tableHtml(report: Report): string {
  const rows = buildRows(report);
  // Every column of the terminal's table, the 95 % intervals included: the notes under the table
  // define them, and the chart's bars hide under a mark wherever they are narrower than it.
  const cols = columns(report);
  const ranks = new Map(cols.flatMap((col) => (col.metric ? [[col, rankMetric(rows, col.metric)] as const] : [])));
  return [
    '<div class="table-wrap"><table class="results">',
    `<thead><tr><th class="text"></th>${headerCells(cols)}</tr></thead>`,
    '<tbody>',
    ...rows.map((row, i) => rowHtml(row, i, cols, ranks)),
    '</tbody></table></div>',
  ].join('\n');
}

function chartHtml(report: Report): string {
  // One chart per architecture would be needed; the table's rows carry both.
  if (report.architectures) return '';
  const svg = renderSvgChart(report);
  if (!svg) return '';
  const extras = [
    report.search?.curve?.length ? 'the dashed line is the fitted model' : '',
    report.results.some((r) => r.ci95) ? 'a bar is a 95 % confidence interval, drawn where it is wider than the mark (the table gives each one)' : '',
    report.results.some((r) => r.durationMs === null && r.costUSD === null) ? 'a red cross marks a size where no invocation succeeded' : '',
  ].filter(Boolean);
  const more = extras.join('; ');
  const caption =
    `One mark per measured size; the recommended size is marked in pink. Cost is per ${formatPer(report.pricing.per)} invocations.` +
    (more ? ` ${more.charAt(0).toUpperCase()}${more.slice(1)}.` : '');
  return `<figure>\n${svg}\n${renderSvgChart(report, { narrow: true })}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}

function reportSection(report: Report): string {
  const summary = summaryLine(report);
  const warnings = report.warnings.length
    ? `<ul class="warnings">\n${report.warnings.map((w) => `<li><strong>warning:</strong> ${escapeProse(w)}</li>`).join('\n')}\n</ul>`
    : '';
  const notes = noteLines(report);
  return [
    `<section class="report" data-function="${escapeHtml(report.function.name)}" data-architecture="${report.function.architecture}">`,
    `<h1>lambda-rightsize: ${escapeHtml(report.function.name)}</h1>`,
    factList(report),
    `<p class="recommendation"><strong>${escapeHtml(summary.label)}</strong>${escapeProse(summary.text)}</p>`,
    warnings,
    ...(report.results.length === 0
      ? ['<p>No invocation was measured.</p>']
      : [
          '<h2>Cost and duration by memory size</h2>',
          chartHtml(report),
          '<h2>Measurements</h2>',
          tableHtml(report),
          notes.length ? `<ul class="notes">\n${notes.map((n) => `<li>${escapeProse(n)}</li>`).join('\n')}\n</ul>` : '',
        ]),
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The page for one report, or for several (bench: one per workload × architecture); ends with a newline. */
export function renderHtml(reports: Report | readonly Report[]): string {
  const list: readonly Report[] = Array.isArray(reports) ? reports : [reports as Report];
  const title = `lambda-rightsize: ${list.map((r) => r.function.name).join(', ')}`;
  const body = [
    ...list.map(reportSection),
    '<footer>Made by lambda-rightsize. The measurements this page shows are embedded as JSON (script#report-data), the object <code>--output json</code> prints.</footer>',
  ].join('\n');
  return htmlPage({ title, body, data: Array.isArray(reports) ? list : reports, style: HTML_STYLE });
}
