/**
 * The shapes `scan` works with. `ScanReport` is what `--output json` prints (schemaVersion 1,
 * documented in src/scan/README.md): a stable contract for CI scripts.
 */
import type { Architecture, LogFormat, PriceRow } from '../types.js';

/** What a function looks like to `scan`: read from GetFunctionConfiguration or ListFunctions. */
export interface ScanFunctionConfig {
  name: string;
  arn?: string;
  region?: string;
  memoryMB: number;
  architecture: Architecture;
  timeoutS?: number;
  logFormat: LogFormat;
  /** `LoggingConfig.LogGroup`: never assumed to be `/aws/lambda/<name>`. */
  logGroup: string;
}

export type FindingKind = 'over-provisioned' | 'under-provisioned' | 'no-data' | 'too-little-data';
export const FINDING_KINDS: readonly FindingKind[] = ['over-provisioned', 'under-provisioned', 'no-data', 'too-little-data'];

/** Aggregates of the REPORT records of one function at one memory size. */
export interface SizeStats {
  memoryMB: number;
  invocations: number;
  coldStarts: number;
  /** `Status: error` (text) or status error/failure (JSON); older text logs carry no status. */
  errors: number;
  timeouts: number;
  outOfMemory: number;
  durationMs: { p50: number | null; p95: number | null; p99: number | null };
  billedDurationMsSum: number;
  maxMemoryUsedMB: number | null;
  p99MemoryUsedMB: number | null;
}

export interface Finding {
  kind: FindingKind;
  /** One line with the evidence in numbers. */
  message: string;
  /** Memory to try instead, when the finding suggests one. */
  suggestedMemoryMB?: number;
  /** Estimated cost of 30 days at the traffic seen, now and at `suggestedMemoryMB`. */
  monthlyCostUSD?: { current: number; suggested: number; saving: number };
  /** What to do next (e.g. confirm with `lambda-rightsize <function>`), or a caveat. */
  advice?: string;
  /** In the `--baseline` file: known, so it does not fail the build. */
  known: boolean;
}

export interface FunctionScan {
  name: string;
  arn?: string;
  architecture: Architecture;
  memoryMB: number;
  timeoutS?: number;
  logGroup: string;
  logFormat: LogFormat;
  /** Where the numbers came from; 'none' when the log group does not exist. */
  source: 'insights' | 'filter-log-events' | 'none';
  /** The part of the window the logs can cover (log retention, group creation), in days. */
  windowDays: number;
  /** One entry per memory size seen in the window, ascending. */
  sizes: SizeStats[];
  /** Monthly invocations and cost at the current size, extrapolated from the window to 30 days. */
  monthly: { invocations: number; costUSD: number } | null;
  findings: Finding[];
  /** Caveats about this function's numbers (e.g. the FilterLogEvents cap was reached). */
  notes: string[];
}

export interface ScanThresholds {
  /** Over-provisioned when p99 max-memory-used < headroom × configured memory. */
  headroom: number;
  /** The suggested size keeps p99 max-memory-used at or under this fraction of it. */
  targetUtilization: number;
  /** Under-provisioned when max memory used reaches this fraction of the configured size. */
  nearLimit: number;
  /** Fewer invocations at the current size than this is "too little data". */
  minInvocations: number;
}

export interface ScanReport {
  schemaVersion: 1;
  source: 'scan';
  region: string;
  /** The window asked for (`--since`), ISO 8601. */
  window: { start: string; end: string; days: number };
  thresholds: ScanThresholds;
  /** Price rows used, one per architecture present. */
  pricing: PriceRow[];
  functions: FunctionScan[];
  summary: ScanSummary;
  warnings: string[];
}

export interface ScanSummary {
  functions: number;
  byKind: Record<FindingKind, number>;
  /** Findings not accepted by the baseline. */
  newFindings: number;
  /** Sum of the estimated monthly savings of the over-provisioned findings. */
  monthlySavingUSD: number;
}
