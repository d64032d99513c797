#!/usr/bin/env node
// Writes the bundled prime-sieve recordings (see README.md here). Deterministic: re-running it
// reproduces both files byte for byte.
//   prime-sieve.log       raw CloudWatch text, x86_64, 128/256/512/1024 MB, 1 cold + 20 warm each.
//                         The warm means are the slide's exactly, and every warm Billed Duration is
//                         ceil(mean), so the slide's cost per 1000 runs comes out to the 6th decimal.
//   prime-sieve-json.log  JSON log format, arm64, 128/512/1024/1769 MB, 1 cold + 9 warm each.
// Usage: node benchmarks/recordings/make-prime-sieve.mjs [out-dir=this folder]
import { writeFileSync } from 'node:fs';
import { pathToFileURL, URL } from 'node:url';
import { seededRandom } from '../lib/seeded-random.mjs';

const here = process.argv[2] ? pathToFileURL(`${process.argv[2].replace(/\/$/, '')}/`) : new URL('.', import.meta.url);
const SLIDE = [
  { memoryMB: 128, meanMs: 11722.965 },
  { memoryMB: 256, meanMs: 6678.945 },
  { memoryMB: 512, meanMs: 3194.954 },
  { memoryMB: 1024, meanMs: 1465.984 },
];
const WARM = 20;

const random = seededRandom(1_000_000);
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const hex = (n) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`;

/**
 * `count` durations in hundredths of a ms, all in (ceil(mean) − 1, ceil(mean)], summing to exactly
 * count × mean: start every one at ceil(mean) and take the total shortfall off at random.
 */
function warmHundredths(meanMs, count) {
  const top = Math.ceil(meanMs) * 100;
  let shortfall = top * count - Math.round(meanMs * 100 * count);
  const values = new Array(count).fill(top);
  while (shortfall > 0) {
    const i = int(0, count - 1);
    if (top - values[i] >= 99) continue;
    const take = Math.min(shortfall, int(1, 12), 99 - (top - values[i]));
    values[i] -= take;
    shortfall -= take;
  }
  return values;
}

const ms2 = (hundredths) => (hundredths / 100).toFixed(2);

function textRecording() {
  const lines = [];
  let clock = Date.UTC(2019, 9, 14, 9, 0, 0);
  const iso = (offset = 0) => new Date(clock + offset).toISOString();
  for (const { memoryMB, meanMs } of SLIDE) {
    const warm = warmHundredths(meanMs, WARM);
    let maxUsed = int(62, 66);
    const invocations = [{ cold: true, hundredths: Math.round(meanMs * 100 * (1.02 + random() * 0.02)) }, ...warm.map((h) => ({ cold: false, hundredths: h }))];
    for (const { cold, hundredths } of invocations) {
      const id = uuid();
      const init = cold ? int(14800, 19900) : 0;
      if (cold) lines.push(`INIT_START Runtime Version: nodejs:20.v22\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:${hex(64)}`);
      lines.push(`START RequestId: ${id} Version: $LATEST`);
      lines.push(`${iso(Math.ceil(init / 100))}\t${id}\tINFO\tevent {"limit":1000000,"repeat":1000}`);
      const ms = Math.round(hundredths * 0.9995) / 100;
      lines.push(`${iso(Math.ceil((init + hundredths) / 100))}\t${id}\tINFO\tresult {"limit":1000000,"repeat":1000,"count":78498,"ms":${ms}}`);
      lines.push(`END RequestId: ${id}`);
      maxUsed = Math.min(90, maxUsed + int(0, 1));
      // Billed: ceil(Duration) warm; since Aug 2025 the INIT phase is billed too, so cold includes it.
      const billed = Math.ceil((hundredths + init) / 100);
      const fields = [`REPORT RequestId: ${id}`, `Duration: ${ms2(hundredths)} ms`, `Billed Duration: ${billed} ms`, `Memory Size: ${memoryMB} MB`, `Max Memory Used: ${maxUsed} MB`];
      if (cold) fields.push(`Init Duration: ${ms2(init)} ms`);
      lines.push(`${fields.join('\t')}\t`);
      clock += Math.ceil((hundredths + init) / 100) + int(40, 400);
    }
    clock += 60_000;
  }
  return `${lines.join('\n')}\n`;
}

function jsonRecording() {
  const sizes = [
    { memoryMB: 128, meanMs: 13140 },
    { memoryMB: 512, meanMs: 3512 },
    { memoryMB: 1024, meanMs: 1651 },
    { memoryMB: 1769, meanMs: 958 },
  ];
  const lines = [];
  let clock = Date.UTC(2025, 8, 2, 14, 30, 0);
  const time = (offset = 0) => new Date(clock + offset).toISOString();
  const ms3 = (value) => Math.round(value * 1000) / 1000;
  for (const { memoryMB, meanMs } of sizes) {
    let maxUsed = int(66, 70);
    for (let i = 0; i < 10; i++) {
      const cold = i === 0;
      const id = uuid();
      const init = cold ? ms3(150 + random() * 60) : 0;
      const duration = ms3(meanMs * (cold ? 1.03 : 0.985 + random() * 0.03));
      if (cold) {
        lines.push(JSON.stringify({ time: time(), type: 'platform.initStart', record: { initializationType: 'on-demand', phase: 'init', runtimeVersion: 'nodejs:22.v51', runtimeVersionArn: `arn:aws:lambda:eu-west-1::runtime:${hex(64)}`, functionName: 'prime-sieve', functionVersion: '$LATEST' } }));
        lines.push(JSON.stringify({ time: time(Math.round(init)), type: 'platform.initRuntimeDone', record: { initializationType: 'on-demand', phase: 'init', status: 'success' } }));
        lines.push(JSON.stringify({ time: time(Math.round(init)), type: 'platform.initReport', record: { initializationType: 'on-demand', phase: 'init', status: 'success', metrics: { durationMs: init } } }));
      }
      const begin = Math.round(init);
      lines.push(JSON.stringify({ time: time(begin), type: 'platform.start', record: { requestId: id, version: '$LATEST' } }));
      lines.push(JSON.stringify({ timestamp: time(begin + 1), level: 'INFO', requestId: id, message: 'event {"limit":1000000,"repeat":1000}' }));
      lines.push(JSON.stringify({ timestamp: time(begin + Math.round(duration)), level: 'INFO', requestId: id, message: { limit: 1000000, repeat: 1000, count: 78498, ms: Math.round(duration * 99.9) / 100 } }));
      // Extensions and the runtime can write plain text into a JSON-format stream too.
      if (cold) lines.push('[extension] telemetry-forwarder: registered for INVOKE, SHUTDOWN');
      lines.push(JSON.stringify({ time: time(begin + Math.round(duration)), type: 'platform.runtimeDone', record: { requestId: id, status: 'success', spans: [{ name: 'responseLatency', start: time(begin + Math.round(duration)), durationMs: ms3(0.5 + random()) }, { name: 'responseDuration', start: time(begin + Math.round(duration)), durationMs: ms3(0.1 + random() * 0.2) }], metrics: { durationMs: ms3(duration + 1.5), producedBytes: 59 } } }));
      maxUsed = Math.min(90, maxUsed + int(0, 1));
      const metrics = { durationMs: duration, billedDurationMs: Math.ceil(duration + init), memorySizeMB: memoryMB, maxMemoryUsedMB: maxUsed };
      if (cold) metrics.initDurationMs = init;
      lines.push(JSON.stringify({ time: time(begin + Math.round(duration) + 2), type: 'platform.report', record: { requestId: id, metrics, status: 'success' } }));
      clock += Math.ceil(duration + init) + int(40, 400);
    }
    clock += 60_000;
  }
  return `${lines.join('\n')}\n`;
}

writeFileSync(new URL('prime-sieve.log', here), textRecording());
writeFileSync(new URL('prime-sieve-json.log', here), jsonRecording());
