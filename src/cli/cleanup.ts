/** `cleanup`: options only; the work is loaded lazily so `--help` stays fast. */
import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';
import { DEFAULTS } from '../config/defaults.js';
import { addAwsOptions } from './common.js';
import type { CliContext } from './context.js';

function parseWait(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1) throw new InvalidArgumentError(`--wait takes a number of seconds (at least 1), not "${value}"`);
  return seconds;
}

function cleanupCommand(program: Command) {
  const cmd = program
    .command('cleanup')
    .description('delete what bench or an interrupted tune left behind: bench functions (by tag and name prefix), tune versions and aliases')
    .addOption(new Option('--function <name>', 'also remove the versions and aliases a crashed tune left on this function'))
    .addOption(new Option('--dry-run', 'list what would be deleted, delete nothing').default(false))
    .addOption(
      new Option(
        '--force',
        "undo a tune run that looks alive (heard from in the last 3 minutes) now: you know it is dead; still only that run's own changes",
      ).default(false),
    )
    .addOption(
      new Option(
        '--wait [seconds]',
        `wait for a run that looks alive to go silent (or finish), then undo; at most this long (default ${DEFAULTS.cleanupWaitS})`,
      ).argParser(parseWait),
    )
    .addOption(new Option('-y, --yes', 'do not ask for confirmation').default(false));
  return addAwsOptions(cmd, { fromArn: false });
}

/** The options as commander parses them, typed by their declarations above. */
export type CleanupCliOptions = ReturnType<ReturnType<typeof cleanupCommand>['opts']>;

export function registerCleanup(program: Command, ctx: CliContext): void {
  cleanupCommand(program).action(async (options) => {
    const { cleanupAction } = await import('./cleanup-action.js');
    await cleanupAction(options, ctx);
  });
}
