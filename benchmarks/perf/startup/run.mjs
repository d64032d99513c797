#!/usr/bin/env node
// Start-up bar (issue 2): `lambda-rightsize --help` takes at most 2.5× the wall time of `node -e 0`.
// Runs both commands alternately N times (default 30) after a warm-up, and compares medians.
// Usage: npm run build && node benchmarks/perf/startup/run.mjs [runs]
import { spawnSync } from 'node:child_process';

const runs = Number(process.argv[2] ?? 30);
const commands = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'lambda-rightsize --help': [process.execPath, ['bin/lambda-rightsize.js', '--help']],
  'lambda-rightsize replay --help': [process.execPath, ['bin/lambda-rightsize.js', 'replay', '--help']],
};

function time([cmd, args]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (const command of Object.values(commands)) time(command);
for (let i = 0; i < runs; i++) {
  for (const [name, command] of Object.entries(commands)) samples[name].push(time(command));
}
const median = (xs) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples['node -e 0']);
console.log(`node ${process.version}, ${runs} runs each, median wall time`);
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs);
  console.log(`${name.padEnd(32)} ${m.toFixed(1).padStart(7)} ms  ${(m / base).toFixed(2)}×`);
}
const ratio = median(samples['lambda-rightsize --help']) / base;
console.log(ratio <= 2.5 ? `PASS: --help is ${ratio.toFixed(2)}× node -e 0 (bar 2.5×)` : `FAIL: --help is ${ratio.toFixed(2)}× node -e 0 (bar 2.5×)`);
process.exitCode = ratio <= 2.5 ? 0 : 1;
