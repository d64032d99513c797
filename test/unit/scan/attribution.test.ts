import { describe, expect, it } from 'vitest';
import { FunctionIndex, logGroupOfInsightsLog, streamTagOf } from '../../../src/scan/attribution.js';
import type { ScanFunctionConfig } from '../../../src/scan/types.js';

const fn = (name: string, logGroup: string): ScanFunctionConfig => ({ name, logGroup, memoryMB: 128, architecture: 'x86_64', logFormat: 'text' });

describe('streamTagOf', () => {
  it.each([
    { case: 'a default-group stream', stream: '2026/01/10/[$LATEST]0a1b2c3d', tag: '[' },
    { case: 'a custom-group stream', stream: '2026/01/10/orders-api[$LATEST]0a1b2c3d', tag: 'orders-api[' },
    { case: 'a published version', stream: '2026/01/10/orders-api[7]0a1b2c3d', tag: 'orders-api[' },
    { case: 'a stream of another tool', stream: 'my-app/web/i-0123', tag: undefined },
  ])('reads $case', ({ stream, tag }) => {
    expect(streamTagOf(stream)).toBe(tag);
  });
});

describe('FunctionIndex', () => {
  const index = new FunctionIndex([fn('api', '/aws/lambda/api'), fn('orders', '/shared/app'), fn('orders-v2', '/shared/app')]);

  it.each([
    { case: 'the owner of a default group', group: '/aws/lambda/api', tag: '[', owner: 'api' },
    { case: 'a function in a shared group', group: '/shared/app', tag: 'orders[', owner: 'orders' },
    { case: 'a function whose name extends another one', group: '/shared/app', tag: 'orders-v2[', owner: 'orders-v2' },
    { case: 'a function that is not scanned', group: '/shared/app', tag: 'billing[', owner: undefined },
    { case: 'an untagged stream in a shared group', group: '/shared/app', tag: '[', owner: undefined },
    { case: 'a stream without a tag', group: '/aws/lambda/api', tag: undefined, owner: undefined },
  ])('finds $case', ({ group, tag, owner }) => {
    expect(index.owner(group, tag)?.name).toBe(owner);
  });
});

describe('logGroupOfInsightsLog', () => {
  it.each([
    { case: 'an account-prefixed @log', log: '123456789012:/aws/lambda/api', group: '/aws/lambda/api' },
    { case: 'a bare group name', log: '/aws/lambda/api', group: '/aws/lambda/api' },
  ])('reads $case', ({ log, group }) => {
    expect(logGroupOfInsightsLog(log)).toBe(group);
  });
});
