/**
 * Lambda's resource model, the one `tune`'s search and `scan`'s projections share. Pure.
 *
 * CPU time is allotted in proportion to memory: 1,769 MB buys one vCPU of time
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), so 10,240 MB buys
 * 10240 / 1769 ≈ 5.79 vCPU — the figure commonly cited for the top size. A handler that keeps
 * `threads` threads busy cannot use more than `threads` vCPUs, so its CPU-bound part stops getting
 * faster at `threads × 1,769` MB.
 */

/** Memory at which a function gets one full vCPU of CPU time. */
export const MB_PER_VCPU = 1769;

/** vCPUs of CPU time a function gets at `memoryMB` (fractional below 1,769 MB). */
export function vcpuShare(memoryMB: number): number {
  return memoryMB / MB_PER_VCPU;
}

/** CPU a handler with `threads` busy threads can use at `memoryMB`, in vCPUs. */
export function usableCpu(memoryMB: number, threads: number): number {
  return Math.min(vcpuShare(memoryMB), Math.max(1, threads));
}

/**
 * The model of one invocation's duration: a part that does not depend on memory (`ioMs`: waiting
 * on the network, a fixed overhead) plus CPU work (`cpuMs`, measured at one full vCPU) spread over
 * the CPU the handler can use.
 */
export interface ResourceModel {
  /** Duration that does not change with memory, ms. */
  ioMs: number;
  /** CPU time at one vCPU, ms. */
  cpuMs: number;
  /** Threads the CPU work runs on (≥ 1). */
  threads: number;
}

/** Predicted duration (ms) at `memoryMB`: `ioMs + cpuMs / usableCpu(memoryMB, threads)`. */
export function predictDurationMs(model: ResourceModel, memoryMB: number): number {
  return model.ioMs + model.cpuMs / usableCpu(memoryMB, model.threads);
}
