/**
 * The table in a real 80-column terminal: the built CLI runs inside a detached tmux pane of 80 × 60,
 * so it sees a TTY and its width as a user's shell gives them, and the pane is read back with the
 * terminal's own line wrapping undone (`capture-pane -J`): a row the terminal had to wrap would come
 * back longer than 80 columns.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../support/child-cli.js';
import { startFakeAws } from '../support/fake-aws/index.js';
import { steadyReports } from '../support/insights/generate.js';
import { scanInsights } from '../support/insights/index.js';
import { seedFunctions } from '../support/insights/seed.js';

const exec = promisify(execFile);
const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux'].find((path) => existsSync(path));
/** .ci/run sets this, so CI fails instead of skipping when tmux is missing. */
const REQUIRED = process.env.LAMBDA_RIGHTSIZE_REQUIRE_TMUX === '1';
const SOCKET = `rightsize-narrow-${process.pid}`;
const LOG = 'benchmarks/recordings/prime-sieve.log';

async function tmux(...args: string[]): Promise<string> {
  const { stdout } = await exec(TMUX ?? 'tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', NO_COLOR: '1' },
  });
  return stdout;
}

/** Runs `node main args…` (with `env`) in a fresh 80-column pane and returns what the pane shows, lines unwrapped. */
async function runIn80Columns(main: string, args: readonly string[], name: string, env: Record<string, string> = {}): Promise<string[]> {
  const vars = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  const quoted = ['env', ...vars, process.execPath, main, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  // The pane stays open after the command (sleep) so it can be read; `wait-for` says when it is done.
  await tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '60', `${quoted}; tmux -L ${SOCKET} wait-for -S ${name}-done; sleep 60`);
  await tmux('wait-for', `${name}-done`);
  // From the start of the history: a long run scrolls past the pane's 60 lines.
  const pane = await tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
  await tmux('kill-session', '-t', name);
  return pane.trimEnd().split('\n');
}

describe.skipIf(!TMUX && !REQUIRED)('the table in an 80-column terminal (tmux)', () => {
  let main: string;

  beforeAll(async () => {
    main = await bundleCli('narrow-terminal');
    // One session lives for the whole file: killing a test's session then never stops the server,
    // and the next test's new-session cannot reach a server that is still exiting ("server exited
    // unexpectedly", seen in full runs).
    await tmux('new-session', '-d', '-s', 'keep-alive', 'sleep 600');
  }, 60_000);

  afterAll(async () => {
    await tmux('kill-server').catch(() => undefined);
  });

  it('fits the replay table in 80 columns with one line per memory size', async () => {
    const lines = await runIn80Columns(main, ['replay', LOG, '--per', '1000'], 'replay');

    const rule = lines.findIndex((line) => /^─+$/.test(line));
    expect(rule).toBeGreaterThan(1);
    const table = lines.slice(rule - 2, rule + 5);
    for (const line of table) expect(line.length).toBeLessThanOrEqual(80);
    // Memory, mean (and its interval while it fits), p95, cost and the comparison, all on the size's one line.
    expect(table.slice(3)).toEqual([
      expect.stringMatching(/^\s+128\s.*11,723\.0\s+(?:±\S+ %\s+)?11,723\.0\s+\$0\.0246\d\s+cheapest\s+×8\.00 slower$/),
      expect.stringMatching(/^\s+256\s.*6,679\.0\s+(?:±\S+ %\s+)?6,679\.0\s+\$0\.0280\d\s+\+13\.8 %\s+×4\.56 slower$/),
      expect.stringMatching(/^\s+512\s.*3,195\.0\s+(?:±\S+ %\s+)?3,195\.0\s+\$0\.0268\d\s+\+8\.9 %\s+×2\.18 slower$/),
      expect.stringMatching(/^▶\s+1024\s.*1,466\.0\s+(?:±\S+ %\s+)?1,466\.0\s+\$0\.0246\d\s+\+0\.04 %\s+fastest$/),
    ]);
    // And nothing else the tool printed needed the terminal to wrap it either.
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('fits the scan table in 80 columns: function, memory and finding on one line each', async () => {
    const DAY = 86_400_000;
    const now = Date.now();
    const fake = await startFakeAws({ clockStartMs: now - 30 * DAY });
    try {
      fake.insights = scanInsights;
      const steady = (memoryMB: number, usedMB: number) => steadyReports(200, { memoryMB, minUsedMB: usedMB - 20, maxUsedMB: usedMB, durationMs: 120 });
      seedFunctions(
        fake,
        [
          { name: 'orders-api-production-eu-west-1-handler', memoryMB: 3008, reports: steady(3008, 140) },
          { name: 'worker', memoryMB: 512, reports: steady(512, 380) },
          { name: 'ghost', memoryMB: 1024 },
        ],
        { fromMs: now - 13 * DAY, toMs: now - DAY },
      );
      const lines = await runIn80Columns(main, ['scan', '--all', '--no-source'], 'scan', { ...fake.env, AWS_PROFILE: '', GITHUB_ACTIONS: '' });

      const rule = lines.findIndex((line) => /^─+$/.test(line));
      expect(rule).toBeGreaterThan(0);
      expect(lines[rule - 1]).toMatch(/^function\s+memory\s.*finding$/);
      expect(lines.slice(rule + 1, rule + 4)).toEqual([
        expect.stringMatching(/^ghost\s+1024 MB\s.*no-data/),
        expect.stringMatching(/^orders-api-production-eu-west-1-handler\s+3008 MB\s.*memory-headroom/),
        expect.stringMatching(/^worker\s+512 MB\s.*ok$/),
      ]);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    } finally {
      await fake.close();
    }
  });

  it("wraps tune's plan and progress at word boundaries in 80 columns, with continuation indents", async () => {
    const name = 'orders-api-production-eu-west-1-handler';
    const fake = await startFakeAws({ functions: [{ name, memoryMB: 1024, timeoutS: 30, work: { cpuMs: 20 } }] });
    try {
      const lines = await runIn80Columns(main, [name, '--yes', '-m', '128,1024,1769', '-n', '5'], 'tune', {
        ...fake.env,
        AWS_PROFILE: '',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });

      for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
      // No size or percentage parted from its unit at a line's end ("1024 M|B back", "95 |%").
      lines.forEach((line, i) => {
        if (/\d$/.test(line)) expect(lines[i + 1] ?? '').not.toMatch(/^\s*(MB|%|ms|s)\b/);
      });
      // The plan's long "steps:" line goes on under its value, not at the left edge.
      const steps = lines.findIndex((line) => line.startsWith('  steps:        '));
      expect(steps).toBeGreaterThan(0);
      expect(lines[steps + 1]).toMatch(/^ {16}\S/);
      // The restore line is a progress line that no longer fits in 80 columns: wrapped, indented.
      const restored = lines.findIndex((line) => line.startsWith(`restored ${name} to 1024 MB`));
      expect(restored).toBeGreaterThan(steps);
      expect(lines[restored + 1]).toMatch(/^ {2}\S/);
    } finally {
      await fake.close();
    }
  });
});
