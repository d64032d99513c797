/**
 * `scan --output html`: the fleet table as one self-contained page (a CI artifact), with the same
 * cells as the terminal table and the Markdown (rows.ts), then each finding with its evidence.
 */
import { formatRaw } from '../../format.js';
import { escapeHtml, escapeProse, htmlPage } from '../../render/html-escape.js';
import { HTML_STYLE } from '../../render/html-style.js';
import type { FindingKind, ScanReport } from '../types.js';
import { functionRow, HEADERS, iacText, sortedFindings, summaryText, windowText } from './rows.js';

/** Colours as the terminal's: under-provisioned red, over-provisioned yellow (as a warning), ok green; other kinds muted. */
const KIND_CLASS: Partial<Record<FindingKind | 'ok', string>> = {
  'under-provisioned': 'worst',
  'over-provisioned': 'warn',
  'no-data': 'muted',
  'too-little-data': 'muted',
  ok: 'best',
};

const SCAN_STYLE = `${HTML_STYLE}td.warn { color: var(--warn-fg); background: var(--warn-bg); }
td.muted { color: var(--muted); }
.findings li { margin: 6px 0; }
.findings .advice { color: var(--muted); display: block; }
`;

function fleetTable(report: ScanReport): string {
  const head = HEADERS.map((h, i) => `<th scope="col"${i === 0 || i === HEADERS.length - 1 ? ' class="text"' : ''}>${escapeHtml(h)}</th>`).join('');
  const rows = report.functions.map((fn) => {
    const row = functionRow(fn);
    const cells = row.cells.map((cell, i) => {
      const last = i === row.cells.length - 1;
      const cls = i === 0 ? 'text' : last ? `text ${KIND_CLASS[row.worst] ?? 'muted'}` : '';
      return `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(cell)}</td>`;
    });
    return `<tr data-function="${escapeHtml(fn.name)}">${cells.join('')}</tr>`;
  });
  return ['<div class="table-wrap"><table class="fleet">', `<thead><tr>${head}</tr></thead>`, '<tbody>', ...rows, '</tbody></table></div>'].join('\n');
}

function findingList(report: ScanReport): string {
  const items = report.functions.flatMap((fn) => [
    ...sortedFindings(fn).map(
      (f) =>
        `<li><strong>${escapeHtml(fn.name)}</strong> — ${escapeHtml(f.kind)}${f.known ? ' (known)' : ''}: ${escapeProse(f.message)}` +
        (f.advice ? `<span class="advice">${escapeProse(f.advice)}</span>` : '') +
        '</li>',
    ),
    ...(fn.iac && fn.findings.length > 0
      ? [
          `<li><strong>${escapeHtml(fn.name)}</strong> — memory set at <code>${escapeHtml(iacText(fn.iac))}</code>: <code>${escapeHtml(fn.iac.text.trim())}</code></li>`,
        ]
      : []),
    ...fn.notes.map((note) => `<li><strong>${escapeHtml(fn.name)}</strong> — note: ${escapeProse(note)}</li>`),
  ]);
  return items.length ? `<h2>Findings and evidence</h2>\n<ul class="findings">\n${items.join('\n')}\n</ul>` : '';
}

export function renderScanHtml(report: ScanReport): string {
  const prices = report.pricing
    // formatRaw, as the other outputs: String(2e-7) would print "$2e-7".
    .map(
      (p) =>
        `${p.architecture}: $${formatRaw(p.gbSecondUSD)} per GB-second + $${formatRaw(p.requestUSD)} per request (${p.asOf === 'override' ? 'given on the command line' : `as of ${p.asOf}`})`,
    )
    .join('; ');
  const warnings = report.warnings.length
    ? `<ul class="warnings">\n${report.warnings.map((w) => `<li><strong>warning:</strong> ${escapeProse(w)}</li>`).join('\n')}\n</ul>`
    : '';
  const body = [
    '<section class="report">',
    `<h1>lambda-rightsize scan: ${escapeHtml(windowText(report))}</h1>`,
    `<dl class="facts"><dt>Region</dt><dd>${escapeHtml(report.region)}</dd><dt>Prices</dt><dd>${escapeHtml(prices || 'none needed')}</dd></dl>`,
    `<p class="recommendation"><strong>${escapeHtml(summaryText(report))}</strong></p>`,
    warnings,
    fleetTable(report),
    findingList(report),
    '</section>',
    '<footer>Made by lambda-rightsize scan. The scan is embedded as JSON (script#report-data), the object <code>--output json</code> prints.</footer>',
  ]
    .filter(Boolean)
    .join('\n');
  return htmlPage({ title: `lambda-rightsize scan: ${windowText(report)}`, body, data: report, style: SCAN_STYLE });
}
