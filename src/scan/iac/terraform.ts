/**
 * Terraform: `resource "aws_lambda_function" "<label>" { function_name = "…" memory_size = … }`,
 * and the community module (`source = "terraform-aws-modules/lambda/aws"`), which takes the same
 * two arguments. Pure. Only literal names can be matched; `memory_size` absent is the provider's
 * 128 MB default, pointed at the block's first line.
 */
import type { IacResource } from './types.js';

const BLOCK_START = /^\s*(resource\s+"aws_lambda_function"\s+"([^"]+)"|module\s+"([^"]+)")\s*\{\s*$/;

export function terraformResources(path: string, text: string): IacResource[] {
  if (!path.endsWith('.tf') || (!text.includes('aws_lambda_function') && !text.includes('lambda'))) return [];
  const lines = text.split(/\r?\n/);
  const found: IacResource[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = BLOCK_START.exec(lines[i] as string);
    if (!start) continue;
    const attrs = topLevelAttributes(lines, i);
    const isModule = (start[1] as string).startsWith('module');
    if (isModule && !/lambda/.test(attrs.get('source')?.value ?? '')) continue;
    const name = attrs.get('function_name');
    const memory = attrs.get('memory_size');
    const literal = name && /^"([A-Za-z0-9_-]+)"$/.exec(name.value)?.[1];
    const at = memory ?? { line: i, value: '' };
    const value = Number(at.value);
    found.push({
      tool: 'terraform',
      file: path,
      key: isModule ? `module.${start[3]}` : `aws_lambda_function.${start[2]}`,
      names: literal ? [literal] : [],
      patterns: [],
      line: at.line + 1,
      text: lines[at.line] as string,
      ...(memory && Number.isInteger(value) && value > 0 ? { memoryMB: value } : {}),
      ...(memory ? { memoryValue: memory.value } : {}),
      ...architectureOf(attrs.get('architectures')?.value),
      scope: 'function',
    });
  }
  return found;
}

/** `architectures = ["arm64"]`: Lambda takes one. */
function architectureOf(value: string | undefined): Pick<IacResource, 'architecture'> {
  const found = value === undefined ? undefined : /"(arm64|x86_64)"/.exec(value)?.[1];
  return found === 'arm64' || found === 'x86_64' ? { architecture: found } : {};
}

/** `key = value` lines at depth 1 of the block opened on `startLine`, up to its closing brace. */
function topLevelAttributes(lines: readonly string[], startLine: number): Map<string, { line: number; value: string }> {
  const attrs = new Map<string, { line: number; value: string }>();
  let depth = 0;
  let heredoc: string | undefined;
  for (let i = startLine; i < lines.length; i++) {
    const line = lines[i] as string;
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(#|\/\/).*$/, '');
    if (depth === 1) {
      const attr = /^\s*([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*$/.exec(line.replace(/\s(#|\/\/).*$/, ''));
      if (attr) attrs.set(attr[1] as string, { line: i, value: attr[2] as string });
    }
    const marker = /<<-?\s*([A-Z_]+)\s*$/.exec(code);
    if (marker) heredoc = marker[1];
    for (const ch of code) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    if (depth === 0 && i > startLine) break;
  }
  return attrs;
}
