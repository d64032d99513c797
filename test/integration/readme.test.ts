import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli.js';

describe('README', () => {
  it('shows the replay table exactly as the CLI prints it', async () => {
    const readme = await readFile('README.md', 'utf8');
    const block = readme.match(/```\n\$ lambda-rightsize (replay benchmarks\/recordings\/prime-sieve\.log \\\n[^\n]*)\n([\s\S]*?)```/);
    expect(block).not.toBeNull();
    const argv = block![1]!.replace('\\\n', ' ').split(/\s+/).filter(Boolean);

    const run = await runInProcess(argv);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(block![2]);
  });

  it('starts with the two newcomer commands', async () => {
    const lines = (await readFile('README.md', 'utf8')).split('\n');
    expect(lines.slice(3, 5).join('\n')).toMatch(
      /^npm ci && npm run build && node bin\/lambda-rightsize\.js replay benchmarks\/recordings\/prime-sieve\.log .*\nnpm test /,
    );
  });

  it('lists in the top-level help every exit code of its table', async () => {
    const readme = await readFile('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('## Exit codes'));
    const codes = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => m[1]!);

    const run = await runInProcess(['--help']);

    const help = /Exit codes: (.*)/.exec(run.stdout)?.[1] ?? '';
    expect(codes.length).toBeGreaterThan(5);
    expect([...help.matchAll(/(?:^|· )(\d+) /g)].map((m) => m[1])).toEqual(codes);
  });
});
