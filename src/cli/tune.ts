/** `tune <function>` (the default command): options only; the engine loads lazily. */
import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';
import { DEFAULTS } from '../config/defaults.js';
import { ARCHITECTURES, type Architecture } from '../types.js';
import { addAnalysisOptions, addAwsOptions } from './common.js';
import type { CliContext } from './context.js';
import { parseMemoryList, parsePositiveInt, parsePrice } from './parsers.js';

export function parseJsonValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new InvalidArgumentError(
      `--payload is not valid JSON: ${raw.length > 60 ? `${raw.slice(0, 57)}...` : raw} (quote it for the shell, e.g. --payload '{"id": 1}').`,
    );
  }
}

/** `--allowed-errors TypeA,TypeB`: error types as Lambda reports them (`errorType`). */
export function parseErrorTypes(raw: string): string[] {
  const types = raw
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const bad = types.find((t) => !/^[A-Za-z0-9_.:$-]+$/.test(t));
  if (types.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(
      `--allowed-errors takes error types as Lambda reports them, comma-separated (e.g. ValidationError,NotFound), not "${bad ?? raw}".`,
    );
  }
  return [...new Set(types)];
}

/** `--arch x86_64,arm64`: each once, in the order given. */
export function parseArchitectures(raw: string): Architecture[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = items.find((a) => !ARCHITECTURES.includes(a as Architecture));
  if (items.length === 0 || bad !== undefined)
    throw new InvalidArgumentError(`--arch takes ${ARCHITECTURES.join(', ')} or both comma-separated, not "${bad ?? raw}".`);
  return [...new Set(items as Architecture[])];
}

function tuneCommand(program: Command) {
  const cmd = program
    .command('tune', { isDefault: true })
    .description('measure a function at several memory sizes and recommend one (the default command)')
    .argument('<function>', "function name, partial ARN or full ARN (an ARN's region wins)")
    .addOption(
      new Option(
        '-m, --memory <list>',
        'memory sizes in MB, comma-separated (128–10240); without it, tune searches the whole range for the strategy',
      ).argParser(parseMemoryList),
    )
    .addOption(
      new Option('-n, --invocations <n>', 'invocations per memory size (a search: at most, per size)')
        .argParser(parsePositiveInt('--invocations', 10_000))
        .default(DEFAULTS.invocations),
    )
    .addOption(
      new Option('-c, --concurrency <n>', "parallel invocations (never above the function's reserved concurrency)")
        .argParser(parsePositiveInt('--concurrency', 1_000))
        .default(DEFAULTS.concurrency),
    )
    .addOption(
      new Option('--payload <json>', 'event to send: a JSON value, or [{"payload": …, "weight": n}, …]').argParser(parseJsonValue).conflicts('payloadFile'),
    )
    .addOption(new Option('--payload-file <path>', 'read the event (or weighted list) from a JSON file'))
    .addOption(
      new Option('--allowed-errors <types>', 'error types (errorType) that count as successful invocations, for functions whose errors are expected').argParser(
        parseErrorTypes,
      ),
    )
    .addOption(new Option('--dry-run', 'print the plan and its cost bound, change nothing').default(false))
    .addOption(new Option('-y, --yes', 'do not ask for confirmation').default(false))
    .addOption(new Option('--aliases', "also point an alias at each size's version while it is measured (deleted at the end)").default(false))
    .addOption(new Option('--apply', 'set the recommended memory at the end instead of restoring the original').default(false))
    .addOption(new Option('--record <file>', 'write every invocation as records JSONL (replayable with `replay`)'))
    .addOption(new Option('--budget <usd>', 'refuse a plan that could cost more than this').argParser(parsePrice('--budget')))
    .addOption(new Option('--copy', 'measure a temporary copy (same code and configuration), never the function itself; deleted at the end').default(false))
    .addOption(
      new Option('--arch <list>', "with --copy: architectures to measure, one copy each (x86_64,arm64); default: the function's").argParser(parseArchitectures),
    )
    .addOption(new Option('--code-bucket <bucket>', 'with --copy: S3 bucket for a package over 50 MB (put there for the copy, deleted after)'))
    .addOption(
      new Option(
        '--code-file <zip>',
        "with --copy: the function's package from this file instead of its Code.Location (checked against CodeSha256 all the same)",
      ),
    )
    .addOption(new Option('--apply-to <function>', 'with --copy: set the recommended memory on this function at the end (it must be the function copied)'));
  return addAnalysisOptions(addAwsOptions(cmd), ['table', 'json', 'csv', 'markdown', 'html']);
}

/** The options as commander parses them, typed by their declarations above. */
export type TuneCliOptions = ReturnType<ReturnType<typeof tuneCommand>['opts']>;

export function registerTune(program: Command, ctx: CliContext): void {
  tuneCommand(program).action(async (functionName, options) => {
    const { tuneAction } = await import('./tune-action.js');
    await tuneAction(functionName, options, ctx);
  });
}
