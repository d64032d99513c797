import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathBase, readSourceTree, sourceDir } from '../../../src/scan/source-tree.js';

describe('sourceDir', () => {
  it.each([
    { case: 'a folder given', option: 'infra', env: {}, dir: 'infra' },
    { case: '--no-source in CI', option: false, env: { CI: 'true' }, dir: undefined },
    { case: 'nothing, in GitHub Actions', option: undefined, env: { GITHUB_ACTIONS: 'true' }, dir: '/repo' },
    { case: 'nothing, in another CI', option: undefined, env: { CI: 'true' }, dir: '/repo' },
    { case: 'nothing, on a laptop', option: undefined, env: {}, dir: undefined },
    { case: 'nothing, on a laptop, with --suggest-patch', option: undefined, env: {}, dir: '/repo', suggestPatch: true },
  ])('reads $case as $dir', ({ option, env, dir, suggestPatch }) => {
    expect(sourceDir(option, env, '/repo', suggestPatch)).toBe(dir);
  });
});

describe('pathBase', () => {
  it.each([
    { case: 'the workspace in GitHub Actions', env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: '/home/runner/work/r/r' }, base: '/home/runner/work/r/r' },
    { case: 'the working folder elsewhere', env: { GITHUB_WORKSPACE: '/w' }, base: '/repo/sub' },
  ])('is $case', ({ env, base }) => {
    expect(pathBase(env, '/repo/sub')).toBe(base);
  });
});

describe('readSourceTree', () => {
  it('keeps files that can declare a function, skips dependency folders but not cdk.out, with paths from the working folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rightsize-source-'));
    const template = 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n';
    await mkdir(join(root, 'infra', 'cdk.out'), { recursive: true });
    await mkdir(join(root, 'node_modules', 'pkg'), { recursive: true });
    await writeFile(join(root, 'infra', 'template.yaml'), template);
    await writeFile(join(root, 'infra', 'cdk.out', 'App.template.json'), '{\n "Resources": { "F": { "Type": "AWS::Lambda::Function" } }\n}\n');
    await writeFile(join(root, 'infra', 'package.json'), '{ "name": "infra" }\n');
    await writeFile(join(root, 'node_modules', 'pkg', 'template.yaml'), template);

    const files = await readSourceTree(join(root, 'infra'), root);

    expect(files.map((f) => f.path).toSorted()).toEqual(['infra/cdk.out/App.template.json', 'infra/template.yaml']);
  });

  it('refuses a path that is not a folder', async () => {
    await expect(readSourceTree('/nonexistent/infra', '/')).rejects.toThrow(/--source \/nonexistent\/infra is not a folder/);
  });
});
