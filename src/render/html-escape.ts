/** Escaping and the page shell shared by every HTML output (tune/bench/replay reports, scan's fleet table). */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values: function names, error types and warnings come from users' logs. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Prose with `code` spans (hints such as "run `lambda-rightsize f --memory 192,1024`"): escaped,
 * then each backtick pair becomes <code>, as the terminal and Markdown outputs show them.
 */
export function escapeProse(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * JSON for a `<script type="application/json">` block: `<` is escaped so no value can close the
 * element (`</script>`) or open a comment; JSON.parse reads `\u003c` back as `<`.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The whole page. The Content-Security-Policy forbids every fetch, script and font from elsewhere,
 * so the file is self-contained by construction: opened offline or as a CI artifact it looks the
 * same, and a value that slipped past escaping still could not run or phone home.
 */
export function htmlPage(options: { title: string; body: string; data: unknown; style: string }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>\n${options.style}</style>`,
    '</head>',
    '<body>',
    options.body,
    // The very object `--output json` prints, for whoever receives the file and wants the numbers.
    `<script type="application/json" id="report-data">\n${embedJson(options.data)}\n</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
