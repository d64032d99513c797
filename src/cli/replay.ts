/** `replay <files…>`: options only; the work is loaded lazily so `--help` stays fast. */
import { Option, type Command } from '@commander-js/extra-typings';
import { addAnalysisOptions, addArchOption } from './common.js';
import type { CliContext } from './context.js';
import { parseMemoryMB, parsePositiveInt } from './parsers.js';

function replayCommand(program: Command) {
  const cmd = program
    .command('replay')
    .description(
      'analyse recorded logs offline: CloudWatch text or JSON logs, console / Logs Insights CSV exports, filter-log-events or get-query-results JSON, .gz, UTF-16, folders (an S3 export), records JSONL, or - for stdin',
    )
    .argument('<files...>', 'log files or folders to read ("-" reads standard input)')
    .addOption(new Option('--region <region>', 'region whose prices apply (default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1)'))
    .addOption(new Option('--current-memory <MB>', "the function's current size, to show the saving").argParser(parseMemoryMB))
    .addOption(new Option('--name <label>', 'name to show for the function (default: the file names)'))
    // Accepted so scripts that pass it keep working; a replay reads on one thread (one set of request
    // ids sees every invocation once).
    .addOption(new Option('--threads <n>', 'ignored: replay reads on one thread').argParser(parsePositiveInt('--threads', 64)).hideHelp());
  return addAnalysisOptions(addArchOption(cmd), ['table', 'json', 'csv', 'markdown', 'html', 'records']);
}

/** The options as commander parses them, typed by their declarations above. */
export type ReplayCliOptions = ReturnType<ReturnType<typeof replayCommand>['opts']>;

export function registerReplay(program: Command, ctx: CliContext): void {
  replayCommand(program).action(async (files, options) => {
    const { replayAction } = await import('./replay-action.js');
    await replayAction(files, options, ctx);
  });
}
