import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderScanReport } from '../../../src/scan/render/index.js';
import { scanReport } from '../../support/scan-report.js';

const plain = new Chalk({ level: 0 });
const render = (width?: number): string[] =>
  renderScanReport(scanReport(), 'table', { chalk: plain, ...(width !== undefined ? { width } : {}) })
    .trimEnd()
    .split('\n');
const tableOf = (lines: readonly string[]): string[] => {
  const rule = lines.findIndex((line) => /^─+$/.test(line));
  return lines.slice(rule - 1, rule + 3);
};

describe('the scan table in a narrow terminal', () => {
  it('keeps every column without a width (pipes, files)', () => {
    expect(tableOf(render())[0]).toMatch(/^function\s+memory\s+invocations\s+p99 \/ max used\s+p95 duration\s+est\. \$\/month\s+finding$/);
  });

  it.each([100, 80, 60])('fits %i columns without wrapping any line, keeping function, memory and the finding', (width) => {
    const lines = render(width);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
    const [head, , first, second] = tableOf(lines);
    expect(head).toMatch(/^function\s+memory\s.*finding$/);
    expect(first).toMatch(/^pipe\|name_with\*stars\s+1024 MB \(also 512\)\s.*over-provisioned/);
    expect(second).toMatch(/^worker\s+512 MB\s.*ok$/);
  });

  it('drops the evidence columns in the stated order: p99/max used first, the monthly cost last', () => {
    const order = ['p99 / max used', 'invocations', 'p95 duration', 'est. $/month'];
    const dropped = [200, 140, 120, 100, 70].map((width) => order.filter((header) => !tableOf(render(width))[0]!.includes(header)));
    for (const gone of dropped) expect(gone).toEqual(order.slice(0, gone.length));
    expect(dropped[0]).toEqual([]);
    expect(dropped.at(-1)).toEqual(order);
  });

  it('writes each finding out in full under the table, wrapped at spaces', () => {
    const text = render(60)
      .join('\n')
      .replace(/\n {2}(?!confirm)/g, ' ');
    expect(text).toContain(
      'pipe|name_with*stars: over-provisioned — p99 max memory used 140 MB is 14 % of 1024 MB; 256 MB would cost about $2.643/month instead of $8.001',
    );
  });
});
