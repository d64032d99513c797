/** The end of a tune run: what the report says about the measurement, and which error it ends in. */
import { analyse } from '../analysis/report.js';
import { UsageError } from '../errors.js';
import type { SampleSet } from '../stats/index.js';
import type { Report } from '../types.js';
import { NoReportsError, PartialRunError, RestoreIncompleteError, TuneFailedError } from './errors.js';
import type { AdaptiveConcurrency } from './limiter.js';
import type { MeasureContext, MissingKind, SizeOutcome } from './measure.js';
import type { UndoOutcome } from './undo.js';
import type { TuneOptions, TunePlan } from './types.js';

/** Each size's first error (type and message) on its result (the table's notes show it). */
export function withOutcomes(report: Report, outcomes: ReadonlyMap<number, SizeOutcome>): Report {
  const warnings = [...report.warnings];
  const results = report.results.map((r) => {
    const outcome = outcomes.get(r.memoryMB);
    if (outcome?.allowed)
      warnings.push(`${r.memoryMB} MB: ${outcome.allowed} invocation(s) failed with an --allowed-errors type and were counted as successful`);
    return outcome?.firstError ? { ...r, firstError: outcome.firstError } : r;
  });
  return { ...report, results, warnings };
}

export function measurementWarnings(
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

export interface FinishContext {
  restored: UndoOutcome;
  outcomes: ReadonlyMap<number, SizeOutcome>;
  options: TuneOptions;
  /** Why the run stopped after its first invocations, when it did. */
  stoppedEarly?: string;
}

/**
 * The report with the restore's notes, or the error the run ends in (each carries the report, so
 * the CLI prints what was measured — JSON included — before the one-line error).
 */
export function finish(report: Report, { restored, outcomes, options, stoppedEarly }: FinishContext): Report {
  const extra = [...restored.notes];
  if (options.apply && report.recommendation === null)
    extra.push('--apply: nothing was applied, as there is no recommendation; the original memory was restored');
  const final = { ...report, warnings: [...report.warnings, ...extra] };
  const name = report.function.name;
  if (outcomes.size === 0 && report.run?.changedDuringRun === undefined) {
    throw new UsageError('Lambda refused every memory size, so nothing was measured', "drop the sizes above your account's memory limit from --memory");
  }
  // Not leaving the function as it was outranks every other outcome: it is what the user must act on.
  if (!restored.clean) throw new RestoreIncompleteError(`${name} was not left exactly as it was`, final);
  if (stoppedEarly !== undefined) {
    throw new TuneFailedError(
      `stopped early: ${stoppedEarly}`,
      final,
      'check --payload (the event the function expects); if this error is expected, pass --allowed-errors with its type',
    );
  }
  if (report.run?.changedDuringRun !== undefined) {
    throw new PartialRunError(`${name} was changed by someone else during the run (${report.run.changedDuringRun}): partial result`, final);
  }
  if (final.results.length === 0) {
    const { message, hint } = noReportsCause([...outcomes.values()], report);
    throw new NoReportsError(message, hint, final);
  }
  if (final.results.every((r) => r.errors > 0)) throw new TuneFailedError(`${name} failed at every memory size`, final);
  return final;
}

/** Why no invocation gave a REPORT line, by what most invocations ran into, with the matching fix. */
function noReportsCause(outcomes: readonly SizeOutcome[], report: Report): { message: string; hint: string } {
  const counts = new Map<MissingKind, number>();
  for (const o of outcomes) for (const [kind, n] of Object.entries(o.missingKinds)) counts.set(kind as MissingKind, (counts.get(kind as MissingKind) ?? 0) + n);
  const [kind] = [...counts].toSorted((a, b) => b[1] - a[1])[0] ?? ['other'];
  const base = 'no invocation produced a usable REPORT line';
  const name = report.function.name;
  switch (kind) {
    case 'no-log-group':
      return {
        message: `${base}: the REPORT was not in the 4 KB log tail, and ${name}'s log group does not exist`,
        hint: "check the function's LoggingConfig.LogGroup and that its role may write logs (logs:CreateLogStream, logs:PutLogEvents)",
      };
    case 'not-found':
      return {
        message: `${base}: the REPORT was not in the 4 KB log tail, and the lookup in CloudWatch Logs found nothing`,
        hint: 'logs can arrive minutes late: run again, or make the function log less per invocation so the REPORT stays in the tail',
      };
    case 'lookup-denied':
      return {
        message: `${base}: the REPORT was not in the 4 KB log tail, and CloudWatch Logs denied the lookup`,
        hint: "allow logs:FilterLogEvents on the function's log group",
      };
    case 'no-tail':
      return {
        message: `${base}: the REPORT was not in the 4 KB log tail`,
        hint: 'make the function log less per invocation, or allow the CloudWatch Logs lookup',
      };
    default:
      return { message: `${base}: see the warnings for the reasons per size`, hint: 'see the warnings above' };
  }
}

/** The analysis of what was measured (the same as `replay` of the records gives), with the search's account. */
export function buildReport(plan: TunePlan, options: TuneOptions, samples: SampleSet, warnings: readonly string[], search?: Report['search']): Report {
  const fn = plan.function;
  const report = analyse({
    source: 'tune',
    samples,
    functionInfo: { name: fn.name, arn: fn.arn, region: fn.region, architecture: fn.architecture, originalMemoryMB: fn.memoryMB },
    region: fn.region,
    architecture: fn.architecture,
    settings: options.analysis,
    warnings,
  });
  return search ? { ...report, search } : report;
}
