// Builds dist/ with esbuild. Dependencies stay external (installed by npm), and the CLI's
// commands are separate entry points loaded lazily, so `--help` and `replay` never parse the AWS SDK.
// `node esbuild.config.mjs <outdir>` builds the same CLI elsewhere (tests and benchmarks use their
// own copy, inside the repository so node_modules resolve, so a concurrent build cannot swap it).
// `--no-sourcemap` (npm's prepack) leaves the maps out of the published package: they are ~60 % of
// dist/ and only help someone debugging this repository, who builds with them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const args = process.argv.slice(2);
const outdir = args.find((arg) => !arg.startsWith('--')) ?? 'dist';
const sourcemap = !args.includes('--no-sourcemap');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap,
  logLevel: 'warning',
});
