import { describe, expect, it } from 'vitest';
import { FunctionIndex } from '../../../src/scan/attribution.js';
import { readGroup, type FallbackContext } from '../../../src/scan/fallback.js';
import type { ScanFunctionConfig } from '../../../src/scan/types.js';
import { steadyReports, trafficEvents } from '../../support/insights/generate.js';
import { MemoryLogs } from '../../support/insights/memory-logs.js';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const fn = (name: string, logGroup: string, logFormat: 'text' | 'json' = 'text'): ScanFunctionConfig => ({
  name,
  logGroup,
  logFormat,
  memoryMB: 512,
  architecture: 'x86_64',
});

function context(logs: MemoryLogs, functions: ScanFunctionConfig[], maxEvents = 100_000): FallbackContext {
  return { logs, index: new FunctionIndex(functions), startTimeMs: T0, endTimeMs: T0 + 14 * DAY, maxEvents };
}

const traffic = (name: string, logGroupName: string, n: number, format: 'text' | 'json' = 'text') =>
  trafficEvents({
    functionName: name,
    logGroupName,
    format,
    fromMs: T0 + DAY,
    toMs: T0 + 13 * DAY,
    reports: steadyReports(n, { memoryMB: 512, minUsedMB: 100, maxUsedMB: 200, durationMs: 40 }),
  });

describe('readGroup', () => {
  it('pages through empty pages until there is no token', async () => {
    const logs = new MemoryLogs({ groups: [], events: traffic('api', '/aws/lambda/api', 25), pageSize: 10 });

    const reading = await readGroup('/aws/lambda/api', 'text', context(logs, [fn('api', '/aws/lambda/api')]));

    expect(reading.byFunction.get('api')?.size).toBe(25);
    expect(logs.calls.filterLogEvents.map((c) => c.nextToken ?? '-')).toEqual(['-', '1', '2', '3', '4']);
    expect(reading.capped).toBe(false);
  });

  it('asks only for REPORT records of the format', async () => {
    const logs = new MemoryLogs({ groups: [], events: traffic('api', '/aws/lambda/api', 1, 'json') });

    await readGroup('/aws/lambda/api', 'json', context(logs, [fn('api', '/aws/lambda/api', 'json')]));

    expect(logs.calls.filterLogEvents[0]).toMatchObject({ filterPattern: '{ $.type = "platform.report" }', startTimeMs: T0, endTimeMs: T0 + 14 * DAY });
  });

  it('attributes each record of a shared group to its function', async () => {
    const events = [...traffic('orders', '/shared', 7), ...traffic('billing', '/shared', 3), ...traffic('other', '/shared', 5)];
    const logs = new MemoryLogs({ groups: [], events });

    const reading = await readGroup('/shared', 'text', context(logs, [fn('orders', '/shared'), fn('billing', '/shared')]));

    expect([...reading.byFunction].map(([name, agg]) => [name, agg.size])).toEqual([
      ['orders', 7],
      ['billing', 3],
    ]);
  });

  it('stops at the cap and says so', async () => {
    const logs = new MemoryLogs({ groups: [], events: traffic('api', '/aws/lambda/api', 50), pageSize: 10 });

    const reading = await readGroup('/aws/lambda/api', 'text', context(logs, [fn('api', '/aws/lambda/api')], 20));

    expect(reading).toMatchObject({ capped: true, eventsRead: 20 });
    expect(reading.lastTimestampMs).toBeLessThan(T0 + 13 * DAY);
  });

  it('stops when the service repeats a token', async () => {
    const logs = new MemoryLogs({ groups: [], events: [] });
    logs.filterLogEvents = async () => ({ events: [], nextToken: 'same' });

    const reading = await readGroup('/g', 'text', context(logs, []));

    expect(reading.eventsRead).toBe(0);
  });
});
