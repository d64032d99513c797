/**
 * Cost and duration against memory as inline SVG: two panels over one memory axis, one mark per
 * measured size in each, the recommended size marked. Plain SVG (no charting library): the page
 * must open offline and stay a few kilobytes, and a dozen points need no library (README,
 * "Development").
 *
 * Optional figures a search-driven tune adds are drawn when the report has them and ignored
 * otherwise: the fitted curve (`report.search.curve`) as a line, the 95 % intervals
 * (`result.ci95`) as error bars.
 */
import type { Report } from '../types.js';
import { formatCount, formatMB, formatMs, formatPer, formatUsd } from '../format.js';
import { escapeHtml } from './html-escape.js';
import { buildRows } from './model.js';

const WIDTH = 720;
const NARROW_WIDTH = 400;
const PANEL_HEIGHT = 190;
const GAP = 46;
const MARGIN = { top: 28, right: 20, bottom: 40, left: 84 };
/** Tick labels closer than this (px) to the previous one are left out rather than overlap. */
const MIN_LABEL_GAP = 34;
/** Space between the outermost sizes and the panel's edges, so their marks and labels stay inside. */
const X_INSET = 36;
/** Above this many marks, value labels would collide: the tooltips and the table carry the values. */
const MAX_VALUE_LABELS = 12;

interface Interval {
  low: number;
  high: number;
}
/** What issue 9's search adds to a Report; read structurally so the chart needs none of it. */
interface SearchExtras {
  search?: { curve?: readonly { memoryMB: number; durationMs: number; costUSD: number }[] };
}
interface ResultExtras {
  ci95?: { trimmedMeanMs?: Interval; costPerInvocationUSD?: Interval };
}

export interface ChartPoint {
  memoryMB: number;
  value: number;
  interval?: Interval;
  recommended: boolean;
}

export interface ChartPanel {
  metric: 'duration' | 'cost';
  title: string;
  points: ChartPoint[];
  curve: { memoryMB: number; value: number }[];
  /** A value as the table writes it. */
  format(value: number): string;
  /** A round axis value (no decimals the ticks do not have). */
  tick(value: number): string;
}

/** The two panels' data, derived from the report (and its optional search figures). */
export function chartPanels(report: Report): ChartPanel[] {
  const rows = buildRows(report);
  const per = report.pricing.per;
  const curve = (report as Report & SearchExtras).search?.curve ?? [];
  const ci = (index: number): ResultExtras['ci95'] => (report.results[index] as ResultExtras | undefined)?.ci95;
  const scale = (interval: Interval | undefined, by: number): Interval | undefined =>
    interval ? { low: interval.low * by, high: interval.high * by } : undefined;
  return [
    {
      metric: 'duration',
      title: 'Duration (trimmed mean, ms)',
      format: (v) => `${formatMs(v)} ms`,
      tick: (v) => `${formatCount(v)} ms`,
      points: rows.flatMap((row, i) =>
        row.meanMs === null ? [] : [{ memoryMB: row.result.memoryMB, value: row.meanMs, interval: ci(i)?.trimmedMeanMs, recommended: row.recommended }],
      ),
      curve: curve.map((p) => ({ memoryMB: p.memoryMB, value: p.durationMs })),
    },
    {
      metric: 'cost',
      title: `Cost per ${formatPer(per)} invocations (USD)`,
      format: formatUsd,
      tick: formatUsd,
      points: rows.flatMap((row, i) =>
        row.costPerUnit === null
          ? []
          : [{ memoryMB: row.result.memoryMB, value: row.costPerUnit, interval: scale(ci(i)?.costPerInvocationUSD, per), recommended: row.recommended }],
      ),
      curve: curve.map((p) => ({ memoryMB: p.memoryMB, value: p.costUSD * per })),
    },
  ];
}

/** 1, 2 or 5 × 10^n steps giving about `count` ticks from 0 to past `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let i = 0; ticks.at(-1) === undefined || ticks.at(-1)! < max; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

const num = (value: number): string => String(Math.round(value * 10) / 10);

interface PanelContext {
  x(mb: number): number;
  /** The plot's right edge, in the chart's units. */
  right: number;
  top: number;
  memoryTicks: readonly number[];
  recommended: number | undefined;
  /** Sizes without any successful invocation: a cross on the axis says they were tried. */
  failed: readonly number[];
}

function panelSvg(panel: ChartPanel, { x, right, top, memoryTicks, recommended, failed }: PanelContext): string {
  const values = [...panel.points.flatMap((p) => [p.value, p.interval?.high ?? 0]), ...panel.curve.map((p) => p.value)];
  // Headroom above the highest value, so its mark and label stay clear of the panel's title.
  const ticks = niceTicks(Math.max(0, ...values) * 1.12);
  const maxTick = ticks.at(-1)!;
  const y = (v: number): number => top + PANEL_HEIGHT - (maxTick > 0 ? (v / maxTick) * PANEL_HEIGHT : 0);
  const left = MARGIN.left;
  const parts: string[] = [`<g class="panel" data-metric="${panel.metric}">`];
  parts.push(`<text class="panel-title" x="${left}" y="${num(top - 10)}">${escapeHtml(panel.title)}</text>`);
  for (const tick of ticks) {
    parts.push(
      `<line class="grid" x1="${left}" x2="${right}" y1="${num(y(tick))}" y2="${num(y(tick))}"/>`,
      `<text class="tick y" x="${left - 8}" y="${num(y(tick) + 4)}">${escapeHtml(panel.tick(tick))}</text>`,
    );
  }
  for (const mb of memoryTicks) parts.push(`<line class="grid x" x1="${num(x(mb))}" x2="${num(x(mb))}" y1="${top}" y2="${top + PANEL_HEIGHT}"/>`);
  if (recommended !== undefined) {
    parts.push(`<line class="recommended-line" x1="${num(x(recommended))}" x2="${num(x(recommended))}" y1="${top}" y2="${top + PANEL_HEIGHT}"/>`);
  }
  if (panel.curve.length > 1) {
    const path = panel.curve
      .toSorted((a, b) => a.memoryMB - b.memoryMB)
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${num(x(p.memoryMB))},${num(y(p.value))}`)
      .join(' ');
    parts.push(`<path class="curve" d="${path}"><title>fitted model</title></path>`);
  }
  // The recommended size last, so with many sizes its neighbours' marks and bars never cover it;
  // its value is labelled even when the others' are left out.
  const points = [...panel.points.filter((p) => !p.recommended), ...panel.points.filter((p) => p.recommended)];
  for (const p of points) {
    const cx = num(x(p.memoryMB));
    const label = `${formatMB(p.memoryMB, { unit: true })}: ${panel.format(p.value)}`;
    if (p.interval) {
      parts.push(`<line class="interval" x1="${cx}" x2="${cx}" y1="${num(y(p.interval.low))}" y2="${num(y(p.interval.high))}"/>`);
    }
    parts.push(
      `<circle class="mark${p.recommended ? ' recommended' : ''}" data-memory-mb="${p.memoryMB}" data-value="${p.value}" ` +
        `cx="${cx}" cy="${num(y(p.value))}" r="${p.recommended ? 6.5 : 4.5}"><title>${escapeHtml(label)}</title></circle>`,
    );
    if (panel.points.length <= MAX_VALUE_LABELS || p.recommended) {
      parts.push(`<text class="value${p.recommended ? ' recommended' : ''}" x="${cx}" y="${num(y(p.value) - 10)}">${escapeHtml(panel.format(p.value))}</text>`);
    }
  }
  parts.push(`<line class="axis" x1="${left}" x2="${right}" y1="${top + PANEL_HEIGHT}" y2="${top + PANEL_HEIGHT}"/>`);
  for (const mb of failed) {
    const [cx, cy] = [x(mb), top + PANEL_HEIGHT];
    parts.push(
      `<path class="failed" data-memory-mb="${mb}" d="M${num(cx - 5)},${num(cy - 5)} L${num(cx + 5)},${num(cy + 5)} M${num(cx - 5)},${num(cy + 5)} L${num(cx + 5)},${num(cy - 5)}">` +
        `<title>${formatMB(mb, { unit: true })}: no successful invocation</title></path>`,
    );
  }
  parts.push('</g>');
  return parts.join('\n');
}

/** Memory ticks: the measured sizes, thinned where labels would overlap; the recommended one always. */
function labelledTicks(sizes: readonly number[], x: (mb: number) => number, recommended: number | undefined): number[] {
  const kept: number[] = recommended !== undefined && sizes.includes(recommended) ? [recommended] : [];
  for (const mb of sizes) if (kept.every((k) => Math.abs(x(mb) - x(k)) >= MIN_LABEL_GAP)) kept.push(mb);
  return kept.toSorted((a, b) => a - b);
}

/**
 * The chart as an `<svg>` element; empty when nothing was measured. `narrow`: drawn 400 units wide
 * (class `chart-narrow`) for a phone's screen, where the 720-unit chart's text would shrink to 6 px;
 * the page shows one or the other by its width.
 */
export function renderSvgChart(report: Report, { narrow = false } = {}): string {
  const width = narrow ? NARROW_WIDTH : WIDTH;
  const name = narrow ? 'chart-narrow' : 'chart';
  const panels = chartPanels(report);
  const curveSizes = panels.flatMap((p) => p.curve.map((c) => c.memoryMB));
  const sizes = [...new Set(report.results.map((r) => r.memoryMB))].toSorted((a, b) => a - b);
  if (sizes.length === 0) return '';
  // A log scale, as memory sizes are chosen (128, 256, 512…); one size gets the middle.
  const lo = Math.log2(Math.min(...sizes, ...curveSizes));
  const hi = Math.log2(Math.max(...sizes, ...curveSizes));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const inner = plotWidth - 2 * X_INSET;
  const x = (mb: number): number => MARGIN.left + X_INSET + (hi === lo ? inner / 2 : ((Math.log2(mb) - lo) / (hi - lo)) * inner);
  const recommended = report.recommendation?.memoryMB;
  const ticks = labelledTicks(sizes, x, recommended);
  const height = MARGIN.top + 2 * PANEL_HEIGHT + GAP + MARGIN.bottom;
  const parts = [
    `<svg class="${name}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${name}-title">`,
    `<title id="${name}-title">${escapeHtml(`${report.function.name}: duration and cost by memory size`)}</title>`,
  ];
  const failed = buildRows(report)
    .filter((row) => row.meanMs === null && row.costPerUnit === null)
    .map((row) => row.result.memoryMB);
  panels.forEach((panel, i) =>
    parts.push(panelSvg(panel, { x, right: width - MARGIN.right, top: MARGIN.top + i * (PANEL_HEIGHT + GAP), memoryTicks: ticks, recommended, failed })),
  );
  const axisY = MARGIN.top + 2 * PANEL_HEIGHT + GAP;
  for (const mb of ticks) {
    parts.push(`<text class="tick x" x="${num(x(mb))}" y="${axisY + 18}">${formatMB(mb)}</text>`);
  }
  parts.push(`<text class="axis-title" x="${MARGIN.left + plotWidth / 2}" y="${axisY + 36}">memory (MB, log scale)</text>`, '</svg>');
  return parts.join('\n');
}
