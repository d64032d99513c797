// Benchmark workload `memory-hungry`: builds a JSON document of `mb` megabytes and round-trips it
// through JSON.stringify / JSON.parse `rounds` times, keeping the document, its text and the parsed
// copy alive together. Small sizes run out of memory (Runtime.OutOfMemory) or spend their time in
// garbage collection; the curve flattens once everything fits.
import { performance } from 'node:perf_hooks';

const DEFAULT_MB = 64;
const DEFAULT_ROUNDS = 3;
// V8 strings stop at about 512 MB; leave room for the copies.
const MAX_MB = 400;
const MAX_ROUNDS = 100;
const MB = 1024 * 1024;

function record(i) {
  return {
    id: i,
    name: `item-${i.toString(36).padStart(6, '0')}`,
    active: i % 3 === 0,
    tags: ['alpha', 'beta', 'gamma'].slice(0, 1 + (i % 3)),
    values: [i % 97, (i * 7) % 101, (i * 13) % 103, (i * 31) % 107],
  };
}

/** A deterministic document whose JSON text is about `mb` megabytes. */
export function buildDocument(mb) {
  const doc = [];
  // Records differ in length (digits, tags), so measure as we go; +1 for the separating comma.
  for (let bytes = 2; bytes < mb * MB || doc.length === 0;) {
    const item = record(doc.length);
    bytes += JSON.stringify(item).length + 1;
    doc.push(item);
  }
  return doc;
}

/** Sum of ids and values: the same before and after a faithful JSON round trip. */
export function checksum(doc) {
  let sum = 0;
  for (const item of doc) sum = (sum + item.id + item.values.reduce((a, b) => a + b, 0)) % 2_147_483_647;
  return sum;
}

function numberField(event, name, fallback, min, max, integer) {
  const value = event?.[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be a ${integer ? 'whole ' : ''}number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Payload `{ "mb": 64, "rounds": 3 }` (both optional). */
export async function handler(event) {
  const mb = numberField(event, 'mb', DEFAULT_MB, 0.001, MAX_MB, false);
  const rounds = numberField(event, 'rounds', DEFAULT_ROUNDS, 1, MAX_ROUNDS, true);
  const start = performance.now();
  const doc = buildDocument(mb);
  const expected = checksum(doc);
  let text = '';
  for (let round = 0; round < rounds; round++) {
    text = JSON.stringify(doc);
    const copy = JSON.parse(text);
    if (copy.length !== doc.length || checksum(copy) !== expected) throw new Error(`round ${round + 1} did not round-trip`);
  }
  return {
    mb,
    rounds,
    records: doc.length,
    jsonMB: Math.round((text.length / MB) * 1000) / 1000,
    checksum: expected,
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / MB),
    ms: Math.round((performance.now() - start) * 100) / 100,
  };
}
