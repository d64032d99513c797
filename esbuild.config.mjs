// Builds dist/ with esbuild. Dependencies stay external (installed by npm), and the CLI's
// commands are separate entry points loaded lazily, so `--help` and `replay` never parse the AWS SDK.
// `node esbuild.config.mjs <outdir>` builds the same CLI elsewhere (tests and benchmarks use their
// own copy, inside the repository so node_modules resolve, so a concurrent build cannot swap it).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = process.argv[2] ?? 'dist';
rmSync(outdir, { recursive: true, force: true });
await build({
  // The replay worker is an entry of its own: worker threads load it by path (dist/replay/worker.js).
  entryPoints: ['src/main.ts', 'src/replay/worker.ts'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
