/** The tune engine's options, dependencies, plan and progress events. */
import type { AnalysisSettings } from '../analysis/index.js';
import type { InvocationRecord, PriceRow } from '../types.js';
import type { DriverPlan, SearchFactory, SizingDriver } from './driver.js';
import type { WeightedPayload } from './payloads.js';
import type { RecoveryPlan } from './recover.js';
import type { FunctionConfiguration, LambdaGateway, ReportLookup } from './ports.js';

export interface TuneOptions {
  /** Name, partial ARN or ARN (unqualified). */
  functionName: string;
  /** MB, each 128–10240; measured in this order, duplicates once. Empty: search the whole range (src/search). */
  memorySizes: readonly number[];
  /** Invocations per memory size (a search: at most, per size; it raises its default cap). */
  invocations: number;
  /** Parallel invocations at most; lowered to the reserved concurrency, and further on throttles. */
  concurrency: number;
  /** The events to send (see normalisePayloads). */
  payloads: readonly WeightedPayload[];
  /** How the measurements are judged and priced (and what a search aims for). */
  analysis: AnalysisSettings;
  /** The caller only shows the plan (planTune): a live run it would meet is a warning, not a refusal. */
  dryRun: boolean;
  /** Refuse a plan whose cost bound is above this many USD. */
  budgetUSD?: number;
  /** Leave the recommended memory set at the end instead of restoring the original. */
  apply: boolean;
  /** Also point an alias at each size's version (invoking the version alone is enough, so off by default). */
  aliases?: boolean;
  /** Asked once the plan is known, before anything changes; false cancels. Absent means go ahead. */
  confirm?: (plan: TunePlan) => Promise<boolean>;
  /** Error types that count as successful invocations (like Power Tuning's allowedExceptions). */
  allowedErrors?: readonly string[];
  /** Chooses the sizes round by round; default: a GridDriver of `memorySizes` × `invocations`. */
  driver?: SizingDriver;
  /** Every measured invocation, as it arrives (for `--record`). */
  recordSink?: (record: InvocationRecord) => void;
}

export interface TuneDeps {
  lambda: LambdaGateway;
  /** CloudWatch Logs fallback for REPORT lines that fell out of the 4 KB tail. */
  logs?: ReportLookup;
  progress: (event: TuneEvent) => void;
  /** Aborted on SIGINT, SIGTERM or SIGHUP: the engine stops, restores and cleans up, then throws InterruptedError. */
  signal: AbortSignal;
  /** The driver of a run without `--memory` (src/search's createSearch); needed only then. */
  search?: SearchFactory;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** 0 ≤ x < 1, for backoff jitter. */
  random?: () => number;
  /** Marks this run's versions and aliases; random by default. */
  runId?: string;
}

export interface TunePlan {
  function: FunctionConfiguration;
  /** Sizes to measure, in order, without duplicates (empty for a search). */
  sizes: number[];
  /** Without --memory: the search that chooses the sizes, and what it said about itself up front. */
  search?: { driver: SizingDriver; plan: DriverPlan };
  invocations: number;
  /** Parallel invocations the run starts with: --concurrency, capped by reserved concurrency. */
  concurrency: number;
  price: PriceRow;
  /**
   * What the run could cost at most: every invocation running to the timeout, plus a cold start's
   * INIT (billed since Aug 2025, up to 10 s) for each parallel slot. Lambda charges only.
   */
  costBoundUSD: number;
  budgetUSD?: number;
  /** A killed earlier run's marker was found: undone before this run changes anything. */
  recovery?: RecoveryPlan;
  warnings: string[];
}

export type TuneEvent =
  /** `unchanged`: the original size, published from $LATEST as it is, without a memory update. */
  | { type: 'preparing'; memoryMB: number; index: number; total: number; unchanged?: boolean }
  | { type: 'size-started'; memoryMB: number; qualifier: string; created: boolean }
  | { type: 'invocations'; memoryMB: number; done: number; total: number; errors: number }
  | { type: 'size-done'; memoryMB: number; measured: number; errors: number; missing: number }
  | { type: 'size-skipped'; memoryMB: number; reason: string }
  | { type: 'throttled'; memoryMB: number; reason?: string; waitMs: number; concurrency: number }
  | { type: 'estimate'; costUSD: number; boundUSD: number }
  /** `warning`: something the user must know even under --quiet (e.g. the function was left changed). */
  | { type: 'note'; message: string; warning?: boolean };
