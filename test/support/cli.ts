/** Runs the CLI in-process with captured streams, for argv → behaviour tests. */
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/run.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(): PassThrough & { text: () => string; isTTY?: boolean } {
  const stream = new PassThrough() as PassThrough & { text: () => string; isTTY?: boolean };
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.text = () => Buffer.concat(chunks).toString('utf8');
  return stream;
}

export async function runInProcess(argv: string[], options: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  const code = await runCli({
    argv,
    env: { NO_COLOR: '1', ...options.env },
    cwd: process.cwd(),
    stdin,
    stdout,
    stderr,
    signal: options.signal ?? new AbortController().signal,
    holdInterrupts: () => undefined,
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
