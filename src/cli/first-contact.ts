/**
 * The mistakes a newcomer makes before any command runs. `tune` is the default command, so without
 * these checks `lambda-rightsize scna` or `lambda-rightsize prime-sieve.log` would go to AWS and come
 * back as "function scna not found" — or, worse, with a region or credentials error that hides the typo.
 */
import { functionNameError } from '../aws/function-name.js';
import { UsageError } from '../errors.js';
import { nearMiss } from '../near-miss.js';

export { editDistance, nearMiss } from '../near-miss.js';

export interface FirstContactInput {
  argv: readonly string[];
  /** Every command name, the default (`tune`) included. */
  commands: readonly string[];
  isFile(path: string): boolean;
}

/** Positional arguments from the start of argv, up to the first option. */
function leadingPositionals(argv: readonly string[]): string[] {
  const end = argv.findIndex((arg) => arg.startsWith('-') && arg !== '-');
  return [...(end === -1 ? argv : argv.slice(0, end))];
}

/** A shell-safe rendering of a path for a suggested command line. */
export function shellQuote(arg: string): string {
  return /^[\w./@%+=:,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The error for a log file given where a function name belongs. */
export function fileNotFunction(files: readonly string[]): UsageError {
  const list = files.map(shellQuote).join(' ');
  return new UsageError(
    `${files.length === 1 ? `${files[0]} is a file` : `${list} are files`}, not a Lambda function`,
    `did you mean \`lambda-rightsize replay ${list}\`?`,
  );
}

/** The error for a command's near miss where the default command would take it for a function. */
function unknownCommand(word: string, command: string): UsageError {
  const help = command === 'help' ? '--help' : `${command} --help`;
  return new UsageError(
    `unknown command "${word}"`,
    `did you mean ${command}? (\`lambda-rightsize ${help}\`; to tune a function named ${word}, run \`lambda-rightsize tune ${shellQuote(word)}\`)`,
  );
}

/**
 * What `tune` is given where a function belongs: a log file (→ replay it), a path that is no file
 * (function names, partial ARNs and ARNs never contain "/"), or — when `tune` was not typed, so the
 * default command took it — a near miss of a command (`--region eu-west-1 scna`).
 */
export function checkFunctionArgument(
  target: string,
  context: { isFile(path: string): boolean; commands: readonly string[]; tuneTyped: boolean },
): UsageError | undefined {
  if (context.isFile(target)) return fileNotFunction([target]);
  if (target.includes('/')) {
    return new UsageError(
      `${target} is neither a file nor a Lambda function name (names have no "/")`,
      `check the path; \`lambda-rightsize replay <files…>\` analyses log files`,
    );
  }
  const malformed = functionNameError(target);
  if (malformed) return malformed;
  const command = context.tuneTyped ? undefined : nearMiss(target, context.commands);
  return command === undefined ? undefined : unknownCommand(target, command);
}

/**
 * Refuses, before parsing, a first argument that is a near miss of a command or a file: both would
 * otherwise be taken for a function name by the default command. `undefined` when argv looks fine.
 */
export function checkFirstArgument(input: FirstContactInput): UsageError | undefined {
  const first = input.argv[0];
  if (first === undefined || first.startsWith('-') || input.commands.includes(first)) return undefined;
  if (input.isFile(first)) return fileNotFunction(leadingPositionals(input.argv).filter((arg) => input.isFile(arg)));
  const command = nearMiss(first, input.commands);
  return command === undefined ? undefined : unknownCommand(first, command);
}
