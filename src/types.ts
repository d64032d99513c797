/** Types shared by every source (tune, bench, replay, scan) and the pure core. */

export type Architecture = 'x86_64' | 'arm64';
export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];

export type InvocationStatus = 'success' | 'error' | 'timeout';
export type LogFormat = 'text' | 'json';

/** One Lambda invocation, as its REPORT line (text or JSON log format) describes it. */
export interface InvocationRecord {
  /** Missing in some pasted logs (`REPORT RequestId: Duration: …`). */
  requestId?: string;
  memoryMB: number;
  durationMs: number;
  /** Already includes INIT (since Aug 2025) and SnapStart restore: never add those again. */
  billedDurationMs: number;
  maxMemoryUsedMB: number;
  /** Present on cold starts only. */
  initDurationMs?: number;
  restoreDurationMs?: number;
  billedRestoreDurationMs?: number;
  status: InvocationStatus;
  errorType?: string;
  logFormat: LogFormat;
  /** ISO 8601, when the source gives one. */
  timestamp?: string;
}

export type Strategy = 'cost' | 'speed' | 'balanced';
export const STRATEGIES: readonly Strategy[] = ['cost', 'speed', 'balanced'];

export type OutputFormat = 'table' | 'json' | 'csv' | 'markdown' | 'html' | 'records';

/** Summary of a sample of numbers (milliseconds). */
export interface Distribution {
  mean: number;
  trimmedMean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** The price row used to cost a run. */
export interface PriceRow {
  region: string;
  architecture: Architecture;
  gbSecondUSD: number;
  requestUSD: number;
  /** Date the figures were last checked against the AWS price list (YYYY-MM-DD), or 'override'. */
  asOf: string;
}

/** A two-sided interval [low, high]. */
export interface Interval {
  low: number;
  high: number;
}

export interface Cost {
  perInvocation: number;
  /** Cost of `per` invocations. */
  perUnit: number;
}

/** Statistics for one memory size. */
export interface SizeResult {
  memoryMB: number;
  invocations: number;
  errors: number;
  /** Count per status/error type, e.g. { timeout: 1, 'Runtime.OutOfMemory': 2 }. */
  errorsByType: Record<string, number>;
  coldStarts: number;
  /**
   * Distributions over the successful warm invocations (or over all successful ones when no
   * warm invocation exists — `sample` says which). Cold starts are summarised in `cold`.
   */
  sample: 'warm' | 'all';
  durationMs: Distribution | null;
  billedDurationMs: Distribution | null;
  cold: { count: number; initDurationMs: Distribution | null; totalDurationMs: Distribution | null } | null;
  maxMemoryUsedMB: number;
  costUSD: Cost | null;
  /**
   * 95 % confidence intervals over the same sample as `durationMs`: of the trimmed mean (Yuen's
   * interval) and of the cost per invocation (t-interval of the mean billed duration). Absent when
   * fewer than two values remain. `p95UpperMs`: the distribution-free upper 95 % bound of the p95
   * (stats/interval.ts p95UpperBound), from 59 values on.
   */
  ci95?: { samples: number; trimmedMeanMs: Interval; costPerInvocationUSD: Interval; p95UpperMs?: number };
  /**
   * The environments' warm-up: leading warm invocations clearly slower than the steady state that
   * followed (stats/warmup.ts), left out of `durationMs`, `billedDurationMs`, `costUSD` and `ci95`
   * like cold starts.
   */
  warmUp?: { count: number; durationMs: Distribution };
  /** tune/bench: the first failed invocation's error (type and message), when any failed. */
  firstError?: { type: string; message: string };
  /** `tune --copy`: the architecture this size was measured on (each architecture has its own copy). */
  architecture?: Architecture;
}

export interface Recommendation {
  memoryMB: number;
  reason: string;
  /** Saving against the function's current size, when that is known and measured. */
  savingVsCurrent?: { costPercent: number; durationPercent: number; currentMemoryMB: number };
  /** Other measured sizes that cannot be told apart from the best one at the measured noise (their 95 % intervals overlap). */
  tiedWith?: number[];
  /** The rule that chose among the tied sizes. */
  tieRule?: string;
  /** `tune --copy --arch a,b`: the architecture recommended, across both. */
  architecture?: Architecture;
  /** With a tie: the chosen size is within 3 % of each tied size with 95 % confidence (else the rule's choice is a guess). */
  settled?: boolean;
  /** With a tie: the upper 95 % bound of how much worse the chosen size may be than the best tied one, %. */
  worseByPercent?: number;
  /** With --max-duration: the upper 95 % bound of the chosen size's p95 is within it (else it rests on the measured p95, and a warning says so). */
  sloConfirmed?: boolean;
}

/** A point of the fitted curve. */
export interface CurvePoint {
  memoryMB: number;
  durationMs: number;
  costUSD: number;
}

/** How `tune` searched the memory range (absent for a `--memory` grid and for replay). */
export interface SearchReport {
  /** `model`: the sizes came from the fitted resource model; `fallback`: the fit was bad, so more sizes were measured around the best. */
  method: 'model' | 'fallback';
  /** duration = ioMs + cpuMs / min(memory / 1769 MB, threads); null when too little was measured to fit. */
  model: { ioMs: number; cpuMs: number; threads: number } | null;
  fit: { r2: number; rmsePercent: number; maxResidualPercent: number; good: boolean } | null;
  /** The model's duration and cost per invocation over the searched range (every 64 MB, the knees and the measured sizes). */
  curve: CurvePoint[];
  range: { minMB: number; maxMB: number };
  rounds: number;
  stoppedBecause: string;
  /**
   * `confirmed`: the recommended size is bracketed (no size not measured could be better by more
   * than 3 %), within 3 % of every size it cannot be told apart from at 95 % confidence, and its SLO
   * (if any) confirmed by the upper bound of its p95; `budget`: the caps stopped the search before
   * all of that held (the warnings say what is left); `none`: no size qualifies.
   */
  stopped: 'confirmed' | 'budget' | 'none';
  /** How sure the answer is: the recommended size's 95 % intervals and its contenders (absent without an answer). */
  answer?: SearchAnswer;
  /** Warm invocations every measured size is given at least. */
  minWarmSamples: number;
}

/** The recommended size as the search confirmed it. */
export interface SearchAnswer {
  memoryMB: number;
  /** Warm invocations its figures rest on. */
  samples: number;
  /** 95 % t-interval of the mean warm duration (the mean, not the trimmed mean: what is billed), ms. */
  meanDurationMs: Interval & { mean: number };
  /** 95 % interval of the cost per invocation, USD. */
  costUSD: Interval & { mean: number };
  /** Upper 95 % bound of its p95, ms (from 59 warm invocations). */
  p95UpperMs?: number;
  /** Sizes it cannot be told apart from at the measured noise. */
  contenders: number[];
  /** The measured sizes either side of it, failing ones included (where the working sizes end); null at the range's end. */
  bracket: { belowMB: number | null; aboveMB: number | null };
}

/** What every command returns, and what `--output json` serialises (schemaVersion 1). */
export interface Report {
  schemaVersion: 1;
  source: 'tune' | 'bench' | 'replay';
  function: { name: string; arn?: string; region?: string; architecture: Architecture; originalMemoryMB?: number };
  pricing: PriceRow & { per: number };
  strategy: { name: Strategy; weight?: number; maxDurationMs?: number };
  discard: number;
  results: SizeResult[];
  recommendation: Recommendation | null;
  warnings: string[];
  search?: SearchReport;
  /** tune/bench: what the run did to the function. */
  run?: RunSummary;
  /** replay: REPORT lines of an invocation already read (same request id), dropped, not counted again. */
  input?: { duplicatesDropped: number };
  /** `tune --copy --arch a,b`: each architecture's own part (its prices and recommendation); `results` hold both. */
  architectures?: ArchitecturePart[];
}

/** One architecture of a `tune --copy --arch` run: measured on its own copy, priced at its own rate. */
export interface ArchitecturePart {
  architecture: Architecture;
  pricing: PriceRow & { per: number };
  recommendation: Recommendation | null;
  search?: SearchReport;
  /** Why this architecture has no answer (the code failed there), when it has none. */
  failed?: string;
}

export interface RunSummary {
  /** Time $LATEST spent away from its original memory, ms (0 when only the original size was measured). */
  latestAwayMs: number;
  /** Memory updates sent to $LATEST, restores included. */
  memoryUpdates: number;
  /** Set when someone else changed the function during the run: what they changed. */
  changedDuringRun?: string;
  /** True when the run stopped before measuring everything it meant to (a change, an early stop). */
  partial: boolean;
}
