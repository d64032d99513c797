import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderRecord, renderReport } from '../../../src/render/index.js';
import type { InvocationRecord, Report } from '../../../src/types.js';
import { coldStartReport, deepFreeze, errorsReport, slideReport } from '../../support/report-fixtures.js';

const chalk = new Chalk({ level: 1 });

describe('JSON output', () => {
  it('renders the slide benchmark', () => {
    expect(renderReport(slideReport(), 'json', { colorLevel: chalk.level })).toMatchSnapshot();
  });

  it.each([
    { case: 'the slide benchmark', report: slideReport() },
    { case: 'failing sizes with null figures', report: errorsReport() },
    { case: 'a replay without recommendation', report: coldStartReport() },
  ])('round-trips $case to an equal Report', ({ report }) => {
    expect(JSON.parse(renderReport(report, 'json', { colorLevel: chalk.level }))).toEqual(report);
  });

  it('indents by two spaces and ends with a newline', () => {
    const text = renderReport(slideReport(), 'json', { colorLevel: chalk.level });
    expect(text).toMatch(/^\{\n {2}"schemaVersion": 1,\n/);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it.each([
    { case: 'NaN in a cost', value: Number.NaN, path: '$.results[0].costUSD.perUnit' },
    { case: 'Infinity in a cost', value: Number.POSITIVE_INFINITY, path: '$.results[0].costUSD.perUnit' },
  ])('throws on $case instead of writing null', ({ value, path }) => {
    const report = slideReport();
    const first = report.results[0]!;
    const broken: Report = { ...report, results: [{ ...first, costUSD: { perInvocation: 1, perUnit: value } }] };
    expect(() => renderReport(broken, 'json', { colorLevel: chalk.level })).toThrow(`at ${path}`);
  });
});

describe('renderRecord', () => {
  const record: InvocationRecord = {
    requestId: '5d1c4a4f-8f0e-4c1e-9d0b-1a2b3c4d5e6f',
    memoryMB: 1024,
    durationMs: 1465.98,
    billedDurationMs: 1466,
    maxMemoryUsedMB: 71,
    initDurationMs: 178.41,
    status: 'success',
    logFormat: 'text',
  };

  it('writes one JSON line that parses back to the record', () => {
    const line = renderRecord(record);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(record);
  });

  it('throws on a non-finite number', () => {
    expect(() => renderRecord({ ...record, durationMs: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('rendering', () => {
  it.each([
    { case: 'table with chart', format: 'table' as const },
    { case: 'JSON', format: 'json' as const },
    { case: 'CSV', format: 'csv' as const },
    { case: 'Markdown', format: 'markdown' as const },
  ])('leaves the report unchanged ($case)', ({ format }) => {
    for (const make of [slideReport, errorsReport, coldStartReport]) {
      const report = deepFreeze(make());
      expect(() => renderReport(report, format, { colorLevel: chalk.level, chart: true })).not.toThrow();
      expect(report).toEqual(make());
    }
  });

  it('renders the very object the JSON output serialises', () => {
    const report = errorsReport();
    const json = JSON.parse(renderReport(report, 'json', { colorLevel: chalk.level })) as Report;
    expect(renderReport(json, 'table', { colorLevel: chalk.level })).toBe(renderReport(report, 'table', { colorLevel: chalk.level }));
  });
});
