import { createWriteStream, type WriteStream } from 'node:fs';
import { regionOfArn } from '../aws/config.js';
import { createLambdaGateway } from '../aws/lambda-gateway.js';
import { createReportLookup } from '../aws/report-lookup.js';
import { terminalConfirm } from './confirm.js';
import { InterruptedError, UsageError } from '../errors.js';
import { createSearch } from '../search/index.js';
import { renderRecord, renderReport, wrapLines } from '../render/index.js';
import {
  carriedReport,
  checkBudget,
  functionRef,
  normalisePayloads,
  planTune,
  renderTunePlan,
  runTune,
  type TuneOptions,
  type TunePlan,
} from '../tune/index.js';
import type { Report } from '../types.js';
import { colorLevel, note, stderrWidth, terminalWidth, write, type CliContext } from './context.js';
import { analysisSettings, awsIdentity } from './common.js';
import { assertWritable } from '../writable.js';
import { readCodeFile, readPayloadFile } from './files.js';
import { tuneProgress } from './progress.js';
import type { TuneCliOptions } from './tune.js';

export async function tuneAction(functionName: string, options: TuneCliOptions, ctx: CliContext): Promise<void> {
  // From here on an interrupt only aborts ctx.signal: the engine restores the function, then exits 130.
  ctx.holdInterrupts();
  checkCopyOptions(options);
  if (!options.copy) assertUnqualified(functionName);
  const payloads = normalisePayloads(options.payloadFile !== undefined ? await readPayloadFile(options.payloadFile) : (options.payload ?? {}));
  const settings = { region: options.region ?? regionOfArn(functionName), env: ctx.env, ...awsIdentity(options, functionName) };
  const lambda = createLambdaGateway(settings);
  const ask = options.yes || options.dryRun ? undefined : terminalConfirm(ctx, ctx.signal);
  const recorder = options.record !== undefined ? await openRecord(options.record) : undefined;
  const tuneOptions: TuneOptions = {
    functionName,
    memorySizes: options.memory ?? [],
    invocations: options.invocations,
    concurrency: options.concurrency,
    payloads,
    analysis: analysisSettings(options),
    dryRun: options.dryRun,
    budgetUSD: options.budget,
    apply: options.apply,
    aliases: options.aliases,
    allowedErrors: options.allowedErrors,
    confirm: ask ? () => ask("Change the function's memory and invoke it as planned?") : undefined,
    recordSink: recorder ? (record) => recorder.write(`${renderRecord(record).trimEnd()}\n`) : undefined,
  };

  if (options.copy) {
    const { copyAction } = await import('./copy-action.js');
    await copyAction(
      tuneOptions,
      {
        architectures: options.arch ?? [],
        codeBucket: options.codeBucket,
        applyTo: options.applyTo,
        ...(options.codeFile !== undefined ? { codeFile: { path: options.codeFile, bytes: await readCodeFile(options.codeFile) } } : {}),
      },
      {
        settings,
        lambda,
        ctx,
        recorder,
        print: (report) => print(report, options, ctx),
        yes: options.yes,
        quiet: options.quiet,
        json: options.output === 'json',
      },
    );
    return;
  }
  const plan = await planTune(tuneOptions, { lambda, signal: ctx.signal, search: createSearch }).catch((error: unknown) => {
    // Nothing has changed yet; an interrupt while reading or waiting for the function is just that.
    if (ctx.signal.aborted) throw new InterruptedError('interrupted before anything was changed');
    throw error;
  });
  if (options.dryRun) {
    await write(ctx.stdout, options.output === 'json' ? planJson(plan) : wrapLines(renderTunePlan(plan), terminalWidth(ctx)));
    checkBudget(plan);
    return;
  }
  if (!options.quiet || !options.yes) note(ctx, wrapLines(renderTunePlan(plan), stderrWidth(ctx)));
  if (!options.yes && !ask) {
    throw new UsageError("tune changes the function's memory while it runs and needs confirmation", 'run it on a terminal, or pass --yes');
  }

  const progress = tuneProgress(ctx.stderr, { quiet: options.quiet });
  let report: Report;
  try {
    report = await runTune(
      tuneOptions,
      {
        lambda,
        logs: createReportLookup(settings),
        search: createSearch,
        progress: progress.onEvent,
        signal: ctx.signal,
      },
      plan,
    );
  } catch (error) {
    progress.end();
    // Whatever was measured is printed (JSON too) before the one-line error.
    const measured = carriedReport(error);
    // A reader that is gone (a hang-up, `| head`) must not turn the run's own outcome into another.
    if (measured) await print(measured, options, ctx).catch(() => undefined);
    // The run's own error matters more than a --record write error.
    await recorder?.close().catch(() => undefined);
    throw error;
  }
  progress.end();
  await recorder?.close();
  await print(report, options, ctx);
}

export async function print(report: Report, options: Pick<TuneCliOptions, 'color' | 'output' | 'chart'>, ctx: CliContext): Promise<void> {
  await write(
    ctx.stdout,
    renderReport(report, options.output, { colorLevel: colorLevel(ctx, options.color), chart: options.chart, width: terminalWidth(ctx) }),
  );
}

/**
 * `--record`: the path is checked before anything changes (so a typo fails up front), but the file
 * is only created or truncated when the first invocation is recorded — a dry run, a refused budget
 * or a "no" leave an existing file alone.
 */
export async function openRecord(path: string): Promise<{ write(line: string): void; close(): Promise<void> }> {
  await assertWritable(path, '--record');
  let stream: WriteStream | undefined;
  let failure: unknown;
  return {
    write(line) {
      stream ??= createWriteStream(path).on('error', (error) => (failure ??= error));
      stream.write(line);
    },
    async close() {
      if (stream) await new Promise<void>((done) => stream!.end(done));
      if (failure)
        throw new UsageError(
          `cannot write --record ${path}: ${(failure as NodeJS.ErrnoException).code ?? String(failure)}`,
          'check the disk and the path',
          failure,
        );
    },
  };
}

/**
 * Tune works on $LATEST and publishes its own versions: a qualifier (`name:alias`, `…:function:name:3`)
 * would read one version's configuration and then fail the RevisionId guard with a misleading message.
 */
function assertUnqualified(functionName: string): void {
  const { qualifier } = functionRef(functionName);
  if (qualifier !== undefined) {
    throw new UsageError(
      `"${functionName}" names a version or alias, which cannot be changed; tune without --copy changes the function's $LATEST`,
      `add --copy to tune that version's code and configuration through a temporary copy, or pass the unqualified name (without ":${qualifier}")`,
    );
  }
}

/** The options that only make sense with --copy, and --apply, which a copy run must not take unnamed. */
function checkCopyOptions(options: TuneCliOptions): void {
  if (!options.copy) {
    const stray = options.arch
      ? '--arch'
      : options.codeBucket !== undefined
        ? '--code-bucket'
        : options.codeFile !== undefined
          ? '--code-file'
          : options.applyTo !== undefined
            ? '--apply-to'
            : undefined;
    if (stray === '--arch')
      throw new UsageError(
        "--arch goes with --copy: a function's architecture changes only with its code, so each architecture is measured on a copy",
        'add --copy',
      );
    if (stray) throw new UsageError(`${stray} goes with --copy`, stray === '--apply-to' ? 'without --copy, --apply sets the recommended memory' : 'add --copy');
    return;
  }
  if (options.apply) {
    throw new UsageError(
      '--apply with --copy would change the function itself, which a copy run otherwise only reads',
      'name the function to change with --apply-to <function> instead, or leave it out',
    );
  }
  if (options.aliases) throw new UsageError("--aliases does not go with --copy: the copy's versions are deleted with it", 'drop --aliases');
}

/** `--dry-run -o json`: the plan for scripts (schemaVersion 1, `dryRun: true`, no results). */
function planJson(plan: TunePlan): string {
  const fn = plan.function;
  const json = {
    schemaVersion: 1,
    source: 'tune',
    dryRun: true,
    function: { name: fn.name, arn: fn.arn, region: fn.region, architecture: fn.architecture, originalMemoryMB: fn.memoryMB, timeoutS: fn.timeoutS },
    pricing: plan.price,
    plan: {
      memorySizes: plan.sizes,
      invocations: plan.invocations,
      concurrency: plan.concurrency,
      costBoundUSD: plan.costBoundUSD,
      budgetUSD: plan.budgetUSD,
      ...(plan.search ? { search: plan.search.plan } : {}),
    },
    warnings: plan.warnings,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
