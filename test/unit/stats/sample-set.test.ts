import { describe, expect, it } from 'vitest';
import { SampleSet } from '../../../src/stats/index.js';
import type { InvocationRecord } from '../../../src/types.js';
import { record } from './records.js';

function setOf(records: InvocationRecord[]): SampleSet {
  const set = new SampleSet();
  for (const r of records) set.add(r);
  return set;
}

describe('SampleSet', () => {
  it('groups invocations by memory size, listing sizes ascending', () => {
    const set = setOf([record({ memoryMB: 1024 }), record({ memoryMB: 128 }), record({ memoryMB: 1024 }), record({ memoryMB: 3009 })]);

    expect(set.size).toBe(4);
    expect(set.memorySizes()).toEqual([128, 1024, 3009]);
    expect(set.samples(1024)?.invocations).toBe(2);
  });

  it('counts every invocation in its size, whichever way it came in and whatever its size', () => {
    const set = setOf([record({ memoryMB: 128 }), record({ memoryMB: 1536.5 }), record({ memoryMB: 20_000, status: 'error' })]);
    set.addSuccess(128, 10, 11, 50, -1);
    set.addSuccess(1536.5, 10, 11, 50, 200);

    expect(set.size).toBe(5);
    expect(set.memorySizes()).toEqual([128, 1536.5, 20_000]);
    expect(set.memorySizes().map((mb) => set.samples(mb)?.invocations)).toEqual([2, 2, 1]);
    expect(set.samples(1536.5)?.coldStarts).toBe(1);
  });

  it('answers undefined for a size it never saw', () => {
    expect(new SampleSet().samples(128)).toBeUndefined();
  });

  it.each([
    { case: 'a timeout', r: record({ status: 'timeout' }), expected: { timeout: 1 } },
    { case: 'a timeout that also names an error type', r: record({ status: 'timeout', errorType: 'Sandbox.Timedout' }), expected: { timeout: 1 } },
    { case: 'an error with its type', r: record({ status: 'error', errorType: 'Runtime.OutOfMemory' }), expected: { 'Runtime.OutOfMemory': 1 } },
    { case: 'an error without a type', r: record({ status: 'error' }), expected: { error: 1 } },
  ])('counts $case as an error and keeps it out of the durations', ({ r, expected }) => {
    const s = setOf([r]).samples(128);

    expect(s).toMatchObject({ invocations: 1, errors: 1, errorsByType: expected });
    expect(s?.warm.durationMs.length).toBe(0);
    expect(s?.cold.durationMs.length).toBe(0);
  });

  it.each([
    { case: 'an Init Duration', r: record({ initDurationMs: 250 }), startup: 250 },
    { case: 'a SnapStart Restore Duration', r: record({ restoreDurationMs: 300, billedRestoreDurationMs: 303 }), startup: 300 },
  ])('treats an invocation with $case as a cold start', ({ r, startup }) => {
    const s = setOf([r, record()]).samples(128);

    expect(s?.coldStarts).toBe(1);
    expect(Array.from(s?.cold.startupMs ?? [])).toEqual([startup]);
    expect(Array.from(s?.warm.durationMs ?? [])).toEqual([100]);
  });

  it('counts a failed cold start as a cold start but keeps its durations out', () => {
    const s = setOf([record({ initDurationMs: 900, status: 'error', errorType: 'Runtime.ExitError' })]).samples(128);

    expect(s).toMatchObject({ coldStarts: 1, errors: 1 });
    expect(s?.cold.startupMs.length).toBe(0);
  });

  it('keeps the highest Max Memory Used, failures included', () => {
    const s = setOf([
      record({ maxMemoryUsedMB: 70 }),
      record({ maxMemoryUsedMB: 128, status: 'error', errorType: 'Runtime.OutOfMemory' }),
      record({ maxMemoryUsedMB: 90 }),
    ]).samples(128);

    expect(s?.maxMemoryUsedMB).toBe(128);
  });

  it('keeps every value in order as the columns grow past their first capacity', () => {
    const set = new SampleSet();
    for (let i = 0; i < 10_000; i += 1) set.add(record({ durationMs: i, billedDurationMs: i + 1 }));

    const warm = set.samples(128)?.warm;

    expect(warm?.durationMs.length).toBe(10_000);
    expect(warm?.durationMs[9_999]).toBe(9_999);
    expect(warm?.billedDurationMs[0]).toBe(1);
    expect(warm?.durationMs.every((d, i) => d === i)).toBe(true);
  });
});
