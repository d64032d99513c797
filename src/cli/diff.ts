/** `diff`: options only; the work (git, and the AWS SDK when a change needs history) loads lazily. */
import { Option, type Command } from '@commander-js/extra-typings';
import { DIFF_DEFAULTS, DIFF_OUTPUT_FORMATS, parseFlags } from '../diff/defaults.js';
import { SCAN_DEFAULTS } from '../scan/defaults.js';
import { addAwsOptions, addPriceAndQuietOptions } from './common.js';
import type { CliContext } from './context.js';
import { asOptionParser, collect, parsePositiveInt, parsePositiveNumber, parseRange, parseSince } from './parsers.js';

function diffCommand(program: Command) {
  const t = DIFF_DEFAULTS.thresholds;
  const cmd = program
    .command('diff')
    .description('the cost and latency of the Lambda memory changes in your infrastructure code, before they merge (read-only)')
    .addOption(new Option('--base <ref>', 'git ref to compare the working tree with (default: the merge base with the default branch)'))
    .addOption(new Option('--source <dir>', 'folder of the infrastructure code (SAM/CloudFormation, cdk.out, serverless.yml, Terraform)').default('.'))
    .addOption(
      new Option('--since <duration>', 'history to read: 14d, 36h, 90m, 2w')
        .argParser(parseSince)
        .default(parseSince(DIFF_DEFAULTS.since), DIFF_DEFAULTS.since),
    )
    .addOption(
      new Option(
        '--history <file>',
        'recorded logs instead of CloudWatch, as <function>=<file> or a file named after the function (repeatable; offline)',
      ).argParser(collect),
    )
    .addOption(
      new Option('--max-slowdown <fraction>', 'flag "slower" when the projected p95 is more than this much slower')
        .argParser(parseRange('--max-slowdown', 0, 10))
        .default(t.maxSlowdown),
    )
    .addOption(
      new Option('--max-duration <ms>', 'flag "slower" when the projected p95 passes this (instead of --max-slowdown)').argParser(
        parsePositiveNumber('--max-duration'),
      ),
    )
    .addOption(
      new Option('--min-invocations <n>', 'a memory size with fewer invocations is no evidence')
        .argParser(parsePositiveInt('--min-invocations'))
        .default(t.minInvocations),
    )
    .addOption(
      new Option('--fail-on <flags>', 'exit 1 when a change is flagged: slower, dearer (costs more for no speed), any').argParser(asOptionParser(parseFlags)),
    )
    .addOption(
      new Option('-c, --concurrency <n>', `Logs Insights queries and other calls at once (the account allows ${SCAN_DEFAULTS.maxConcurrency})`)
        .argParser(parsePositiveInt('--concurrency', SCAN_DEFAULTS.maxConcurrency))
        .default(SCAN_DEFAULTS.concurrency),
    )
    .addOption(
      new Option('--max-events <n>', 'FilterLogEvents fallback: REPORT records read per log group at most')
        .argParser(parsePositiveInt('--max-events', 10_000_000))
        .default(SCAN_DEFAULTS.maxEvents),
    )
    .addOption(new Option('-o, --output <format>', 'output format').choices(DIFF_OUTPUT_FORMATS).default('table'))
    .addHelpText(
      'after',
      '\nWith GITHUB_ACTIONS=true each change is also written to stderr as a workflow annotation on its line,\n' +
        'and the Markdown comment is appended to $GITHUB_STEP_SUMMARY.\n' +
        'Nothing is read from AWS when no change needs a history. Exit 1 when --fail-on matches; 2 on usage, git or template errors; 3 on AWS errors.',
    );
  return addAwsOptions(addPriceAndQuietOptions(cmd));
}

/** The options as commander parses them, typed by their declarations above. */
export type DiffCliOptions = ReturnType<ReturnType<typeof diffCommand>['opts']>;

export function registerDiff(program: Command, ctx: CliContext): void {
  diffCommand(program).action(async (options) => {
    const { diffAction } = await import('./diff-action.js');
    await diffAction(options, ctx);
  });
}
