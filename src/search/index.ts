/** The search over memory sizes (tune without --memory) and Lambda's resource model. */
export { SearchDriver, searchConfig, searchLimits, MAX_SIZES, PER_SIZE_PARALLEL, type SearchOptions } from './driver.js';
export { MB_PER_VCPU, predictDurationMs, usableCpu, vcpuShare, type ResourceModel } from './resources.js';
