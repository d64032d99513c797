import { Chalk } from 'chalk';
import { createBenchGateway } from '../aws/bench-gateway.js';
import { createBenchLogGroups } from '../aws/bench-log-groups.js';
import { createLambdaGateway } from '../aws/lambda-gateway.js';
import { createReportLookup } from '../aws/report-lookup.js';
import { BENCH_PREFIX } from '../bench/naming.js';
import { terminalConfirm } from './confirm.js';
import { renderPlan, renderSideBySide } from '../bench/render.js';
import { runBench, type BenchMeasurement, type BenchOptions } from '../bench/run.js';
import { AwsError, FunctionFailedError } from '../errors.js';
import { resolvePrice } from '../pricing/index.js';
import { createSearch } from '../search/index.js';
import { renderHtml, renderReport } from '../render/index.js';
import { measureWithTune } from '../bench/measure.js';
import type { BenchCliOptions } from './bench.js';
import { analysisSettings } from './common.js';
import { colorLevel, note, terminalWidth, write, type CliContext } from './context.js';
import { awsIdentity } from './common.js';
import { readPayloadFile } from './files.js';
import { tuneProgress } from './progress.js';

export async function benchAction(workloads: string[], options: BenchCliOptions, ctx: CliContext): Promise<void> {
  // From here on an interrupt only aborts ctx.signal: runBench deletes what it created, then exits 130.
  ctx.holdInterrupts();
  const gateway = createBenchGateway({ region: options.region, env: ctx.env, ...awsIdentity(options) }, { namePrefix: BENCH_PREFIX });
  const region = await gateway.region();
  const analysis = analysisSettings(options);
  const benchOptions: BenchOptions = {
    workloads,
    role: options.role,
    architectures: options.arch,
    runtime: options.runtime,
    // An empty list is tune's search (src/search), per function.
    memorySizes: options.search ? [] : options.memory,
    invocations: options.invocations,
    concurrency: options.concurrency,
    timeoutSeconds: options.timeout,
    payload: options.payloadFile !== undefined ? await readPayloadFile(options.payloadFile) : options.payload,
    region,
    analysis,
    keep: options.keep,
    yes: options.yes,
    dryRun: options.dryRun,
    budget: options.budget,
  };
  const stderrLine = (line: string): void => note(ctx, `${line}\n`);
  const settings = { region, env: ctx.env, ...awsIdentity(options) };
  // Tune's own progress: a bar on a terminal, one line per size elsewhere (never one per invocation).
  // Under --quiet bench shows none of it: what it leaves behind it says itself (warn below).
  const sizes = options.quiet ? { onEvent: () => undefined, end: () => undefined } : tuneProgress(ctx.stderr, { indent: '  ' });
  const result = await runBench(benchOptions, {
    gateway,
    logGroups: createBenchLogGroups(settings),
    measure: measureWithTune({ lambda: createLambdaGateway(settings), logs: createReportLookup(settings), search: createSearch }, sizes.onEvent),
    price: (architecture) => resolvePrice({ region, architecture, ...analysis.pricing }),
    confirm: terminalConfirm(ctx, ctx.signal),
    progress: options.quiet ? undefined : stderrLine,
    warn: stderrLine,
    // The plan is the whole answer of a dry run, so it goes to stdout then; otherwise it is context
    // for the question, which --quiet may drop only when there is no question.
    onPlan: (plan) => {
      if (options.dryRun) return write(ctx.stdout, renderPlan(plan));
      if (!(options.quiet && options.yes)) note(ctx, renderPlan(plan));
      return undefined;
    },
    signal: ctx.signal,
  }).finally(sizes.end);
  if (result.dryRun) return;
  if (result.measurements.length > 0)
    await write(ctx.stdout, renderMeasurements(result.measurements, options, colorLevel(ctx, options.color), terminalWidth(ctx)));
  if (result.leftovers.length > 0) {
    throw new AwsError(`could not delete ${result.leftovers.map((l) => l.name).join(', ')}`, {
      hint: 'run `lambda-rightsize cleanup` once the cause is fixed (often lambda:DeleteFunction or logs:DeleteLogGroup missing)',
    });
  }
  if (result.measurements.length === 0 && result.failures.length > 0) {
    throw new FunctionFailedError(
      'every memory size of every benchmark function failed',
      'see the errors above; try larger --memory sizes or another --payload',
    );
  }
}

/** One view per workload: its architectures side by side when there are several. */
function renderMeasurements(measurements: readonly BenchMeasurement[], options: BenchCliOptions, level: 0 | 1 | 2 | 3, width?: number): string {
  const reports = measurements.map((m) => m.report);
  if (options.output === 'json') return `${JSON.stringify(reports, null, 2)}\n`;
  if (options.output === 'html') return renderHtml(reports);
  if (options.output === 'csv') return joinCsv(reports.map((report) => renderReport(report, 'csv', { colorLevel: 0 })));
  const format = options.output === 'markdown' ? 'markdown' : 'table';
  const workloads = [...new Set(measurements.map((m) => m.workload))];
  return workloads
    .map((workload) => {
      const mine = measurements.filter((m) => m.workload === workload);
      if (mine.length === 1) return renderReport(mine[0]!.report, format, { colorLevel: level, chart: options.chart, width });
      return renderSideBySide(workload, mine, format, new Chalk({ level }), width);
    })
    .join('\n');
}

/** One CSV document: the header once, then every report's rows (the function and architecture columns tell them apart). */
function joinCsv(documents: readonly string[]): string {
  const [first = '', ...rest] = documents;
  return first + rest.map((doc) => doc.slice(doc.indexOf('\r\n') + 2)).join('');
}
