/** `scan [functions…]`: options only; the work (and the AWS SDK) loads lazily when it runs. */
import { Option, type Command } from '@commander-js/extra-typings';
import { SCAN_DEFAULTS, SCAN_OUTPUT_FORMATS } from '../scan/defaults.js';
import { parseFindingKinds } from '../scan/options.js';
import { addAwsOptions, addPriceAndQuietOptions } from './common.js';
import type { CliContext } from './context.js';
import { asOptionParser, collect, parsePositiveInt, parsePositiveNumber, parseRange, parseSince } from './parsers.js';

function scanCommand(program: Command) {
  const t = SCAN_DEFAULTS.thresholds;
  const cmd = program
    .command('scan')
    .description('flag over- and under-provisioned functions from what their CloudWatch logs say (Logs Insights; read-only)')
    .argument('[functions...]', 'function names or ARNs (or --all)')
    .addOption(new Option('--all', 'every function of the region').default(false))
    .addOption(new Option('--include <glob>', 'only functions whose name matches (repeatable; * and ?)').argParser(collect).default([], 'none'))
    .addOption(new Option('--exclude <glob>', 'leave out functions whose name matches (repeatable)').argParser(collect).default([], 'none'))
    .addOption(
      new Option('--since <duration>', 'how far back to read: 14d, 36h, 90m, 2w')
        .argParser(parseSince)
        .default(parseSince(SCAN_DEFAULTS.since), SCAN_DEFAULTS.since),
    )
    .addOption(
      new Option('-c, --concurrency <n>', `Logs Insights queries at once, each over up to 50 log groups (the account allows ${SCAN_DEFAULTS.maxConcurrency})`)
        .argParser(parsePositiveInt('--concurrency', SCAN_DEFAULTS.maxConcurrency))
        .default(SCAN_DEFAULTS.concurrency),
    )
    .addOption(
      new Option(
        '--headroom <fraction>',
        'memory headroom when p99 max memory used is under this fraction of the size (over-provisioned only with duration evidence)',
      )
        .argParser(parseRange('--headroom', 0.05, 0.95))
        .default(t.headroom),
    )
    .addOption(
      new Option('--max-slowdown <fraction>', 'over-provisioned only when the projected p95 at the smaller size is at most this much slower')
        .argParser(parseRange('--max-slowdown', 0, 10))
        .default(t.maxSlowdown),
    )
    .addOption(
      new Option('--min-saving <fraction>', 'over-provisioned only when the projected cost at the smaller size is at least this much lower')
        .argParser(parseRange('--min-saving', 0, 0.95))
        .default(t.minSaving),
    )
    .addOption(
      new Option(
        '--max-duration <ms>',
        'over-provisioned only when the projected p95 at the smaller size is at most this (instead of --max-slowdown)',
      ).argParser(parsePositiveNumber('--max-duration')),
    )
    .addOption(
      new Option('--min-invocations <n>', 'fewer invocations at the current size than this is "too little data"')
        .argParser(parsePositiveInt('--min-invocations'))
        .default(t.minInvocations),
    )
    .addOption(
      new Option(
        '--filter-log-events',
        'read REPORT lines with FilterLogEvents instead of Logs Insights (slower: every line crosses the network; for endpoints such as moto or LocalStack whose Insights does not run stats)',
      ).default(false),
    )
    .addOption(
      new Option('--max-events <n>', 'FilterLogEvents (fallback or --filter-log-events): REPORT records read per log group at most')
        .argParser(parsePositiveInt('--max-events', 10_000_000))
        .default(SCAN_DEFAULTS.maxEvents),
    )
    .addOption(
      new Option(
        '--fail-on <kinds>',
        'exit 1 on new findings of these kinds: over-provisioned, memory-headroom (unverified), under-provisioned, no-data, too-little-data, managed-instances; any = the verified ones; all',
      ).argParser(asOptionParser(parseFindingKinds)),
    )
    .addOption(
      new Option(
        '--source <dir>',
        "find the line of infrastructure code that sets each flagged function's memory under this folder (default in CI: the current folder)",
      ),
    )
    .addOption(new Option('--no-source', 'do not look for infrastructure code, even in CI'))
    .addOption(
      new Option(
        '--suggest-patch',
        'print each suggested memory change as a unified diff of that line (reads the current folder unless --source says otherwise)',
      ).default(false),
    )
    .addOption(new Option('--baseline <file>', 'accept the findings listed in this file (written by --write-baseline)'))
    .addOption(new Option('--write-baseline <file>', 'write every current finding to this file, accepting them'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(SCAN_OUTPUT_FORMATS).default('table'))
    .addHelpText(
      'after',
      '\nover-provisioned is verified by duration evidence (Lambda Insights CPU time, or durations at several sizes);\n' +
        'memory-headroom is the same memory observation without it, its saving an upper bound kept out of the total.\n' +
        'With GITHUB_ACTIONS=true each new finding is also written to stderr as a workflow annotation, on the IaC line when found.\n' +
        'Exit 1 when --fail-on matches a finding that is not in --baseline; 3 on AWS errors and unreadable Logs Insights results.',
    );
  return addAwsOptions(addPriceAndQuietOptions(cmd));
}

/** The options as commander parses them, typed by their declarations above. */
export type ScanCliOptions = ReturnType<ReturnType<typeof scanCommand>['opts']>;

export function registerScan(program: Command, ctx: CliContext): void {
  scanCommand(program).action(async (functions, options) => {
    const { scanAction } = await import('./scan-action.js');
    await scanAction(functions, options, ctx);
  });
}
