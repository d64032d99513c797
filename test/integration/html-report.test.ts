/**
 * `--output html` opened in a real browser: Debian's headless Chromium driven by playwright-core
 * (.ci/run installs `chromium`; no browser is downloaded). The page must load with no console error
 * and no request beyond its own file, draw one mark per measured size, and show the numbers the
 * JSON output has. A screenshot goes to LAMBDA_RIGHTSIZE_SCREENSHOT_DIR (docs/ keeps the README's).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { runInProcess } from '../support/cli.js';
import { CHROMIUM, CHROMIUM_FLAGS, NO_CHROMIUM } from '../support/chromium.js';
import { scanReport } from '../support/scan-report.js';

const LOG = 'benchmarks/recordings/prime-sieve.log';
const ARGS = [LOG, '--gb-second-price', '0.00001667', '--request-price', '0.0000002', '--per', '1000', '--strategy', 'cost'];

/** "$0.02463" → 0.02463, "11,723.0" → 11723, "1024" → 1024. */
const numberOf = (text: string): number => Number(text.replace(/[$,\s]|ms/g, ''));

interface Opened {
  page: Page;
  consoleErrors: string[];
  requests: string[];
}

describe.skipIf(NO_CHROMIUM)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let report: Report;
  let file: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    dir = await mkdtemp(join(tmpdir(), 'html-report-'));
    const html = await runInProcess(['replay', ...ARGS, '-o', 'html']);
    const json = await runInProcess(['replay', ...ARGS, '-o', 'json']);
    expect(html.code).toBe(0);
    report = JSON.parse(json.stdout) as Report;
    file = join(dir, 'report.html');
    await writeFile(file, html.stdout);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(path: string, options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<Opened> {
    const page = await browser.newPage({ colorScheme: options.colorScheme ?? 'light', viewport: { width: options.width ?? 1100, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, consoleErrors, requests };
  }

  it('loads with no console error and no request but its own file', async () => {
    const { page, consoleErrors, requests } = await open(file);

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  });

  it("draws one mark per measured size in each panel, at the JSON's values", async () => {
    const { page } = await open(file);

    for (const [metric, value] of [
      ['duration', (r: Report['results'][number]) => r.durationMs!.trimmedMean],
      ['cost', (r: Report['results'][number]) => r.costUSD!.perUnit],
    ] as const) {
      const marks = page.locator(`svg.chart g[data-metric="${metric}"] circle.mark`);
      await expect.poll(() => marks.count()).toBe(report.results.length);
      const drawn = await marks.evaluateAll((els) => els.map((el) => [Number(el.getAttribute('data-memory-mb')), Number(el.getAttribute('data-value'))]));
      // In any order: the recommended mark is drawn last, on top.
      expect(drawn.toSorted((a, b) => a[0]! - b[0]!)).toEqual(report.results.map((r) => [r.memoryMB, value(r)]));
      // Drawn inside the chart, not all on one spot.
      const ys = await marks.evaluateAll((els) => els.map((el) => Number(el.getAttribute('cy'))));
      expect(new Set(ys).size).toBeGreaterThan(1);
    }
    await page.close();
  });

  it("shows in its table the numbers of the JSON output, and the JSON's recommendation", async () => {
    const { page } = await open(file);

    for (const result of report.results) {
      const row = page.locator(`table.results tr[data-memory-mb="${result.memoryMB}"]`);
      const cell = async (column: string): Promise<number> => numberOf(await row.locator(`td[data-column="${column}"]`).innerText());
      expect(await cell('memory')).toBe(result.memoryMB);
      expect(await cell('invocations')).toBe(result.invocations);
      expect(await cell('mean')).toBeCloseTo(result.durationMs!.trimmedMean, 1);
      expect(await cell('p95')).toBeCloseTo(result.durationMs!.p95, 1);
      // Money has 4 significant digits on the page.
      expect(Math.abs((await cell('costPerInvocation')) / result.costUSD!.perInvocation - 1)).toBeLessThan(5e-4);
      expect(Math.abs((await cell('costPerUnit')) / result.costUSD!.perUnit - 1)).toBeLessThan(5e-4);
    }
    await expect.poll(() => page.locator('tr.recommended').getAttribute('data-memory-mb')).toBe(String(report.recommendation!.memoryMB));
    expect(await page.locator('.recommendation').innerText()).toContain(report.recommendation!.reason);
    expect(await page.locator('.facts').innerText()).toContain(`$${report.pricing.gbSecondUSD} per GB-second`);
    await page.close();
  });

  it('has a dark scheme, and prints dark text on white within the page whatever the scheme', async () => {
    const { page } = await open(file, { colorScheme: 'dark' });
    const colours = (): Promise<[string, string]> =>
      // A string, as the test's types have no DOM: it runs in the page.
      page.evaluate<[string, string]>('[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]');

    const [darkBg] = await colours();
    await page.emulateMedia({ media: 'print' });
    const [printBg, printFg] = await colours();

    expect(darkBg).not.toBe('rgb(255, 255, 255)');
    expect(printBg).toBe('rgb(255, 255, 255)');
    expect(printFg).toBe('rgb(0, 0, 0)');
    // On an A4 page (794 CSS px wide) the table and the chart stay within the paper.
    await page.setViewportSize({ width: 794, height: 1123 });
    const right = await page.evaluate<number[]>("[...document.querySelectorAll('table.results, svg.chart')].map((el) => el.getBoundingClientRect().right)");
    expect(right).toHaveLength(2);
    for (const edge of right) expect(edge).toBeLessThanOrEqual(794);
    await page.close();
  });

  it('saves a screenshot of the page', async () => {
    const out = resolve(process.env.LAMBDA_RIGHTSIZE_SCREENSHOT_DIR ?? dir);
    await mkdir(out, { recursive: true });
    const { page } = await open(file);

    const png = await page.screenshot({ path: join(out, 'html-report.png'), fullPage: true });

    expect(png.subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  });

  it("opens scan's fleet table the same way", async () => {
    const scan = scanReport();
    const { renderScanReport } = await import('../../src/scan/render/index.js');
    const { Chalk } = await import('chalk');
    const scanFile = join(dir, 'scan.html');
    await writeFile(scanFile, renderScanReport(scan, 'html', { chalk: new Chalk({ level: 0 }) }));

    const { page, consoleErrors, requests } = await open(scanFile);

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(scanFile).href]);
    expect(await page.locator('table.fleet tbody tr').count()).toBe(scan.functions.length);
    expect(await page.locator('table.fleet tbody tr').first().innerText()).toContain('1024 MB (also 512)');
    await page.close();
  });

  /** What a reader sees of the page's layout, measured in the page. */
  interface Layout {
    pageScrolls: boolean;
    titleOverflows: boolean;
    /** The smallest chart text as drawn on screen, in CSS px (the SVG scales its 12-unit text). */
    smallestChartTextPx: number | null;
  }
  const LAYOUT = `(() => {
    const root = document.documentElement;
    const h1 = document.querySelector('h1');
    // The chart shown at this width: the 720-unit one, or on a phone the 400-unit one.
    const svg = [...document.querySelectorAll('svg.chart, svg.chart-narrow')].find((el) => el.getBoundingClientRect().width > 0);
    const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 0;
    const sizes = svg ? [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale) : [];
    return {
      pageScrolls: root.scrollWidth > root.clientWidth,
      titleOverflows: h1.scrollWidth > h1.clientWidth,
      smallestChartTextPx: sizes.length ? Math.min(...sizes) : null,
    };
  })()`;

  describe.each([
    { width: 400, colorScheme: 'light' as const },
    { width: 400, colorScheme: 'dark' as const },
    { width: 1280, colorScheme: 'light' as const },
    { width: 1280, colorScheme: 'dark' as const },
  ])('at $width px, $colorScheme', ({ width, colorScheme }) => {
    it("fits the report's page: no sideways scroll, the title wraps, chart text of 10 px or more", async () => {
      const { page } = await open(file, { width, colorScheme });

      const layout = await page.evaluate<Layout>(LAYOUT);

      expect(layout.pageScrolls).toBe(false);
      expect(layout.titleOverflows).toBe(false);
      expect(layout.smallestChartTextPx).toBeGreaterThanOrEqual(10);
      // The chart shown has every mark, the recommended one drawn last (on top of its neighbours) and inside the page.
      const shown = page.locator(width < 600 ? 'svg.chart-narrow' : 'svg.chart');
      const marks = shown.locator('g[data-metric="duration"] circle.mark');
      expect(await marks.count()).toBe(report.results.length);
      expect(await marks.last().getAttribute('class')).toContain('recommended');
      const box = await marks.last().boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      // The 95 % intervals the notes define are columns of the table.
      expect(await page.locator('table.results th[data-column="meanCi"]').count()).toBe(1);
      expect(await page.locator('figcaption').innerText()).not.toMatch(/bars are 95 %/);
      await page.close();
    });

    it("fits scan's page, with prices as numbers and hints as code", async () => {
      const { renderScanReport } = await import('../../src/scan/render/index.js');
      const { Chalk } = await import('chalk');
      const scanFile = join(dir, `scan-${width}-${colorScheme}.html`);
      await writeFile(scanFile, renderScanReport(scanReport(), 'html', { chalk: new Chalk({ level: 0 }) }));
      const { page } = await open(scanFile, { width, colorScheme });

      const layout = await page.evaluate<Layout>(LAYOUT);

      expect(layout.pageScrolls).toBe(false);
      expect(layout.titleOverflows).toBe(false);
      const text = await page.locator('body').innerText();
      expect(text).toContain('$0.0000002 per request');
      expect(text).not.toMatch(/\d[eE]-\d/);
      expect(text).not.toContain('`');
      expect(await page.locator('.findings .advice code').innerText()).toBe('lambda-rightsize pipe --memory 256,1024');
      await page.close();
    });
  });
});
