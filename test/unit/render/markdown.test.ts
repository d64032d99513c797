import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/render/index.js';
import { escapeMarkdown } from '../../../src/render/markdown.js';
import type { Report } from '../../../src/types.js';
import { coldStartReport, errorsReport, slideReport } from '../../support/report-fixtures.js';

const chalk = new Chalk({ level: 1 });

function markdown(report: Report): string {
  return renderReport(report, 'markdown', { colorLevel: chalk.level });
}

function tableRows(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('|'));
}

describe('Markdown output', () => {
  it.each([
    { case: 'the slide benchmark', report: slideReport() },
    { case: 'a run with failing sizes', report: errorsReport() },
    { case: 'a replay without recommendation', report: coldStartReport() },
  ])('renders $case', ({ report }) => {
    expect(markdown(report)).toMatchSnapshot();
  });

  it('starts with a heading naming the function', () => {
    expect(markdown(slideReport()).split('\n')[0]).toBe('### lambda-rightsize: prime-sieve');
  });

  it('right-aligns every column', () => {
    const [, separator] = tableRows(markdown(slideReport()));
    expect(separator).toBe(`|${' ---: |'.repeat(11)}`);
  });

  it('makes every cell of the recommended row bold, and no other', () => {
    const rows = tableRows(markdown(slideReport())).slice(2);
    const cells = (row: string): string[] => row.split(' | ').map((cell) => cell.replace(/^\| | \|$/g, ''));
    expect(cells(rows[3]!).every((cell) => /^\*\*.+\*\*$/.test(cell))).toBe(true);
    expect(rows.slice(0, 3).some((row) => row.includes('**'))).toBe(false);
  });

  it('lists the summary and each warning', () => {
    const items = markdown(errorsReport())
      .split('\n')
      .filter((line) => line.startsWith('- '));
    expect(items[0]).toMatch(/^- \*\*recommended: 512 MB\*\* \(cost\) — cheapest: \\\$0\.000001524 per invocation/);
    expect(items).toContain('- warning: current size 2048 MB was not measured');
  });

  it('shows a dash, not an empty cell, where a failed size has no figure', () => {
    expect(tableRows(markdown(errorsReport()))[2]).toBe('| 128 | 3 (3 err) | 3 | — | — | — | — | — | — | — | 128 |');
  });

  it('escapes a pipe in the function name and in warnings so the table holds', () => {
    const report: Report = { ...slideReport(), function: { ...slideReport().function, name: 'a|b' }, warnings: ['x | y'] };
    const text = markdown(report);
    expect(text.split('\n')[0]).toBe('### lambda-rightsize: a\\|b');
    expect(text).toContain('- warning: x \\| y');
  });

  it.each([
    { case: 'a pipe', text: 'a|b', expected: 'a\\|b' },
    { case: 'emphasis characters', text: '*bold* _it_', expected: '\\*bold\\* \\_it\\_' },
    { case: 'a dollar, which GitHub reads as maths', text: '$1 to $2', expected: '\\$1 to \\$2' },
    { case: 'HTML and links', text: '<b>[x]', expected: '\\<b\\>\\[x\\]' },
    { case: 'a backslash', text: 'a\\b', expected: 'a\\\\b' },
    { case: 'a newline, which would end a table row', text: 'one\ntwo', expected: 'one two' },
  ])('escapes $case', ({ text, expected }) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });

  it('never colours', () => {
    expect(markdown(errorsReport())).not.toContain('\u001b');
  });
});
