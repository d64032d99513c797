/** Lambda's resource model: how duration follows memory (CPU share, threads), shared by search, scan and diff. Pure. */
export { MB_PER_VCPU, predictDurationMs, usableCpu, vcpuShare, type ResourceModel } from './model.js';
export { FIT_TOLERANCE, weightedLine } from './line.js';
