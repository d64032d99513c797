/** A yes/no question on the terminal, for commands that change an account. */
import { createInterface } from 'node:readline/promises';

export interface PromptStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * A confirm function when both stdin and stderr are terminals, else undefined: piped or CI runs
 * must say --yes rather than hang on a question nobody sees. The question goes to stderr so
 * stdout keeps only results. Anything but y/yes is a no.
 */
export function terminalConfirm(streams: PromptStreams, signal?: AbortSignal): ((question: string) => Promise<boolean>) | undefined {
  if (!streams.stdin.isTTY || !streams.stderr.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: streams.stdin, output: streams.stderr });
    // On a terminal readline takes Ctrl-C for itself; hand it on, so it interrupts like anywhere else.
    rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
    try {
      const answer = await rl.question(`${question} [y/N] `, signal ? { signal } : {});
      return /^\s*y(es)?\s*$/i.test(answer);
    } catch {
      // Aborted (Ctrl-C) or closed input: treat as no.
      return false;
    } finally {
      rl.close();
    }
  };
}
