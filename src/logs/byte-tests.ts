/**
 * Byte tests the streaming scanner (stream.ts) runs on candidate lines before — or instead of —
 * decoding them: cheap checks that drop false hits, and where a REPORT behind a prefix starts.
 */

const NEWLINE = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const R = 0x52;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const LOWER_T = 0x74;
const REPORT_LENGTH = 'REPORT'.length;
const MS_LENGTH = 'Ms'.length;

/** Bytes of prefix looked at behind which a REPORT may start. */
const MAX_PREFIX = 160;

/**
 * Where the REPORT behind a plain prefix of the line at `from` starts: the line's first `R`, when
 * the prefix before it is plain (see `plainPrefix`). -1 otherwise, or past MAX_PREFIX bytes — the
 * general path decides then. The first `R` is at or before the line's first REPORT, so this finds
 * the REPORT the general path would.
 */
export function prefixedReport(chunk: Buffer, from: number, limit: number): number {
  const stop = Math.min(limit, from + MAX_PREFIX);
  for (let i = from; i < stop; i++) {
    const c = chunk[i];
    if (c === R) return i > from && plainPrefix(chunk, from, i) ? i : -1;
    if (c === NEWLINE || c === QUOTE || c === OPEN_BRACE) return -1;
  }
  return -1;
}

/** `chunk[from..at)` ends in a blank or `]` (as the general path requires) and holds no `"` or `{`. */
export function plainPrefix(chunk: Buffer, from: number, at: number): boolean {
  const before = chunk[at - 1];
  if (before !== SPACE && before !== TAB && before !== CLOSE_BRACKET) return false;
  for (let i = from; i < at; i++) if (chunk[i] === QUOTE || chunk[i] === OPEN_BRACE) return false;
  return true;
}

/** `REPORT` at `at` is followed by blanks and `R` (of `RequestId`). */
export function reportFollows(chunk: Buffer, at: number): boolean {
  let i = at + REPORT_LENGTH;
  const start = i;
  for (;;) {
    if (chunk[i] === SPACE || chunk[i] === TAB) i++;
    // `\t` when the line is a JSON-escaped "message".
    else if (chunk[i] === BACKSLASH && chunk[i + 1] === LOWER_T) i += 2;
    else break;
  }
  return i > start && chunk[i] === R;
}

/** `Ms` at `at` ends a JSON key (`…DurationMs"` or, escaped in a message, `…DurationMs\"`). */
export function keyEnds(chunk: Buffer, at: number): boolean {
  const next = chunk[at + MS_LENGTH];
  return next === QUOTE || next === BACKSLASH;
}
