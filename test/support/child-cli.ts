/**
 * Runs the real CLI in a child process: src/main.ts (signals, exit code, the real streams) bundled
 * as esbuild.config.mjs does, so a test does not depend on a fresh `npm run build`.
 *
 * ```ts
 * const main = await bundleCli('tune-cli');           // in beforeAll
 * const cli = spawnCli(main, ['fn', '--yes'], { env: fake.env });
 * await cli.stderrMatches(/invoking/); cli.kill('SIGINT');
 * const { code, stdout, stderr } = await cli.exit;
 * ```
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled CLI's folder (main.js and its chunks), like dist/. */
    cliDist: string;
  }
}

export interface ChildRun {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildCli {
  exit: Promise<ChildRun>;
  kill(signal: NodeJS.Signals): void;
  /** Resolves once stderr so far matches `pattern`; rejects if the process ends first. */
  stderrMatches(pattern: RegExp): Promise<void>;
}

/**
 * The path of the bundled CLI's main.js: the run's bundle (test/support/global-setup.ts), or — under
 * a config without that setup — src/main.ts bundled into node_modules/.cache/rightsize-<name>/
 * (inside the repository, so the bundle finds node_modules; ignored by git), a folder per caller so
 * test files running in parallel never overwrite each other's bundle.
 */
export async function bundleCli(name: string): Promise<string> {
  const shared = inject('cliDist');
  if (shared) return join(shared, 'main.js');
  const out = resolve(`node_modules/.cache/rightsize-${name}`);
  await mkdir(out, { recursive: true });
  await promisify(execFile)(process.execPath, ['esbuild.config.mjs', join(out, 'dist')]);
  return join(out, 'dist', 'main.js');
}

/**
 * What a child-process test file sets up: the bundled CLI and a temporary folder, made before its
 * tests and removed after them. Read the fields inside tests (they are set in beforeAll).
 */
export function childCliFixture(name: string): { readonly main: string; readonly dir: string } {
  const fixture = { main: '', dir: '' };
  beforeAll(async () => {
    [fixture.main, fixture.dir] = await Promise.all([bundleCli(name), mkdtemp(join(tmpdir(), `rightsize-${name}-`))]);
  }, 60_000);
  afterAll(() => rm(fixture.dir, { recursive: true, force: true }));
  return fixture;
}

/**
 * Starts `node <main> ...args` with a minimal environment (no AWS_PROFILE or real credentials leak
 * in from the developer's shell) plus `env`. stdin is /dev/null unless `stdin` is given, so the CLI
 * sees a non-terminal, as in CI.
 */
export function spawnCli(
  main: string,
  args: readonly string[],
  options: {
    env?: Record<string, string>;
    stdin?: string;
    /** Close our ends of its stdout and stderr at once: every write of its fails (EPIPE). */ closeOutput?: boolean;
  } = {},
): ChildCli {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  if (options.closeOutput) {
    child.stdout!.destroy();
    child.stderr!.destroy();
  }
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  // Both are pipes (see stdio), so never null; the spawn typings cannot tell through the ternary.
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of watchers) check();
  });
  const exit = new Promise<ChildRun>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => {
      for (const check of watchers) check();
      done({ code, signal, stdout, stderr });
    });
  });
  let ended = false;
  void exit.finally(() => (ended = true)).catch(() => undefined);

  const stderrMatches = (pattern: RegExp): Promise<void> =>
    new Promise((done, fail) => {
      const check = (): void => {
        if (pattern.test(stderr)) {
          watchers.delete(check);
          done();
        } else if (ended || child.exitCode !== null || child.signalCode !== null) {
          watchers.delete(check);
          fail(new Error(`the CLI ended before stderr matched ${pattern}; stderr:\n${stderr}`));
        }
      };
      watchers.add(check);
      check();
    });

  return { exit, kill: (signal) => void child.kill(signal), stderrMatches };
}
