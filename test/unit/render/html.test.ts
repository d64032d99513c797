import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderHtml, renderReport } from '../../../src/render/index.js';
import { niceTicks } from '../../../src/render/svg-chart.js';
import type { Report } from '../../../src/types.js';
import { coldStartReport, errorsReport, slideReport } from '../../support/report-fixtures.js';

const plain = new Chalk({ level: 0 });

/** The page without its stylesheet: what the snapshots are about. */
function body(html: string): string {
  return html.slice(html.indexOf('<body>'));
}

/** The 720-unit chart alone (the page also has the 400-unit one it shows on a phone). */
function chart(html: string): string {
  return html.match(/<svg class="chart"[\s\S]*?<\/svg>/)?.[0] ?? '';
}

function marks(html: string, metric: 'duration' | 'cost'): string[] {
  const panel = html.match(new RegExp(`<g class="panel" data-metric="${metric}">([\\s\\S]*?)</g>`))?.[1] ?? '';
  return [...panel.matchAll(/<circle class="mark[^"]*" data-memory-mb="(\d+)" data-value="([^"]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
}

function cells(html: string, memoryMB: number): string[] {
  const row = html.match(new RegExp(`<tr data-memory-mb="${memoryMB}"[^>]*>(.*?)</tr>`))?.[1] ?? '';
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!);
}

/** A tune report with issue 9's optional search figures: a fitted curve and 95 % intervals. */
function searchedReport(): Report {
  const report = slideReport();
  return {
    ...report,
    results: report.results.map((r) => ({
      ...r,
      ci95: {
        samples: 20,
        trimmedMeanMs: { low: r.durationMs!.trimmedMean * 0.97, high: r.durationMs!.trimmedMean * 1.03 },
        costPerInvocationUSD: { low: r.costUSD!.perInvocation * 0.98, high: r.costUSD!.perInvocation * 1.02 },
      },
    })),
    search: {
      method: 'model',
      model: { ioMs: 0, cpuMs: 848.6, threads: 1 },
      fit: { r2: 0.999, rmsePercent: 1.2, maxResidualPercent: 2.1, good: true },
      curve: [128, 384, 640, 1024].map((memoryMB) => ({ memoryMB, durationMs: 1_500_000 / memoryMB, costUSD: 0.0000246 })),
      range: { minMB: 128, maxMB: 10_240 },
      rounds: 3,
      stoppedBecause: 'settled',
      stopped: 'confirmed',
      minWarmSamples: 5,
    },
  };
}

describe('HTML output', () => {
  it.each([
    { case: 'the slide benchmark', report: slideReport() },
    { case: 'a run with failing sizes', report: errorsReport() },
    { case: 'a replay without recommendation', report: coldStartReport() },
  ])('renders $case', ({ report }) => {
    expect(body(renderHtml(report))).toMatchSnapshot();
  });

  it.each([
    { case: 'every size of the slide', report: slideReport(), expected: [128, 256, 512, 1024] },
    { case: 'the sizes with a successful invocation only', report: errorsReport(), expected: [256, 512, 1024] },
  ])('draws one mark per measured size in each panel: $case', ({ report, expected }) => {
    const html = renderHtml(report);
    for (const metric of ['duration', 'cost'] as const) {
      expect(
        marks(html, metric)
          .map((m) => Number(m.split(':')[0]))
          .toSorted((a, b) => a - b),
      ).toEqual(expected);
    }
  });

  it('crosses out, on both axes, a size where no invocation succeeded', () => {
    const html = renderHtml(errorsReport());
    expect(chart(html).match(/<path class="failed" data-memory-mb="128"/g)).toHaveLength(2);
    expect(renderHtml(slideReport())).not.toContain('class="failed"');
  });

  it('puts the measured values themselves on the marks', () => {
    const report = slideReport();
    const html = renderHtml(report);
    expect(marks(html, 'duration').toSorted()).toEqual(report.results.map((r) => `${r.memoryMB}:${r.durationMs!.trimmedMean}`).toSorted());
    expect(marks(html, 'cost').toSorted()).toEqual(report.results.map((r) => `${r.memoryMB}:${r.costUSD!.perUnit}`).toSorted());
  });

  it('fills each table row with the cells the terminal table prints for that size', () => {
    const report = errorsReport();
    const terminal = renderReport(report, 'table', { colorLevel: plain.level }).split('\n');
    for (const result of report.results) {
      const line = terminal.find((l) => new RegExp(`^\\S*\\s+${result.memoryMB}\\s`).test(l))!;
      const row = cells(renderHtml(report), result.memoryMB).filter((c) => c !== '' && c !== '▶');
      expect(row.length).toBeGreaterThan(1);
      for (const cell of row) {
        expect(line).toContain(cell.replace(/&#39;/g, "'"));
      }
    }
  });

  it('marks the recommended row and mark', () => {
    const html = renderHtml(slideReport());
    expect(html).toMatch(/<tr data-memory-mb="1024" class="recommended">/);
    expect(chart(html).match(/<circle class="mark recommended" data-memory-mb="(\d+)"/g)).toHaveLength(2);
  });

  it('draws the fitted curve and the intervals when the report has them, and neither otherwise', () => {
    const plainHtml = renderHtml(slideReport());
    const searched = renderHtml(searchedReport());
    expect(plainHtml).not.toMatch(/class="curve"|class="interval"/);
    expect(chart(searched).match(/<path class="curve"/g)).toHaveLength(2);
    expect(chart(searched).match(/<line class="interval"/g)).toHaveLength(8);
    expect(searched).toContain(
      'The dashed line is the fitted model; a bar is a 95 % confidence interval, drawn where it is wider than the mark (the table gives each one).',
    );
    expect(searched).not.toMatch(/bars are 95 % confidence intervals/);
  });

  it('gives the 95 % intervals the notes define as table columns too', () => {
    const html = renderHtml(searchedReport());
    expect(html).toMatch(/<th scope="col" data-column="meanCi">95 %<br>CI<\/th>/);
    expect(html).toMatch(/<th scope="col" data-column="costCi">/);
    expect(cells(html, 1024).some((c) => /^±[\d.]+ %$/.test(c))).toBe(true);
  });

  it('draws the recommended mark after every other in its panel, so no neighbour covers it', () => {
    const report = slideReport();
    const html = renderHtml({ ...report, recommendation: { ...report.recommendation!, memoryMB: 256 } });
    for (const metric of ['duration', 'cost'] as const) {
      expect(marks(html, metric).at(-1)).toMatch(/^256:/);
    }
    expect(html).toMatch(/<circle class="mark recommended" data-memory-mb="256"/);
  });

  it('draws the chart a second time, 400 units wide, for a phone', () => {
    const html = renderHtml(slideReport());
    const narrow = html.match(/<svg class="chart-narrow"[^>]*viewBox="0 0 400 \d+"[\s\S]*?<\/svg>/)?.[0] ?? '';
    expect(narrow.match(/<circle class="mark/g)).toHaveLength(8);
    expect(html).toMatch(/@media screen and \(max-width: 600px\) \{\n {2}svg\.chart \{ display: none; \}/);
  });

  it("renders a hint's `code` as code, not as backticks", () => {
    const html = renderHtml({ ...slideReport(), warnings: ['run `lambda-rightsize f --memory 192,1024` to confirm'] });
    expect(html).toContain('<li><strong>warning:</strong> run <code>lambda-rightsize f --memory 192,1024</code> to confirm</li>');
  });

  it("escapes names and warnings from users' logs, and embeds the report so it parses back", () => {
    const hostile = {
      ...slideReport(),
      function: { ...slideReport().function, name: '<script>alert(1)</script>' },
      warnings: ['a </script><img src=x> warning'],
    };
    const html = renderHtml(hostile);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x>');
    const embedded = html.match(/<script type="application\/json" id="report-data">\n([\s\S]*?)\n<\/script>/)![1]!;
    expect(JSON.parse(embedded)).toEqual(hostile);
  });

  it('loads nothing from elsewhere: a CSP that allows no fetch, and no external reference', () => {
    const html = renderHtml(slideReport());
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/\b(src|href)=|@import|url\(/);
  });

  it('renders several reports (bench) as sections of one page', () => {
    const html = renderHtml([slideReport(), errorsReport()]);
    expect(html.match(/<section class="report"/g)).toHaveLength(2);
    expect(html.match(/<!DOCTYPE html>/g)).toHaveLength(1);
  });

  it('does not modify the report it is given', () => {
    const report = searchedReport();
    const copy = structuredClone(report);
    renderHtml(report);
    expect(report).toEqual(copy);
  });
});

describe('niceTicks', () => {
  it.each([
    { case: 'round steps up to past the maximum', max: 11_723, expected: [0, 5000, 10_000, 15_000] },
    { case: 'small money amounts', max: 0.02803, expected: [0, 0.01, 0.02, 0.03] },
    { case: 'nothing to scale', max: 0, expected: [0] },
  ])('gives $case', ({ max, expected }) => {
    expect(niceTicks(max)).toEqual(expected);
  });
});
