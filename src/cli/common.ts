/** Options shared by every command that prints a cost-against-speed analysis. */
import { Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import { DEFAULTS } from '../config/defaults.js';
import { ARCHITECTURES, STRATEGIES, type OutputFormat } from '../types.js';
import { parsePositiveInt, parsePositiveNumber, parsePrice, parseRange } from './parsers.js';

/** `fromArn`: whether the command takes function ARNs, whose region then wins (bench and cleanup do not). */
export function addAwsOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>, { fromArn = true } = {}) {
  const sources = 'AWS_REGION, AWS_DEFAULT_REGION, the profile\'s';
  return cmd
    .addOption(new Option('--region <region>', `AWS region (default: ${fromArn ? `the ARN's, then ${sources}` : sources})`))
    .addOption(new Option('--profile <name>', 'named AWS profile').env('AWS_PROFILE'));
}

/** Only `replay` takes a single --arch (tune reads the function's; bench takes a list of its own). */
export function addArchOption<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd.addOption(new Option('--arch <arch>', 'architecture whose prices apply (default: x86_64)').choices(ARCHITECTURES));
}

/**
 * The options of every command that prints a cost-against-speed analysis. The return type carries
 * them, so each action's options are typed where they are declared (`@commander-js/extra-typings`).
 */
export function addAnalysisOptions<A extends unknown[], O extends OptionValues, G extends OptionValues, const F extends readonly OutputFormat[]>(cmd: Command<A, O, G>, outputs: F) {
  return cmd
    .addOption(new Option('-o, --output <format>', 'output format').choices(outputs).default(DEFAULTS.output))
    .addOption(new Option('--strategy <name>', 'what the recommendation optimises').choices(STRATEGIES).default(DEFAULTS.strategy))
    .addOption(
      new Option('--weight <w>', 'balanced: how much cost counts against speed (1 = cost only, 0 = speed only)')
        .argParser(parseRange('--weight', 0, 1))
        .default(DEFAULTS.weight),
    )
    .addOption(
      new Option('--discard <fraction>', 'fraction of the fastest and of the slowest invocations left out of the trimmed mean')
        .argParser(parseRange('--discard', 0, DEFAULTS.maxDiscard))
        .default(DEFAULTS.discard),
    )
    .addOption(new Option('--max-duration <ms>', 'only recommend sizes whose p95 duration is at most this').argParser(parsePositiveNumber('--max-duration')))
    .addOption(
      new Option('--per <n>', 'price column per n invocations')
        .argParser(parsePositiveInt('--per'))
        .default(DEFAULTS.per, '1000000'),
    )
    .addOption(new Option('--gb-second-price <usd>', 'override the price per GB-second').argParser(parsePrice('--gb-second-price')))
    .addOption(new Option('--request-price <usd>', 'override the price per request').argParser(parsePrice('--request-price')))
    .addOption(new Option('--chart', 'draw a small chart of cost and duration under the table').default(false))
    .addOption(new Option('-q, --quiet', 'print only the results').default(false))
    .addOption(new Option('--no-color', 'never colour the output (NO_COLOR is honoured too)'));
}
