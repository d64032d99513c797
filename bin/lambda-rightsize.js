#!/usr/bin/env node
// A clone has no dist/ until it is built (installing runs no build script): say so in one line.
import { existsSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
if (existsSync(fileURLToPath(main))) {
  await import(main.href);
} else {
  console.error('lambda-rightsize: dist/ is not built — run `npm run build` in the clone first');
  process.exitCode = 2;
}
