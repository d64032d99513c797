/** From per-size results to a recommendation. */
export { recommend, type RecommendOptions, type RecommendOutcome } from './recommend.js';
