/** `bench <workload…>`: options only; the work is loaded lazily so `--help` stays fast. */
import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';
import { DEFAULTS } from '../config/defaults.js';
import { ARCHITECTURES, type Architecture } from '../types.js';
import { addAnalysisOptions, addAwsOptions } from './common.js';
import type { CliContext } from './context.js';
import { parseMemoryList, parsePositiveInt, parsePrice } from './parsers.js';
import { parseJsonValue } from './tune.js';

export const BENCH_DEFAULTS = Object.freeze({ runtime: 'nodejs22.x', timeoutSeconds: 120, architectures: ['x86_64'] as const });

/** "x86_64,arm64" → ['x86_64', 'arm64'], in the given order, without duplicates. */
export function parseArchList(raw: string): Architecture[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = items.find((item) => !(ARCHITECTURES as readonly string[]).includes(item));
  if (items.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(`${bad === undefined ? 'no architecture given' : `unknown architecture "${bad}"`}: use x86_64, arm64 or x86_64,arm64.`);
  }
  return [...new Set(items as Architecture[])];
}

export function parseRuntime(raw: string): string {
  if (!/^nodejs\d+\.x$/.test(raw)) throw new InvalidArgumentError(`runtime "${raw}" is not a Node.js Lambda runtime: use e.g. nodejs22.x or nodejs24.x.`);
  return raw;
}

export function parseRoleArn(raw: string): string {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(raw)) {
    throw new InvalidArgumentError(`--role must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got "${raw}".`);
  }
  return raw;
}

function benchCommand(program: Command) {
  const cmd = program
    .command('bench')
    .description('deploy benchmark workloads as temporary functions, measure them across memory sizes and architectures, delete them')
    .argument('<workloads...>', 'bundled workload names (prime-sieve, parallel-sieve, io-wait, memory-hungry) or folders with an index.mjs')
    .addOption(
      new Option('--role <arn>', 'execution role for the temporary functions (not needed for --dry-run)')
        .argParser(parseRoleArn)
        .env('LAMBDA_RIGHTSIZE_BENCH_ROLE'),
    )
    .addOption(
      new Option('--arch <list>', 'architectures to deploy, comma-separated').argParser(parseArchList).default([...BENCH_DEFAULTS.architectures], 'x86_64'),
    )
    .addOption(new Option('--runtime <runtime>', 'Node.js runtime of the functions').argParser(parseRuntime).default(BENCH_DEFAULTS.runtime))
    .addOption(
      new Option('-m, --memory <list>', 'memory sizes in MB, comma-separated (128–10240)')
        .argParser(parseMemoryList)
        .default([...DEFAULTS.memorySizes], DEFAULTS.memorySizes.join(',')),
    )
    .addOption(new Option('--search', "choose each function's sizes by tune's search of the whole range instead of --memory").default(false))
    .addOption(
      new Option('-n, --invocations <n>', 'invocations per memory size').argParser(parsePositiveInt('--invocations', 10_000)).default(DEFAULTS.invocations),
    )
    .addOption(new Option('-c, --concurrency <n>', 'parallel invocations').argParser(parsePositiveInt('--concurrency', 1_000)).default(DEFAULTS.concurrency))
    .addOption(
      new Option('--timeout <seconds>', 'function timeout; also bounds the cost estimate')
        .argParser(parsePositiveInt('--timeout', 900))
        .default(BENCH_DEFAULTS.timeoutSeconds),
    )
    .addOption(new Option('--payload <json>', "event to send (default {}: each workload's own defaults)").argParser(parseJsonValue).conflicts('payloadFile'))
    .addOption(new Option('--payload-file <path>', 'read the event (or weighted list) from a JSON file'))
    .addOption(new Option('--keep', 'do not delete the functions at the end (delete them later with `cleanup`)').default(false))
    .addOption(new Option('--dry-run', 'print the plan and its cost bound, create nothing').default(false))
    .addOption(new Option('-y, --yes', 'do not ask for confirmation').default(false))
    .addOption(new Option('--budget <usd>', 'refuse a plan that could cost more than this').argParser(parsePrice('--budget')));
  // Without the shared single --arch: bench's --arch above is the list of architectures to deploy.
  return addAnalysisOptions(addAwsOptions(cmd, { fromArn: false }), ['table', 'json', 'csv', 'markdown', 'html']);
}

/** The options as commander parses them, typed by their declarations above. */
export type BenchCliOptions = ReturnType<ReturnType<typeof benchCommand>['opts']>;

export function registerBench(program: Command, ctx: CliContext): void {
  benchCommand(program).action(async (workloads, options) => {
    const { benchAction } = await import('./bench-action.js');
    await benchAction(workloads, options, ctx);
  });
}
