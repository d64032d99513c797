/** Runs `scan` for the CLI: AWS gateways, baseline files, output, annotations and the exit decision. */
import { Chalk } from 'chalk';
import { createScanLambda } from '../aws/list-functions.js';
import { createLogsGateway, resolveRegion } from '../aws/logs-gateway.js';
import { regionOfArn, type AwsSettings } from '../aws/config.js';
import { functionNameError } from '../aws/function-name.js';
import { FindingsError, InterruptedError, UsageError } from '../errors.js';
import { describeFailing, failingFindings } from '../scan/baseline.js';
import { SCAN_DEFAULTS } from '../scan/defaults.js';
import { renderAnnotations, renderScanReport } from '../scan/render/index.js';
import { runScan } from '../scan/run.js';
import { applyLocalInputs, readLocalInputs } from '../scan/local.js';
import type { ScanReport } from '../scan/types.js';
import { fileUrlBase } from './github.js';
import { colorLevel, note, terminalWidth, write, type CliContext } from './context.js';
import { awsIdentity } from './common.js';
import type { ScanCliOptions } from './scan.js';

export async function scanAction(functions: string[], options: ScanCliOptions, ctx: CliContext): Promise<void> {
  // A malformed name costs no call: say so before the baseline, the source tree or AWS is read.
  for (const fn of functions) {
    const malformed = functionNameError(fn);
    if (malformed) throw malformed;
  }
  // The baseline and the source tree before the scan: a typo in a path fails before minutes of querying.
  const local = await readLocalInputs(options, { env: ctx.env, cwd: ctx.cwd });
  const settings: AwsSettings = { env: ctx.env };
  const region = options.region ?? regionOfArns(functions);
  if (region) settings.region = region;
  Object.assign(
    settings,
    awsIdentity(
      options,
      functions.find((f) => f.startsWith('arn:')),
    ),
  );
  const resolvedRegion = region ?? (await resolveRegion(settings));
  if (!resolvedRegion) throw new UsageError('no AWS region is set', 'pass --region, set AWS_REGION, or give the profile a region');
  // An interrupt then only aborts the signal: running Logs Insights queries are stopped first.
  ctx.holdInterrupts();
  const lambda = createScanLambda({ ...settings, region: resolvedRegion });
  let report: ScanReport = await runScan(
    {
      functions,
      all: options.all,
      include: options.include,
      exclude: options.exclude,
      region: resolvedRegion,
      sinceMs: options.since,
      concurrency: options.concurrency,
      thresholds: {
        ...SCAN_DEFAULTS.thresholds,
        headroom: options.headroom,
        minInvocations: options.minInvocations,
        maxSlowdown: options.maxSlowdown,
        minSaving: options.minSaving,
        ...(options.maxDuration !== undefined ? { maxDurationMs: options.maxDuration } : {}),
      },
      maxEvents: options.maxEvents,
      filterLogEvents: options.filterLogEvents,
      gbSecondUSD: options.gbSecondPrice,
      requestUSD: options.requestPrice,
    },
    {
      lambda,
      logs: createLogsGateway({ ...settings, region: resolvedRegion }),
      signal: ctx.signal,
      onProgress: options.quiet ? undefined : (message) => note(ctx, `${message}…\n`),
    },
  ).catch((error: unknown) => {
    throw ctx.signal.aborted ? new InterruptedError('interrupted: the running Logs Insights queries were stopped') : error;
  });
  report = await applyLocalInputs(report, local, {
    ...options,
    ...(lambda.listTags ? { listTags: lambda.listTags.bind(lambda) } : {}),
    onWrote: (findings) => (options.quiet ? undefined : note(ctx, `wrote ${findings} finding(s) to ${options.writeBaseline}\n`)),
  });
  const chalk = new Chalk({ level: colorLevel(ctx, options.color) });
  const width = terminalWidth(ctx);
  await write(ctx.stdout, renderScanReport(report, options.output, { chalk, ...fileUrlBase(ctx.env), ...(width !== undefined ? { width } : {}) }));
  // Annotations go to stderr, which the Actions runner reads too, so `--output json > file` stays JSON.
  if (ctx.env.GITHUB_ACTIONS === 'true') {
    const annotations = renderAnnotations(report);
    if (annotations) note(ctx, annotations);
  }
  if (options.failOn) {
    const failing = failingFindings(report.functions, options.failOn);
    if (failing.length > 0) throw new FindingsError(describeFailing(failing));
  }
}

/** The one region the ARNs name; two regions in one scan are refused (one client per region). */
function regionOfArns(functions: readonly string[]): string | undefined {
  const regions = [...new Set(functions.map(regionOfArn).filter((r): r is string => r !== undefined))];
  if (regions.length > 1) throw new UsageError(`the functions are in ${regions.join(' and ')}`, 'scan one region at a time (--region)');
  return regions[0];
}
