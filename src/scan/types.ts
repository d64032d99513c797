/**
 * The shapes `scan` works with. `ScanReport` is what `--output json` prints (schemaVersion 1,
 * documented in src/scan/README.md): a stable contract for CI scripts.
 */
import type { ResourceModel } from '../resources/index.js';
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
  /**
   * Lambda Managed Instances (`CapacityProviderConfig`): the capacity provider's ARN. Such a
   * function is billed per EC2 instance, not per GB-second, so memory advice does not apply.
   */
  capacityProviderArn?: string;
  /** `DurableConfig` is present: one execution replays as several invocations. */
  durable?: boolean;
}

/**
 * `over-provisioned` is verified: duration evidence (Lambda Insights CPU time, or durations measured
 * at several sizes) projects a lower cost within the speed limit. `memory-headroom` is the same
 * memory observation without such evidence: unverified, its saving an upper bound.
 * `managed-instances`: sized by a capacity provider, never given memory advice.
 */
export type FindingKind = 'over-provisioned' | 'memory-headroom' | 'under-provisioned' | 'no-data' | 'too-little-data' | 'managed-instances';
export const FINDING_KINDS: readonly FindingKind[] = [
  'over-provisioned',
  'memory-headroom',
  'under-provisioned',
  'no-data',
  'too-little-data',
  'managed-instances',
];
/** What `--fail-on any` means: every kind that states a fact or verified advice. */
export const VERIFIED_KINDS: readonly FindingKind[] = ['over-provisioned', 'under-provisioned', 'no-data', 'too-little-data'];

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
  /** Sum of the durations (the mean is this / invocations); null when the rows did not carry it. */
  durationMsSum: number | null;
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
  /** over-provisioned only: the duration evidence and the projection at the suggested size. */
  evidence?: DurationEvidence;
  /** In the `--baseline` file: known, so it does not fail the build. */
  known: boolean;
}

/** Lambda Insights performance events of one function at one memory size, summed on AWS's side. */
export interface CpuStats {
  memoryMB: number;
  invocations: number;
  /** Sum of `cpu_total_time` (user + system CPU, ms). */
  cpuTimeMsSum: number;
  /** Sum of `duration` of the same events (ms). */
  durationMsSum: number;
}

/** How a verified over-provisioned finding projected the duration at the suggested size. */
export interface DurationEvidence {
  basis: 'lambda-insights' | 'memory-sizes';
  /** One line: "CPU time is 8 % of the duration (Lambda Insights, 1,000 invocations)". */
  summary: string;
  /** Lambda's resource model fitted to the evidence (src/resources). */
  model: ResourceModel;
  projected: { memoryMB: number; durationMsMean: number; durationMsP95: number | null; billedDurationMsMean: number };
  /**
   * How far the projection rests on measurement: `interpolated` between sizes measured in the window
   * (the model only bends the line between them), `extrapolated` beyond them or from one size (Lambda
   * Insights) — the model's shape alone, which real functions leave (GC pressure at a smaller size,
   * a knee elsewhere): `tune` measures it.
   */
  projection: 'interpolated' | 'extrapolated';
  /** The speed limit the projection had to keep: p95 at most this, ms. */
  p95LimitMs: number | null;
}

/** Where the infrastructure code sets a function's memory (`--source`). */
export interface IacLocation {
  tool: 'cloudformation' | 'sam' | 'cdk' | 'serverless' | 'terraform';
  /** Relative to the working directory, with `/`. */
  file: string;
  /** 1-based. */
  line: number;
  /** The line as written. */
  text: string;
  /** The literal memory value on that line, when it is a number. */
  memoryMB?: number;
  /** `shared`: the setting applies to more functions than this one (SAM Globals, Serverless provider). */
  scope: 'function' | 'shared';
  /** How the function was matched ("aws:cloudformation:logical-id ApiFunction", "function_name"). */
  matchedBy: string;
  /** `--suggest-patch`: the one-line change as a unified diff. */
  patch?: string;
}

export interface FunctionScan {
  name: string;
  arn?: string;
  architecture: Architecture;
  memoryMB: number;
  timeoutS?: number;
  logGroup: string;
  logFormat: LogFormat;
  /**
   * Where the numbers came from; 'none' when the log group does not exist, 'skipped' when the logs
   * were not read (Lambda Managed Instances).
   */
  source: 'insights' | 'filter-log-events' | 'none' | 'skipped';
  /** Set for Lambda Managed Instances. */
  capacityProviderArn?: string;
  durable?: boolean;
  /** The part of the window the logs can cover (log retention, group creation), in days. */
  windowDays: number;
  /** One entry per memory size seen in the window, ascending. */
  sizes: SizeStats[];
  /** Lambda Insights CPU time per memory size, when the function has the extension. */
  cpu?: CpuStats[];
  /** Monthly invocations and cost at the current size, extrapolated from the window to 30 days. */
  monthly: { invocations: number; costUSD: number } | null;
  findings: Finding[];
  /** Where the memory is set in the infrastructure code under `--source`, for flagged functions. */
  iac?: IacLocation;
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
  /** over-provisioned only when the projected p95 is at most (1 + this) × today's. */
  maxSlowdown: number;
  /** over-provisioned only when the projected cost is at least this fraction lower than today's. */
  minSaving: number;
  /** `--max-duration`: an absolute p95 limit (ms) the suggested size must keep, instead of maxSlowdown. */
  maxDurationMs?: number;
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
  /** Sum of the estimated monthly savings of the verified (over-provisioned) findings. */
  monthlySavingUSD: number;
  /** Sum of the upper bounds of the unverified (memory-headroom) findings, kept apart. */
  unverifiedMonthlySavingUSD: number;
}
