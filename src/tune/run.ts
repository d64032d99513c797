/**
 * `tune`: the safe tuning protocol (DESIGN.md), in rounds. A sizing driver says which sizes to
 * measure next; the engine publishes a version for each new size (serially, $LATEST away from its
 * memory only meanwhile), puts $LATEST back at once, and invokes the versions while it goes on. At
 * the end, always: restore (or apply), delete what this run created, remove the run marker, and only
 * then report, fail or exit as interrupted.
 */
import { AwsError, InterruptedError, UsageError } from '../errors.js';
import { sleepShared } from '../shared-abort.js';
import { SampleSet } from '../stats/index.js';
import type { InvocationRecord, Report } from '../types.js';
import { GridDriver, type SizeRequest } from './driver.js';
import { FirstFailures } from './early-stop.js';
import { ConcurrentChangeError, InterruptedRunError, MemoryRefusedError } from './errors.js';
import { buildReport, finish, measurementWarnings, withOutcomes } from './finish.js';
import { AdaptiveConcurrency } from './limiter.js';
import { newRunId } from './marks.js';
import { emptyOutcome, measureSize, type MeasureContext, type SizeOutcome } from './measure.js';
import { encodePayloads, payloadSchedule } from './payloads.js';
import { checkBudget, costEstimate, planTune } from './plan.js';
import { startHeartbeat, writeMarker } from './marker.js';
import { initialState, prepareSize, returnLatest, type RunState } from './prepare.js';
import { executeUndo, undoPlanOfRun, type FinalMemory } from './undo.js';
import type { FunctionConfiguration } from './ports.js';
import type { TuneDeps, TuneOptions, TunePlan } from './types.js';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Measures the function as the driver asks and returns the Report. Pass the `plan` the caller
 * already showed (from planTune) to reuse it. A dry run is planTune alone.
 *
 * @throws UsageError (budget, cancelled, bad payload), AwsError (AWS refused), NoReportsError (no
 *   usable REPORT line), TuneFailedError (every size had errors, or the first ones all failed the
 *   same way; carries the report), PartialRunError (someone changed the function mid-run; carries
 *   the report), InterruptedError (signal aborted) — always after restoring and cleaning up.
 */
export async function runTune(options: TuneOptions, deps: TuneDeps, plan?: TunePlan): Promise<Report> {
  const payloads = encodePayloads(options.payloads);
  const thePlan = plan ?? (await planTune(options, deps));
  checkBudget(thePlan);
  const confirmed = !options.confirm || (await options.confirm(thePlan));
  // An interrupt at the question is an interrupt (exit 130), not a "no".
  if (deps.signal.aborted) throw new InterruptedError('interrupted before anything was changed');
  if (!confirmed) throw new UsageError('cancelled: nothing was changed', 'pass --yes to skip the question');
  const fn = await undoKilledRun(thePlan, deps);
  return execute({ ...thePlan, function: fn }, options, deps, payloads);
}

/** A killed earlier run is undone first; the function is then read again, as it really is. */
async function undoKilledRun(plan: TunePlan, deps: TuneDeps): Promise<FunctionConfiguration> {
  if (!plan.recovery) return plan.function;
  const outcome = await executeUndo(plan.recovery.undo, { lambda: deps.lambda });
  for (const message of outcome.done) deps.progress({ type: 'note', message });
  for (const message of outcome.notes) deps.progress({ type: 'note', message, warning: true });
  if (!outcome.clean) {
    // Tuning now would take the killed run's size for the original and overwrite its marker.
    throw new AwsError(`could not undo the killed run ${plan.recovery.marker.runId} on ${plan.function.name}, so nothing was started`, {
      hint: `fix the cause above, then run \`lambda-rightsize cleanup --function ${plan.function.name}\``,
    });
  }
  if (deps.signal.aborted) throw new InterruptedError('interrupted after undoing the killed run; nothing of this run was started');
  const fn = await deps.lambda.waitUntilUpdated(plan.function.name, deps.signal).catch((error: unknown) => {
    if (deps.signal.aborted) throw new InterruptedError('interrupted after undoing the killed run; nothing of this run was started');
    throw error;
  });
  return plan.function.reservedConcurrency === undefined ? fn : { ...fn, reservedConcurrency: plan.function.reservedConcurrency };
}

interface Engine {
  plan: TunePlan;
  options: TuneOptions;
  deps: TuneDeps;
  state: RunState;
  ctx: MeasureContext;
  outcomes: Map<number, SizeOutcome>;
  refused: Set<number>;
  warnings: string[];
  now: () => number;
  /** Sizes prepared so far (for progress). */
  prepared: number;
  /** The cost estimate was shown (after the first measured size). */
  estimated: boolean;
}

async function execute(plan: TunePlan, options: TuneOptions, deps: TuneDeps, payloads: Uint8Array[]): Promise<Report> {
  const fn = plan.function;
  const now = deps.now ?? Date.now;
  const run = new AbortController();
  let fatal: unknown;
  let stoppedEarly: string | undefined;
  const fail = (error: unknown): void => {
    fatal ??= error;
    run.abort();
  };
  const onAbort = (): void => run.abort();
  deps.signal.addEventListener('abort', onAbort, { once: true });
  if (deps.signal.aborted) run.abort();

  const samples = new SampleSet();
  const observed = new Map<number, InvocationRecord[]>();
  const firstFailures = new FirstFailures();
  const engine: Engine = {
    plan,
    options,
    deps,
    state: initialState(fn, deps.runId ?? newRunId(), now()),
    outcomes: new Map(),
    refused: new Set(),
    warnings: [...plan.warnings],
    now,
    prepared: 0,
    estimated: false,
    ctx: {
      lambda: deps.lambda,
      logs: deps.logs,
      functionName: fn.name,
      logFormat: fn.logFormat,
      logGroup: fn.logGroup,
      payloads,
      limiter: new AdaptiveConcurrency(plan.concurrency),
      signal: run.signal,
      // Up to --concurrency invocations back off at once: one listener on the run's signal for all.
      sleep: deps.sleep ?? sleepShared,
      now,
      random: deps.random ?? Math.random,
      allowedErrors: new Set(options.allowedErrors ?? []),
      onRecord: (record, errorMessage) => {
        samples.add(record);
        const list = observed.get(record.memoryMB) ?? [];
        list.push(record);
        observed.set(record.memoryMB, list);
        options.recordSink?.(record);
        const stop = firstFailures.observe(record, errorMessage);
        if (stop !== undefined && stoppedEarly === undefined) {
          stoppedEarly = stop;
          run.abort();
        }
      },
      progress: deps.progress,
      throttles: { count: 0, reasons: new Set() },
      fail,
    },
  };

  const driver = options.driver ?? plan.search?.driver ?? new GridDriver(plan.sizes, plan.invocations);
  const heartbeat = startHeartbeat(engine.state, deps.lambda, now, (message) => deps.progress({ type: 'note', message, warning: true }));
  let report: Report | undefined;
  let search: Report['search'];
  try {
    for (;;) {
      if (run.signal.aborted) break;
      const step = driver.next(observed);
      if (step.kind === 'done') {
        if (step.note && plan.search) deps.progress({ type: 'note', message: `search: ${step.note}` });
        search = step.search;
        engine.warnings.push(...(step.warnings ?? []));
        break;
      }
      // Someone changed the function: the sizes still asked for are left unmeasured (a partial report).
      if (engine.state.foreignChange !== undefined) break;
      if (step.note) deps.progress({ type: 'note', message: step.note });
      await runRound(engine, step.sizes, firstFailures);
    }
    if (fatal === undefined && !deps.signal.aborted) {
      engine.warnings.push(...measurementWarnings([...engine.outcomes.values()], engine.ctx.throttles, engine.ctx.limiter, plan.concurrency));
      report = withOutcomes(buildReport(plan, options, samples, engine.warnings, search), engine.outcomes);
    }
  } catch (error) {
    fail(error);
  } finally {
    deps.signal.removeEventListener('abort', onAbort);
  }

  const state = engine.state;
  // The heartbeat goes on through the restore (which can take minutes): the marker is closed, and
  // the heartbeat with it, only as the marker is removed.
  const restored = await executeUndo(undoPlanOfRun(state, finalMemory(state, options, report, stoppedEarly)), { lambda: deps.lambda, now });
  await heartbeat.stop();
  for (const message of restored.done) deps.progress({ type: 'note', message });
  for (const message of restored.notes) deps.progress({ type: 'note', message, warning: true });
  const summary = (partial: boolean): NonNullable<Report['run']> => ({
    latestAwayMs: Math.round(state.awayMs),
    memoryUpdates: state.memoryUpdates,
    partial: partial || stoppedEarly !== undefined || state.foreignChange !== undefined,
    ...(state.foreignChange !== undefined ? { changedDuringRun: state.foreignChange } : {}),
  });
  if (deps.signal.aborted) {
    const message = restored.clean
      ? "interrupted: the function was restored and this run's versions deleted"
      : 'interrupted: see the notes above for what is left';
    if (samples.size === 0) throw new InterruptedError(message);
    // What was measured before the interrupt is kept (built only now: an interrupted run never applies).
    const warnings = [...engine.warnings, 'interrupted: the results hold only what was measured before the interrupt', ...restored.notes];
    const partial = withOutcomes(buildReport(plan, options, samples, warnings), engine.outcomes);
    throw new InterruptedRunError(message, { ...partial, run: summary(true) });
  }
  if (fatal !== undefined) throw fatal;
  return finish({ ...report!, run: summary(false) }, { restored, outcomes: engine.outcomes, options, stoppedEarly });
}

/** One round: publish the sizes not yet published, put $LATEST back, invoke every size of the step. */
async function runRound(engine: Engine, sizes: readonly SizeRequest[], firstFailures: FirstFailures): Promise<void> {
  const { state, ctx, deps, options } = engine;
  const batches: Promise<void>[] = [];
  const measure = ({ memoryMB, invocations, concurrency }: SizeRequest): void => {
    const target = state.targets.get(memoryMB)!;
    const outcome = engine.outcomes.get(memoryMB) ?? emptyOutcome(memoryMB);
    engine.outcomes.set(memoryMB, outcome);
    firstFailures.watch(memoryMB, invocations);
    const batch = measureSize(target, payloadSchedule(options.payloads, invocations), outcome, ctx, concurrency).then(
      (done) => onSizeDone(engine, done),
      ctx.fail,
    );
    batches.push(batch);
  };
  const original = state.originalMemoryMB;
  const fresh = sizes
    .filter((s) => !state.targets.has(s.memoryMB) && !engine.refused.has(s.memoryMB))
    // The original size first: it is published without touching $LATEST at all.
    .toSorted((a, b) => Number(b.memoryMB === original) - Number(a.memoryMB === original));
  for (const s of sizes) if (state.targets.has(s.memoryMB)) measure(s);
  try {
    if (fresh.length > 0) {
      await writeMarker(
        state,
        deps.lambda,
        fresh.map((s) => s.memoryMB).filter((mb) => mb !== original),
        engine.now(),
      );
      try {
        for (const [i, s] of fresh.entries()) {
          if (ctx.signal.aborted) break;
          if (state.foreignChange !== undefined) {
            // Someone else changed the function: publish nothing more, keep measuring what is published.
            break;
          }
          const unchanged = s.memoryMB === original && state.awayAt === undefined;
          deps.progress({ type: 'preparing', memoryMB: s.memoryMB, index: engine.prepared, total: engine.prepared + fresh.length - i, unchanged });
          let target;
          try {
            target = await prepareSize(s.memoryMB, state, deps.lambda, { withAlias: options.aliases ?? false, signal: ctx.signal, now: engine.now });
          } catch (error) {
            if (!(error instanceof MemoryRefusedError)) throw error;
            engine.refused.add(s.memoryMB);
            engine.warnings.push(`${s.memoryMB} MB skipped: ${error.message} (${error.hint})`);
            deps.progress({ type: 'size-skipped', memoryMB: s.memoryMB, reason: error.message });
            continue;
          }
          if (!target) break;
          engine.prepared += 1;
          deps.progress({ type: 'size-started', memoryMB: s.memoryMB, qualifier: target.qualifier, created: state.createdVersions.includes(target.version) });
          measure(s);
        }
      } catch (error) {
        // Someone else changed the function: publish nothing more, keep measuring what is published.
        if (!(error instanceof ConcurrentChangeError)) throw error;
        state.foreignChange ??= 'its configuration changed';
      } finally {
        // Right after the round's last version: $LATEST goes back while the invocations go on. A
        // failure here is retried (and reported) by the final restore.
        const away = state.awayAt !== undefined;
        await returnLatest(state, deps.lambda, original, engine.now).then(
          (note) => {
            if (note) {
              engine.warnings.push(note);
              deps.progress({ type: 'note', message: note, warning: true });
            } else if (away && state.awayAt === undefined) {
              // After an interrupt or a failure the invocations stop, too: then nothing goes on.
              const onwards = ctx.signal.aborted ? '' : '; invocations go on against the versions';
              deps.progress({
                type: 'note',
                message: `restored ${state.functionName} to ${original} MB ($LATEST away ${seconds(state.awayMs)} so far)${onwards}`,
              });
            }
          },
          () => undefined,
        );
      }
    }
  } catch (error) {
    // The invocations already started must answer before the cleanup deletes their versions.
    ctx.fail(error);
    await Promise.allSettled(batches);
    throw error;
  }
  await Promise.all(batches);
}

function onSizeDone(engine: Engine, outcome: SizeOutcome): void {
  engine.deps.progress({ type: 'size-done', memoryMB: outcome.memoryMB, measured: outcome.measured, errors: outcome.errors, missing: outcome.missing });
  // (A search's sizes are not known up front: no estimate beyond the bound.)
  if (!engine.estimated && outcome.measured > 0 && engine.plan.sizes.length > 0) {
    engine.estimated = true;
    const { plan } = engine;
    engine.deps.progress({
      type: 'estimate',
      costUSD: costEstimate(plan.sizes, plan.invocations, outcome.billedSumMs / outcome.measured, plan.price),
      boundUSD: plan.costBoundUSD,
    });
  }
}

function finalMemory(state: RunState, options: TuneOptions, report: Report | undefined, stoppedEarly: string | undefined): FinalMemory {
  const recommended = report?.recommendation?.memoryMB;
  if (options.apply && recommended !== undefined && stoppedEarly === undefined && state.foreignChange === undefined)
    return { memoryMB: recommended, purpose: 'apply' };
  return { memoryMB: state.originalMemoryMB, purpose: 'restore' };
}
