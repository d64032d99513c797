/**
 * The evaluator `scan` tests plug into the fake endpoint (`fake.insights = scanInsights`): our
 * Insights evaluator, answering in GetQueryResults' shape (a list of { field, value } per row).
 */
import { evaluateInsights, type InsightsInput } from './evaluate.js';

export { evaluateInsights } from './evaluate.js';
export type { LogEvent } from './fields.js';

export function scanInsights(query: InsightsInput): Array<Array<{ field: string; value: string }>> {
  return evaluateInsights(query).map((row) => Object.entries(row).map(([field, value]) => ({ field, value })));
}

/**
 * `scanInsights` with these fields left out of every row: what a changed field name, a parse that
 * matched nothing or an endpoint that computes only part of `stats` looks like.
 */
export function scanInsightsWithout(...fields: string[]): (query: InsightsInput) => Array<Array<{ field: string; value: string }>> {
  return (query) => scanInsights(query).map((row) => row.filter((cell) => !fields.includes(cell.field)));
}
