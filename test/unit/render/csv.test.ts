import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../../src/render/csv.js';
import { renderReport } from '../../../src/render/index.js';
import type { Report } from '../../../src/types.js';
import { coldStartReport, errorsReport, slideReport } from '../../support/report-fixtures.js';

const chalk = new Chalk({ level: 1 });

function csv(report: Report): string {
  return renderReport(report, 'csv', { colorLevel: chalk.level });
}

/** Header names and the cells of each data row, for a CSV without quoted fields. */
function parseSimple(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [head = '', ...lines] = text.trimEnd().split('\r\n');
  const header = head.split(',');
  return { header, rows: lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i], cell]))) };
}

describe('CSV output', () => {
  it('renders the slide benchmark', () => {
    expect(csv(slideReport())).toMatchSnapshot();
  });

  it('ends every line, the last included, with CRLF', () => {
    const text = csv(slideReport());
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(slideReport().results.length + 2);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('writes a header row and one row per size with the same number of fields', () => {
    const { header, rows } = parseSimple(csv(slideReport()));
    expect(rows.map((row) => row.memory_mb)).toEqual(['128', '256', '512', '1024']);
    for (const row of rows) expect(Object.keys(row)).toHaveLength(header.length);
  });

  it('writes raw numbers: no grouping, no units, no exponent', () => {
    const { rows } = parseSimple(csv(slideReport()));
    expect(rows[0]).toMatchObject({
      duration_mean_ms: '11722.965',
      cost_per_invocation_usd: '0.0000246287701938',
      per_invocations: '1000',
      vs_cheapest_percent: '0',
    });
    expect(rows[1]?.vs_cheapest_percent).toBe('13.8367316636');
  });

  it('marks the recommended size true and the others false', () => {
    const { rows } = parseSimple(csv(slideReport()));
    expect(rows.map((row) => row.recommended)).toEqual(['false', 'false', 'false', 'true']);
  });

  it('leaves the figures of a size without successful invocations empty and names its errors', () => {
    const { rows } = parseSimple(csv(errorsReport()));
    expect(rows[0]).toMatchObject({ errors: '3', error_types: 'Runtime.OutOfMemory=3', duration_mean_ms: '', cost_per_unit_usd: '' });
  });

  it('never colours', () => {
    expect(csv(errorsReport())).not.toContain('\u001b');
  });

  it('quotes a function name that contains a comma', () => {
    expect(csv(coldStartReport()).split('\r\n')[1]).toMatch(/^"logs\/a\.log, logs\/b\.log",arm64,eu-west-1,512,/);
  });

  it.each([
    { case: 'plain text as is', value: 'Runtime.OutOfMemory', expected: 'Runtime.OutOfMemory' },
    { case: 'a comma quoted', value: 'a,b', expected: '"a,b"' },
    { case: 'a double quote doubled inside quotes', value: 'say "hi"', expected: '"say ""hi"""' },
    { case: 'a line feed quoted', value: 'two\nlines', expected: '"two\nlines"' },
    { case: 'a carriage return quoted', value: 'cr\rhere', expected: '"cr\rhere"' },
    { case: 'a number raw', value: 0.1 + 0.2, expected: '0.3' },
    { case: 'a boolean as a word', value: true, expected: 'true' },
    { case: 'a missing value empty', value: null, expected: '' },
  ])('writes $case', ({ value, expected }) => {
    expect(csvField(value)).toBe(expected);
  });

  it('quotes an error type that contains a comma and a quote', () => {
    const report = errorsReport();
    const first = report.results[0]!;
    const odd = { ...report, results: [{ ...first, errorsByType: { 'Error: bad "input", retry': 3 } }] };
    expect(csv(odd).split('\r\n')[1]).toContain(',"Error: bad ""input"", retry=3",');
  });
});
