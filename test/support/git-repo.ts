/**
 * Fixture repositories for `diff`: built by the test in a temporary folder with the real `git`, a
 * base commit on `main` and a second commit on a branch (or the change left in the working tree).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type Tree = Record<string, string | null>;

export interface FixtureRepo {
  dir: string;
  git(...args: string[]): string;
  write(files: Tree): void;
  remove(): void;
}

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};

export function emptyRepo(): FixtureRepo {
  const dir = mkdtempSync(join(tmpdir(), 'rightsize-diff-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: ENV, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  return {
    dir,
    git,
    write(files) {
      for (const [path, text] of Object.entries(files)) {
        const full = join(dir, path);
        if (text === null) rmSync(full, { force: true });
        else {
          mkdirSync(dirname(full), { recursive: true });
          writeFileSync(full, text);
        }
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `base` committed on main, then `change` committed on branch `feature` (or left uncommitted). */
export function fixtureRepo(base: Tree, change: Tree, options: { commit?: boolean } = {}): FixtureRepo {
  const repo = emptyRepo();
  repo.write(base);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write(change);
  if (options.commit ?? true) {
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'change memory');
  }
  return repo;
}
