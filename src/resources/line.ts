/** The least-squares line every fit of the resource model is made of (the search's, scan's, diff's). Pure. */

/**
 * A point fits when |measured − predicted| ≤ 1.5·h + 3 % of the prediction: 1.5 half-widths of a
 * 95 % interval is about 3 standard errors, and 3 % allows for what the model leaves out (billing
 * granularity, runtime overhead) without hiding a memory-hungry runtime or GC, which move small sizes
 * by tens of percent.
 */
export const FIT_TOLERANCE = Object.freeze({ halfWidths: 1.5, relative: 0.03 });

/**
 * The weighted least-squares line y = ioMs + cpuMs × x (x = 1 / usable CPU). Noise can fit a
 * negative part, which the physical model has none of: then the other part is fitted alone (a
 * flat line at the mean, or one through the origin: cpuMs = Σwxy / Σwx²). The xs must not all be equal.
 */
export function weightedLine(xs: readonly number[], ys: readonly number[], ws: readonly number[]): { ioMs: number; cpuMs: number } {
  const sw = sum(ws);
  const xBar = sum(ws.map((w, i) => w * (xs[i] as number))) / sw;
  const yBar = sum(ws.map((w, i) => w * (ys[i] as number))) / sw;
  const sxy = sum(ws.map((w, i) => w * ((xs[i] as number) - xBar) * ((ys[i] as number) - yBar)));
  const sxx = sum(ws.map((w, i) => w * ((xs[i] as number) - xBar) ** 2));
  const cpuMs = sxy / sxx;
  const ioMs = yBar - cpuMs * xBar;
  if (cpuMs < 0) return { ioMs: yBar, cpuMs: 0 };
  if (ioMs < 0) return { ioMs: 0, cpuMs: sum(ws.map((w, i) => w * (xs[i] as number) * (ys[i] as number))) / sum(ws.map((w, i) => w * (xs[i] as number) ** 2)) };
  return { ioMs, cpuMs };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
