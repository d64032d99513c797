/** `cleanup`: options only; the work is loaded lazily so `--help` stays fast. */
import { Option, type Command } from 'commander';
import { addAwsOptions } from './common.js';
import type { CliContext } from './context.js';

export function registerCleanup(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('cleanup')
    .description('delete what bench or an interrupted tune left behind: bench functions (by tag and name prefix), tune versions and aliases')
    .addOption(new Option('--function <name>', 'also remove the versions and aliases a crashed tune left on this function'))
    .addOption(new Option('--dry-run', 'list what would be deleted, delete nothing').default(false))
    .addOption(new Option('-y, --yes', 'do not ask for confirmation').default(false));
  addAwsOptions(cmd);
  cmd.action(async (options: Record<string, unknown>) => {
    const { cleanupAction } = await import('./cleanup-action.js');
    await cleanupAction(options, ctx);
  });
}
