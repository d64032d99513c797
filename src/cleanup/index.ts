/** `cleanup`: undo what bench or a killed tune left behind. */
export { findLeftovers, type CleanupOptions, type FindDeps, type Leftovers } from './find.js';
export { renderLeftovers, runCleanup, type CleanupDeps, type CleanupResult } from './run.js';
