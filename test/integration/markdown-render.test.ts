/**
 * The Markdown outputs as a pull-request comment or `$GITHUB_STEP_SUMMARY` shows them: rendered as
 * GitHub-flavoured Markdown (marked, GFM) and read back from headless Chromium. Every cell must come
 * back as the terminal prints it — a `|` in a name, a `$` in a price or `_`/`*` in an error type must
 * neither break the table nor turn into formatting or maths — and nothing may be left over as markup.
 */
import { Chalk } from 'chalk';
import { marked } from 'marked';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columns } from '../../src/render/columns.js';
import { renderReport } from '../../src/render/index.js';
import { buildRows } from '../../src/render/model.js';
import { renderScanReport } from '../../src/scan/render/index.js';
import { functionRow } from '../../src/scan/render/rows.js';
import type { Report } from '../../src/types.js';
import { errorsReport } from '../support/report-fixtures.js';
import { CHROMIUM, CHROMIUM_FLAGS, NO_CHROMIUM } from '../support/chromium.js';
import { scanReport } from '../support/scan-report.js';

const plain = new Chalk({ level: 0 });

describe.skipIf(NO_CHROMIUM)('Markdown as GitHub renders it', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** The table cells and the visible text of `markdown` rendered as GFM. */
  async function rendered(markdown: string): Promise<{ rows: string[][]; text: string }> {
    const page = await browser.newPage();
    await page.setContent(await marked.parse(markdown, { gfm: true }));
    const rows = await page.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    // Collapsed <details> (scan's evidence) hide their text from innerText: open them, as a reader would.
    await page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })");
    const text = await page.locator('body').innerText();
    await page.close();
    return { rows, text };
  }

  it("keeps every cell of tune/replay's table as the terminal prints it", async () => {
    const report: Report = {
      ...errorsReport(),
      function: { ...errorsReport().function, name: 'orders|api_v2*' },
      results: errorsReport().results.map((r, i) => (i === 0 ? { ...r, errorsByType: { 'Runtime.Exit_Error*': 3 } } : r)),
    };

    const { rows, text } = await rendered(renderReport(report, 'markdown', { colorLevel: plain.level }));

    const cols = columns(report);
    expect(rows).toEqual(buildRows(report).map((row) => cols.map((col) => col.text(row))));
    expect(text).toContain('lambda-rightsize: orders|api_v2*');
    expect(text).toContain(`recommended: 512 MB (cost) — ${report.recommendation!.reason}`);
    expect(text).not.toMatch(/\\[|$*_`<]|\*\*/);
  });

  it("keeps every cell of scan's fleet table, and each finding's evidence, as the terminal prints them", async () => {
    const report = scanReport();

    const { rows, text } = await rendered(renderScanReport(report, 'markdown', { chalk: plain }));

    expect(rows).toEqual(report.functions.map((fn) => functionRow(fn).cells));
    for (const finding of report.functions.flatMap((fn) => fn.findings)) {
      expect(text).toContain(finding.message);
      expect(text).toContain(finding.advice!);
    }
    expect(text).toContain('warning: a warning with 100% and a | pipe');
    expect(text).not.toMatch(/\\[|$*_`<]|\*\*/);
  });
});
