/** The search over memory sizes (tune without --memory) and Lambda's resource model. */
export { SearchDriver, searchLimits, type SearchOptions } from './driver.js';
export { createSearch } from './factory.js';
