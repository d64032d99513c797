/**
 * The fields Logs Insights discovers in a Lambda log event, as our evaluator needs them:
 * `@message`, `@timestamp`, `@logStream`, `@log`; for a text REPORT line `@type`, `@requestId`,
 * `@duration`, `@billedDuration`, `@initDuration` and `@memorySize` / `@maxMemoryUsed` in bytes
 * (MB × 1,000,000, as real Insights results show); for a JSON log line, every key as a dotted path.
 */
export interface LogEvent {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  message: string;
}

export type FieldValue = string | number | boolean | null;
export type Fields = Map<string, FieldValue>;

/** The account id the fake puts in front of `@log`. */
export const FAKE_ACCOUNT = '000000000000';

const TEXT_FIELDS: [string, RegExp, number][] = [
  ['@duration', /(?:^|\s)Duration: ([\d.]+) ms/, 1],
  ['@billedDuration', /Billed Duration: ([\d.]+) ms/, 1],
  ['@memorySize', /Memory Size: (\d+) MB/, 1_000_000],
  ['@maxMemoryUsed', /Max Memory Used: (\d+) MB/, 1_000_000],
  ['@initDuration', /Init Duration: ([\d.]+) ms/, 1],
];

export function discoverFields(event: LogEvent): Fields {
  const fields: Fields = new Map<string, FieldValue>([
    ['@message', event.message],
    ['@timestamp', event.timestamp],
    ['@logStream', event.logStreamName],
    ['@log', `${FAKE_ACCOUNT}:${event.logGroupName}`],
  ]);
  const text = event.message.trim();
  if (text.startsWith('REPORT RequestId:')) {
    fields.set('@type', 'REPORT');
    const id = /RequestId: (\S+)/.exec(text)?.[1];
    if (id) fields.set('@requestId', id);
    for (const [name, pattern, factor] of TEXT_FIELDS) {
      const value = pattern.exec(text)?.[1];
      if (value !== undefined) fields.set(name, Number(value) * factor);
    }
  } else if (text.startsWith('{')) {
    try {
      flatten(JSON.parse(text) as unknown, '', fields);
    } catch {
      // Not JSON after all: Insights leaves such a line with the default fields only.
    }
  }
  return fields;
}

function flatten(value: unknown, prefix: string, into: Fields): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, into);
    return;
  }
  if (prefix && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) into.set(prefix, value);
}
