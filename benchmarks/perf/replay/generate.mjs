#!/usr/bin/env node
// Writes a realistic raw CloudWatch Logs text export for the replay benchmark: mostly application
// lines, with START / END / REPORT per invocation, several memory sizes, occasional cold starts,
// X-Ray suffixes, errors and timeouts. Deterministic (seeded) and streamed, so any size fits in memory.
// Usage: node benchmarks/perf/replay/generate.mjs <out-path> [sizeMB=1024] [shape=app]
// Shapes: `app` (8-31 app lines per invocation, ~350,000 invocations per GB), `dense` (4-13 app lines,
// ~750,000 per GB) and `report-only` (the REPORT lines alone, as `filter-log-events --filter-pattern
// REPORT` returns them: ~7 million per GB).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from '../../lib/seeded-random.mjs';

const SHAPES = { app: { min: 8, spread: 24 }, dense: { min: 4, spread: 10 }, 'report-only': { min: 0, spread: 0, reportOnly: true } };
const [outPath, sizeArg = '1024', shapeArg = 'app'] = process.argv.slice(2);
if (!outPath || !SHAPES[shapeArg]) {
  console.error('usage: generate.mjs <out-path> [sizeMB=1024] [app|dense|report-only]');
  process.exitCode = 2;
} else {
  await generate(outPath, Number(sizeArg) * 1024 * 1024, SHAPES[shapeArg]);
}

async function generate(path, targetBytes, shape) {
  const random = seededRandom(20240611);
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16);
    return s;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
  // Mean warm duration per size: CPU-bound work scales with the CPU share until one vCPU (1769 MB).
  const sizes = [
    { mb: 128, ms: 2400 },
    { mb: 256, ms: 1210 },
    { mb: 512, ms: 610 },
    { mb: 1024, ms: 305 },
    { mb: 1769, ms: 178 },
    { mb: 3008, ms: 176 },
  ];
  const messages = [
    (id) => `INFO\t{"level":"info","msg":"received event","source":"aws.events","detailType":"Scheduled Event","id":"${id}"}`,
    () => `INFO\tfetching configuration from SSM parameter /prod/orders/config`,
    () => `INFO\tquery orders table: partition=customer#${Math.floor(random() * 90000) + 10000} items=${Math.floor(random() * 200)}`,
    () => `DEBUG\tcache ${random() < 0.7 ? 'hit' : 'miss'} for key product:${hex(10)}`,
    () => `INFO\tcomputed totals in ${(random() * 40).toFixed(2)} ms over ${Math.floor(random() * 5000)} rows`,
    () => `WARN\tslow downstream call to https://api.example.com/v2/inventory took ${Math.floor(random() * 900 + 100)} ms (retry ${Math.floor(random() * 3)})`,
    () => `INFO\tpublishing ${Math.floor(random() * 20)} messages to arn:aws:sns:us-east-1:123456789012:orders-updated`,
    () => `DEBUG\t${JSON.stringify({ headers: { 'content-type': 'application/json', 'x-request-id': hex(16) }, path: '/orders', method: 'GET' })}`,
  ];
  const out = createWriteStream(path);
  let written = 0;
  let buffer = '';
  let clock = Date.UTC(2024, 5, 11, 8, 0, 0);
  const sinceCold = sizes.map(() => Infinity);
  while (written < targetBytes) {
    const s = Math.floor(random() * sizes.length);
    const size = sizes[s];
    const id = uuid();
    const cold = sinceCold[s] > 150 + random() * 100;
    sinceCold[s] = cold ? 0 : sinceCold[s] + 1;
    const duration = size.ms * (0.85 + random() * 0.3) + (cold ? size.ms * 0.2 : 0);
    const init = cold ? 180 + random() * 250 : 0;
    const appLines = shape.min + Math.floor(random() * shape.spread);
    const began = clock;
    clock += Math.ceil(init + duration) + Math.floor(random() * 400);
    const iso = (i) => new Date(began + init + Math.floor((i * duration) / appLines)).toISOString();
    let lines = shape.reportOnly ? '' : `START RequestId: ${id} Version: $LATEST\n`;
    for (let i = 0; i < appLines; i++) {
      // Now and then an app line mentions a REPORT: a false hit the parser must reject cheaply.
      const message =
        random() < 0.01 ? 'INFO\tmonthly REPORT job skipped: not the first day of the month' : messages[Math.floor(random() * messages.length)](id);
      if (!shape.reportOnly) lines += `${iso(i)}\t${id}\t${message}\n`;
    }
    const roll = random();
    const status = roll < 0.002 ? 'timeout' : roll < 0.006 ? 'error' : 'success';
    const used = Math.min(size.mb, Math.floor(60 + random() * 30 + (status === 'error' ? size.mb : 0)));
    if (!shape.reportOnly) lines += `END RequestId: ${id}\n`;
    let report = `REPORT RequestId: ${id}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration + init)} ms\tMemory Size: ${size.mb} MB\tMax Memory Used: ${used} MB\t`;
    if (cold) report += `Init Duration: ${init.toFixed(2)} ms\t`;
    if (status === 'timeout') report += 'Status: timeout\t';
    if (status === 'error') report += 'Status: error\tError Type: Runtime.OutOfMemory\t';
    if (random() < 0.05) report += `\nXRAY TraceId: 1-${hex(8)}-${hex(24)}\tSegmentId: ${hex(16)}\tSampled: true\t`;
    lines += `${report}\n`;
    buffer += lines;
    if (buffer.length > 1 << 20) {
      written += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}
