/**
 * The search's fitted curve and its measured points in a few terminal lines: duration against memory,
 * both on log scales (the model's CPU part, cpu × 1769 / memory, is then a straight line and the knee
 * a corner). Pure; at most 72 columns.
 */
import type { ChalkInstance } from 'chalk';
import type { Report } from '../types.js';
import { formatMB, formatMs } from '../format.js';

const WIDTH = 56;
const HEIGHT = 8;

export function renderCurveChart(report: Report, chalk: ChalkInstance): string | undefined {
  const search = report.search;
  const curve = search?.curve ?? [];
  if (!search || curve.length < 2) return undefined;
  const measured = report.results.flatMap((r) => (r.durationMs ? [{ memoryMB: r.memoryMB, durationMs: r.durationMs.trimmedMean }] : []));
  const all = [...curve.map((p) => p.durationMs), ...measured.map((p) => p.durationMs)].filter((v) => v > 0);
  const [lowMs, highMs] = [Math.min(...all), Math.max(...all)];
  const { minMB, maxMB } = search.range;
  const col = (mb: number): number => Math.round(((Math.log(mb) - Math.log(minMB)) / (Math.log(maxMB) - Math.log(minMB) || 1)) * (WIDTH - 1));
  const row = (ms: number): number => HEIGHT - 1 - Math.round(((Math.log(ms) - Math.log(lowMs)) / (Math.log(highMs) - Math.log(lowMs) || 1)) * (HEIGHT - 1));
  const grid = Array.from({ length: HEIGHT }, () => Array.from({ length: WIDTH }, () => ' '));
  for (let x = 0; x < WIDTH; x += 1) {
    const mb = Math.exp(Math.log(minMB) + (x / (WIDTH - 1)) * (Math.log(maxMB) - Math.log(minMB)));
    grid[clampRow(row(interpolate(curve, mb)))]![x] = chalk.dim('·');
  }
  for (const p of measured)
    grid[clampRow(row(p.durationMs))]![clampCol(col(p.memoryMB))] = p.memoryMB === report.recommendation?.memoryMB ? chalk.bold('▶') : 'o';
  const labelWidth = Math.max(formatMs(highMs).length, formatMs(lowMs).length);
  const lines = grid.map((cells, i) => {
    const label = i === 0 ? formatMs(highMs) : i === HEIGHT - 1 ? formatMs(lowMs) : '';
    return `${label.padStart(labelWidth)} │${cells.join('')}`.trimEnd();
  });
  const axis = `${' '.repeat(labelWidth)} └${'─'.repeat(WIDTH)}`;
  const ticks = [minMB, 1024, 1769 * 2, maxMB].filter((mb, i, list) => mb >= minMB && mb <= maxMB && list.indexOf(mb) === i);
  const tickLine = Array.from({ length: WIDTH + labelWidth + 2 }, () => ' ');
  for (const mb of ticks) {
    const text = formatMB(mb);
    const at = Math.min(labelWidth + 2 + col(mb), tickLine.length - text.length);
    text.split('').forEach((ch, i) => (tickLine[at + i] = ch));
  }
  const title = chalk.dim('mean duration (ms) by memory (MB), log scales: · fitted curve, o measured, ▶ recommended');
  return [title, ...lines, axis, tickLine.join('').trimEnd()].join('\n');
}

function clampRow(r: number): number {
  return Math.min(HEIGHT - 1, Math.max(0, r));
}

function clampCol(c: number): number {
  return Math.min(WIDTH - 1, Math.max(0, c));
}

/** Linear between the curve's points (they are dense enough: every 64 MB and the knees). */
function interpolate(curve: readonly { memoryMB: number; durationMs: number }[], mb: number): number {
  const after = curve.findIndex((p) => p.memoryMB >= mb);
  if (after <= 0) return (after === 0 ? curve[0] : curve.at(-1))!.durationMs;
  const a = curve[after - 1]!;
  const b = curve[after]!;
  return a.durationMs + ((mb - a.memoryMB) / (b.memoryMB - a.memoryMB)) * (b.durationMs - a.durationMs);
}
