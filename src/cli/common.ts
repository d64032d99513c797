/** Options shared by every command that prints a cost-against-speed analysis. */
import { Option, type Command, type OptionValues } from '@commander-js/extra-typings';
// Types only: this file loads with every command, and src/aws loads the SDK.
import type { AssumeRole } from '../aws/config.js';
import { DEFAULTS } from '../config/defaults.js';
import type { AnalysisSettings } from '../analysis/index.js';
import { UsageError } from '../errors.js';
import { ARCHITECTURES, STRATEGIES, type OutputFormat, type Strategy } from '../types.js';
import { parsePositiveInt, parsePositiveNumber, parsePrice, parseRange } from './parsers.js';

/** `fromArn`: whether the command takes function ARNs, whose region then wins (bench and cleanup do not). */
export function addAwsOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>, { fromArn = true } = {}) {
  const sources = "AWS_REGION, AWS_DEFAULT_REGION, the profile's";
  return cmd
    .addOption(new Option('--region <region>', `AWS region (default: ${fromArn ? `the ARN's, then ${sources}` : sources})`))
    .addOption(new Option('--profile <name>', 'named AWS profile').env('AWS_PROFILE'))
    .addOption(
      new Option(
        '--role-arn <arn>',
        `make every AWS call as this IAM role (STS AssumeRole)${fromArn ? '; a bare role name takes the account of the function ARN' : ''}`,
      ),
    )
    .addOption(new Option('--external-id <id>', "with --role-arn: the ExternalId the role's trust policy asks for"))
    .addOption(new Option('--role-session-name <name>', 'with --role-arn: the session name CloudTrail shows (default: lambda-rightsize)'));
}

export interface AwsIdentityOptions {
  profile?: string;
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
}

const ROLE_ARN = /^arn:(aws[a-zA-Z-]*):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * The profile and role every client of a command is built with. A bare role name (`--role-arn
 * Tuner`) is completed with the partition and account of the function ARN, which decide where the
 * function lives; a full role ARN in another account than that ARN's is refused.
 *
 * @throws UsageError for a malformed role or session name, or role options without --role-arn.
 */
export function awsIdentity(options: AwsIdentityOptions, functionArn?: string): { profile?: string; assumeRole?: AssumeRole } {
  const identity: { profile?: string; assumeRole?: AssumeRole } = options.profile ? { profile: options.profile } : {};
  if (options.roleArn === undefined) {
    const stray = options.externalId !== undefined ? '--external-id' : options.roleSessionName !== undefined ? '--role-session-name' : undefined;
    if (stray) throw new UsageError(`${stray} goes with --role-arn`, 'add --role-arn <arn> (the role to assume), or drop it');
    return identity;
  }
  const fn = functionArn?.startsWith('arn:') ? functionArn.split(':') : undefined;
  let roleArn = options.roleArn;
  if (!roleArn.startsWith('arn:')) {
    if (!ROLE_NAME.test(roleArn))
      throw new UsageError(`--role-arn ${roleArn} is neither an IAM role ARN nor a role name`, 'pass arn:aws:iam::<account>:role/<name>');
    if (!fn?.[4])
      throw new UsageError(
        `--role-arn ${roleArn} is a role name, and no function ARN says which account it is in`,
        "pass the role's full ARN (arn:aws:iam::<account>:role/<name>), or the function as an ARN",
      );
    roleArn = `arn:${fn[1]}:iam::${fn[4]}:role/${roleArn}`;
  }
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new UsageError(`--role-arn ${roleArn} is not an IAM role ARN`, 'pass arn:aws:iam::<account>:role/<name>');
  if (fn?.[4] && match[2] !== fn[4]) {
    throw new UsageError(
      `--role-arn ${roleArn} is in account ${match[2]}, but the function is in account ${fn[4]}`,
      `pass a role in ${fn[4]}, or only its name (--role-arn <name>) to take that account`,
    );
  }
  if (options.roleSessionName !== undefined && !SESSION_NAME.test(options.roleSessionName)) {
    throw new UsageError(`--role-session-name "${options.roleSessionName}" is not a session name`, '2–64 letters, digits and + = , . @ _ -');
  }
  identity.assumeRole = {
    roleArn,
    ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
    ...(options.roleSessionName !== undefined ? { sessionName: options.roleSessionName } : {}),
  };
  return identity;
}

/** Only `replay` takes a single --arch (tune reads the function's; bench takes a list of its own). */
export function addArchOption<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd.addOption(new Option('--arch <arch>', 'architecture whose prices apply (default: x86_64)').choices(ARCHITECTURES));
}

/**
 * The options of every command that prints a cost-against-speed analysis. The return type carries
 * them, so each action's options are typed where they are declared (`@commander-js/extra-typings`).
 */
export function addAnalysisOptions<A extends unknown[], O extends OptionValues, G extends OptionValues, const F extends readonly OutputFormat[]>(
  cmd: Command<A, O, G>,
  outputs: F,
) {
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
    .addOption(new Option('--per <n>', 'price column per n invocations').argParser(parsePositiveInt('--per')).default(DEFAULTS.per, '1000000'))
    .addOption(new Option('--gb-second-price <usd>', 'override the price per GB-second').argParser(parsePrice('--gb-second-price')))
    .addOption(new Option('--request-price <usd>', 'override the price per request').argParser(parsePrice('--request-price')))
    .addOption(new Option('--chart', 'draw a small chart of cost and duration under the table').default(false))
    .addOption(new Option('-q, --quiet', 'print only the results').default(false))
    .addOption(new Option('--no-color', 'never colour the output (NO_COLOR is honoured too)'));
}

/** The price overrides, `--quiet` and `--no-color` of the commands that do not print an analysis table (scan, diff). */
export function addPriceAndQuietOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .addOption(new Option('--gb-second-price <usd>', 'override the price per GB-second').argParser(parsePrice('--gb-second-price')))
    .addOption(new Option('--request-price <usd>', 'override the price per request').argParser(parsePrice('--request-price')))
    .addOption(new Option('-q, --quiet', 'no progress on stderr').default(false))
    .addOption(new Option('--no-color', 'never colour the output (NO_COLOR is honoured too)'));
}

/** The analysis options as commander parses them (see addAnalysisOptions). */
interface ParsedAnalysisOptions {
  strategy: Strategy;
  weight: number;
  maxDuration?: number;
  discard: number;
  per: number;
  gbSecondPrice?: number;
  requestPrice?: number;
}

/** The one settings object every engine takes, built once from the options. */
export function analysisSettings(options: ParsedAnalysisOptions): AnalysisSettings {
  return {
    strategy: { name: options.strategy, weight: options.weight, ...(options.maxDuration !== undefined ? { maxDurationMs: options.maxDuration } : {}) },
    discard: options.discard,
    pricing: {
      per: options.per,
      ...(options.gbSecondPrice !== undefined ? { gbSecondUSD: options.gbSecondPrice } : {}),
      ...(options.requestPrice !== undefined ? { requestUSD: options.requestPrice } : {}),
    },
  };
}
