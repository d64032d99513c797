import { describe, expect, it } from 'vitest';
import { recordFromTail, withFunctionError } from '../../../src/tune/measure.js';
import type { InvocationRecord } from '../../../src/types.js';

const report = (id: string): string => `REPORT RequestId: ${id}\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 256 MB\tMax Memory Used: 50 MB\t`;
const record: InvocationRecord = {
  requestId: 'r-1',
  memoryMB: 256,
  durationMs: 10,
  billedDurationMs: 10,
  maxMemoryUsedMB: 50,
  status: 'success',
  logFormat: 'text',
};

describe('recordFromTail', () => {
  it.each([
    { case: 'the REPORT of the request', tail: `START RequestId: r-1\n${report('r-1')}\n`, id: 'r-1', found: 'r-1' },
    { case: 'nothing when the REPORT fell out of the tail', tail: 'app line\nEND RequestId: r-1\n', id: 'r-1', found: undefined },
    { case: "nothing for another request's REPORT", tail: `${report('r-0')}\n`, id: 'r-1', found: undefined },
    { case: 'the last REPORT when the response has no request id', tail: `${report('r-0')}\n${report('r-9')}\n`, id: undefined, found: 'r-9' },
  ])('finds $case', ({ tail, id, found }) => {
    expect(recordFromTail(tail, id)?.requestId).toBe(found);
  });
});

describe('withFunctionError', () => {
  it.each([
    { case: 'keeps a success without FunctionError', result: { payload: '"ok"' }, status: 'success', errorType: undefined },
    {
      case: "marks an error with the payload's errorType",
      result: { functionError: 'Unhandled', payload: '{"errorType":"TypeError"}' },
      status: 'error',
      errorType: 'TypeError',
    },
    {
      case: 'marks a sandbox timeout as a timeout',
      result: { functionError: 'Unhandled', payload: '{"errorType":"Sandbox.Timedout"}' },
      status: 'timeout',
      errorType: 'Sandbox.Timedout',
    },
    {
      case: 'names the FunctionError when the payload is not JSON',
      result: { functionError: 'Handled', payload: 'oops' },
      status: 'error',
      errorType: 'FunctionHandled',
    },
  ])('$case', ({ result, status, errorType }) => {
    const out = withFunctionError(record, result);
    expect(out.status).toBe(status);
    expect(out.errorType).toBe(errorType);
  });

  it('keeps the status the REPORT line already gives', () => {
    const timedOut = { ...record, status: 'timeout' as const };
    expect(withFunctionError(timedOut, { functionError: 'Unhandled', payload: '{}' })).toBe(timedOut);
  });

  it('does not modify the record it is given', () => {
    const copy = { ...record };
    withFunctionError(record, { functionError: 'Unhandled', payload: '{}' });
    expect(record).toEqual(copy);
  });
});
