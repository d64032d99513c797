/** The search over memory sizes (tune without --memory); Lambda's resource model is src/resources. */
export { SearchDriver, searchLimits, type SearchOptions } from './driver.js';
export { createSearch } from './factory.js';
