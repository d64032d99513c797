/** The terminal output of `scan`: one row per function, then each finding with its evidence. */
import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { BORDERLESS_CHARS, wrapWords } from '../../render/table.js';
import type { FindingKind, ScanReport } from '../types.js';
import { functionRow, HEADERS, iacText, sortedFindings, summaryText, windowText } from './rows.js';

/**
 * What a narrow terminal gives up first, so a row never wraps: the evidence columns, one at a time
 * (p99/max used, invocations, p95, the monthly cost), then the finding's text is cut with "…" —
 * each finding is written out in full under the table anyway. Function, memory and the finding's
 * start always stay.
 */
export const SCAN_NARROW_DROP_ORDER: readonly number[] = [3, 2, 4, 5];
/** Shortest finding cell kept before the table is let overflow. */
const MIN_FINDING = 12;

function paint(kind: FindingKind | 'ok', text: string, chalk: ChalkInstance): string {
  if (kind === 'under-provisioned') return chalk.red(text);
  if (kind === 'over-provisioned') return chalk.yellow(text);
  if (kind === 'memory-headroom') return chalk.cyan(text);
  if (kind === 'ok') return chalk.green(text);
  return chalk.dim(text);
}

function visibleLength(text: string): number {
  return stripVTControlCharacters(text).length;
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

/** The fleet table with the columns `keep` names, the finding cell cut to `findingWidth`. */
function fleetTable(report: ScanReport, keep: readonly number[], findingWidth: number | undefined, chalk: ChalkInstance): string[] {
  const aligns = ['left', 'right', 'right', 'right', 'right', 'right', 'left'] as const;
  const table = new Table({
    head: keep.map((i) => HEADERS[i]!),
    chars: BORDERLESS_CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: keep.map((i) => aligns[i]!),
  });
  const last = HEADERS.length - 1;
  for (const fn of report.functions) {
    const row = functionRow(fn);
    table.push(
      keep.map((i) => (i === last ? paint(row.worst, findingWidth === undefined ? row.cells[i]! : cut(row.cells[i]!, findingWidth), chalk) : row.cells[i]!)),
    );
  }
  // cli-table3 pads the last column: trailing blanks would count against the width.
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
}

function widest(lines: readonly string[]): number {
  return Math.max(0, ...lines.map(visibleLength));
}

/** As many columns as fit in `width` (all when no width is given), dropped in SCAN_NARROW_DROP_ORDER. */
function fittedTable(report: ScanReport, chalk: ChalkInstance, width: number | undefined): string[] {
  let keep = HEADERS.map((_, i) => i);
  let lines = fleetTable(report, keep, undefined, chalk);
  for (const drop of SCAN_NARROW_DROP_ORDER) {
    if (width === undefined || widest(lines) <= width) return lines;
    keep = keep.filter((i) => i !== drop);
    lines = fleetTable(report, keep, undefined, chalk);
  }
  if (width === undefined || widest(lines) <= width) return lines;
  const findingNow = Math.max(...report.functions.map((fn) => functionRow(fn).cells.at(-1)!.length), HEADERS.at(-1)!.length);
  const findingWidth = Math.max(MIN_FINDING, findingNow - (widest(lines) - width));
  return fleetTable(report, keep, findingWidth, chalk);
}

/** `width`: the terminal's columns when printing to one; the table then fits it, and the prose wraps at spaces. */
export function renderScanTable(report: ScanReport, options: { chalk: ChalkInstance; width?: number }): string {
  const { chalk, width } = options;
  const [head = '', ...body] = fittedTable(report, chalk, width);
  const title = wrapWords(`lambda-rightsize scan — ${windowText(report)}`, width).map((line) => chalk.bold(line));
  const lines = [...title, '', head, '─'.repeat(visibleLength(head)), ...body, ''];
  const prose = (text: string): void => void lines.push(...wrapWords(text, width));
  for (const fn of report.functions) {
    for (const finding of sortedFindings(fn)) {
      // Colour only the label, so wrapping measures plain text.
      const label = `${fn.name}: ${finding.kind}${finding.known ? ' (known)' : ''}`;
      const [first = '', ...rest] = wrapWords(`${label} — ${finding.message}`, width);
      lines.push(first.startsWith(label) ? paint(finding.kind, label, chalk) + first.slice(label.length) : paint(finding.kind, first, chalk), ...rest);
      if (finding.advice) prose(`  ${finding.advice}`);
    }
    if (fn.iac && fn.findings.length > 0) prose(`  memory set at ${iacText(fn.iac)}: ${fn.iac.text.trim()}`);
    // A diff is code: never rewrapped.
    if (fn.iac?.patch)
      lines.push(
        ...fn.iac.patch
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`),
      );
    for (const note of fn.notes) prose(`${fn.name}: note: ${note}`);
  }
  for (const warning of report.warnings) lines.push(...wrapWords(`warning: ${warning}`, width).map((l) => chalk.yellow(l)));
  prose(summaryText(report));
  return `${lines.join('\n')}\n`;
}
