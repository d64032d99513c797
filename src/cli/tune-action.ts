import { Chalk } from 'chalk';
import { constants, createWriteStream, type WriteStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { regionOfArn } from '../aws/config.js';
import { createLambdaGateway } from '../aws/lambda-gateway.js';
import { createReportLookup } from '../aws/report-lookup.js';
import { terminalConfirm } from '../bench/confirm.js';
import { UsageError } from '../errors.js';
import { renderRecord, renderReport } from '../render/index.js';
import {
  checkBudget,
  normalisePayloads,
  planTune,
  renderTunePlan,
  runTune,
  TuneFailedError,
  type TuneOptions,
} from '../tune/index.js';
import type { Report } from '../types.js';
import type { AnalysisOptions } from './common.js';
import { colorLevel, write, type CliContext } from './context.js';
import { readPayloadFile } from './payload-file.js';
import { tuneProgress } from './progress.js';

type TuneCliOptions = Omit<AnalysisOptions, 'arch'> & {
  memory: number[];
  invocations: number;
  concurrency: number;
  payload?: unknown;
  payloadFile?: string;
  dryRun: boolean;
  yes: boolean;
  apply: boolean;
  record?: string;
  budget?: number;
};

export async function tuneAction(functionName: string, raw: Record<string, unknown>, ctx: CliContext): Promise<void> {
  const options = raw as unknown as TuneCliOptions;
  // From here on an interrupt only aborts ctx.signal: the engine restores the function, then exits 130.
  ctx.holdInterrupts();
  const payloads = normalisePayloads(options.payloadFile !== undefined ? await readPayloadFile(options.payloadFile) : (options.payload ?? {}));
  const settings = { region: options.region ?? regionOfArn(functionName), profile: options.profile, env: ctx.env };
  const lambda = createLambdaGateway(settings);
  const ask = options.yes || options.dryRun ? undefined : terminalConfirm(ctx, ctx.signal);
  const recorder = options.record !== undefined ? await openRecord(options.record) : undefined;
  const tuneOptions: TuneOptions = {
    functionName,
    memorySizes: options.memory,
    invocations: options.invocations,
    concurrency: options.concurrency,
    payloads,
    strategy: options.strategy,
    weight: options.weight,
    maxDurationMs: options.maxDuration,
    discard: options.discard,
    per: options.per,
    priceOverrides: { gbSecondUSD: options.gbSecondPrice, requestUSD: options.requestPrice },
    dryRun: options.dryRun,
    budgetUSD: options.budget,
    apply: options.apply,
    confirm: ask ? () => ask('Change the function\'s memory and invoke it as planned?') : undefined,
    recordSink: recorder ? (record) => recorder.write(`${renderRecord(record).trimEnd()}\n`) : undefined,
  };

  const plan = await planTune(tuneOptions, { lambda, signal: ctx.signal });
  if (options.dryRun) {
    await write(ctx.stdout, renderTunePlan(plan));
    checkBudget(plan);
    return;
  }
  if (!options.quiet || !options.yes) await write(ctx.stderr, renderTunePlan(plan));
  if (!options.yes && !ask) {
    throw new UsageError('tune changes the function\'s memory while it runs and needs confirmation', 'run it on a terminal, or pass --yes');
  }

  const progress = options.quiet ? undefined : tuneProgress(ctx.stderr);
  let report: Report;
  try {
    report = await runTune(
      tuneOptions,
      {
        lambda,
        logs: createReportLookup(settings),
        progress: (event) => progress?.onEvent(event),
        signal: ctx.signal,
      },
      plan,
    );
  } catch (error) {
    if (error instanceof TuneFailedError) await print(error.report, options, ctx);
    throw error;
  } finally {
    progress?.end();
    await recorder?.close();
  }
  await print(report, options, ctx);
}

async function print(report: Report, options: TuneCliOptions, ctx: CliContext): Promise<void> {
  const chalk = new Chalk({ level: colorLevel(ctx, options.color) });
  const format = options.output as 'table' | 'json' | 'csv' | 'markdown';
  await write(ctx.stdout, renderReport(report, format, { chalk, chart: options.chart }));
}

/**
 * `--record`: the path is checked before anything changes (so a typo fails up front), but the file
 * is only created or truncated when the first invocation is recorded — a dry run, a refused budget
 * or a "no" leave an existing file alone.
 */
async function openRecord(path: string): Promise<{ write(line: string): void; close(): Promise<void> }> {
  const fail = (error: unknown): never => {
    throw new UsageError(`cannot write --record ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check the folder exists and is writable', error);
  };
  const existing = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : fail(error)));
  if (existing?.isDirectory()) fail(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  await access(existing ? path : dirname(resolve(path)), constants.W_OK).catch(fail);
  let stream: WriteStream | undefined;
  let failure: unknown;
  return {
    write(line) {
      stream ??= createWriteStream(path).on('error', (error) => (failure ??= error));
      stream.write(line);
    },
    async close() {
      if (stream) await new Promise<void>((done) => stream!.end(done));
      if (failure) fail(failure);
    },
  };
}
