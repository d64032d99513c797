import { stripVTControlCharacters } from 'node:util';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/render/index.js';
import { fitTable, wrapLines, wrapWords } from '../../../src/render/table.js';
import type { Report } from '../../../src/types.js';
import { errorsReport, slideReport } from '../../support/report-fixtures.js';

const chalk = new Chalk({ level: 1 });
const plain = new Chalk({ level: 0 });

/** The two header lines of a table, joined per column position: which titles are left. */
function headers(table: string): string {
  const [top = '', bottom = ''] = table.split('\n');
  return `${top}\n${bottom}`;
}

const width = (text: string): number => Math.max(...text.split('\n').map((line) => stripVTControlCharacters(line).length));

describe('the table in a narrow terminal', () => {
  it.each([
    { case: 'no width: every column', report: slideReport(), columns: undefined, gone: [] },
    { case: '120 columns: every column', report: slideReport(), columns: 120, gone: [] },
    { case: '100 columns: max used and billed go', report: slideReport(), columns: 100, gone: ['Max used', 'Billed'] },
    { case: '80 columns: cold starts and $ per invocation go too', report: slideReport(), columns: 80, gone: ['Max used', 'Billed', 'Cold', 'invocation'] },
    { case: '80 columns with a failed size', report: errorsReport(), columns: 80, gone: ['Max used', 'Billed', 'Cold', 'invocation'] },
  ])('$case', ({ report, columns, gone }) => {
    const table = fitTable(report, chalk, columns);

    if (columns !== undefined) expect(width(table)).toBeLessThanOrEqual(columns);
    for (const title of gone) expect(headers(table)).not.toContain(title);
    // What always stays: memory, the (trimmed) mean, p95, cost and the comparison.
    for (const title of ['Memory', 'Trimmed', 'p95', '$ per', 'cheapest', 'fastest']) expect(headers(table)).toContain(title);
  });

  it('keeps every row on one line, each starting with its memory size', () => {
    const report = errorsReport();
    const lines = fitTable(report, plain, 80).split('\n').slice(3);

    expect(lines.map((line) => line.match(/^\S*\s+(\d+)\s/)?.[1])).toEqual(report.results.map((r) => String(r.memoryMB)));
    expect(lines.find((line) => /^\s+128\s/.test(line))).toMatch(/no successful invocation: Runtime\.OutOfMemory ×3$/);
  });

  it('shows the same or fewer columns on each narrower terminal', () => {
    const widths = [200, 110, 100, 90, 80, 70, 60].map((columns) => fitTable(slideReport(), plain, columns).split('\n')[1]!.trim().split(/\s+/).length);
    // Each narrower terminal shows the same or fewer columns.
    expect(widths).toEqual(widths.toSorted((a, b) => b - a));
  });

  it('wraps the prose under the table at spaces and splits the header line before the prices', () => {
    const report: Report = { ...slideReport(), warnings: ['a warning long enough to need a second line in an eighty-column terminal, no doubt'] };
    const text = renderReport(report, 'table', { colorLevel: plain.level, width: 80 });

    for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(text.split('\n')[0]).toBe('prime-sieve · x86_64 · us-east-1');
    expect(text).toMatch(/^warning: a warning .*\n {2}\S/m);
  });

  it('leaves the output alone when no width is given (files, pipes, the README)', () => {
    const text = renderReport(slideReport(), 'table', { colorLevel: plain.level });
    expect(text.split('\n')[0]).toMatch(/^prime-sieve · x86_64 · us-east-1 · \$/);
    expect(text).toContain('Max used');
  });
});

describe('wrapWords', () => {
  it.each([
    { case: 'a short line as it is', text: 'one two', width: 80, expected: ['one two'] },
    { case: 'a long line at spaces, indenting what follows', text: 'aaa bbb ccc ddd', width: 8, expected: ['aaa bbb', '  ccc', '  ddd'] },
    { case: 'a word longer than the width on its own line', text: 'a bbbbbbbbbbbb c', width: 6, expected: ['a', '  bbbbbbbbbbbb', '  c'] },
    {
      case: 'the indent of an indented line, and deepens it for what follows',
      text: '  set 320 MB; then measure both sizes',
      width: 16,
      expected: ['  set 320 MB;', '    then measure', '    both sizes'],
    },
    {
      case: 'continuations under the value of an aligned label',
      text: '  steps:   tag it; publish; invoke them',
      width: 24,
      expected: ['  steps:   tag it;', '           publish;', '           invoke them'],
    },
    { case: 'a size and its unit together', text: 'put 1024 MB back now', width: 10, expected: ['put', '  1024 MB', '  back now'] },
    { case: 'a percentage and its sign together', text: 'within the 95 % interval', width: 13, expected: ['within the', '  95 %', '  interval'] },
    { case: 'anything when no width is known', text: 'x '.repeat(100).trim(), width: undefined, expected: ['x '.repeat(100).trim()] },
  ])('keeps $case', ({ text, width: columns, expected }) => {
    expect(wrapWords(text, columns)).toEqual(expected);
  });
});

describe('wrapLines', () => {
  it('wraps each line of a block on its own and keeps the final newline', () => {
    expect(wrapLines('Plan: tune orders now, said at last\n  sizes:  128 MB, 256 MB, 512 MB\n', 24)).toBe(
      'Plan: tune orders now,\n  said at last\n  sizes:  128 MB,\n          256 MB, 512 MB\n',
    );
  });
});
