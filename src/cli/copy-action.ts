/** `tune --copy`: plan the copies, ask, measure them, print one report. The function is only read. */
import type { AwsSettings } from '../aws/config.js';
import { createCopyCleanup, createCopyGateway } from '../aws/copy-gateway.js';
import { createReportLookup } from '../aws/report-lookup.js';
import { terminalConfirm } from './confirm.js';
import { InterruptedError, UsageError } from '../errors.js';
import { createSearch } from '../search/index.js';
import {
  carriedReport,
  checkApplyTarget,
  checkCopyBudget,
  planCopy,
  renderCopyPlan,
  runCopyTune,
  type CopyOptions,
  type CopyPlan,
  type LambdaGateway,
  type TuneOptions,
} from '../tune/index.js';
import type { Report } from '../types.js';
import { note, write, type CliContext } from './context.js';
import { tuneProgress } from './progress.js';

export interface CopyCliDeps {
  settings: AwsSettings;
  lambda: LambdaGateway;
  ctx: CliContext;
  recorder?: { close(): Promise<void> };
  print: (report: Report) => Promise<void>;
  yes: boolean;
  quiet: boolean;
  json: boolean;
}

export async function copyAction(tuneOptions: TuneOptions, copy: CopyOptions & { applyTo?: string }, deps: CopyCliDeps): Promise<void> {
  const { ctx } = deps;
  const copies = createCopyGateway(deps.settings);
  const plan = await planCopy(tuneOptions, copy, { copies, signal: ctx.signal, search: createSearch }).catch((error: unknown) => {
    if (ctx.signal.aborted) throw new InterruptedError('interrupted before anything was created');
    throw error;
  });
  if (copy.applyTo !== undefined) checkApplyTarget(copy.applyTo, plan);
  if (tuneOptions.dryRun) {
    await write(ctx.stdout, deps.json ? planJson(plan) : renderCopyPlan(plan));
    checkCopyBudget(plan);
    return;
  }
  const ask = deps.yes ? undefined : terminalConfirm(ctx, ctx.signal);
  if (!deps.quiet || !deps.yes) note(ctx, renderCopyPlan(plan));
  if (!deps.yes && !ask) throw new UsageError('tune --copy creates functions and invokes them, and needs confirmation', 'run it on a terminal, or pass --yes');
  checkCopyBudget(plan);
  if (ask) {
    const yes = await ask(
      `Create ${plan.copies.length === 1 ? 'the copy' : `the ${plan.copies.length} copies`} and invoke ${plan.copies.length === 1 ? 'it' : 'them'} as planned?`,
    );
    if (ctx.signal.aborted) throw new InterruptedError('interrupted before anything was created');
    if (!yes) throw new UsageError('cancelled: nothing was created', 'pass --yes to skip the question');
  }
  const progress = tuneProgress(ctx.stderr, { quiet: deps.quiet });
  let report: Report;
  try {
    report = await runCopyTune(
      { ...tuneOptions, confirm: undefined },
      plan,
      {
        lambda: deps.lambda,
        logs: createReportLookup(deps.settings),
        search: createSearch,
        progress: progress.onEvent,
        signal: ctx.signal,
        copies,
        temporary: createCopyCleanup(deps.settings),
      },
      copy.applyTo !== undefined ? { applyTo: copy.applyTo } : {},
    );
  } catch (error) {
    progress.end();
    const measured = carriedReport(error);
    // A reader that is gone (a hang-up, `| head`) must not turn the run's own outcome into another.
    if (measured) await deps.print(measured).catch(() => undefined);
    await deps.recorder?.close().catch(() => undefined);
    throw error;
  }
  progress.end();
  await deps.recorder?.close();
  await deps.print(report);
}

/** `--dry-run -o json` with --copy: the plan for scripts (schemaVersion 1, `dryRun: true`, no results). */
function planJson(plan: CopyPlan): string {
  const s = plan.source;
  const json = {
    schemaVersion: 1,
    source: 'tune',
    dryRun: true,
    function: {
      name: s.name,
      arn: s.arn,
      ...(s.qualifier !== undefined ? { qualifier: s.qualifier, version: s.version } : {}),
      region: s.region,
      architecture: s.architecture,
      originalMemoryMB: s.memoryMB,
      timeoutS: s.timeoutS,
    },
    copy: {
      runId: plan.runId,
      code: plan.code,
      copies: plan.copies.map((c) => ({ name: c.name, architecture: c.architecture, logGroup: c.logGroup, pricing: c.price, costBoundUSD: c.costBoundUSD })),
    },
    plan: { memorySizes: plan.sizes, invocations: plan.invocations, concurrency: plan.concurrency, costBoundUSD: plan.costBoundUSD, budgetUSD: plan.budgetUSD },
    warnings: plan.warnings,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
