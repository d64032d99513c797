/**
 * GitHub Actions workflow commands on the changed lines: a warning for a flagged change, a notice
 * for every other, so the projection shows in the pull request's diff view.
 */
import { escapeData, escapeProperty } from '../../scan/render/annotations.js';
import type { DiffReport } from '../types.js';
import { costCell, durationCell } from './rows.js';

export function renderDiffAnnotations(report: DiffReport): string {
  const lines = report.changes.map((c) => {
    const level = c.flags.length > 0 ? 'warning' : 'notice';
    const title = escapeProperty(`${c.function}: ${c.verdict.replace(/-/g, ' ')}${c.flags.length > 0 ? ` (${c.flags.join(', ')})` : ''}`);
    const summary = `cost/month ${costCell(c)}; p95 ${durationCell(c)}`;
    return `::${level} file=${escapeProperty(c.file)},line=${c.line},title=${title}::${escapeData(`${summary}\n${c.message}${c.advice ? `\n${c.advice}` : ''}`)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
