#!/usr/bin/env node
// The unbarred shapes of benchmarks/perf/README.md, made from the REPORT-only log (run.sh's
// `shapes`): its first `MB` megabytes of whole lines as they are, behind an S3 export's
// `<ISO time> ` prefix, behind `aws logs tail`'s `<stream> <time> ` prefix, and as the JSON that
// `aws logs filter-log-events` prints (the AWS CLI's 4-space layout, one event per line of the log).
// Usage: node benchmarks/perf/replay/shapes.mjs <report-only.log> <out-dir> [MB=100] [jsonMB=30]
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [source, dir, mbArg = '100', jsonArg = '30'] = process.argv.slice(2);
if (!source || !dir) {
  console.error('usage: shapes.mjs <report-only.log> <out-dir> [MB=100] [jsonMB=30]');
  process.exitCode = 2;
} else {
  await write(source, dir, Number(mbArg) * 2 ** 20, Number(jsonArg) * 2 ** 20);
}

async function write(from, dir, bytes, jsonBytes) {
  const outs = {
    slice: createWriteStream(join(dir, 'shape-slice.log')),
    prefixed: createWriteStream(join(dir, 'shape-prefixed.log')),
    tail: createWriteStream(join(dir, 'shape-tail.log')),
    json: createWriteStream(join(dir, 'shape-filter-log-events.json')),
  };
  outs.json.write('{\n    "events": [\n');
  let read = 0;
  let events = 0;
  const t = 1718092800000;
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    read += line.length + 1;
    if (read > bytes) break;
    await put(outs.slice, `${line}\n`);
    await put(outs.prefixed, `2024-06-11T08:00:00.300Z ${line}\n`);
    await put(outs.tail, `2024/06/11/[$LATEST]9f8e 2024-06-11T08:15:02.331000+00:00 ${line}\n`);
    if (read <= jsonBytes) {
      const event = [
        `            "logStreamName": "2024/06/11/[$LATEST]9f8e1c2b3a4d5e6f"`,
        `            "timestamp": ${t + events}`,
        `            "message": ${JSON.stringify(`${line}\n`)}`,
        `            "ingestionTime": ${t + events + 50}`,
        `            "eventId": "3790${String(events).padStart(52, '0')}"`,
      ];
      await put(outs.json, `${events === 0 ? '' : ',\n'}        {\n${event.join(',\n')}\n        }`);
      events++;
    }
  }
  await put(outs.json, '\n    ],\n    "searchedLogStreams": []\n}\n');
  await Promise.all(Object.values(outs).map((out) => new Promise((resolve) => out.end(resolve))));
}

async function put(out, text) {
  if (!out.write(text)) await once(out, 'drain');
}
