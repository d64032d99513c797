import { Chalk } from 'chalk';
import { DEFAULTS } from '../config/defaults.js';
import { renderRecord, renderReport, type ReportFormat } from '../render/index.js';
import { runReplay } from '../replay/run.js';
import type { AnalysisOptions } from './common.js';
import { colorLevel, note, terminalWidth, write, type CliContext } from './context.js';

type ReplayCliOptions = AnalysisOptions & { currentMemory?: number; name?: string };

export async function replayAction(files: string[], raw: Record<string, unknown>, ctx: CliContext): Promise<void> {
  const options = raw as unknown as ReplayCliOptions;
  const records = options.output === 'records';
  const lines: string[] = [];
  const flush = (): Promise<void> => (lines.length ? write(ctx.stdout, lines.splice(0).join('')) : Promise.resolve());
  const report = await runReplay(
    {
      files,
      name: options.name,
      region: options.region ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION ?? DEFAULTS.region,
      architecture: options.arch ?? DEFAULTS.architecture,
      gbSecondUSD: options.gbSecondPrice,
      requestUSD: options.requestPrice,
      per: options.per,
      discard: options.discard,
      strategy: options.strategy,
      weight: options.weight,
      maxDurationMs: options.maxDuration,
      currentMemoryMB: options.currentMemory,
    },
    {
      stdin: ctx.stdin,
      onRecord: records
        ? (record) => {
            lines.push(`${renderRecord(record).trimEnd()}\n`);
            return lines.length >= 1024 ? flush() : undefined;
          }
        : undefined,
    },
  );
  if (records) {
    await flush();
    for (const warning of report.warnings) note(ctx, `warning: ${warning}\n`);
    return;
  }
  const chalk = new Chalk({ level: colorLevel(ctx, options.color) });
  await write(ctx.stdout, renderReport(report, options.output as ReportFormat, { chalk, chart: options.chart, width: terminalWidth(ctx) }));
}
