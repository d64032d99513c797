/** Lambda REPORT parsing: pure, no I/O. */
export type { LineResult, ParseCounters } from './types.js';
export { parseReportLine } from './line.js';
export { parseRecords, MAX_LINE_BYTES } from './stream.js';
