/** The events tune sends: one JSON value, or a weighted list of them. */
import { UsageError } from '../errors.js';

export interface WeightedPayload {
  payload: unknown;
  weight: number;
}

/** Lambda's limit for a synchronous request payload. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * `[{"payload": …, "weight": n}, …]` is a weighted list; any other value is the one event sent every
 * time (`undefined` sends `{}`). A list whose items are not all `{payload, weight}` is an event too.
 *
 * @throws UsageError for a weight that is not a positive number, or a list of weights without payloads.
 */
export function normalisePayloads(raw: unknown): WeightedPayload[] {
  if (raw === undefined) return [{ payload: {}, weight: 1 }];
  // `[{"weight": 1}]` is a weighted list with its payloads forgotten (or misspelt), not an event anyone sends.
  if (Array.isArray(raw) && raw.length > 0 && raw.every(isWeightOnlyItem)) {
    throw new UsageError(
      'the payload is a list of weights without a "payload" key',
      'write [{"payload": {…}, "weight": 1}, …]; to send that very array as the event, wrap it: [{"payload": […], "weight": 1}]',
    );
  }
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every(isWeightedItem)) return [{ payload: raw, weight: 1 }];
  return raw.map((item: { payload: unknown; weight: unknown }, i) => {
    const weight = item.weight;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      throw new UsageError(`payload ${i + 1} has weight ${JSON.stringify(weight)}`, 'give every payload a positive number as weight');
    }
    return { payload: item.payload, weight };
  });
}

function isWeightOnlyItem(item: unknown): boolean {
  return typeof item === 'object' && item !== null && !Array.isArray(item) && 'weight' in item && !('payload' in item);
}

function isWeightedItem(item: unknown): item is { payload: unknown; weight: unknown } {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const keys = Object.keys(item);
  return keys.length === 2 && keys.includes('payload') && keys.includes('weight');
}

/** Each payload as the bytes sent; refuses one above Lambda's 6 MB request limit before anything changes. */
export function encodePayloads(payloads: readonly WeightedPayload[]): Uint8Array[] {
  return payloads.map((p, i) => {
    const bytes = new TextEncoder().encode(JSON.stringify(p.payload));
    if (bytes.length > MAX_PAYLOAD_BYTES) {
      throw new UsageError(`payload ${i + 1} is ${bytes.length} bytes, above Lambda's 6 MB limit`, 'send a smaller event');
    }
    return bytes;
  });
}

/**
 * Which payload each of `count` invocations sends: smooth weighted round-robin, so the mix is
 * proportional to the weights and spread evenly over the run (not one block per payload), and the
 * same for every memory size.
 */
export function payloadSchedule(payloads: readonly WeightedPayload[], count: number): number[] {
  const total = payloads.reduce((sum, p) => sum + p.weight, 0);
  const current = payloads.map(() => 0);
  const order: number[] = [];
  for (let n = 0; n < count; n++) {
    let best = 0;
    payloads.forEach((p, i) => {
      current[i] = current[i]! + p.weight;
      if (current[i]! > current[best]!) best = i;
    });
    current[best] = current[best]! - total;
    order.push(best);
  }
  return order;
}
