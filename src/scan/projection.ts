/**
 * Duration evidence → Lambda's resource model → the duration at another memory size. Pure.
 *
 * Memory headroom alone says nothing about speed: CPU is allotted in proportion to memory, so a
 * CPU-bound function gets slower at a smaller size, and its cost per invocation may not fall at
 * all. Two kinds of evidence tell how much of the duration is CPU:
 * - Lambda Insights' `cpu_total_time` (CPU ms used) next to `duration`, at the current size;
 * - durations measured at several memory sizes in the window (the function's memory changed).
 * Both are fitted to the model `tune`'s search uses (src/resources), never a copy of it.
 */
import { predictDurationMs, usableCpu, weightedLine, type ResourceModel } from '../resources/index.js';

/**
 * CPU time more than the wall time means several threads were busy. The tolerance keeps clock
 * granularity (a single thread at 1.02× its wall time) from counting as a second thread.
 */
const THREAD_TOLERANCE = 0.05;
/** Fully parallel CPU work: scales with every vCPU Lambda gives (≈ 5.79 at 10,240 MB). */
export const ALL_THREADS = 6;

/**
 * The model from mean CPU time and mean duration per invocation at `memoryMB`. CPU time used is
 * the CPU work itself (a share of a vCPU stretches the wall time, not the CPU time), so it is
 * `cpuMs` at one vCPU; what the CPU does not explain is `ioMs`.
 */
export function modelFromCpuTime(memoryMB: number, cpuMsMean: number, durationMsMean: number): ResourceModel {
  const ratio = durationMsMean > 0 ? cpuMsMean / durationMsMean : 0;
  const threads = Math.max(1, Math.ceil(ratio - THREAD_TOLERANCE));
  const usable = usableCpu(memoryMB, threads);
  // Bursts and rounding can show more CPU than the share allows: then the whole duration is CPU.
  const cpuMs = Math.min(cpuMsMean, durationMsMean * usable);
  return { ioMs: Math.max(0, durationMsMean - cpuMs / usable), cpuMs, threads };
}

export interface SizePoint {
  memoryMB: number;
  durationMsMean: number;
  invocations: number;
}

/**
 * The model fitted to mean durations at two or more sizes: `duration = ioMs + cpuMs × x` with
 * x = 1 / usable CPU, least squares weighted by invocations. Single-threaded first; when every
 * size is at or above one vCPU (x the same for all), fully parallel — the assumption that makes a
 * smaller size slowest, so the one least likely to invent a saving. Undefined when nothing fits.
 */
export function modelFromSizes(points: readonly SizePoint[]): ResourceModel | undefined {
  for (const threads of [1, ALL_THREADS]) {
    const xs = points.map((p) => 1 / usableCpu(p.memoryMB, threads));
    if (Math.max(...xs) - Math.min(...xs) < 1e-9) continue;
    return {
      ...weightedLine(
        xs,
        points.map((p) => p.durationMsMean),
        points.map((p) => p.invocations),
      ),
      threads,
    };
  }
  return undefined;
}

/** How much longer (ratio) an invocation takes at `toMB` than at `fromMB` under the model. */
export function slowdown(model: ResourceModel, fromMB: number, toMB: number): number {
  const from = predictDurationMs(model, fromMB);
  return from > 0 ? predictDurationMs(model, toMB) / from : 1;
}

/** Share of the duration at `memoryMB` that is CPU, 0–1. */
export function cpuShareOfDuration(model: ResourceModel, memoryMB: number): number {
  const total = predictDurationMs(model, memoryMB);
  return total > 0 ? model.cpuMs / usableCpu(memoryMB, model.threads) / total : 0;
}
