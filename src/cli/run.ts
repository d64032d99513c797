/** Parses argv, runs a command, and turns every error into one line on stderr and an exit code. */
import { CommanderError } from 'commander';
import { ExitCode, RightsizeError } from '../errors.js';
import { buildProgram } from './program.js';
import type { CliContext } from './context.js';

/** Runs the CLI and resolves to the exit code; never calls process.exit itself (tests call it in-process). */
export async function runCli(ctx: CliContext): Promise<number> {
  try {
    await buildProgram(ctx).parseAsync(ctx.argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, ctx);
  }
}

function reportError(error: unknown, ctx: CliContext): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message (or the help / version text).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return ExitCode.ok;
    }
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
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
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'EPIPE';
}
