/**
 * `tune --copy`: measure temporary copies instead of the function. Per architecture, one after the
 * other: create the copy's log group and the copy, measure the copy exactly as `tune` measures a
 * function (runTune), and delete both through the one undo executor — at the end, after a failure
 * and after an interrupt. The function itself is only read; `--apply-to` is its one possible write.
 */
import { createHash } from 'node:crypto';
import { combineArchitectures, type ArchitectureRun } from '../analysis/index.js';
import { AwsError, InterruptedError, UsageError } from '../errors.js';
import type { Architecture, Report } from '../types.js';
import { checkCopyBudget, COPY_LOG_RETENTION_DAYS, COPY_TAG, encodeCopyTag, type CopyPlan, type PlannedCopy } from './copy-plan.js';
import type { CopyCode, CopyGateway, CopySpec } from './copy-ports.js';
import { InterruptedRunError, RestoreIncompleteError, TuneFailedError } from './errors.js';
import { functionRef } from './function-ref.js';
import { isoSeconds } from './marks.js';
import type { TemporaryFunctions } from './ports.js';
import { runTune } from './run.js';
import type { TuneDeps, TuneOptions } from './types.js';
import { emptyPlan, executeUndo } from './undo.js';

export interface CopyDeps extends TuneDeps {
  copies: CopyGateway;
  /** Deletes copies and their log groups (refuses any name without the copy prefix). */
  temporary: TemporaryFunctions;
}

export interface CopyRunOptions {
  /** `--apply-to`: set the recommended memory on this function (the source's own name) at the end. */
  applyTo?: string;
}

/**
 * Measures each planned copy and returns one report (both architectures in one when there are two).
 *
 * @throws UsageError (budget, bad package), AwsError (AWS refused, e.g. iam:PassRole),
 *   TuneFailedError (every architecture failed; carries the report), RestoreIncompleteError (a copy
 *   could not be deleted; carries the report), InterruptedError (InterruptedRunError, carrying what
 *   was measured, when something was) — always after deleting the copies.
 */
export async function runCopyTune(options: TuneOptions, plan: CopyPlan, deps: CopyDeps, run: CopyRunOptions = {}): Promise<Report> {
  checkCopyBudget(plan);
  const now = deps.now ?? Date.now;
  const code = await fetchCode(plan, deps);
  const runs: ArchitectureRun[] = [];
  const leftovers: string[] = [];
  try {
    for (const copy of plan.copies) {
      if (deps.signal.aborted) break;
      const outcome = await measureCopy(copy, code, options, plan, deps, now);
      leftovers.push(...outcome.notes);
      if (outcome.run) runs.push(outcome.run);
      // An interrupt is said once, below, after the cleanup's notes.
      if (outcome.fatal !== undefined && !deps.signal.aborted) throw outcome.fatal;
    }
  } finally {
    if (code.kind === 's3')
      await deps.copies
        .deleteCode(code.bucket, code.key)
        .catch((error: unknown) => leftovers.push(`could not delete s3://${code.bucket}/${code.key}: ${(error as Error).message}`));
    for (const message of leftovers) deps.progress({ type: 'note', message, warning: true });
  }
  if (deps.signal.aborted) throw interrupted(plan, runs, leftovers);
  const report = asSourceReport(plan, runs);
  const final = { ...report, warnings: [...plan.warnings, ...report.warnings, ...leftovers] };
  if (leftovers.length > 0) throw new RestoreIncompleteError('a copy could not be deleted (see the warnings); run `lambda-rightsize cleanup`', final);
  if (runs.every((r) => r.failed !== undefined)) throw new TuneFailedError(`${plan.source.name} failed on every architecture measured`, final);
  if (run.applyTo !== undefined) return applyTo(run.applyTo, plan, final, deps);
  return final;
}

/** The package, once for all copies: downloaded and checked against CodeSha256 (or the image, as it is). */
async function fetchCode(plan: CopyPlan, deps: CopyDeps): Promise<CopyCode> {
  const source = plan.source;
  if (plan.code === 'image') return { kind: 'image', imageUri: source.imageUri ?? '' };
  if (plan.codeFile === undefined && source.codeLocation === undefined)
    throw new AwsError(`GetFunction gave no Code.Location for ${source.name}`, {
      hint: "allow lambda:GetFunction on the function (it returns the package's download address), or pass --code-file",
    });
  const bytes = plan.codeFile?.bytes ?? (await deps.copies.downloadCode(source.codeLocation!, deps.signal));
  const sha = createHash('sha256').update(bytes).digest('base64');
  if (sha !== source.codeSha256) {
    throw new AwsError(
      `the package ${plan.codeFile ? `in ${plan.codeFile.path}` : 'downloaded'} for ${source.name} does not match its CodeSha256 (${bytes.length} bytes, sha256 ${sha}, expected ${source.codeSha256})`,
      {
        hint: plan.codeFile
          ? 'give the package the function runs (the deployed zip); nothing was created'
          : 'it may have been deployed meanwhile: run again; nothing was created',
      },
    );
  }
  if (plan.code !== 'bucket' || plan.codeBucket === undefined) return { kind: 'zip', bytes };
  const key = `lambda-rightsize-copy/${plan.runId}/${source.name}.zip`;
  await deps.copies.uploadCode(plan.codeBucket, key, bytes);
  return { kind: 's3', bucket: plan.codeBucket, key };
}

interface CopyOutcome {
  run?: ArchitectureRun;
  fatal?: unknown;
  /** What could not be deleted. */
  notes: string[];
}

/** One architecture: create, measure, delete — the delete always, through the undo executor. */
async function measureCopy(copy: PlannedCopy, code: CopyCode, options: TuneOptions, plan: CopyPlan, deps: CopyDeps, now: () => number): Promise<CopyOutcome> {
  const undo = { ...emptyPlan('', 'this run'), functions: [{ name: copy.name, logGroup: copy.logGroup, runId: plan.runId, made: 'tune --copy' as const }] };
  const outcome: CopyOutcome = { notes: [] };
  const tags = { [COPY_TAG]: encodeCopyTag({ runId: plan.runId, of: plan.source.name, startedAt: isoSeconds(now()) }) };
  try {
    deps.progress({ type: 'note', message: `${copy.name}: creating the ${copy.architecture} copy of ${plan.source.name}` });
    await deps.copies.createLogGroup(copy.logGroup, tags, COPY_LOG_RETENTION_DAYS);
    await deps.copies.createCopy(copySpec(copy, code, plan, tags), deps.signal);
    await deps.copies.waitUntilActive(copy.name, deps.signal);
    const report = await runTune(
      { ...options, functionName: copy.name, apply: false, dryRun: false, confirm: undefined, budgetUSD: undefined },
      { ...deps, runId: plan.runId },
    );
    outcome.run = { architecture: copy.architecture, report };
  } catch (error) {
    // The code failing on one architecture (a native module) is that architecture's answer.
    if (error instanceof TuneFailedError && !deps.signal.aborted)
      outcome.run = { architecture: copy.architecture, report: error.report, failed: failedOn(copy.architecture, error) };
    // What runTune measured before an interrupt is kept, as plain tune keeps it.
    else if (error instanceof InterruptedRunError) outcome.run = { architecture: copy.architecture, report: error.report };
    else outcome.fatal = error;
  } finally {
    // Interrupted mid-invocation, the copy's last invocations still run (and log) after it is deleted.
    const lingerMs = deps.signal.aborted ? lingerAfter(outcome.run?.report) : 0;
    const deleted = await executeUndo(undo, { temporary: deps.temporary, now, lingerMs });
    for (const message of deleted.done) deps.progress({ type: 'note', message });
    outcome.notes.push(...deleted.notes);
  }
  return outcome;
}

/** Log delivery after an interrupt: the longest invocation measured + 1 s, at most LINGER_MAX_MS. */
export const LINGER_MAX_MS = 5000;
function lingerAfter(report: Report | undefined): number {
  const longest = Math.max(0, ...(report?.results ?? []).map((r) => r.durationMs?.max ?? 0));
  return Math.min(LINGER_MAX_MS, longest + 1000);
}

/** After an interrupt: what was measured (an architecture not reached is said), or nothing when nothing was. */
function interrupted(plan: CopyPlan, runs: readonly ArchitectureRun[], leftovers: readonly string[]): InterruptedError {
  const message = `interrupted: ${leftovers.length === 0 ? 'the copies were deleted' : 'see the notes above for what is left'}; ${plan.source.name} itself was never changed`;
  if (runs.length === 0) return new InterruptedError(message);
  const report = asSourceReport(plan, runs);
  const unmeasured = plan.copies
    .filter((copy) => !runs.some((run) => run.architecture === copy.architecture))
    .map((copy) => `interrupted: ${copy.architecture} was not measured`);
  return new InterruptedRunError(message, { ...report, warnings: [...plan.warnings, ...report.warnings, ...unmeasured, ...leftovers] });
}

/** "the code failed on arm64 at every size measured: Runtime.ImportModuleError: …" */
function failedOn(architecture: Architecture, error: TuneFailedError): string {
  const first = error.report.results.find((r) => r.firstError)?.firstError;
  return `the code failed on ${architecture} at every size measured${first ? `: ${first.type}${first.message ? `: ${first.message}` : ''}` : ` (${error.message})`}`;
}

function copySpec(copy: PlannedCopy, code: CopyCode, plan: CopyPlan, tags: Record<string, string>): CopySpec {
  return {
    name: copy.name,
    architecture: copy.architecture,
    source: plan.source,
    code,
    logGroup: copy.logGroup,
    tags,
    description: `lambda-rightsize copy of ${plan.source.name} (run ${plan.runId}); deleted after the run, or by \`lambda-rightsize cleanup\``,
  };
}

/** The copies' reports as one report about the function: its name, its memory and architecture today. */
function asSourceReport(plan: CopyPlan, runs: readonly ArchitectureRun[]): Report {
  const s = plan.source;
  const fn: Report['function'] = {
    name: s.qualifier !== undefined ? `${s.name}:${s.qualifier}` : s.name,
    arn: s.qualifier !== undefined ? `${s.arn}:${s.qualifier}` : s.arn,
    region: s.region,
    architecture: s.architecture,
    originalMemoryMB: s.memoryMB,
  };
  // The copies' `run` (their $LATEST's time away) says nothing about the function, which was only read.
  const named = runs.map((r) => {
    const { run: _run, ...report } = r.report;
    return { ...r, report: { ...report, function: fn } };
  });
  if (named.length === 1) {
    const only = named[0]!;
    const results = only.report.results.map((r) => ({ ...r, architecture: only.architecture }));
    const recommendation = only.report.recommendation ? { ...only.report.recommendation, architecture: only.architecture } : null;
    return { ...only.report, results, recommendation, warnings: only.failed !== undefined ? [only.failed, ...only.report.warnings] : only.report.warnings };
  }
  return combineArchitectures(named, { architecture: s.architecture, memoryMB: s.memoryMB });
}

/**
 * `--apply-to`: the recommended memory on the function itself — memory only, guarded by the RevisionId
 * just read, and only while $LATEST still has the code that was measured and the recommended
 * architecture (Lambda changes an architecture only together with the code).
 */
async function applyTo(target: string, plan: CopyPlan, report: Report, deps: CopyDeps): Promise<Report> {
  const rec = report.recommendation;
  const s = plan.source;
  const skip = (why: string): Report => ({ ...report, warnings: [...report.warnings, `--apply-to: nothing was applied: ${why}`] });
  if (!rec) return skip('there is no recommendation');
  const arch: Architecture = rec.architecture ?? s.architecture;
  const latest = await deps.lambda.waitUntilUpdated(target);
  if (latest.architecture !== arch)
    return skip(
      `the recommendation is for ${arch}, and ${latest.name} runs on ${latest.architecture} (changing it takes a deployment of code built for ${arch})`,
    );
  if (latest.codeSha256 !== s.codeSha256) return skip(`${latest.name}'s $LATEST has other code than the one measured`);
  if (latest.memoryMB === rec.memoryMB) return skip(`${latest.name} already has ${rec.memoryMB} MB`);
  await deps.lambda.setMemory(latest.name, rec.memoryMB, latest.revisionId);
  await deps.lambda.waitUntilUpdated(latest.name);
  return {
    ...report,
    warnings: [
      ...report.warnings,
      `applied: ${latest.name} now has ${rec.memoryMB} MB (it had ${latest.memoryMB} MB) on $LATEST; publish a version to roll it out to aliases`,
    ],
  };
}

/** `--apply-to` must name the function the copy was made of, unqualified (a version cannot be changed). */
export function checkApplyTarget(target: string, plan: CopyPlan): void {
  const { name, qualifier } = functionRef(target);
  if (name !== plan.source.name || qualifier !== undefined) {
    throw new UsageError(
      `--apply-to ${target} does not name the function the copy is made of (${plan.source.name})`,
      `pass --apply-to ${plan.source.name}, or leave it out to change nothing`,
    );
  }
}
