/** A small text chart of cost and duration against memory, one line per size, at most 80 columns. */
import type { ChalkInstance } from 'chalk';
import type { Report } from '../types.js';
import { formatMB, formatMs, formatPer, formatUsd } from '../format.js';
import { buildRows } from './model.js';

export const CHART_WIDTH = 80;
const MAX_BAR = 20;
const MIN_BAR = 4;
/** Eighths of a block, so short bars still differ visibly. */
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `value / max × width` cells; any non-zero value shows at least a sliver. */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (PARTIAL[eighths % 8] ?? '');
}

export function renderChart(report: Report, chalk: ChalkInstance): string {
  const rows = buildRows(report);
  const sizes = rows.map((row) => `${formatMB(row.result.memoryMB, { unit: true })} `);
  const costs = rows.map((row) => (row.costPerUnit === null ? '' : formatUsd(row.costPerUnit)));
  const times = rows.map((row) => (row.meanMs === null ? '' : `${formatMs(row.meanMs)} ms`));
  const sizeWidth = Math.max(...sizes.map((s) => s.length));
  const costWidth = Math.max(...costs.map((s) => s.length));
  const timeWidth = Math.max(...times.map((s) => s.length));
  // Fixed parts: size, "cost " + " " before the label, two spaces + "time " + " " before the label.
  const fixed = sizeWidth + 6 + costWidth + 8 + timeWidth;
  const barWidth = Math.max(MIN_BAR, Math.min(MAX_BAR, Math.floor((CHART_WIDTH - fixed) / 2)));
  const maxCost = Math.max(0, ...rows.map((row) => row.costPerUnit ?? 0));
  const maxTime = Math.max(0, ...rows.map((row) => row.meanMs ?? 0));
  const title = `cost per ${formatPer(report.pricing.per)} invocations and mean duration by memory size`;
  const lines = rows.map((row, i) => {
    const size = (sizes[i] ?? '').padStart(sizeWidth);
    if (row.costPerUnit === null && row.meanMs === null) return `${size}(no successful invocation)`;
    const costBar = bar(row.costPerUnit ?? 0, maxCost, barWidth).padEnd(barWidth);
    const timeBar = bar(row.meanMs ?? 0, maxTime, barWidth).padEnd(barWidth);
    const line =
      `${size}cost ${chalk.cyan(costBar)} ${(costs[i] ?? '').padStart(costWidth)}` + `  time ${chalk.magenta(timeBar)} ${(times[i] ?? '').padStart(timeWidth)}`;
    return (row.recommended ? chalk.bold(line) : line).trimEnd();
  });
  return [chalk.dim(title), ...lines].join('\n');
}
