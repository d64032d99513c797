/** Per-memory-size statistics of invocations, in bounded memory. */
export { distribution } from './distribution.js';
export { SampleSet, type SizeSamples } from './sample-set.js';
export { EXACT_LIMIT, Series } from './series.js';
export { SKETCH_MIN_VALUE, SKETCH_RELATIVE_ERROR } from './sketch.js';
export { summarize, type SummarizeOptions } from './summarize.js';
export { meanInterval, P95_BOUND_MIN_SAMPLES, p95UpperBound, t975, trimmedMeanInterval } from './interval.js';
export { stillWarming, warmUpCount } from './warmup.js';
