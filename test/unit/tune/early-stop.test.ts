import { describe, expect, it } from 'vitest';
import { FirstFailures } from '../../../src/tune/early-stop.js';
import type { InvocationRecord } from '../../../src/types.js';

const record = (memoryMB: number, status: InvocationRecord['status'] = 'success', errorType?: string): InvocationRecord => ({
  memoryMB,
  durationMs: 10,
  billedDurationMs: 10,
  maxMemoryUsedMB: 60,
  status,
  logFormat: 'text',
  ...(errorType ? { errorType } : {}),
});

function feed(watch: { memoryMB: number; invocations: number }, records: Array<[InvocationRecord, string?]>): string | undefined {
  const first = new FirstFailures();
  first.watch(watch.memoryMB, watch.invocations);
  let stop: string | undefined;
  for (const [r, message] of records) stop ??= first.observe(r, message);
  return stop;
}

describe('FirstFailures', () => {
  const typeError: [InvocationRecord, string] = [record(512, 'error', 'TypeError'), 'x is undefined'];

  it.each([
    { case: 'three alike failures of the first size', records: [typeError, typeError, typeError], stops: true },
    { case: 'one success among the first three', records: [typeError, [record(512)] as [InvocationRecord], typeError, typeError], stops: false },
    {
      case: 'two different messages',
      records: [typeError, [record(512, 'error', 'TypeError'), 'y is undefined'] as [InvocationRecord, string], typeError],
      stops: false,
    },
    {
      case: 'out of memory, which a larger size may fix',
      records: Array.from({ length: 3 }, () => [record(512, 'error', 'Runtime.OutOfMemory'), 'killed'] as [InvocationRecord, string]),
      stops: false,
    },
    { case: 'timeouts', records: Array.from({ length: 3 }, () => [record(512, 'timeout')] as [InvocationRecord]), stops: false },
    {
      case: 'failures of another size than the first',
      records: Array.from({ length: 3 }, () => [record(1024, 'error', 'TypeError'), 'x'] as [InvocationRecord, string]),
      stops: false,
    },
  ])('stops on $case: $stops', ({ records, stops }) => {
    expect(feed({ memoryMB: 512, invocations: 10 }, records) !== undefined).toBe(stops);
  });

  it('names the size, the count and the error', () => {
    expect(feed({ memoryMB: 512, invocations: 10 }, [typeError, typeError, typeError])).toBe(
      'the first 3 invocation(s) at 512 MB all failed with TypeError: x is undefined',
    );
  });

  it('needs only as many failures as the size has invocations', () => {
    expect(feed({ memoryMB: 512, invocations: 2 }, [typeError, typeError])).toBe(
      'the first 2 invocation(s) at 512 MB all failed with TypeError: x is undefined',
    );
  });

  it('watches only the first size it is told about', () => {
    const first = new FirstFailures();
    first.watch(512, 10);
    first.watch(1024, 10);
    expect([0, 1, 2].map(() => first.observe(record(1024, 'error', 'TypeError'), 'x')).every((s) => s === undefined)).toBe(true);
  });
});
