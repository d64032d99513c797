#!/usr/bin/env node
/**
 * The package's figures as README.md ("Install") states them, from `npm pack --dry-run --json`:
 * packed and unpacked size, file count. Figures written by hand went stale (160 kB and 39 files
 * stood there while the package was 170 kB and 52 files); test/integration/package.test.ts checks
 * the README's against a real pack. `npm pack` runs prepack, so dist/ is rebuilt (without source
 * maps) first. `--write` puts the figures into README.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const out = execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
// prepack's own output may come before the JSON.
const [pack] = JSON.parse(out.slice(out.indexOf('[')));
const kB = (bytes) => Math.round(bytes / 1000);
const figures = `**${kB(pack.size)} kB packed** (${kB(pack.unpackedSize)} kB unpacked, ${pack.entryCount} files`;
console.log(figures.replace(/\*\*/g, '') + ')');

if (process.argv.includes('--write')) {
  const readme = readFileSync('README.md', 'utf8');
  const pattern = /\*\*\d+ kB packed\*\* \(\d+ kB unpacked, \d+ files/;
  if (!pattern.test(readme)) throw new Error('README.md has no "**N kB packed** (N kB unpacked, N files" to update');
  writeFileSync('README.md', readme.replace(pattern, figures));
}
