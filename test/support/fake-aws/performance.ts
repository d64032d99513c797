/**
 * The performance model's formulas, pure: a size's duration per request type (the textbook curve and
 * its deviations, types.ts `WorkDeviations`) and one invocation's seeded draw. The fake endpoint
 * (execution.ts) and the no-HTTP simulator (test/support/search-sim.ts) both draw through
 * `drawDurationMs`; steady-state.ts gives its expectation.
 */
import type { WorkModel } from './types.js';

/** Memory at which a function gets one full vCPU (Lambda docs: "1,769 MB = one vCPU"). */
export const MB_PER_VCPU = 1769;

/** One kind of request: its share of the invocations and how its CPU and I/O time compare with the base. */
export interface RequestType {
  share: number;
  cpuFactor: number;
  ioFactor: number;
}

const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * vCPUs the handler can use: proportional to memory up to one vCPU; a single-threaded handler gains
 * nothing above 1,769 MB, a multi-threaded one up to `threads` vCPUs (a smooth minimum with a soft knee).
 */
export function usableCpu(work: Pick<WorkModel, 'threads' | 'kneeSharpness'>, memoryMB: number): number {
  const x = memoryMB / MB_PER_VCPU;
  const t = Math.max(1, work.threads);
  if (work.kneeSharpness === undefined) return Math.min(x, t);
  const s = work.kneeSharpness;
  return (x ** -s + t ** -s) ** (-1 / s);
}

/** Whether an invocation at this size dies with Runtime.OutOfMemory (below the need, or at/below a GC working set). */
export function runsOutOfMemory(work: WorkModel, memoryMB: number): boolean {
  const need = work.minMemoryMB ?? work.baseMemoryMB + work.usedMemoryMB;
  return memoryMB < need || (work.gc !== undefined && memoryMB <= work.gc.workingSetMB);
}

/** Max Memory Used of a successful invocation: what it needs (a GC'd heap fills its working set), capped at the size. */
export function memoryUsedMB(work: WorkModel, memoryMB: number): number {
  return Math.min(memoryMB, Math.max(work.baseMemoryMB + work.usedMemoryMB, work.gc?.workingSetMB ?? 0));
}

/** The request types: the base one alone, or a light and a heavy one (`mix`). */
export function requestTypes(work: WorkModel): readonly RequestType[] {
  if (!work.mix) return [{ share: 1, cpuFactor: 1, ioFactor: 1 }];
  const { heavyShare, cpuFactor, ioFactor } = work.mix;
  return [
    { share: 1 - heavyShare, cpuFactor: 1, ioFactor: 1 },
    { share: heavyShare, cpuFactor, ioFactor },
  ];
}

/** Duration (ms, no jitter or tail) of one request type at a size; `warm` multiplies the CPU time (warm-up). */
export function typeDurationMs(work: WorkModel, memoryMB: number, type: RequestType, warm = 1): number {
  const cpu = cpuTimeMs(work, memoryMB) * type.cpuFactor * warm;
  const io = ioTimeMs(work, memoryMB) * type.ioFactor;
  return (cpu + io) * (1 + (work.slowdown?.(memoryMB) ?? 0));
}

/** CPU time's multiplier for an environment's n-th invocation (0 = its cold start). */
export function warmupFactor(work: WorkModel, environmentInvocation: number): number {
  const w = work.warmup;
  if (!w || environmentInvocation >= w.invocations) return 1;
  return 1 + (w.factor - 1) * (1 - environmentInvocation / w.invocations);
}

/**
 * One invocation's duration, drawn from `random`: the jitter first (as before the deviations, so a
 * seed gives the same durations on the textbook curve), then the request type and the tail, each
 * only when the model has it.
 */
export function drawDurationMs(work: WorkModel, memoryMB: number, random: () => number, environmentInvocation: number): number {
  const jitter = 1 + work.jitter * (2 * random() - 1);
  const types = requestTypes(work);
  const type = types.length > 1 && random() < (types[1] as RequestType).share ? (types[1] as RequestType) : (types[0] as RequestType);
  let tail = 1;
  if (work.tail) {
    const u = random();
    // The draw below the share, rescaled, places the slow invocation within the tail's range.
    if (u < work.tail.share) tail = work.tail.minFactor + (work.tail.maxFactor - work.tail.minFactor) * (u / work.tail.share);
  }
  return round3(typeDurationMs(work, memoryMB, type, warmupFactor(work, environmentInvocation)) * jitter * tail);
}

function cpuTimeMs(work: WorkModel, memoryMB: number): number {
  const base = work.measured ? interpolateLogLog(work.measured, memoryMB) : work.cpuMs / usableCpu(work, memoryMB);
  return base * superlinearFactor(work, memoryMB) * gcFactor(work, memoryMB);
}

function ioTimeMs(work: WorkModel, memoryMB: number): number {
  if (work.measured) return 0;
  const net = work.network;
  const transfer = net ? net.ms * (net.plateauMB / Math.min(memoryMB, net.plateauMB)) ** net.exponent : 0;
  return work.ioMs + transfer;
}

function superlinearFactor(work: WorkModel, memoryMB: number): number {
  const s = work.superlinear;
  if (!s || memoryMB >= s.toMB) return 1;
  if (memoryMB <= s.fromMB) return s.factor;
  return s.factor ** (1 - Math.log(memoryMB / s.fromMB) / Math.log(s.toMB / s.fromMB));
}

function gcFactor(work: WorkModel, memoryMB: number): number {
  const gc = work.gc;
  if (!gc) return 1;
  // At or below the working set the invocation runs out of memory; it thrashes as at 5 % room until then.
  const room = Math.max(memoryMB - gc.workingSetMB, 0.05 * gc.workingSetMB);
  return 1 + (gc.strength * gc.workingSetMB) / room;
}

/** Log-log interpolation between measured points (ascending by memory), flat beyond the ends. */
function interpolateLogLog(points: readonly { memoryMB: number; durationMs: number }[], memoryMB: number): number {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) throw new Error('a measured curve needs at least one point');
  if (memoryMB <= first.memoryMB) return first.durationMs;
  if (memoryMB >= last.memoryMB) return last.durationMs;
  let i = 0;
  while ((points[i + 1] as { memoryMB: number }).memoryMB <= memoryMB) i += 1;
  const a = points[i] as { memoryMB: number; durationMs: number };
  const b = points[i + 1] as { memoryMB: number; durationMs: number };
  const f = Math.log(memoryMB / a.memoryMB) / Math.log(b.memoryMB / a.memoryMB);
  return Math.exp(Math.log(a.durationMs) + f * (Math.log(b.durationMs) - Math.log(a.durationMs)));
}
