/**
 * Is a changed template readable? scan's readers read line by line and skip what they do not
 * understand, which for a scan means a function without its line; for a diff it would mean a
 * memory change silently missed. So a changed file that declares a function the readers cannot
 * find is refused with one line. Pure.
 */
import { templateResources } from '../scan/iac/templates.js';
import type { SourceFile } from '../scan/iac/locate.js';

const FUNCTION_TYPE = /["']?Type["']?\s*:\s*["']?AWS::(Serverless|Lambda)::Function\b/;

/** Why `file` cannot be read, or undefined when it can. */
export function unreadable(file: SourceFile): string | undefined {
  const { path, text } = file;
  if (path.endsWith('.tf')) return unbalanced(text) ? `${path}: unbalanced braces` : undefined;
  const json = /^\s*[{[]/.test(text);
  if (json) {
    try {
      JSON.parse(text);
    } catch (error) {
      return `${path}: not valid JSON (${(error as Error).message})`;
    }
  } else if (/^\t+\S/m.test(text)) {
    return `${path}: YAML indented with tabs`;
  }
  if (FUNCTION_TYPE.test(text) && templateResources(path, text).length === 0) {
    return json
      ? `${path}: a Lambda function in a minified template (the reader needs one key per line, as cdk synth and sam build write it)`
      : `${path}: a Lambda function the reader cannot place (block-style YAML with Resources at the top is needed)`;
  }
  return undefined;
}

function unbalanced(text: string): boolean {
  let depth = 0;
  let heredoc: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(#|\/\/).*$/, '');
    heredoc = /<<-?\s*([A-Z_]+)\s*$/.exec(code)?.[1];
    for (const ch of code) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      if (depth < 0) return true;
    }
  }
  return depth !== 0;
}
