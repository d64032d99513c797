import { DEFAULTS } from '../config/defaults.js';
import { InterruptedError } from '../errors.js';
import { renderRecord } from '../render/json.js';
import { renderReportLazily } from '../render/lazy.js';
import { replay } from '../replay/run.js';
import { analysisSettings } from './common.js';
import { colorLevel, note, terminalWidth, write, type CliContext } from './context.js';
import type { ReplayCliOptions } from './replay.js';

export async function replayAction(files: string[], options: ReplayCliOptions, ctx: CliContext): Promise<void> {
  const records = options.output === 'records';
  const lines: string[] = [];
  const flush = (): Promise<void> => (lines.length ? write(ctx.stdout, lines.splice(0).join('')) : Promise.resolve());
  // Ctrl-C ends the reading, not the process: what was read is still analysed and printed.
  ctx.holdInterrupts('stopping: analysing what was read so far (Ctrl-C again to quit at once)…');
  if (files.includes('-') && ctx.stdin.isTTY)
    note(ctx, 'reading Lambda logs from standard input: paste or pipe them, end with Ctrl-D (Ctrl-C analyses what was read)\n');
  const { report, partial } = await replay(
    {
      files,
      name: options.name,
      region: options.region ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION ?? DEFAULTS.region,
      architecture: options.arch ?? DEFAULTS.architecture,
      analysis: analysisSettings(options),
      currentMemoryMB: options.currentMemory,
    },
    {
      stdin: ctx.stdin,
      signal: ctx.signal,
      onOpen: ctx.env.LAMBDA_RIGHTSIZE_DEBUG ? (name) => note(ctx, `debug: reading ${name}\n`) : undefined,
      onRead: ctx.env.LAMBDA_RIGHTSIZE_DEBUG
        ? (name, counters) =>
            note(ctx, `debug: read ${name}: ${counters.records} records, ${counters.malformed} malformed, ${counters.duplicates ?? 0} duplicates\n`)
        : undefined,
      onRecord: records
        ? (record) => {
            lines.push(`${renderRecord(record).trimEnd()}\n`);
            return lines.length >= 1024 ? flush() : undefined;
          }
        : undefined,
    },
  );
  if (options.output === 'records') {
    await flush();
    for (const warning of report.warnings) note(ctx, `warning: ${warning}\n`);
  } else {
    // Loaded now, and only the format asked for (see render/lazy.ts).
    const text = await renderReportLazily(report, options.output, {
      colorLevel: colorLevel(ctx, options.color),
      chart: options.chart,
      width: terminalWidth(ctx),
    });
    await write(ctx.stdout, text);
  }
  if (partial) throw new InterruptedError('interrupted: the result above covers only what was read');
}
