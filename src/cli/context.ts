/** What a command needs from the process, passed in so tests can run commands in-process. */
export interface CliContext {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** The folder relative paths and defaults such as scan's `--source` start from. */
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Aborted on SIGINT, SIGTERM and SIGHUP. */
  signal: AbortSignal;
  /**
   * A command that must clean up before exiting (tune, bench) calls this: an interrupt then only
   * aborts `signal`, and the command restores what it changed before the process exits with 130.
   * Without it an interrupt ends the process at once. With a `notice` (replay: nothing to undo), that
   * is what the first interrupt prints, and a second one ends the process at once.
   */
  holdInterrupts(notice?: string): void;
}

/** Colour level for stdout: none under --no-color, NO_COLOR, or when stdout is not a terminal. */
export function colorLevel(ctx: CliContext, wantColor: boolean): 0 | 1 | 2 | 3 {
  if (!wantColor || (ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '')) return 0;
  const force = ctx.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return force === '2' ? 2 : force === '3' ? 3 : 1;
  if (!ctx.stdout.isTTY) return 0;
  const term = ctx.env.COLORTERM ?? '';
  return term === 'truecolor' || term === '24bit' ? 3 : 2;
}

/**
 * Columns the table must fit in: the terminal's when stdout is one, else `COLUMNS` when the user
 * exported it; otherwise none, so files and pipes (and the README's examples) get every column.
 */
export function terminalWidth(ctx: Pick<CliContext, 'stdout' | 'env'>): number | undefined {
  if (ctx.stdout.isTTY && ctx.stdout.columns) return ctx.stdout.columns;
  const columns = Number(ctx.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/** stderr's columns when it is a terminal: progress and plans wrap at spaces there, never in CI logs. */
export function stderrWidth(ctx: Pick<CliContext, 'stderr'>): number | undefined {
  const { isTTY, columns } = ctx.stderr as { isTTY?: boolean; columns?: number };
  return isTTY && columns ? columns : undefined;
}

/**
 * Progress, plans and warnings on stderr: best-effort. A closed stderr (`2>&1 | head`) must never
 * stop a command — least of all a tune before it restored the function (main.ts swallows the
 * stream's 'error' event; the callback swallows the write's own error).
 */
export function note(ctx: Pick<CliContext, 'stderr'>, text: string): void {
  ctx.stderr.write(text, () => undefined);
}

/** Results on stdout: awaited, so a failed write is an error. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
