/**
 * A small Logs Insights evaluator for the local endpoint: it runs the subset of the query language
 * `scan` uses — `filter <field> = "<text>"` (also `!=`, `like`), `parse <field> /regex/` with named
 * groups, `stats <aggregates> by <fields>` with count, sum, pct, min, max, avg, strcontains and `+`
 * between aggregates, and `limit`. Anything else throws, so a typo in our query fails a test
 * instead of passing silently.
 */
import { discoverFields, type FieldValue, type Fields, type LogEvent } from './fields.js';

export type { LogEvent } from './fields.js';

export interface InsightsInput {
  queryString: string;
  logGroupNames: readonly string[];
  /** Seconds since the epoch; both ends inclusive, the end to its last millisecond. */
  startTime: number;
  endTime: number;
  events: readonly LogEvent[];
}

/** Result rows as GetQueryResults would return them: field → string value. */
export type InsightsRow = Record<string, string>;

export function evaluateInsights(input: InsightsInput): InsightsRow[] {
  const groups = new Set(input.logGroupNames);
  let records: Fields[] = input.events
    .filter((e) => groups.has(e.logGroupName) && e.timestamp >= input.startTime * 1000 && e.timestamp < (input.endTime + 1) * 1000)
    .map(discoverFields);
  let rows: InsightsRow[] | undefined;
  let limit = 10_000;
  for (const command of splitTopLevel(input.queryString, '|')
    .map((c) => c.trim())
    .filter(Boolean)) {
    const [verb = '', rest = ''] = splitOnce(command);
    if (rows !== undefined && verb !== 'limit') throw new Error(`evaluator: "${verb}" after stats is not supported`);
    if (verb === 'filter') records = records.filter(compileFilter(rest));
    else if (verb === 'parse') records = records.map(compileParse(rest));
    else if (verb === 'stats') rows = runStats(rest, records);
    else if (verb === 'limit') limit = Number(rest);
    else throw new Error(`evaluator: unsupported command "${verb}"`);
  }
  if (rows === undefined) throw new Error('evaluator: only stats queries are supported');
  return rows.slice(0, limit);
}

function splitOnce(command: string): [string, string] {
  const match = /^(\w+)\s+([\s\S]*)$/.exec(command);
  if (!match) throw new Error(`evaluator: cannot read command "${command}"`);
  return [match[1] as string, match[2] as string];
}

/** Splits on `sep` outside quotes, regex literals and parentheses. */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      current += ch;
      if (ch === '\\') current += text[++i] ?? '';
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || (ch === '/' && /(^|[\s(,])$/.test(current))) quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === sep && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function unquote(text: string): string {
  const t = text.trim();
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(t);
  if (!match) throw new Error(`evaluator: expected a quoted string, got ${t}`);
  return (match[1] as string).replace(/\\(.)/g, '$1');
}

function compileFilter(expr: string): (r: Fields) => boolean {
  const conditions = expr.split(/\s+and\s+/).map((part) => {
    const present = /^ispresent\(([@\w.]+)\)$/.exec(part.trim());
    if (present) return (r: Fields) => r.has(present[1] as string) && r.get(present[1] as string) !== null;
    const match = /^([@\w.]+)\s*(=|!=|like)\s*(.+)$/.exec(part.trim());
    if (!match) throw new Error(`evaluator: unsupported filter "${part}"`);
    const [, field = '', op, rhs = ''] = match;
    if (op === 'like' && rhs.trim().startsWith('/')) {
      const re = regexOf(rhs.trim());
      return (r: Fields) => re.test(String(r.get(field) ?? ''));
    }
    const value = unquote(rhs);
    if (op === 'like') return (r: Fields) => String(r.get(field) ?? '').includes(value);
    if (op === '=') return (r: Fields) => r.has(field) && String(r.get(field)) === value;
    return (r: Fields) => String(r.get(field) ?? '') !== value;
  });
  return (r) => conditions.every((c) => c(r));
}

function regexOf(literal: string): RegExp {
  const match = /^\/([\s\S]*)\/([a-z]*)$/.exec(literal.trim());
  if (!match) throw new Error(`evaluator: expected /regex/, got ${literal}`);
  return new RegExp(match[1] as string, match[2]);
}

function compileParse(rest: string): (r: Fields) => Fields {
  const match = /^([@\w.]+)\s+(\/[\s\S]*\/[a-z]*)$/.exec(rest.trim());
  if (!match) throw new Error(`evaluator: unsupported parse "${rest}"`);
  const field = match[1] as string;
  const re = regexOf(match[2] as string);
  return (r) => {
    const groups = re.exec(String(r.get(field) ?? ''))?.groups;
    if (!groups) return r;
    const next = new Map(r);
    for (const [name, value] of Object.entries(groups)) if (value !== undefined) next.set(name, value);
    return next;
  };
}

type Aggregate = (records: readonly Fields[]) => number | null;

function runStats(rest: string, records: readonly Fields[]): InsightsRow[] {
  const byAt = rest.search(/\sby\s/);
  const aggText = byAt === -1 ? rest : rest.slice(0, byAt);
  const byFields =
    byAt === -1
      ? []
      : rest
          .slice(byAt)
          .replace(/^\s*by\s+/, '')
          .split(',')
          .map((f) => f.trim());
  const aggregates = splitTopLevel(aggText, ',').map((item) => {
    const match = /^([\s\S]+?)\s+as\s+(\w+)$/.exec(item.trim());
    if (!match) throw new Error(`evaluator: every aggregate needs "as <name>": ${item.trim()}`);
    return { name: match[2] as string, fn: compileSum(match[1] as string) };
  });
  const buckets = new Map<string, { key: (FieldValue | undefined)[]; records: Fields[] }>();
  for (const r of records) {
    const key = byFields.map((f) => r.get(f) ?? undefined);
    const id = JSON.stringify(key);
    const bucket = buckets.get(id) ?? { key, records: [] };
    bucket.records.push(r);
    buckets.set(id, bucket);
  }
  return [...buckets.values()].map(({ key, records: rs }) => {
    const row: InsightsRow = {};
    byFields.forEach((f, i) => {
      const value = key[i];
      if (value !== undefined && value !== null) row[f] = String(value);
    });
    for (const agg of aggregates) {
      const value = agg.fn(rs);
      if (value !== null) row[agg.name] = String(value);
    }
    return row;
  });
}

/** `agg(...) + agg(...)`: null only when every term is null. */
function compileSum(expr: string): Aggregate {
  const terms = splitTopLevel(expr, '+').map((t) => compileAggregate(t.trim()));
  return (rs) => {
    const values = terms.map((t) => t(rs)).filter((v): v is number => v !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) : null;
  };
}

function compileAggregate(term: string): Aggregate {
  const match = /^(\w+)\(([\s\S]*)\)$/.exec(term);
  if (!match) throw new Error(`evaluator: unsupported aggregate "${term}"`);
  const [, fn, argText = ''] = match;
  const args = splitTopLevel(argText, ',').map((a) => a.trim());
  if (fn === 'count' && args[0] === '*') return (rs) => rs.length;
  const value = compileValue(args[0] ?? '');
  const values = (rs: readonly Fields[]): number[] => rs.map(value).filter((v): v is number => v !== null);
  switch (fn) {
    case 'count':
      return (rs) => values(rs).length;
    case 'sum':
      return (rs) => (values(rs).length ? values(rs).reduce((a, b) => a + b, 0) : null);
    case 'max':
      return (rs) => (values(rs).length ? Math.max(...values(rs)) : null);
    case 'min':
      return (rs) => (values(rs).length ? Math.min(...values(rs)) : null);
    case 'avg':
      return (rs) => (values(rs).length ? values(rs).reduce((a, b) => a + b, 0) / values(rs).length : null);
    case 'pct': {
      const q = Number(args[1]);
      return (rs) => nearestRank(values(rs), q);
    }
  }
  throw new Error(`evaluator: unsupported aggregate function "${fn}"`);
}

/** A field, or `strcontains(field, "text")` (1 or 0; null when the field is absent). */
function compileValue(expr: string): (r: Fields) => number | null {
  const call = /^strcontains\(([@\w.]+),\s*("(?:[^"\\]|\\.)*")\)$/.exec(expr);
  if (call) {
    const field = call[1] as string;
    const needle = unquote(call[2] as string);
    return (r) => (r.has(field) ? (String(r.get(field)).includes(needle) ? 1 : 0) : null);
  }
  if (!/^[@\w.]+$/.test(expr)) throw new Error(`evaluator: unsupported value "${expr}"`);
  return (r) => {
    const v = r.get(expr);
    if (v === undefined || v === null || v === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  };
}

function nearestRank(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))] as number;
}
