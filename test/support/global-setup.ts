/**
 * Bundles src/main.ts once per `vitest run`, as esbuild.config.mjs builds dist/, for every test that
 * runs the CLI in a child process (bundleCli): one build instead of one per test file, and no test
 * depends on a fresh `npm run build`. The folder is the run's own (its pid), inside the repository
 * so the bundle finds node_modules, and removed at the end.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import type {} from './child-cli.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const out = resolve(`node_modules/.cache/rightsize-run-${process.pid}`);
  await mkdir(out, { recursive: true });
  const dist = join(out, 'dist');
  await promisify(execFile)(process.execPath, ['esbuild.config.mjs', dist]);
  project.provide('cliDist', dist);
  return () => rm(out, { recursive: true, force: true });
}
