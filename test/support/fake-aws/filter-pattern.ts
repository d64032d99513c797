/**
 * CloudWatch Logs filter patterns, the subset the tool uses: terms (`"REPORT RequestId"`, a bare
 * request id, `?a ?b`, `-term`) and JSON selectors (`{ $.type = "platform.report" }`, `&&`, `||`).
 * Anything else is refused, so a test notices a pattern the fake cannot judge.
 */
import { AwsFault } from './http.js';

export type Matcher = (message: string) => boolean;

function invalid(pattern: string): AwsFault {
  return new AwsFault(400, 'InvalidParameterException', `Invalid filter pattern (fake-aws does not support it): ${pattern}`);
}

function tokenize(pattern: string): string[] {
  const tokens: string[] = [];
  const re = /([?-]?)"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(pattern); m !== null; m = re.exec(pattern)) {
    tokens.push(m[2] === undefined ? (m[3] ?? '') : `${m[1] ?? ''}${m[2].replace(/\\"/g, '"')}`);
  }
  return tokens;
}

function termMatcher(pattern: string): Matcher {
  const tokens = tokenize(pattern);
  const anyOf = tokens.filter((t) => t.startsWith('?')).map((t) => t.slice(1));
  if (anyOf.length > 0) return (message) => anyOf.some((term) => message.includes(term));
  const excluded = tokens.filter((t) => t.startsWith('-') && t.length > 1).map((t) => t.slice(1));
  const required = tokens.filter((t) => !(t.startsWith('-') && t.length > 1));
  return (message) => required.every((t) => message.includes(t)) && !excluded.some((t) => message.includes(t));
}

function select(value: unknown, path: string): unknown {
  return path
    .split('.')
    .filter((part) => part !== '')
    .reduce<unknown>((current, key) => (current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined), value);
}

function clauseMatcher(clause: string, pattern: string): (record: unknown) => boolean {
  const m = /^\s*\$((?:\.[\w@-]+)+)\s*(=|!=|>=|<=|>|<)\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*$/.exec(clause);
  if (!m) throw invalid(pattern);
  const [, path = '', op, quoted, bare = ''] = m;
  const expected = quoted ?? bare;
  const numeric = quoted === undefined && bare !== '' && !Number.isNaN(Number(bare));
  return (record) => {
    const actual = select(record, path);
    if (actual === undefined) return false;
    if (numeric) {
      const a = Number(actual);
      const e = Number(expected);
      return { '=': a === e, '!=': a !== e, '>': a > e, '<': a < e, '>=': a >= e, '<=': a <= e }[op as '='];
    }
    const text = String(actual);
    const equal = expected.endsWith('*') ? text.startsWith(expected.slice(0, -1)) : text === expected;
    if (op === '=') return equal;
    if (op === '!=') return !equal;
    throw invalid(pattern);
  };
}

function jsonMatcher(pattern: string): Matcher {
  const inner = pattern.trim().replace(/^\{/, '').replace(/\}$/, '');
  const alternatives = inner.split('||').map((alt) => alt.split('&&').map((clause) => clauseMatcher(clause, pattern)));
  return (message) => {
    let record: unknown;
    try {
      record = JSON.parse(message);
    } catch {
      return false;
    }
    return alternatives.some((all) => all.every((clause) => clause(record)));
  };
}

export function compileFilterPattern(pattern: string | undefined): Matcher {
  const trimmed = (pattern ?? '').trim();
  if (trimmed === '') return () => true;
  if (trimmed.startsWith('{')) return jsonMatcher(trimmed);
  if (trimmed.startsWith('[') || trimmed.startsWith('%')) throw invalid(pattern ?? '');
  return termMatcher(trimmed);
}
