import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { encodePayloads, MAX_PAYLOAD_BYTES, normalisePayloads, payloadSchedule } from '../../../src/tune/payloads.js';

describe('normalisePayloads', () => {
  it.each([
    { case: 'no payload as an empty event', raw: undefined, expected: [{ payload: {}, weight: 1 }] },
    { case: 'one object as the only event', raw: { id: 1 }, expected: [{ payload: { id: 1 }, weight: 1 }] },
    { case: 'a plain array as one event', raw: [1, 2], expected: [{ payload: [1, 2], weight: 1 }] },
    {
      case: 'a weighted list as its items',
      raw: [
        { payload: 'a', weight: 3 },
        { payload: { b: 1 }, weight: 1 },
      ],
      expected: [
        { payload: 'a', weight: 3 },
        { payload: { b: 1 }, weight: 1 },
      ],
    },
    {
      case: 'a list with an item that has other keys as one event',
      raw: [{ payload: 'a', weight: 1, extra: true }],
      expected: [{ payload: [{ payload: 'a', weight: 1, extra: true }], weight: 1 }],
    },
  ])('reads $case', ({ raw, expected }) => {
    expect(normalisePayloads(raw)).toEqual(expected);
  });

  it.each([
    { case: 'zero', weight: 0 },
    { case: 'a negative number', weight: -1 },
    { case: 'a string', weight: '2' },
  ])('refuses a weight that is $case', ({ weight }) => {
    expect(() => normalisePayloads([{ payload: 'a', weight }])).toThrow(UsageError);
  });

  it.each([
    { case: 'weights only', raw: [{ weight: 1 }] },
    { case: 'a misspelt payload key', raw: [{ paylaod: { id: 1 }, weight: 3 }, { weight: 1 }] },
  ])('refuses a list of $case, which names no payload', ({ raw }) => {
    expect(() => normalisePayloads(raw)).toThrow(/without a "payload" key/);
  });

  it('does not modify the list it is given', () => {
    const raw = [{ payload: { a: 1 }, weight: 2 }];
    const copy = structuredClone(raw);
    normalisePayloads(raw);
    expect(raw).toEqual(copy);
  });
});

describe('payloadSchedule', () => {
  it.each([
    { case: 'one payload every time', weights: [1], count: 3, expected: [0, 0, 0] },
    { case: 'equal weights alternately', weights: [1, 1], count: 4, expected: [0, 1, 0, 1] },
    { case: 'a 3:1 mix spread over the run', weights: [3, 1], count: 8, expected: [0, 0, 1, 0, 0, 0, 1, 0] },
  ])('sends $case', ({ weights, count, expected }) => {
    expect(
      payloadSchedule(
        weights.map((weight) => ({ payload: null, weight })),
        count,
      ),
    ).toEqual(expected);
  });

  it('keeps the proportions of the weights', () => {
    const order = payloadSchedule(
      [
        { payload: 'a', weight: 2 },
        { payload: 'b', weight: 3 },
      ],
      100,
    );
    expect(order.filter((i) => i === 0)).toHaveLength(40);
  });
});

describe('encodePayloads', () => {
  it('encodes each payload as JSON bytes', () => {
    expect(new TextDecoder().decode(encodePayloads([{ payload: { id: 1 }, weight: 1 }])[0])).toBe('{"id":1}');
  });

  it('refuses a payload above the 6 MB request limit', () => {
    expect(() => encodePayloads([{ payload: 'x'.repeat(MAX_PAYLOAD_BYTES), weight: 1 }])).toThrow(/above Lambda's 6 MB limit/);
  });
});
