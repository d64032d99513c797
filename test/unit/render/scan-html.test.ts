import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderScanReport } from '../../../src/scan/render/index.js';
import { functionRow } from '../../../src/scan/render/rows.js';
import { scanReport } from '../../support/scan-report.js';

const html = (): string => renderScanReport(scanReport(), 'html', { chalk: new Chalk({ level: 0 }) });
const unescape = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('scan --output html', () => {
  it("has one fleet-table row per function, with the terminal table's cells", () => {
    const rows = [...html().matchAll(/<tr data-function="[^"]*">(.*?)<\/tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => unescape(c[1]!)),
    );

    expect(rows).toEqual(scanReport().functions.map((fn) => functionRow(fn).cells));
  });

  it('lists each finding with its evidence and advice, and the warnings', () => {
    const page = unescape(html());
    for (const finding of scanReport().functions.flatMap((fn) => fn.findings)) {
      expect(page).toContain(finding.message);
      expect(page).toContain(finding.advice!);
    }
    expect(page).toContain('<strong>warning:</strong> a warning with 100% and a | pipe');
  });

  it('is self-contained, with the scan embedded as JSON', () => {
    const page = html();
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(page).not.toMatch(/\b(src|href)=|@import|url\(/);
    const embedded = page.match(/<script type="application\/json" id="report-data">\n([\s\S]*?)\n<\/script>/)![1]!;
    expect(JSON.parse(embedded)).toEqual(scanReport());
  });
});
