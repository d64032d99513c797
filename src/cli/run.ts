/** Parses argv, runs a command, and turns every error into one line on stderr and an exit code. */
import { CommanderError } from '@commander-js/extra-typings';
import { ExitCode, RightsizeError } from '../errors.js';
import { buildProgram } from './program.js';
import type { CliContext } from './context.js';
import { isFile } from './files.js';
import { checkFirstArgument } from './first-contact.js';
import { usageErrorOf } from './option-errors.js';

/** Runs the CLI and resolves to the exit code; never calls process.exit itself (tests call it in-process). */
export async function runCli(ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  const commands = program.commands.map((cmd) => cmd.name());
  try {
    const mistake = checkFirstArgument({ argv: ctx.argv, commands: [...commands, 'help'], isFile });
    if (mistake) throw mistake;
    await program.parseAsync(ctx.argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, ctx, ctx.argv.find((arg) => commands.includes(arg)) ?? 'tune');
  }
}

function reportError(error: unknown, ctx: CliContext, command: string): number {
  if (error instanceof CommanderError) {
    // Help and version text are already printed; commander's own errors are not (program.ts).
    if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return ExitCode.ok;
    }
    return reportError(usageErrorOf(error, command), ctx, command);
  }
  if (error instanceof RightsizeError) {
    const hint = error.hint ? ` — ${error.hint}` : '';
    ctx.stderr.write(`lambda-rightsize: ${error.message}${hint}\n`);
    if (ctx.env.LAMBDA_RIGHTSIZE_DEBUG && error.cause) ctx.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.exitCode;
  }
  if (isBrokenPipe(error)) return ExitCode.ok;
  const detail = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`lambda-rightsize: internal error: ${detail} — this is a bug; please report it with LAMBDA_RIGHTSIZE_DEBUG=1 output\n`);
  if (ctx.env.LAMBDA_RIGHTSIZE_DEBUG && error instanceof Error) ctx.stderr.write(`${error.stack}\n`);
  return ExitCode.internal;
}

function isBrokenPipe(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
  // EIO: the terminal is gone (a hang-up); nobody is left to read either.
  return code === 'EPIPE' || code === 'EIO';
}
