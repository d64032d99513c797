import { describe, expect, it } from 'vitest';
import { buildDocument, checksum, handler } from './index.mjs';

describe('memory-hungry workload', () => {
  it.each([
    { case: 'a tenth of a megabyte', mb: 0.1 },
    { case: 'one megabyte', mb: 1 },
    { case: 'two megabytes', mb: 2 },
  ])('builds a document of about the requested size for $case', ({ mb }) => {
    const bytes = JSON.stringify(buildDocument(mb)).length;
    expect(bytes / (mb * 1024 * 1024)).toBeGreaterThan(0.95);
    expect(bytes / (mb * 1024 * 1024)).toBeLessThan(1.05);
  });

  it('builds the same document every time', () => {
    expect(checksum(buildDocument(0.5))).toBe(checksum(buildDocument(0.5)));
  });

  it('round-trips the document and reports its size', async () => {
    const result = await handler({ mb: 1, rounds: 2 });
    expect(result).toMatchObject({ mb: 1, rounds: 2, records: buildDocument(1).length, checksum: checksum(buildDocument(1)) });
    expect(result.jsonMB).toBeCloseTo(1, 1);
  });

  it.each([
    { case: 'zero megabytes', payload: { mb: 0 } },
    { case: 'more than a V8 string holds', payload: { mb: 600 } },
    { case: 'a fractional round count', payload: { mb: 1, rounds: 1.5 } },
  ])('rejects $case', async ({ payload }) => {
    await expect(handler(payload)).rejects.toThrow(RangeError);
  });
});
