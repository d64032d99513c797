/** From per-size results to a recommendation. */
export { balancedScore, recommend, warmInvocations, type RecommendOptions, type RecommendOutcome } from './recommend.js';
export { fastestLevel, mayBeAsFast, SPEED_SLACK } from './ties.js';
export { reportStrategy, type AnalysisSettings } from './settings.js';
export { combineArchitectures, recommendAcross, type ArchitectureRun, type Today } from './across.js';
