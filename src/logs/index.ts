/** Lambda REPORT parsing: pure, no I/O. */
export type { LineResult, ParseCounters } from './types.js';
export { parseReportLine } from './line.js';
export { createSplitter, parseRecordBatches, parseRecords, MAX_LINE_BYTES, type SplitterOptions, type StatisticsSink } from './stream.js';
export { fastTextReport } from './fast-report.js';
export { RequestIds } from './request-ids.js';
export { csvMessageColumn, parseCsvBatches } from './csv.js';
export { parseJsonDocumentBatches } from './json-document.js';
