/**
 * `bench`: deploy each workload × architecture as a fresh function, measure it with the tune engine,
 * and delete it again — also when a step fails or the user interrupts.
 */
import type { BenchGateway } from './ports.js';
import { FunctionFailedError, InterruptedError, UsageError } from '../errors.js';
import { emptyPlan, encodePayloads, executeUndo, normalisePayloads, TuneFailedError } from '../tune/index.js';
import type { AnalysisSettings } from '../analysis/index.js';
import type { Architecture, PriceRow, Report } from '../types.js';
import { BENCH_LOG_RETENTION_DAYS, benchLogGroupName, benchTags, newRunId } from './naming.js';
import { startBenchLiveness, type BenchLiveness } from './liveness.js';
import type { BenchLogGroups } from './ports.js';
import { packageWorkload, type WorkloadPackage } from './package.js';
import { planBench, type BenchPlan, type PlannedFunction } from './plan.js';
import { bundledWorkloadsDir, resolveWorkload, type Workload } from './workloads.js';

export interface BenchOptions {
  /** Bundled workload names or folder paths. */
  workloads: readonly string[];
  /** Execution role of the functions; a dry run creates none, so it needs none. */
  role?: string;
  architectures: readonly Architecture[];
  runtime: string;
  memorySizes: readonly number[];
  invocations: number;
  concurrency: number;
  timeoutSeconds: number;
  /** The event sent to every invocation; undefined sends `{}` so each handler uses its defaults. */
  payload?: unknown;
  region: string;
  /** How each function's measurements are judged and priced (as tune's). */
  analysis: AnalysisSettings;
  keep: boolean;
  yes: boolean;
  dryRun: boolean;
  budget?: number;
}

/** What the tune engine is asked to do for one bench function (always unattended: bench asked already). */
export interface MeasureRequest {
  functionName: string;
  functionArn: string;
  architecture: Architecture;
  options: BenchOptions;
  signal: AbortSignal;
}

export interface BenchDeps {
  gateway: BenchGateway;
  /** The bench functions' log groups: created before the first invocation, deleted with the function. */
  logGroups: BenchLogGroups;
  /** Measures one function exactly as `tune` does, restoring it afterwards, and returns its Report. */
  measure: (request: MeasureRequest) => Promise<Report>;
  /** Prices used for the plan's cost bound. */
  price: (architecture: Architecture) => PriceRow;
  /** Asks the user; undefined when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
  /** One line of progress for stderr. */
  progress?: (line: string) => void;
  /** What the user must know even under --quiet (what was kept or left behind). */
  warn?: (line: string) => void;
  /** Shown the plan before anything is created (and before the question). */
  onPlan?: (plan: BenchPlan) => void | Promise<void>;
  signal: AbortSignal;
  workloadsDir?: string;
  runId?: string;
  now?: () => number;
}

export interface BenchMeasurement {
  workload: string;
  architecture: Architecture;
  functionName: string;
  report: Report;
}

export interface BenchResult {
  plan: BenchPlan;
  dryRun: boolean;
  measurements: BenchMeasurement[];
  /** Functions whose every memory size failed (the others were still measured). */
  failures: Array<{ workload: string; architecture: Architecture; message: string }>;
  /** Functions and log groups left in the account on purpose (--keep). */
  kept: string[];
  /** What could not be deleted (functions and log groups). */
  leftovers: Array<{ name: string; message: string }>;
}

export async function runBench(options: BenchOptions, deps: BenchDeps): Promise<BenchResult> {
  if (!options.dryRun && options.role === undefined) {
    throw new UsageError(
      'bench needs --role: the execution role of the functions it creates',
      'pass --role arn:aws:iam::<account>:role/<name> (a role Lambda can assume) or set LAMBDA_RIGHTSIZE_BENCH_ROLE; --dry-run needs none',
    );
  }
  const runId = deps.runId ?? newRunId();
  const progress = deps.progress ?? (() => undefined);
  const root = deps.workloadsDir ?? bundledWorkloadsDir();
  const workloads: Workload[] = [];
  for (const arg of options.workloads) workloads.push(await resolveWorkload(arg, root));
  const duplicate = workloads.find((w, i) => workloads.findIndex((o) => o.name === w.name) !== i);
  if (duplicate) throw new UsageError(`workload ${duplicate.name} is given twice`, 'name each workload once');
  // Check the payload and package before anything is created, so mistakes leave nothing to clean up.
  encodePayloads(normalisePayloads(options.payload));
  const packages = new Map<string, WorkloadPackage>();
  for (const w of workloads) packages.set(w.name, await packageWorkload(w.dir));

  const plan = planBench({
    ...options,
    maxDurationMs: options.analysis.strategy.maxDurationMs,
    runId,
    workloads: workloads.map((w) => w.name),
    price: deps.price,
  });
  const result: BenchResult = { plan, dryRun: options.dryRun, measurements: [], failures: [], kept: [], leftovers: [] };
  await deps.onPlan?.(plan);
  if (options.dryRun) return result;
  await approve(plan, options, deps);

  const pending = new Set<string>();
  const warn = deps.warn ?? progress;
  const liveness = startBenchLiveness(deps.gateway, pending, deps.now ?? Date.now, warn);
  try {
    for (const fn of plan.functions) {
      throwIfAborted(deps.signal);
      const measurement = await benchOne(runId, fn, packages.get(fn.workload)!, options, deps, { pending, liveness }, progress).catch((error: unknown) => {
        if (error instanceof FunctionFailedError) {
          result.failures.push({ workload: fn.workload, architecture: fn.architecture, message: error.message });
          progress(`${fn.workload} on ${fn.architecture}: every memory size failed (${error.message})`);
          // The tune engine still hands over its report: the table shows what failed where.
          return error instanceof TuneFailedError ? measurementOf(fn, error.report, options.region) : undefined;
        }
        throw deps.signal.aborted ? new InterruptedError() : error;
      });
      if (measurement) result.measurements.push(measurement);
      if (!options.keep) await deleteCreated(fn.name, deps, pending, result, progress);
    }
  } finally {
    // Said here, not by the caller: a failed or interrupted run must say what it kept, too.
    if (options.keep) {
      for (const name of pending) {
        result.kept.push(name, benchLogGroupName(name));
        warn(`kept ${name} and its log group ${benchLogGroupName(name)} (--keep): delete them with \`lambda-rightsize cleanup\``);
      }
    } else {
      for (const name of [...pending]) await deleteCreated(name, deps, pending, result, progress);
    }
    await liveness.close([...pending]);
  }
  return result;
}

async function approve(plan: BenchPlan, options: BenchOptions, deps: BenchDeps): Promise<void> {
  if (options.budget !== undefined && plan.costBoundUSD > options.budget) {
    throw new UsageError(
      `this bench could cost up to $${plan.costBoundUSD.toFixed(4)}, above --budget $${options.budget}`,
      'lower --timeout, --invocations or --memory, or raise --budget',
    );
  }
  if (options.yes) return;
  if (!deps.confirm) {
    throw new UsageError('bench creates Lambda functions in your account and needs confirmation', 'run it on a terminal, or pass --yes');
  }
  const question = `Create ${plan.functions.length} function(s) in ${plan.region}, measure them and delete them?`;
  const yes = await deps.confirm(question);
  // Ctrl-C at the question ends the prompt as a "no": report it as the interrupt it was.
  throwIfAborted(deps.signal);
  if (!yes) throw new UsageError('cancelled: nothing was created', 'pass --yes to skip the question');
}

async function benchOne(
  runId: string,
  fn: PlannedFunction,
  pkg: WorkloadPackage,
  options: BenchOptions,
  deps: BenchDeps,
  { pending, liveness }: { pending: Set<string>; liveness: BenchLiveness },
  progress: (line: string) => void,
): Promise<BenchMeasurement> {
  progress(`${fn.name}: creating (${options.runtime}, ${fn.architecture}, ${pkg.zip.length} bytes)`);
  // Remember the name before asking: if the answer is lost, the function may still exist.
  pending.add(fn.name);
  const created = await deps.gateway.createFunction(
    {
      name: fn.name,
      // Checked at the start of runBench: only a dry run has none, and it creates nothing.
      role: options.role!,
      runtime: options.runtime,
      architecture: fn.architecture,
      // A search probes 1024 MB first: created there, that size needs no update.
      memoryMB: options.memorySizes[0] ?? 1024,
      timeoutSeconds: options.timeoutSeconds,
      zip: pkg.zip,
      tags: { ...benchTags(fn.workload, runId), ...liveness.tag() },
      description: `lambda-rightsize bench ${fn.workload}; deleted after the run, or by \`lambda-rightsize cleanup\``,
    },
    deps.signal,
  );
  liveness.created(fn.name, created.arn);
  if (created.roleRetries > 0) progress(`${fn.name}: the role became usable after ${created.roleRetries} retries`);
  await createLogGroup(fn, runId, deps, progress);
  throwIfAborted(deps.signal);
  await deps.gateway.waitUntilActive(fn.name, deps.signal);
  throwIfAborted(deps.signal);
  progress(
    options.memorySizes.length > 0
      ? `${fn.name}: measuring ${options.memorySizes.length} sizes × ${options.invocations} invocations`
      : `${fn.name}: searching the memory range`,
  );
  const report = await deps.measure({ functionName: fn.name, functionArn: created.arn, architecture: fn.architecture, options, signal: deps.signal });
  return measurementOf(fn, report, options.region);
}

/**
 * The log group Lambda would create on the first invocation, created by us first: tagged, so
 * `cleanup` knows it, and expiring after a day should deleting it fail. Not fatal when refused —
 * Lambda then creates it, and bench still deletes it at the end.
 */
async function createLogGroup(fn: PlannedFunction, runId: string, deps: BenchDeps, progress: (line: string) => void): Promise<void> {
  const group = benchLogGroupName(fn.name);
  try {
    await deps.logGroups.create(group, benchTags(fn.workload, runId), BENCH_LOG_RETENTION_DAYS);
  } catch (error) {
    progress(`${group}: could not create it up front (${(error as Error).message}); Lambda creates it, bench still deletes it`);
  }
}

function measurementOf(fn: PlannedFunction, report: Report, region: string): BenchMeasurement {
  return { workload: fn.workload, architecture: fn.architecture, functionName: fn.name, report: asBenchReport(report, fn, region) };
}

/**
 * The tune engine reports on "the function"; a bench function is a throwaway, so the report names
 * the workload, and the size it was created with is no baseline to compare savings against.
 */
export function asBenchReport(report: Report, fn: PlannedFunction, region: string): Report {
  const recommendation = report.recommendation ? { memoryMB: report.recommendation.memoryMB, reason: report.recommendation.reason } : null;
  return {
    ...report,
    source: 'bench',
    function: { name: fn.workload, ...(report.function.arn ? { arn: report.function.arn } : {}), region, architecture: fn.architecture },
    recommendation,
  };
}

/** The function, then its log group: undone as every run's changes are (tune's executeUndo). */
async function deleteCreated(name: string, deps: BenchDeps, pending: Set<string>, result: BenchResult, progress: (line: string) => void): Promise<void> {
  if (!pending.has(name)) return;
  pending.delete(name);
  const plan = { ...emptyPlan('', 'bench'), functions: [{ name, logGroup: benchLogGroupName(name), runId: '' }] };
  const temporary = { deleteFunction: (fn: string) => deps.gateway.deleteFunction(fn), deleteLogGroup: (group: string) => deps.logGroups.delete(group) };
  const outcome = await executeUndo(plan, { temporary });
  for (const line of outcome.done) progress(line);
  for (const failed of outcome.failed) {
    result.leftovers.push({ name: failed.name, message: failed.message });
    progress(`${failed.name}: could not delete it (${failed.message}) — run \`lambda-rightsize cleanup\``);
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError();
}
