/** From per-size results to a recommendation. */
export { balancedScore, recommend, type RecommendOptions, type RecommendOutcome } from './recommend.js';
