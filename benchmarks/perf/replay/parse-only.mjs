#!/usr/bin/env node
// Parser-only replay timing, for when the CLI is not built: reads a file with the same settings as
// `openLogSource` and counts records. Needs the parser bundled first:
//   npx esbuild src/logs/index.ts --bundle --platform=node --format=esm --outfile=benchmarks/perf/out/logs.mjs
// Usage: node benchmarks/perf/replay/parse-only.mjs <file>
import { createReadStream } from 'node:fs';
import { URL } from 'node:url';

const { parseRecords } = await import(new URL('../out/logs.mjs', import.meta.url).href);
const counters = { records: 0, malformed: 0 };
const sizes = new Map();
const started = process.hrtime.bigint();
for await (const record of parseRecords(createReadStream(process.argv[2], { highWaterMark: 1 << 20 }), counters)) {
  sizes.set(record.memoryMB, (sizes.get(record.memoryMB) ?? 0) + 1);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ ...counters, bySize: Object.fromEntries(sizes), seconds: Number(seconds.toFixed(3)) }));
