/** Assembles the ScanReport (the object every output renders) and its summary. */
import type { PriceRow } from '../types.js';
import { FINDING_KINDS, type FindingKind, type FunctionScan, type ScanReport, type ScanSummary, type ScanThresholds } from './types.js';

export interface ReportParts {
  region: string;
  window: ScanReport['window'];
  thresholds: ScanThresholds;
  pricing: readonly PriceRow[];
  functions: readonly FunctionScan[];
  warnings: readonly string[];
}

export function buildScanReport(parts: ReportParts): ScanReport {
  const functions = parts.functions.toSorted((a, b) => a.name.localeCompare(b.name));
  return {
    schemaVersion: 1,
    source: 'scan',
    region: parts.region,
    window: parts.window,
    thresholds: parts.thresholds,
    pricing: [...parts.pricing],
    functions,
    summary: summarize(functions),
    warnings: [...parts.warnings],
  };
}

/** Recomputes the summary, e.g. after a baseline marked findings as known. */
export function summarize(functions: readonly FunctionScan[]): ScanSummary {
  const byKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  let newFindings = 0;
  let monthlySavingUSD = 0;
  let unverifiedMonthlySavingUSD = 0;
  for (const fn of functions) {
    for (const f of fn.findings) {
      byKind[f.kind] += 1;
      if (!f.known) newFindings += 1;
      // An unverified saving is an upper bound: added up apart, never into the verified total.
      if (f.monthlyCostUSD && f.kind === 'over-provisioned') monthlySavingUSD += f.monthlyCostUSD.saving;
      if (f.monthlyCostUSD && f.kind === 'memory-headroom') unverifiedMonthlySavingUSD += f.monthlyCostUSD.saving;
    }
  }
  return { functions: functions.length, byKind, newFindings, monthlySavingUSD, unverifiedMonthlySavingUSD };
}

/** The report with its functions replaced (e.g. baseline applied) and the summary brought up to date. */
export function withFunctions(report: ScanReport, functions: readonly FunctionScan[]): ScanReport {
  return { ...report, functions: [...functions], summary: summarize(functions) };
}
