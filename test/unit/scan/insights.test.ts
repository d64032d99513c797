import { describe, expect, it, vi } from 'vitest';
import { AwsError } from '../../../src/errors.js';
import type { QueryResults, ScanLogs } from '../../../src/scan/deps.js';
import { planBatches, runBatch, type InsightsContext } from '../../../src/scan/insights.js';
import type { ScanFunctionConfig } from '../../../src/scan/types.js';

const fn = (name: string, logGroup: string, logFormat: 'text' | 'json' = 'text'): ScanFunctionConfig => ({
  name,
  logGroup,
  logFormat,
  memoryMB: 128,
  architecture: 'x86_64',
});

describe('planBatches', () => {
  it('puts at most 50 log groups in a query', () => {
    const functions = Array.from({ length: 120 }, (_, i) => fn(`f${i}`, `/aws/lambda/f${String(i).padStart(3, '0')}`));

    const batches = planBatches(functions, new Set(functions.map((f) => f.logGroup)));

    expect(batches.map((b) => b.logGroups.length)).toEqual([50, 50, 20]);
  });

  it.each([
    {
      case: 'a shared group once per format',
      functions: [fn('a', '/shared'), fn('b', '/shared'), fn('c', '/shared', 'json')],
      existing: ['/shared'],
      plan: ['text:/shared', 'json:/shared'],
    },
    { case: 'no missing group', functions: [fn('a', '/aws/lambda/a'), fn('b', '/aws/lambda/b')], existing: ['/aws/lambda/b'], plan: ['text:/aws/lambda/b'] },
    { case: 'nothing when no group exists', functions: [fn('a', '/aws/lambda/a')], existing: [], plan: [] },
  ])('queries $case', ({ functions, existing, plan }) => {
    const batches = planBatches(functions, new Set(existing));

    expect(batches.map((b) => `${b.format}:${b.logGroups.join(',')}`)).toEqual(plan);
  });
});

function logsAnswering(answers: QueryResults[], overrides: Partial<ScanLogs> = {}): ScanLogs & { stopped: string[] } {
  const stopped: string[] = [];
  let call = 0;
  return {
    stopped,
    describeLogGroup: vi.fn(),
    startQuery: vi.fn(async () => 'q1'),
    getQueryResults: vi.fn(async () => answers[Math.min(call++, answers.length - 1)] as QueryResults),
    stopQuery: vi.fn(async (id: string) => {
      stopped.push(id);
    }),
    filterLogEvents: vi.fn(),
    ...overrides,
  };
}

function context(logs: ScanLogs, over: Partial<InsightsContext> = {}): InsightsContext & { slept: number[] } {
  const slept: number[] = [];
  let clock = 0;
  return {
    slept,
    logs,
    startTimeS: 1,
    endTimeS: 2,
    pollStartMs: 250,
    pollMaxMs: 1000,
    timeoutMs: 60_000,
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
    ...over,
  };
}

const row = { '@log': '1:/aws/lambda/a', streamTag: '[', '@memorySize': '128000000', invocations: '5', billedDurationSum: '50' };

describe('runBatch', () => {
  it('polls with growing delays until the query completes', async () => {
    const logs = logsAnswering([
      { status: 'Scheduled', rows: [] },
      { status: 'Running', rows: [] },
      { status: 'Running', rows: [] },
      { status: 'Running', rows: [] },
      { status: 'Complete', rows: [row] },
    ]);
    const ctx = context(logs);

    const result = await runBatch({ format: 'text', logGroups: ['/aws/lambda/a'] }, ctx);

    expect(result.rows.map((r) => r.stats?.invocations)).toEqual([5]);
    expect(ctx.slept).toEqual([250, 375, 563, 845, 1000]);
  });

  it('sends times in seconds and the row limit', async () => {
    const logs = logsAnswering([{ status: 'Complete', rows: [] }]);

    await runBatch({ format: 'json', logGroups: ['/g'] }, context(logs));

    expect(logs.startQuery).toHaveBeenCalledWith(expect.objectContaining({ logGroupNames: ['/g'], startTimeS: 1, endTimeS: 2, limit: 10_000 }));
  });

  it.each(['Failed', 'Cancelled', 'Timeout'])('fails with an AWS error when the query ends %s', async (status) => {
    const logs = logsAnswering([{ status, rows: [] }]);

    await expect(runBatch({ format: 'text', logGroups: ['/g'] }, context(logs))).rejects.toThrow(new RegExp(`ended ${status}`));
  });

  it('stops a query that takes longer than the timeout', async () => {
    const logs = logsAnswering([{ status: 'Running', rows: [] }]);

    await expect(runBatch({ format: 'text', logGroups: ['/g'] }, context(logs, { timeoutMs: 5_000 }))).rejects.toThrow(/did not complete/);
    expect(logs.stopped).toEqual(['q1']);
  });

  it('stops the query when the scan is interrupted', async () => {
    const logs = logsAnswering([{ status: 'Running', rows: [] }]);
    const controller = new AbortController();
    const ctx = context(logs, {
      sleep: async () => {
        controller.abort(new Error('SIGINT'));
        throw controller.signal.reason;
      },
      signal: controller.signal,
    });

    await expect(runBatch({ format: 'text', logGroups: ['/g'] }, ctx)).rejects.toThrow('SIGINT');
    expect(logs.stopped).toEqual(['q1']);
  });

  it('waits and starts again while the account has no free query slot', async () => {
    let attempts = 0;
    const logs = logsAnswering([{ status: 'Complete', rows: [] }], {
      startQuery: vi.fn(async () => {
        attempts += 1;
        if (attempts < 3) throw new AwsError('too many queries', { awsName: 'LimitExceededException' });
        return 'q1';
      }),
    });
    const ctx = context(logs);

    await runBatch({ format: 'text', logGroups: ['/g'] }, ctx);

    expect(attempts).toBe(3);
    expect(ctx.slept.slice(0, 2)).toEqual([1000, 2000]);
  });

  it('splits a batch whose result reaches the 10,000-row cap', async () => {
    const full = Array.from({ length: 10_000 }, () => row);
    const seen: string[][] = [];
    const logs = logsAnswering([], {
      startQuery: vi.fn(async (q) => {
        seen.push([...q.logGroupNames]);
        return String(seen.length);
      }),
      getQueryResults: vi.fn(async (id: string) => ({ status: 'Complete', rows: id === '1' ? full : [row] })),
    });

    const result = await runBatch({ format: 'text', logGroups: ['/a', '/b', '/c'] }, context(logs));

    expect(seen).toEqual([['/a', '/b', '/c'], ['/a', '/b'], ['/c']]);
    expect(result.rows).toHaveLength(2);
  });

  it('warns when one log group alone reaches the row cap', async () => {
    const logs = logsAnswering([{ status: 'Complete', rows: Array.from({ length: 10_000 }, () => row) }]);

    const result = await runBatch({ format: 'text', logGroups: ['/big'] }, context(logs));

    expect(result.warnings).toEqual([expect.stringMatching(/^\/big: Logs Insights returned its 10000-row maximum/)]);
  });
});
