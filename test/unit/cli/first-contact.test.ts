import { describe, expect, it } from 'vitest';
import { checkFirstArgument, editDistance, nearMiss } from '../../../src/cli/first-contact.js';

const COMMANDS = ['tune', 'replay', 'scan', 'bench', 'cleanup', 'help'];

describe('nearMiss', () => {
  it.each([
    { word: 'scna', expected: 'scan' },
    { word: 'replya', expected: 'replay' },
    { word: 'rpelay', expected: 'replay' },
    { word: 'benhc', expected: 'bench' },
    { word: 'clean', expected: 'cleanup' },
    { word: 'tnue', expected: 'tune' },
    { word: 'SCAN', expected: 'scan' },
    { word: 'orders', expected: undefined },
    { word: 'api', expected: undefined },
    { word: 'scanner', expected: undefined },
    { word: 'payments-replay-worker', expected: undefined },
    { word: 'sc', expected: undefined },
    { word: 'run', expected: undefined },
    { word: 'tun', expected: 'tune' },
  ])('takes $word for $expected', ({ word, expected }) => {
    expect(nearMiss(word, COMMANDS)).toBe(expected);
  });

  it('counts a swapped pair of letters as one edit', () => {
    expect(editDistance('scna', 'scan')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('checkFirstArgument', () => {
  const files = new Set(['a.log', 'b.log']);
  const check = (argv: string[]) => checkFirstArgument({ argv, commands: COMMANDS, isFile: (p) => files.has(p) });

  it.each([
    { case: 'a command', argv: ['scan', '--all'] },
    { case: 'a function name', argv: ['orders', '--yes'] },
    { case: 'an option first', argv: ['--version'] },
    { case: 'nothing', argv: [] },
  ])('lets $case through', ({ argv }) => {
    expect(check(argv)).toBeUndefined();
  });

  it('suggests replay with every log file given before the options', () => {
    expect(check(['a.log', 'b.log', '--per', '1000'])?.hint).toBe('did you mean `lambda-rightsize replay a.log b.log`?');
  });

  it('names the command and the way to tune a function of that name', () => {
    expect(check(['scna'])).toMatchObject({ message: 'unknown command "scna"', exitCode: 2 });
    expect(check(['scna'])?.hint).toContain('`lambda-rightsize tune scna`');
  });
});
