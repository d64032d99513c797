/**
 * Commander's own errors, rewritten as every other error of the tool: one line,
 * `lambda-rightsize: <problem> — <fix>`. Commander prints `error: …` and, for a typo, a second
 * "(Did you mean …?)" line; its messages carry no structured fields, so their known shapes are
 * matched here (commander 14, lib/command.js) and anything else is kept, joined onto one line.
 */
import type { CommanderError } from '@commander-js/extra-typings';
import { UsageError } from '../errors.js';

/** The long flag of a commander flag spec: "-m, --memory <list>" → "--memory". */
function longFlag(flags: string): string {
  return flags.split(/[ ,|]+/).find((part) => part.startsWith('--')) ?? flags.split(/[ ,|]+/)[0] ?? flags;
}

function withoutPeriod(text: string): string {
  return text.trim().replace(/\.$/, '');
}

/** `command` is the subcommand the argv named (or `tune`, the default), for the `--help` hint. */
export function usageErrorOf(error: CommanderError, command: string): UsageError {
  const help = `see \`lambda-rightsize ${command} --help\``;
  const [first = '', ...rest] = error.message.replace(/^error: /, '').split('\n');
  const suggestion = rest.join(' ').match(/^\(Did you mean (.*)\?\)$/)?.[1];
  let match: RegExpMatchArray | null;
  switch (error.code) {
    case 'commander.unknownOption':
      return new UsageError(first, suggestion ? `did you mean ${suggestion}? (${help})` : help, error);
    case 'commander.invalidArgument':
      if ((match = first.match(/^option '([^']+)' argument '(.*)' is invalid\. Allowed choices are (.*)$/))) {
        return new UsageError(`${longFlag(match[1]!)} ${match[2]} is not one of the choices`, `use one of ${withoutPeriod(match[3]!)}`, error);
      }
      if ((match = first.match(/^option '([^']+)' argument '(.*)' is invalid\. (.*)$/))) {
        // Our parsers name the option themselves ("--payload is not valid JSON"); say it once.
        const flag = longFlag(match[1]!);
        const reason = withoutPeriod(match[3]!);
        return new UsageError(reason.includes(flag) ? reason : `${flag}: ${reason}`, help, error);
      }
      break;
    case 'commander.excessArguments':
      if (command === 'tune') {
        return new UsageError(withoutPeriod(first), 'tune takes one function at a time; for log files run `lambda-rightsize replay <files…>`', error);
      }
      break;
    case 'commander.missingArgument':
      if (command === 'tune') {
        return new UsageError(
          withoutPeriod(first),
          'run `lambda-rightsize <function>` to tune one, `lambda-rightsize replay <logs…>` to analyse recorded logs, or `lambda-rightsize --help`',
          error,
        );
      }
      break;
    case 'commander.conflictingOption':
      return new UsageError(first, 'give only one of them', error);
  }
  return new UsageError(withoutPeriod([first, ...rest].join(' ')), help, error);
}
