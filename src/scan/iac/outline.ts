/**
 * The keys of a block-style YAML file or a pretty-printed JSON file, each with its path and line.
 * Pure. Enough to find `Resources.<id>.Properties.MemorySize` or `functions.<fn>.memorySize`
 * and point at the line, which a full parser would lose (and CloudFormation's `!Ref`-style tags
 * make standard YAML parsers fail without a schema).
 *
 * Limits, on purpose: flow mappings (`{ a: 1 }`) and minified JSON are one entry at best; keys
 * inside lists are kept under a `-` path element; block scalars (`|`, `>`) are skipped whole, so
 * inline code that mentions `MemorySize:` is never taken for the setting.
 */

export interface OutlineEntry {
  /** Keys from the top, lists as `-`. */
  path: readonly string[];
  key: string;
  /** The scalar after the colon without quotes or a trailing comma; '' when a block follows. */
  value: string;
  /** 1-based. */
  line: number;
}

const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'#{}[\],][^:#]*?))\s*:(?:\s+(.*))?$/;
const BLOCK_SCALAR = /^[|>][-+0-9]*$/;

export function outline(text: string): OutlineEntry[] {
  const lines = text.split(/\r?\n/);
  const entries: OutlineEntry[] = [];
  const stack: { indent: number; key: string }[] = [];
  let skipDeeperThan: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const indent = raw.length - raw.trimStart().length;
    let content = stripComment(raw.trim());
    if (content === '' || content === '---') continue;
    if (skipDeeperThan !== undefined) {
      if (indent > skipDeeperThan) continue;
      skipDeeperThan = undefined;
    }
    let at = indent;
    if (content.startsWith('- ') || content === '-') {
      pop(stack, at);
      stack.push({ indent: at, key: '-' });
      content = content.slice(1).trimStart();
      at += 2;
      if (content === '') continue;
    }
    const match = KEY.exec(content);
    if (!match) continue;
    const key = match[1] ?? match[2] ?? (match[3] as string).trim();
    const value = cleanValue(match[4] ?? '');
    pop(stack, at);
    entries.push({ path: stack.map((s) => s.key), key, value, line: i + 1 });
    stack.push({ indent: at, key });
    if (BLOCK_SCALAR.test(value)) skipDeeperThan = at;
  }
  return entries;
}

function pop(stack: { indent: number }[], indent: number): void {
  while (stack.length > 0 && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
}

/** ` # comment` outside quotes; JSON has none, and `#` inside a value (`!Sub '#x'`) stays. */
function stripComment(content: string): string {
  let quote: string | undefined;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || content[i - 1] === ' ')) return content.slice(0, i).trimEnd();
  }
  return content;
}

function cleanValue(value: string): string {
  let v = value.trim().replace(/,$/, '').trim();
  if (v === '{' || v === '[' || v === '{}' || v === '[]') return v.length === 2 ? v : '';
  const quoted = /^"((?:[^"\\]|\\.)*)"$|^'([^']*)'$/.exec(v);
  if (quoted) v = quoted[1] ?? quoted[2] ?? '';
  return v;
}

/** The entry at exactly this path (keys from the top), if any. */
export function entryAt(entries: readonly OutlineEntry[], path: readonly string[]): OutlineEntry | undefined {
  return entries.find((e) => e.key === path[path.length - 1] && e.path.length === path.length - 1 && e.path.every((p, i) => p === path[i]));
}

/** Entries directly under `path`. */
export function childrenOf(entries: readonly OutlineEntry[], path: readonly string[]): OutlineEntry[] {
  return entries.filter((e) => e.path.length === path.length && e.path.every((p, i) => p === path[i]));
}
