/** Runs `scan` for the CLI: AWS gateways, baseline files, output, annotations and the exit decision. */
import { Chalk } from 'chalk';
import pLimit from 'p-limit';
import { readFile, writeFile } from 'node:fs/promises';
import { createScanLambda } from '../aws/list-functions.js';
import { createLogsGateway, resolveRegion } from '../aws/logs-gateway.js';
import { regionOfArn, type AwsSettings } from '../aws/config.js';
import { functionNameProblem } from '../aws/function-name.js';
import { FindingsError, InterruptedError, UsageError } from '../errors.js';
import { applyBaseline, baselineOf, describeFailing, failingFindings, parseBaseline, serializeBaseline } from '../scan/baseline.js';
import { SCAN_DEFAULTS } from '../scan/defaults.js';
import { renderAnnotations, renderScanReport } from '../scan/render/index.js';
import { withFunctions } from '../scan/report.js';
import { runScan } from '../scan/run.js';
import { attachSources } from '../scan/sources.js';
import type { ScanReport } from '../scan/types.js';
import { fileUrlBase } from './github.js';
import { colorLevel, note, terminalWidth, write, type CliContext } from './context.js';
import { awsIdentity } from './common.js';
import type { ScanCliOptions } from './scan.js';
import { assertWritable } from './files.js';
import { pathBase, readSourceTree, sourceDir } from './scan-source.js';

export async function scanAction(functions: string[], options: ScanCliOptions, ctx: CliContext): Promise<void> {
  // A malformed name costs no call: say so before the baseline, the source tree or AWS is read.
  for (const fn of functions) {
    const problem = functionNameProblem(fn);
    if (problem !== undefined) throw new UsageError(problem, 'check the name; ARNs look like arn:aws:lambda:<region>:<account>:function:<name>');
  }
  // Read the baseline first: a typo in its path should fail before minutes of querying.
  const baseline = options.baseline === undefined ? undefined : parseBaseline(await readText(options.baseline), options.baseline);
  // A baseline that could not be written is found out before the scan, not after it.
  if (options.writeBaseline !== undefined) await assertWritable(options.writeBaseline, '--write-baseline');
  // The source tree is read before the scan too: a wrong --source fails at once.
  const dir = sourceDir(options.source, ctx.env, process.cwd(), options.suggestPatch);
  const sources = dir === undefined ? undefined : await readSourceTree(dir, pathBase(ctx.env, process.cwd()));
  const settings: AwsSettings = { env: ctx.env };
  const region = options.region ?? regionOfArns(functions);
  if (region) settings.region = region;
  Object.assign(settings, awsIdentity(options, functions.find((f) => f.startsWith('arn:'))));
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
  if (sources) {
    report = await attachSources(report, {
      files: sources,
      limit: pLimit(options.concurrency),
      suggestPatch: options.suggestPatch,
      ...(lambda.listTags ? { listTags: lambda.listTags.bind(lambda) } : {}),
    });
  }
  if (baseline) report = withFunctions(report, applyBaseline(report.functions, baseline));
  if (options.writeBaseline !== undefined) {
    const written = baselineOf(report.functions);
    await writeFile(options.writeBaseline, serializeBaseline(written)).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot write --write-baseline ${options.writeBaseline}: ${error.code ?? error.message}`, 'check the folder exists and is writable', error);
    });
    report = withFunctions(report, applyBaseline(report.functions, written));
    if (!options.quiet) note(ctx, `wrote ${written.findings.length} finding(s) to ${options.writeBaseline}\n`);
  }
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

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read the baseline ${path}${code === 'ENOENT' ? ': no such file' : ''}`,
      'create it with `lambda-rightsize scan … --write-baseline <file>` and commit it',
      error,
    );
  }
}

/** The one region the ARNs name; two regions in one scan are refused (one client per region). */
function regionOfArns(functions: readonly string[]): string | undefined {
  const regions = [...new Set(functions.map(regionOfArn).filter((r): r is string => r !== undefined))];
  if (regions.length > 1) throw new UsageError(`the functions are in ${regions.join(' and ')}`, 'scan one region at a time (--region)');
  return regions[0];
}
