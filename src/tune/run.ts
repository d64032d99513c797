/**
 * `tune`: the safe tuning protocol (DESIGN.md). Per size, serially: set the memory, wait, publish a
 * version; its invocations overlap with preparing the next size. At the end, always: restore (or
 * apply), delete what this run created, and only then report, fail or exit as interrupted.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { MemoryRefusedError } from '../aws/lambda-errors.js';
import { analyse } from '../analysis/report.js';
import { AwsError, InterruptedError, UsageError } from '../errors.js';
import { SampleSet } from '../stats/index.js';
import type { Report } from '../types.js';
import { AdaptiveConcurrency } from './limiter.js';
import { measureSize, type MeasureContext, type SizeOutcome } from './measure.js';
import { encodePayloads, payloadSchedule } from './payloads.js';
import { checkBudget, costEstimate, planTune } from './plan.js';
import { initialState, prepareSize, type RunState } from './prepare.js';
import { newRunId } from './marks.js';
import { restoreAndCleanup, type FinalMemory } from './restore.js';
import { RestoreIncompleteError, TuneFailedError, type TuneDeps, type TuneOptions, type TunePlan } from './types.js';

const sleepDefault = (ms: number, signal?: AbortSignal): Promise<void> => sleepFor(ms, undefined, { signal });

/**
 * Measures the function at every planned size and returns the Report. Pass the `plan` the caller
 * already showed (from planTune) to reuse it; with `dryRun` nothing is changed or invoked.
 *
 * @throws UsageError (budget, cancelled, bad payload), AwsError (AWS refused; the function changed
 *   under us), TuneFailedError (every size had errors; carries the report), InterruptedError
 *   (signal aborted) — always after restoring and cleaning up.
 */
export async function runTune(options: TuneOptions, deps: TuneDeps, plan?: TunePlan): Promise<Report> {
  const payloads = encodePayloads(options.payloads);
  const thePlan = plan ?? (await planTune(options, deps));
  if (options.dryRun) return planOnlyReport(thePlan, options);
  checkBudget(thePlan);
  const confirmed = !options.confirm || (await options.confirm(thePlan));
  // An interrupt at the question is an interrupt (exit 130), not a "no".
  if (deps.signal.aborted) throw new InterruptedError('interrupted before anything was changed');
  if (!confirmed) throw new UsageError('cancelled: nothing was changed', 'pass --yes to skip the question');
  return execute(thePlan, options, deps, payloads);
}

async function execute(plan: TunePlan, options: TuneOptions, deps: TuneDeps, payloads: Uint8Array[]): Promise<Report> {
  const fn = plan.function;
  const state = initialState(fn, deps.runId ?? newRunId());
  const run = new AbortController();
  let fatal: unknown;
  const fail = (error: unknown): void => {
    fatal ??= error;
    run.abort();
  };
  const onAbort = (): void => run.abort();
  deps.signal.addEventListener('abort', onAbort, { once: true });
  if (deps.signal.aborted) run.abort();

  const samples = new SampleSet();
  const warnings = [...plan.warnings];
  const outcomes: SizeOutcome[] = [];
  const batches: Promise<void>[] = [];
  const limiter = new AdaptiveConcurrency(plan.concurrency);
  const ctx: MeasureContext = {
    lambda: deps.lambda,
    logs: deps.logs,
    functionName: fn.name,
    logFormat: fn.logFormat,
    logGroup: fn.logGroup,
    payloads,
    schedule: payloadSchedule(options.payloads, plan.invocations),
    limiter,
    signal: run.signal,
    sleep: deps.sleep ?? sleepDefault,
    now: deps.now ?? Date.now,
    random: deps.random ?? Math.random,
    onRecord: (record) => {
      samples.add(record);
      options.recordSink?.(record);
    },
    progress: deps.progress,
    throttles: { count: 0, reasons: new Set() },
    fail,
  };
  let estimated = false;
  const onSizeDone = (outcome: SizeOutcome): void => {
    outcomes.push(outcome);
    deps.progress({ type: 'size-done', memoryMB: outcome.memoryMB, measured: outcome.measured, errors: outcome.errors, missing: outcome.missing });
    if (!estimated && outcome.meanBilledMs !== undefined) {
      estimated = true;
      deps.progress({ type: 'estimate', costUSD: costEstimate(plan.sizes, plan.invocations, outcome.meanBilledMs, plan.price), boundUSD: plan.costBoundUSD });
    }
  };

  let report: Report | undefined;
  try {
    for (const [index, memoryMB] of plan.sizes.entries()) {
      if (run.signal.aborted) break;
      deps.progress({ type: 'preparing', memoryMB, index, total: plan.sizes.length });
      let target;
      try {
        target = await prepareSize(memoryMB, state, deps.lambda, { withAlias: options.aliases ?? false, signal: run.signal });
      } catch (error) {
        if (!(error instanceof MemoryRefusedError)) throw error;
        warnings.push(`${memoryMB} MB skipped: ${error.message} (${error.hint})`);
        deps.progress({ type: 'size-skipped', memoryMB, reason: error.message });
        continue;
      }
      if (!target) break;
      deps.progress({ type: 'size-started', memoryMB, qualifier: target.qualifier, created: state.createdVersions.includes(target.version) });
      batches.push(measureSize(target, ctx).then(onSizeDone, fail));
    }
    await Promise.all(batches);
    if (fatal === undefined && !deps.signal.aborted) {
      warnings.push(...measurementWarnings(outcomes, ctx.throttles, limiter, plan.concurrency));
      report = buildReport(plan, options, samples, warnings);
    }
  } catch (error) {
    fail(error);
  } finally {
    deps.signal.removeEventListener('abort', onAbort);
  }
  await Promise.allSettled(batches);

  const restored = await restoreAndCleanup(state, finalMemory(state, options, report), deps.lambda);
  for (const message of restored.info) deps.progress({ type: 'note', message });
  for (const message of restored.notes) deps.progress({ type: 'note', message, warning: true });
  if (deps.signal.aborted) {
    throw new InterruptedError(restored.clean ? 'interrupted: the function was restored and this run\'s versions deleted' : 'interrupted: see the notes above for what is left');
  }
  if (fatal !== undefined) throw fatal;
  return finish(report!, restored, outcomes, options);
}

function finalMemory(state: RunState, options: TuneOptions, report: Report | undefined): FinalMemory {
  const recommended = report?.recommendation?.memoryMB;
  if (options.apply && recommended !== undefined) return { memoryMB: recommended, purpose: 'apply' };
  return { memoryMB: state.originalMemoryMB, purpose: 'restore' };
}

function finish(report: Report, restored: { clean: boolean; notes: readonly string[] }, outcomes: readonly SizeOutcome[], options: TuneOptions): Report {
  const extra = [...restored.notes];
  if (options.apply && report.recommendation === null) extra.push('--apply: nothing was applied, as there is no recommendation; the original memory was restored');
  const final = { ...report, warnings: [...report.warnings, ...extra] };
  if (outcomes.length === 0) {
    throw new UsageError('Lambda refused every memory size, so nothing was measured', 'drop the sizes above your account\'s memory limit from --memory');
  }
  if (final.results.length === 0) {
    throw new AwsError('no invocation produced a usable REPORT line', {
      hint: 'allow logs:FilterLogEvents on the function\'s log group, or make the function log less per invocation',
    });
  }
  if (final.results.every((r) => r.errors > 0)) {
    throw new TuneFailedError(`${report.function.name} failed at every memory size`, final);
  }
  if (!restored.clean) throw new RestoreIncompleteError(`${report.function.name} was not left exactly as it was`, final);
  return final;
}

function buildReport(plan: TunePlan, options: TuneOptions, samples: SampleSet, warnings: readonly string[]): Report {
  const fn = plan.function;
  return analyse({
    source: 'tune',
    samples,
    functionInfo: { name: fn.name, arn: fn.arn, region: fn.region, architecture: fn.architecture, originalMemoryMB: fn.memoryMB },
    pricing: { region: fn.region, architecture: fn.architecture, ...options.priceOverrides, per: options.per },
    strategy: { name: options.strategy, weight: options.weight, maxDurationMs: options.maxDurationMs },
    discard: options.discard,
    warnings,
  });
}

function measurementWarnings(
  outcomes: readonly SizeOutcome[],
  throttles: MeasureContext['throttles'],
  limiter: AdaptiveConcurrency,
  startConcurrency: number,
): string[] {
  const warnings = outcomes
    .filter((o) => o.missing > 0)
    .toSorted((a, b) => a.memoryMB - b.memoryMB)
    .map((o) => `${o.memoryMB} MB: ${o.missing} of ${o.missing + o.measured} invocations left out, e.g. ${o.missingReasons[0] ?? 'no REPORT line'}`);
  if (throttles.count > 0) {
    const reasons = throttles.reasons.size > 0 ? ` (${[...throttles.reasons].join(', ')})` : '';
    const lowered = limiter.lowest < startConcurrency ? `; concurrency lowered from ${startConcurrency} to as low as ${limiter.lowest}` : '';
    warnings.push(`Lambda throttled ${throttles.count} invocation(s)${reasons}, retried after a backoff${lowered}`);
  }
  return warnings;
}

/** The dry run's answer: the plan, no measurement. */
function planOnlyReport(plan: TunePlan, options: TuneOptions): Report {
  const fn = plan.function;
  const strategy: Report['strategy'] = { name: options.strategy };
  if (options.strategy === 'balanced') strategy.weight = options.weight;
  if (options.maxDurationMs !== undefined) strategy.maxDurationMs = options.maxDurationMs;
  return {
    schemaVersion: 1,
    source: 'tune',
    function: { name: fn.name, arn: fn.arn, region: fn.region, architecture: fn.architecture, originalMemoryMB: fn.memoryMB },
    pricing: { ...plan.price, per: options.per },
    strategy,
    discard: options.discard,
    results: [],
    recommendation: null,
    warnings: [...plan.warnings, 'dry run: nothing was changed or invoked'],
  };
}
