import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalConfirm } from '../../../src/cli/confirm.js';

function streams(tty: boolean) {
  const stdin = Object.assign(new PassThrough(), { isTTY: tty });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  return { stdin, stderr };
}

describe('terminalConfirm', () => {
  it('gives no question when not on a terminal', () => {
    expect(terminalConfirm(streams(false))).toBeUndefined();
  });

  it.each([
    { case: 'y', answer: 'y\n', expected: true },
    { case: 'YES', answer: 'YES\n', expected: true },
    { case: 'an empty answer', answer: '\n', expected: false },
    { case: 'no', answer: 'no\n', expected: false },
  ])('reads $case as $expected', async ({ answer, expected }) => {
    const s = streams(true);
    const asked = terminalConfirm(s)!('Delete?');
    s.stdin.write(answer);
    expect(await asked).toBe(expected);
  });

  it('reads an interrupt as no', async () => {
    const s = streams(true);
    const controller = new AbortController();
    const asked = terminalConfirm(s, controller.signal)!('Delete?');
    controller.abort();
    expect(await asked).toBe(false);
  });
});
