/** The cells of one change, shared by the terminal table and the Markdown comment. */
import { formatMB, formatMs, formatPercent, formatUsd } from '../../format.js';
import { times } from '../../scan/words.js';
import type { DiffChange, DiffReport, Range } from '../types.js';

export const HEADERS = ['function', 'memory MB', 'cost / month', 'p95 duration', 'evidence', 'verdict'] as const;

export function memoryCell(c: DiffChange): string {
  const mb = (v: number | null) => (v === null ? `\`${c.expression ?? '?'}\`` : formatMB(v));
  const arch = c.architecture.before !== c.architecture.after ? ` (${c.architecture.before} → ${c.architecture.after})` : '';
  if (c.kind === 'added') return `new: ${mb(c.memoryMB.after)}${arch}`;
  if (c.kind === 'removed') return `${mb(c.memoryMB.before)} → deleted`;
  return `${mb(c.memoryMB.before)} → ${mb(c.memoryMB.after)}${arch}`;
}

/** "a → b (low–high)", a one-sided bound, or what is known. */
function rangeText(r: Range, format: (v: number) => string, unit = ''): string {
  if (r.before === null) return '—';
  const before = `${format(r.before)}${unit}`;
  if (r.after !== null) {
    const interval = r.low !== null && r.high !== null && format(r.low) !== format(r.high) ? ` (${format(r.low)}–${format(r.high)})` : '';
    return `${before} → ${format(r.after)}${unit}${interval}`;
  }
  if (r.high !== null) return `${before} → ≤ ${format(r.high)}${unit}`;
  if (r.low !== null) return `${before} → ≥ ${format(r.low)}${unit}`;
  return `${before} → ?`;
}

export function costCell(c: DiffChange): string {
  if (c.kind === 'added') return 'no history';
  if (c.monthlyCostUSD.before !== null) return rangeText(c.monthlyCostUSD, formatUsd);
  if (c.costPer1MUSD.before !== null) return `${rangeText(c.costPer1MUSD, formatUsd)} per 1M`;
  return '—';
}

export function durationCell(c: DiffChange): string {
  const r = c.p95Ms.before !== null ? c.p95Ms : c.durationMs;
  const text = rangeText(r, formatMs, ' ms');
  if (r.after === null || r.before === null || r.before <= 0) return text;
  return `${text} ${times(r.after / r.before)}`;
}

export function evidenceCell(c: DiffChange): string {
  return { 'lambda-insights': 'Lambda Insights CPU time', 'memory-sizes': 'durations at several sizes', none: 'none' }[c.evidence.basis];
}

export function verdictCell(c: DiffChange): string {
  const verdict = c.verdict.replace(/-/g, ' ');
  return c.flags.length > 0 ? `${verdict} (flag: ${c.flags.join(', ')})` : verdict;
}

export function changeCells(c: DiffChange): string[] {
  return [c.function, memoryCell(c), costCell(c), durationCell(c), evidenceCell(c), verdictCell(c)];
}

/** "$120.00 → $60.00 a month (−50.0 %, $58.00–$62.00)", or what there is to say. */
export function totalText(report: DiffReport): string {
  const { summary } = report;
  const n = `${summary.changes} change${summary.changes === 1 ? '' : 's'}`;
  if (summary.changes === 0) return 'no Lambda memory change';
  const known = summary.changes - summary.unknown;
  const unknown = summary.unknown > 0 ? `; ${summary.unknown} with cost unknown, not in the total` : '';
  if (known === 0) return `${n}${unknown}`;
  const m = summary.monthlyCostUSD;
  const sign = m.after >= m.before ? '+' : '−';
  const delta = m.before > 0 ? `, ${sign}${formatPercent((Math.abs(m.after - m.before) / m.before) * 100)}` : '';
  const interval = formatUsd(m.low) !== formatUsd(m.high) ? `; ${formatUsd(m.low)}–${formatUsd(m.high)}` : '';
  return `${n}: ${formatUsd(m.before)} → ${formatUsd(m.after)} a month (${sign}${formatUsd(Math.abs(m.after - m.before))}${delta}${interval})${unknown}`;
}

export function baseText(report: DiffReport): string {
  return `against ${report.base.ref} (${report.base.commit.slice(0, 7)})`;
}
