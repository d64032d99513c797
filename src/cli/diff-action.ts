/** Runs `diff` for the CLI: the repository, the history source (AWS or files), output, annotations and the exit decision. */
import { Chalk } from 'chalk';
import { appendFile, realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { FindingsError, InterruptedError, UsageError } from '../errors.js';
import { DIFF_DEFAULTS } from '../diff/defaults.js';
import { openRepository } from '../diff/git.js';
import { checkHistoryFiles, parseHistorySpec, readHistories } from '../diff/history.js';
import type { HistorySource } from '../diff/ports.js';
import { renderDiffAnnotations, renderDiffMarkdown, renderDiffReport } from '../diff/render/index.js';
import { runDiff } from '../diff/run.js';
import { fileUrlBase } from './github.js';
import { colorLevel, note, write, type CliContext } from './context.js';
import type { AwsSettings } from '../aws/config.js';
import { awsIdentity } from './common.js';
import type { DiffCliOptions } from './diff.js';

export async function diffAction(options: DiffCliOptions, ctx: CliContext): Promise<void> {
  // Named history files are checked before git runs: a typo fails at once.
  const specs = (options.history ?? []).map(parseHistorySpec);
  await checkHistoryFiles(specs);
  // In a pull request's job, its target branch is the default base.
  const repo = await openRepository(options.source, ctx.env.GITHUB_BASE_REF || undefined);
  const prefix = relative(repo.root, await realpath(resolve(ctx.cwd, options.source)))
    .split(sep)
    .join('/');
  const progress = options.quiet ? undefined : (message: string) => note(ctx, `${message}…\n`);
  const envRegion = options.region ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION;
  const history = async (): Promise<HistorySource> => {
    if (specs.length > 0) return { kind: 'replay', histories: await readHistories(specs, ctx.signal) };
    return awsHistory(options, ctx, progress);
  };
  const report = await runDiff(
    {
      ...(options.base !== undefined ? { base: options.base } : {}),
      prefix,
      thresholds: {
        maxSlowdown: options.maxSlowdown,
        minInvocations: options.minInvocations,
        ...(options.maxDuration !== undefined ? { maxDurationMs: options.maxDuration } : {}),
      },
      region: envRegion || DIFF_DEFAULTS.region,
      ...(options.gbSecondPrice !== undefined ? { gbSecondUSD: options.gbSecondPrice } : {}),
      ...(options.requestPrice !== undefined ? { requestUSD: options.requestPrice } : {}),
    },
    { repo, history, ...(progress ? { onProgress: progress } : {}) },
  ).catch((error: unknown) => {
    throw ctx.signal.aborted ? new InterruptedError('interrupted: the running Logs Insights queries were stopped') : error;
  });
  const chalk = new Chalk({ level: colorLevel(ctx, options.color) });
  await write(ctx.stdout, renderDiffReport(report, options.output, { chalk, ...fileUrlBase(ctx.env) }));
  if (ctx.env.GITHUB_ACTIONS === 'true') {
    // Annotations on stderr (the runner reads it too), so `--output json > diff.json` stays JSON.
    const annotations = renderDiffAnnotations(report);
    if (annotations) note(ctx, annotations);
    const summary = ctx.env.GITHUB_STEP_SUMMARY;
    if (summary) await appendFile(summary, renderDiffMarkdown(report, fileUrlBase(ctx.env)));
  }
  if (options.failOn) {
    const failing = report.changes.filter((c) => c.flags.some((f) => options.failOn?.includes(f)));
    if (failing.length > 0) {
      throw new FindingsError(
        `${failing.length} change${failing.length === 1 ? '' : 's'} flagged: ${failing.map((c) => `${c.function} (${c.flags.join(', ')})`).join(', ')}`,
      );
    }
  }
}

/** The AWS clients load only here, when a change needs its history. */
async function awsHistory(options: DiffCliOptions, ctx: CliContext, progress?: (message: string) => void): Promise<HistorySource> {
  const { createScanLambda } = await import('../aws/list-functions.js');
  const { createLogsGateway, resolveRegion } = await import('../aws/logs-gateway.js');
  const settings: AwsSettings = { env: ctx.env, ...awsIdentity(options) };
  if (options.region) settings.region = options.region;
  const region = options.region ?? (await resolveRegion(settings));
  if (!region)
    throw new UsageError('no AWS region is set', 'pass --region, set AWS_REGION, or give the profile a region (or read recorded logs with --history)');
  // An interrupt then only aborts the signal: running Logs Insights queries are stopped first.
  ctx.holdInterrupts();
  return {
    kind: 'aws',
    region,
    concurrency: options.concurrency,
    sinceMs: options.since,
    maxEvents: options.maxEvents,
    deps: {
      lambda: createScanLambda({ ...settings, region }),
      logs: createLogsGateway({ ...settings, region }),
      signal: ctx.signal,
      ...(progress ? { onProgress: progress } : {}),
    },
  };
}
