import { describe, expect, it } from 'vitest';
import { terminalWidth } from '../../../src/cli/context.js';

describe('terminalWidth', () => {
  it.each([
    { case: "the terminal's columns on a TTY", stdout: { isTTY: true, columns: 80 }, env: {}, expected: 80 },
    { case: 'the terminal over an exported COLUMNS', stdout: { isTTY: true, columns: 100 }, env: { COLUMNS: '60' }, expected: 100 },
    { case: 'no limit for a pipe or a file', stdout: { isTTY: false }, env: {}, expected: undefined },
    { case: 'an exported COLUMNS for a pipe', stdout: { isTTY: false }, env: { COLUMNS: '80' }, expected: 80 },
    { case: 'no limit for a COLUMNS that is not a number', stdout: {}, env: { COLUMNS: 'wide' }, expected: undefined },
  ])('gives $case', ({ stdout, env, expected }) => {
    expect(terminalWidth({ stdout: stdout as NodeJS.WritableStream, env })).toBe(expected);
  });
});
