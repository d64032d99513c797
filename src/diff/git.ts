/**
 * The repository through the `git` command (execFile, no shell): commits, the merge base, and the
 * infrastructure files at a commit and in the working tree. Every failure a user can cause — no
 * git, no repository, an unknown ref, a shallow clone without the base — is one UsageError line.
 */
import { execFile, spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../errors.js';
import { isSourcePath, MAX_SOURCE_BYTES, MAX_SOURCE_FILES, mayDeclareFunction } from '../scan/iac/files.js';
import type { SourceFile } from '../scan/iac/locate.js';
import type { Repository } from './ports.js';

const run = promisify(execFile);
const MAX_BUFFER = 256 * 1024 * 1024;
const FETCH_HINT = 'in GitHub Actions, check out with `fetch-depth: 0` so the base is there';

async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: MAX_BUFFER, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError('git is not installed (or not on PATH)', 'install git: diff compares commits with it', error);
    }
    throw error;
  }
}

/**
 * The repository that holds `dir`; a UsageError when there is none. `baseBranch` (a pull request's
 * target, `GITHUB_BASE_REF` in Actions) is tried first for the default base, remote then local.
 */
export async function openRepository(dir: string, baseBranch?: string): Promise<Repository> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`--source ${dir} is not a folder`, 'give the folder of your infrastructure code');
  let root: string;
  try {
    root = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${dir} is not in a git repository`, 'run diff inside the repository that holds your infrastructure code', error);
  }
  return new GitRepository(root, baseBranch);
}

class GitRepository implements Repository {
  constructor(
    readonly root: string,
    private readonly baseBranch?: string,
  ) {}

  async resolve(ref: string): Promise<string> {
    // A ref that starts with `-` would be read as an option.
    if (ref === '' || ref.startsWith('-')) throw new UsageError(`--base "${ref}" is not a git ref`, 'give a branch, tag or commit');
    try {
      return (await git(this.root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`unknown git ref "${ref}"`, `give a branch, tag or commit of this repository; ${FETCH_HINT}`, error);
    }
  }

  async defaultBase(): Promise<{ ref: string; commit: string }> {
    const ref = await this.defaultBranch();
    try {
      return { ref, commit: (await git(this.root, ['merge-base', 'HEAD', ref])).trim() };
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`HEAD and ${ref} have no merge base here`, `pass --base <ref>; ${FETCH_HINT}`, error);
    }
  }

  /** The pull request's target, else `origin/HEAD`, else the usual names, remote first. */
  private async defaultBranch(): Promise<string> {
    const symbolic = await git(this.root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']).catch(() => '');
    const target = this.baseBranch && !this.baseBranch.startsWith('-') ? [`origin/${this.baseBranch}`, this.baseBranch] : [];
    const candidates = [...target, symbolic.trim(), 'origin/main', 'origin/master', 'main', 'master'].filter((c) => c !== '');
    for (const candidate of candidates) {
      const found = await git(this.root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]).catch(() => '');
      if (found.trim() !== '') return candidate;
    }
    throw new UsageError('no default branch to compare with (no origin/HEAD, main or master)', 'pass --base <ref>');
  }

  async filesAt(commit: string, prefix: string): Promise<SourceFile[]> {
    const listing = await git(this.root, ['ls-tree', '-r', '-l', '-z', commit, '--', prefix === '' ? '.' : prefix]);
    const blobs = listing
      .split('\0')
      .filter((entry) => entry !== '')
      .map((entry) => {
        const [meta = '', path = ''] = entry.split('\t');
        const [, type, sha, size] = meta.split(/\s+/);
        return { type, sha: sha as string, size: Number(size), path };
      })
      .filter((b) => b.type === 'blob' && b.size <= MAX_SOURCE_BYTES && isSourcePath(b.path))
      .slice(0, MAX_SOURCE_FILES);
    const texts = await catFiles(
      this.root,
      blobs.map((b) => b.sha),
    );
    return blobs.flatMap((b, i) => {
      const text = texts[i] as string;
      return mayDeclareFunction(text) ? [{ path: b.path, text }] : [];
    });
  }

  async workingFiles(prefix: string): Promise<SourceFile[]> {
    const listing = await git(this.root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', prefix === '' ? '.' : prefix]);
    const paths = [...new Set(listing.split('\0').filter((p) => p !== '' && isSourcePath(p)))].toSorted().slice(0, MAX_SOURCE_FILES);
    const files = await Promise.all(
      paths.map(async (path): Promise<SourceFile | undefined> => {
        const full = join(this.root, path);
        // Deleted in the working tree but still in the index: not there.
        const info = await stat(full).catch(() => undefined);
        if (!info?.isFile() || info.size > MAX_SOURCE_BYTES) return undefined;
        const text = await readFile(full, 'utf8');
        return mayDeclareFunction(text) ? { path, text } : undefined;
      }),
    );
    return files.filter((f): f is SourceFile => f !== undefined);
  }
}

/** The contents of many blobs through one `git cat-file --batch`, in order. */
function catFiles(cwd: string, shas: readonly string[]): Promise<string[]> {
  if (shas.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file exited with ${code}`));
      const out = Buffer.concat(chunks);
      const texts: string[] = [];
      let at = 0;
      for (let i = 0; i < shas.length; i++) {
        const eol = out.indexOf(0x0a, at);
        const header = out.subarray(at, eol).toString('utf8').split(' ');
        const size = Number(header[2]);
        texts.push(out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
        at = eol + 1 + size + 1;
      }
      resolve(texts);
    });
    child.stdin.end(`${shas.join('\n')}\n`);
  });
}
