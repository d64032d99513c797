/**
 * Fitting Lambda's resource model (src/resources) to measured sizes. Pure.
 *
 * For a given thread count T the model is linear: duration = ioMs + cpuMs·x with
 * x = 1 / usableCpu(memory, T). So each T is a weighted least-squares line through the points
 * (x_i, y_i), weights w_i = 1/h_i² where h_i is the expected half-width of the 95 % interval of y_i.
 * Lambda's noise is relative (a duration × 1 ± a few %), and an interval from five warm values is
 * itself very noisy, so h_i is pooled: h_i = c·y_i/√n_i with c² the mean of (halfWidth_i/y_i)²·n_i
 * over the sizes — more samples and shorter durations count more. Then cpuMs = Σw(x−x̄)(y−ȳ) / Σw(x−x̄)², ioMs = ȳ − cpuMs·x̄ (weighted means), clamped
 * to ioMs, cpuMs ≥ 0 (a negative part of a duration means the model does not apply). The T with the
 * smallest weighted squared error wins; on equal error the smaller T (the knee points cannot tell,
 * and fewer threads is the cheaper assumption, which the search then checks above the knee).
 */
import { FIT_TOLERANCE, MB_PER_VCPU, predictDurationMs, usableCpu, weightedLine, type ResourceModel } from '../resources/index.js';

/** One measured size as the fit sees it. */
export interface MeasuredPoint {
  memoryMB: number;
  /** The speed figure: trimmed mean duration, ms. */
  durationMs: number;
  /** Half-width of its 95 % interval, ms (0 when unknown). */
  halfWidthMs: number;
  /** Values the interval is over. */
  samples: number;
  /** Standard deviation of those values, ms, when known (the held-out test's noise). */
  sdMs?: number;
}

export interface Fit {
  model: ResourceModel;
  /** Weighted coefficient of determination. */
  r2: number;
  /** Root mean square of the residuals relative to the prediction, %. */
  rmsePercent: number;
  maxResidualPercent: number;
  /**
   * The fit is trusted: at least MIN_POINTS points, every one within its tolerance of the curve
   * (FIT_TOLERANCE), and every one predicted within its tolerance by the fit to the others
   * (leave-one-out: judged on points not used to fit them). Two points always fit a two-parameter
   * curve exactly, so a fit to two is never good.
   */
  good: boolean;
  /** Points further from the curve (or from the fit to the others) than their tolerance. */
  misfits: number[];
  /** The largest leave-one-out residual relative to its prediction, % (Infinity below MIN_POINTS). */
  heldOutResidualPercent: number;
}

/** Points a fit needs before it can be judged: one more than its two parameters, so one is always held out. */
export const MIN_POINTS = 3;

/** Noise floor, relative (× √n): a size measured without spread still is not exact. */
const MIN_HALF_WIDTH = 0.005;

/** Threads that can matter up to `maxMB`: beyond ⌈maxMB / 1769⌉ vCPUs no size gives more. */
export function maxThreads(maxMB: number): number {
  return Math.max(1, Math.ceil(maxMB / MB_PER_VCPU));
}

/**
 * The best-fitting model over T = 1…threadsUpTo, or undefined when no T has two distinct x
 * (e.g. a single size, or only sizes at or above the knee).
 */
export function fitModel(measured: readonly MeasuredPoint[], threadsUpTo: number): Fit | undefined {
  const points = pooled(measured);
  let best: { model: ResourceModel; sse: number } | undefined;
  for (let threads = 1; threads <= threadsUpTo; threads += 1) {
    const line = fitLine(points, threads);
    if (line && (!best || line.sse < best.sse * (1 - 1e-9))) best = line;
  }
  return best ? judge(points, best.model) : undefined;
}

/**
 * Leave-one-out: each point against the line (same thread count) fitted to the others. A point
 * misfits when it is further from that prediction than 2 standard errors of the difference — its
 * own (pooled relative SD / √n) and the prediction's (weighted least squares: 1/Σw + (x − x̄)²/Sxx)
 * — plus FIT_TOLERANCE.relative for what the model leaves out.
 */
function heldOut(points: readonly MeasuredPoint[], threads: number): { misfits: number[]; maxResidual: number } {
  if (points.length < MIN_POINTS) return { misfits: points.map((p) => p.memoryMB), maxResidual: Infinity };
  const se = standardErrors(points);
  const misfits: number[] = [];
  let maxResidual = 0;
  points.forEach((p, i) => {
    const others = points.filter((_, j) => j !== i);
    const otherSe = se.filter((_, j) => j !== i);
    const xs = others.map((o) => 1 / usableCpu(o.memoryMB, threads));
    const x = 1 / usableCpu(p.memoryMB, threads);
    if (new Set(xs.map((v) => v.toPrecision(12))).size < 2) {
      misfits.push(p.memoryMB);
      maxResidual = Infinity;
      return;
    }
    const ws = otherSe.map((e) => 1 / Math.max(e * e, 1e-12));
    const line = weightedLine(
      xs,
      others.map((o) => o.durationMs),
      ws,
    );
    const predicted = line.ioMs + line.cpuMs * x;
    const sw = sum(ws);
    const xBar = sum(ws.map((w, j) => w * (xs[j] as number))) / sw;
    const sxx = sum(ws.map((w, j) => w * ((xs[j] as number) - xBar) ** 2));
    const predictionVar = 1 / sw + (x - xBar) ** 2 / sxx;
    const residual = Math.abs(p.durationMs - predicted);
    maxResidual = Math.max(maxResidual, residual / Math.max(predicted, 1e-9));
    if (residual > 2 * Math.sqrt((se[i] as number) ** 2 + predictionVar) + FIT_TOLERANCE.relative * predicted) misfits.push(p.memoryMB);
  });
  return { misfits, maxResidual };
}

/** Standard errors of the points' means: the relative SD pooled over the points (by degrees of freedom), × duration / √n. */
function standardErrors(points: readonly MeasuredPoint[]): number[] {
  const known = points.filter((p) => p.sdMs !== undefined && p.samples >= 2 && p.durationMs > 0);
  const df = sum(known.map((p) => p.samples - 1));
  const relative =
    df > 0
      ? Math.sqrt(sum(known.map((p) => (p.samples - 1) * ((p.sdMs as number) / p.durationMs) ** 2)) / df)
      : Math.max(...pooled(points).map((p) => ((p.halfWidthMs / Math.max(p.durationMs, 1e-9)) * Math.sqrt(Math.max(1, p.samples))) / 2));
  return points.map((p) => (Math.max(relative, MIN_HALF_WIDTH) * p.durationMs) / Math.sqrt(Math.max(1, p.samples)));
}

/** The points with their half-widths replaced by the pooled ones (see the file's comment). */
export function pooled(points: readonly MeasuredPoint[]): MeasuredPoint[] {
  const usable = points.filter((p) => p.samples >= 2 && p.durationMs > 0);
  const c2 = usable.length > 0 ? usable.reduce((sum, p) => sum + (p.halfWidthMs / p.durationMs) ** 2 * p.samples, 0) / usable.length : 0;
  const c = Math.max(Math.sqrt(c2), MIN_HALF_WIDTH);
  return points.map((p) => ({ ...p, halfWidthMs: (c * p.durationMs) / Math.sqrt(Math.max(1, p.samples)) }));
}

function weightOf(p: MeasuredPoint): number {
  const h = Math.max(p.halfWidthMs, (p.durationMs * MIN_HALF_WIDTH) / Math.sqrt(Math.max(1, p.samples)), 1e-9);
  return 1 / (h * h);
}

function fitLine(points: readonly MeasuredPoint[], threads: number): { model: ResourceModel; sse: number } | undefined {
  const xs = points.map((p) => 1 / usableCpu(p.memoryMB, threads));
  if (new Set(xs.map((x) => x.toPrecision(12))).size < 2) return undefined;
  const ws = points.map(weightOf);
  const model = {
    ...weightedLine(
      xs,
      points.map((p) => p.durationMs),
      ws,
    ),
    threads,
  };
  const sse = sum(points.map((p, i) => (ws[i] as number) * (p.durationMs - predictDurationMs(model, p.memoryMB)) ** 2));
  return { model, sse };
}

function judge(points: readonly MeasuredPoint[], model: ResourceModel): Fit {
  const ws = points.map(weightOf);
  const predicted = points.map((p) => predictDurationMs(model, p.memoryMB));
  const residuals = points.map((p, i) => p.durationMs - (predicted[i] as number));
  const sw = sum(ws);
  const yBar = sum(ws.map((w, i) => w * (points[i] as MeasuredPoint).durationMs)) / sw;
  const sse = sum(ws.map((w, i) => w * (residuals[i] as number) ** 2));
  const sst = sum(ws.map((w, i) => w * ((points[i] as MeasuredPoint).durationMs - yBar) ** 2));
  const relative = residuals.map((r, i) => Math.abs(r) / Math.max(predicted[i] as number, 1e-9));
  const inSample = points
    .filter((p, i) => Math.abs(residuals[i] as number) > FIT_TOLERANCE.halfWidths * p.halfWidthMs + FIT_TOLERANCE.relative * (predicted[i] as number))
    .map((p) => p.memoryMB);
  const loo = heldOut(points, model.threads);
  const misfits = [...new Set([...inSample, ...loo.misfits])].toSorted((a, b) => a - b);
  return {
    model,
    r2: sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0,
    rmsePercent: Math.sqrt(sum(relative.map((r) => r * r)) / relative.length) * 100,
    maxResidualPercent: Math.max(...relative) * 100,
    good: misfits.length === 0 && points.length >= MIN_POINTS,
    misfits,
    heldOutResidualPercent: loo.maxResidual * 100,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
