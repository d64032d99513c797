/** One row per function, as text: shared by the table and the Markdown so they cannot disagree. */
import { formatCount, formatMB, formatMs, formatUsd } from '../../format.js';
import type { Finding, FindingKind, FunctionScan, IacLocation, ScanReport } from '../types.js';
import { span } from '../words.js';

export const MISSING = '—';

export const HEADERS = ['function', 'memory', 'invocations', 'p99 / max used', 'p95 duration', 'est. $/month', 'finding'] as const;

export interface FunctionRow {
  cells: string[];
  /** The most serious finding, for colour. */
  worst: FindingKind | 'ok';
}

const SEVERITY: readonly FindingKind[] = ['under-provisioned', 'over-provisioned', 'memory-headroom', 'no-data', 'too-little-data', 'managed-instances'];

/** The findings of a function, most serious first. */
export function sortedFindings(fn: FunctionScan): Finding[] {
  return fn.findings.toSorted((a, b) => SEVERITY.indexOf(a.kind) - SEVERITY.indexOf(b.kind));
}

export function functionRow(fn: FunctionScan): FunctionRow {
  const current = fn.sizes.find((s) => s.memoryMB === fn.memoryMB);
  const total = fn.sizes.reduce((sum, s) => sum + s.invocations, 0);
  const others = fn.sizes.filter((s) => s.memoryMB !== fn.memoryMB && s.invocations > 0);
  const used =
    current?.p99MemoryUsedMB != null && current.maxMemoryUsedMB != null
      ? `${formatMB(current.p99MemoryUsedMB)} / ${formatMB(current.maxMemoryUsedMB)} MB`
      : MISSING;
  const p95 = current?.durationMs.p95 != null ? `${formatMs(current.durationMs.p95)} ms` : MISSING;
  const findings = sortedFindings(fn);
  return {
    cells: [
      fn.name,
      `${formatMB(fn.memoryMB, { unit: true })}${others.length ? ` (also ${others.map((s) => formatMB(s.memoryMB)).join(', ')})` : ''}`,
      total === 0 ? '0' : formatCount(current?.invocations ?? 0) + (total !== (current?.invocations ?? 0) ? ` of ${formatCount(total)}` : ''),
      used,
      p95,
      fn.monthly ? formatUsd(fn.monthly.costUSD) : MISSING,
      findings.length === 0 ? 'ok' : findings.map(findingLabel).join('; '),
    ],
    worst: findings[0]?.kind ?? 'ok',
  };
}

/**
 * "over-provisioned → 256 MB, save $3.21/month"; "memory-headroom → 192 MB, up to $5.10/month
 * (unverified)"; "(known)" for a baselined finding.
 */
export function findingLabel(finding: Finding): string {
  let label: string = finding.kind;
  if (finding.kind === 'over-provisioned' && finding.suggestedMemoryMB !== undefined && finding.monthlyCostUSD) {
    label += ` → ${formatMB(finding.suggestedMemoryMB, { unit: true })}, save ${formatUsd(finding.monthlyCostUSD.saving)}/month`;
  } else if (finding.kind === 'memory-headroom' && finding.suggestedMemoryMB !== undefined && finding.monthlyCostUSD) {
    label += ` → ${formatMB(finding.suggestedMemoryMB, { unit: true })}, up to ${formatUsd(finding.monthlyCostUSD.saving)}/month (unverified)`;
  } else if (finding.kind === 'under-provisioned' && finding.suggestedMemoryMB !== undefined) {
    label += ` → ${formatMB(finding.suggestedMemoryMB, { unit: true })}`;
  }
  return finding.known ? `${label} (known)` : label;
}

/** "12 functions: 2 over-provisioned, 1 under-provisioned, 9 ok — est. saving $4.20/month (3 new)". */
export function summaryText(report: ScanReport): string {
  const { summary } = report;
  const withFindings = report.functions.filter((f) => f.findings.length > 0).length;
  const parts = SEVERITY.filter((k) => summary.byKind[k] > 0).map((k) => `${summary.byKind[k]} ${k}`);
  parts.push(`${summary.functions - withFindings} ok`);
  const saving = summary.monthlySavingUSD > 0 ? ` — est. saving ${formatUsd(summary.monthlySavingUSD)}/month` : '';
  const upTo = summary.unverifiedMonthlySavingUSD > 0 ? `; up to ${formatUsd(summary.unverifiedMonthlySavingUSD)}/month more if the unverified ones hold` : '';
  const fresh = summary.newFindings !== withFindingsCount(report) ? ` (${summary.newFindings} new, the rest in the baseline)` : '';
  return `${summary.functions} function${summary.functions === 1 ? '' : 's'}: ${parts.join(', ')}${saving}${upTo}${fresh}`;
}

function withFindingsCount(report: ScanReport): number {
  return report.functions.reduce((n, f) => n + f.findings.length, 0);
}

/** "us-east-1, last 14 d (2026-01-01 → 2026-01-15)"; under a day in hours, with the times. */
export function windowText(report: ScanReport): string {
  const { start, end, days } = report.window;
  const range = days < 1 ? `${start.slice(0, 16).replace('T', ' ')} → ${end.slice(11, 16)} UTC` : `${start.slice(0, 10)} → ${end.slice(0, 10)}`;
  return `${report.region}, last ${span(days)} (${range})`;
}

/** "template.yaml:12 (cloudformation)". */
export function iacText(iac: IacLocation): string {
  return `${iac.file}:${iac.line} (${iac.tool}${iac.scope === 'shared' ? ', shared by several functions: set it on the function itself' : ''})`;
}
