/** The one process boundary: signals, the real streams, and the exit code. */
import { ExitCode } from './errors.js';
import type { CliContext } from './cli/context.js';
import { runCli } from './cli/run.js';

function main(): void {
  const controller = new AbortController();
  let held = false;
  let notice: string | undefined;
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    // A hang-up (a closed terminal, an ssh drop, tmux kill-session) can arrive more than once — from
    // the kernel and again from the dying shell — and nobody is there to mean "abandon": only the
    // first one counts.
    if (signal === 'SIGHUP' && interrupts > 0) return;
    interrupts += 1;
    if (held && notice !== undefined) {
      if (interrupts > 1) process.exit(ExitCode.interrupted);
      process.stderr.write(`\nlambda-rightsize: ${signal} received — ${notice}\n`);
      controller.abort(new Error(signal));
      return;
    }
    if (held && interrupts >= 3) {
      process.stderr.write(
        'lambda-rightsize: cleanup abandoned — what this run changed may still be there; check the function, then run `lambda-rightsize cleanup` (with --function <name> after a tune)\n',
      );
    }
    if (!held || interrupts >= 3) process.exit(ExitCode.interrupted);
    if (interrupts === 1) {
      process.stderr.write(`\nlambda-rightsize: ${signal} received — undoing what this run changed before exiting…\n`);
      controller.abort(new Error(signal));
    } else {
      process.stderr.write('lambda-rightsize: still cleaning up; press Ctrl-C once more to abandon the cleanup (not recommended)\n');
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // A reader that went away (`| head`) ends a command that only reads; a command that changed
  // something (held) must finish undoing it first: its own write then fails, and it ends as it should.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!held && (error.code === 'EPIPE' || error.code === 'EIO')) process.exit(ExitCode.ok);
  });
  // Progress on a closed stderr (`2>&1 | head`) or a terminal that is gone (EIO after a hang-up) must
  // not kill a run before it restores the function: stderr is best-effort, and an unhandled 'error'
  // event would end the process on the spot.
  process.stderr.on('error', () => undefined);
  const ctx: CliContext = {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
    holdInterrupts: (text?: string) => {
      held = true;
      notice = text;
    },
  };
  void runCli(ctx).then((code) => {
    process.exitCode = code;
    // Lets stdout drain and exit naturally; an idle SDK socket must not keep a finished run alive.
    setTimeout(() => process.exit(code), 1000).unref();
  });
}

main();
