import { stripVTControlCharacters } from 'node:util';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/render/index.js';
import type { Report } from '../../../src/types.js';
import { coldStartReport, errorsReport, slideReport } from '../../support/report-fixtures.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });

function table(report: Report, chalk = plain, chart = false): string {
  return renderReport(report, 'table', { colorLevel: chalk.level, chart });
}

/** The table line of one memory size (its Memory cell, right-aligned after the marker column). */
function rowOf(output: string, memory: string): string {
  const line = output.split('\n').find((l) => new RegExp(`^\\S*\\s+${memory}  `).test(stripVTControlCharacters(l)));
  if (line === undefined) throw new Error(`no row for ${memory} MB in:\n${output}`);
  return line;
}

describe('table output', () => {
  it.each([
    { case: 'the slide benchmark with a chart', report: slideReport(), chart: true },
    { case: 'a run with failing sizes', report: errorsReport(), chart: true },
    { case: 'a replay with cold starts and no recommendation', report: coldStartReport(), chart: false },
  ])('renders $case', ({ report, chart }) => {
    expect(table(report, plain, chart)).toMatchSnapshot();
  });

  it('writes no escape codes with a level-0 chalk', () => {
    expect(table(errorsReport(), plain, true)).not.toContain('\u001b');
  });

  it.each([
    { case: 'the slowest mean red', memory: '128', cell: colour.red('11,723.0') },
    { case: 'the worst p95 red', memory: '128', cell: colour.red('12,426.3') },
    { case: 'the cheapest cost per invocation green', memory: '128', cell: colour.green('$0.00002463') },
    { case: 'the cheapest cost per 1,000 green', memory: '128', cell: colour.green('$0.02463') },
    { case: '"cheapest" green', memory: '128', cell: colour.green('cheapest') },
    { case: 'the most expensive cost per invocation red', memory: '256', cell: colour.red('$0.00002804') },
    { case: 'the biggest "vs cheapest" red', memory: '256', cell: colour.red('+13.8 %') },
    { case: 'the slowest "vs fastest" red', memory: '128', cell: colour.red('×8.00 slower') },
    { case: 'the fastest mean green inside the bold recommended row', memory: '1024', cell: colour.bold(colour.green('1,466.0')) },
  ])('colours $case', ({ memory, cell }) => {
    expect(rowOf(table(slideReport(), colour), memory)).toContain(cell);
  });

  it('leaves middle values uncoloured', () => {
    const row = rowOf(table(slideReport(), colour), '512');
    expect(row).not.toContain('\u001b[32m');
    expect(row).not.toContain('\u001b[31m');
  });

  it.each([
    { case: 'only one size has a value', results: slideReport().results.slice(0, 1) },
    { case: 'all sizes have the same value', results: [slideReport().results[0]!, { ...slideReport().results[0]!, memoryMB: 129 }] },
  ])('colours nothing when $case', ({ results }) => {
    const output = table({ ...slideReport(), results, recommendation: null }, colour);
    expect(output).not.toContain('\u001b[32m');
    expect(output).not.toContain('\u001b[31m');
  });

  it('marks the recommended row, and only that row', () => {
    const lines = table(slideReport()).split('\n');
    const marked = lines.filter((line) => line.startsWith('▶'));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatch(/^▶\s+1024\s/);
  });

  it('makes the recommended row bold', () => {
    expect(rowOf(table(slideReport(), colour), '1024')).toContain(colour.bold('$0.00002465'));
  });

  it('marks no row when there is no recommendation, and says why', () => {
    const output = table(coldStartReport());
    expect(output.split('\n').some((line) => line.startsWith('▶'))).toBe(false);
    expect(output).toContain('no recommendation: no error-free size meets p95 ≤ 50.0 ms');
  });

  it('shows error counts, rates and types instead of blank cells', () => {
    const output = table(errorsReport());
    expect(rowOf(output, '128')).toMatch(/3 \(3 err\)\s+3\s+no successful invocation: Runtime\.OutOfMemory ×3\s+128$/);
    expect(rowOf(output, '256')).toContain('20 (3 err)');
    expect(output).toContain('warning: 256 MB excluded from the recommendation: 15.0 % of invocations failed');
  });

  it('colours the error count red', () => {
    expect(rowOf(table(errorsReport(), colour), '256')).toContain(`20 ${colour.red('(3 err)')}`);
  });

  it.each([
    { case: '"per 1,000" for 1,000 invocations', report: slideReport(), header: /\$ per\s.*\n.*\s1,000\s/ },
    { case: '"per 1M" for a million invocations', report: errorsReport(), header: /\$ per\s.*\n.*\s1M\s/ },
  ])('heads the cost column $case', ({ report, header }) => {
    expect(table(report)).toMatch(header);
  });

  it('puts function, architecture, region and prices above the table', () => {
    expect(table(errorsReport()).split('\n')[0]).toBe(
      'orders-api · arm64 · eu-west-1 · $0.0000133334 per GB-s + $0.0000002 per request (prices as of 2025-06-01)',
    );
  });

  it('states the saving against the current size in the summary', () => {
    expect(table(slideReport())).toContain(
      'recommended: 1024 MB (balanced, weight 0.5) — best balance of cost and speed (weight 0.5): $0.00002464 per invocation, 1,466 ms mean; vs current 128 MB: 0.04 % more expensive, 87.5 % faster',
    );
  });

  it('prints each warning on its own line', () => {
    const lines = table(errorsReport()).split('\n');
    expect(lines.filter((line) => line.startsWith('warning: '))).toEqual(errorsReport().warnings.map((w) => `warning: ${w}`));
  });

  it('draws the rule under the header as wide as the table', () => {
    const lines = table(errorsReport()).split('\n');
    const rule = lines.find((line) => line.startsWith('─')) ?? '';
    const tableLines = lines.slice(lines.indexOf(rule) - 2, lines.indexOf(rule) + 5);
    expect(rule.length).toBe(Math.max(...tableLines.map((line) => line.length)));
  });

  it.each([
    { case: 'the slide', report: slideReport() },
    { case: 'failing sizes', report: errorsReport() },
    {
      case: 'huge figures',
      report: {
        ...slideReport(),
        results: slideReport().results.map((r) => ({ ...r, memoryMB: r.memoryMB * 10, durationMs: { ...r.durationMs!, trimmedMean: 899_999.99 } })),
      },
    },
  ])('keeps the chart within 80 columns for $case', ({ report }) => {
    const output = table(report, colour, true);
    const chart = output.split('\n').slice(output.split('\n').findIndex((l) => l.includes('by memory size')));
    const chartLines = chart.slice(0, chart.indexOf(''));
    expect(chartLines.length).toBe(report.results.length + 1);
    for (const line of chartLines) expect(stripVTControlCharacters(line).length).toBeLessThanOrEqual(80);
  });

  it('scales the longest bar to the largest value', () => {
    const lines = table(slideReport(), plain, true).split('\n');
    const bars = (memory: string): { cost: number; time: number } => {
      const line = lines.find((l) => l.trimStart().startsWith(`${memory} MB cost`)) ?? '';
      const [cost = '', time = ''] = [...line.matchAll(/[█▏▎▍▌▋▊▉]+/g)].map((m) => m[0]);
      return { cost: cost.length, time: time.length };
    };
    const full = bars('256').cost;
    expect(bars('128').time).toBe(full);
    expect(bars('1024').time).toBeLessThan(full / 4);
    expect(bars('128').cost).toBeLessThan(full);
  });

  it('says when nothing was measured', () => {
    const output = table({ ...slideReport(), results: [], recommendation: null });
    expect(output).toContain('no invocation was measured');
    expect(output).toContain('no recommendation: nothing was measured');
  });
});
