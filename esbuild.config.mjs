// Builds dist/ with esbuild. Dependencies stay external (installed by npm), and the CLI's
// commands are separate entry points loaded lazily, so `--help` and `replay` never parse the AWS SDK.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
