/**
 * Memory set through a parameter or a variable whose default is written in the same tree: the
 * CloudFormation/SAM parameter's `Default` (`!Ref Memory`, `{ "Ref": "Memory" }`), the Terraform
 * variable's `default` in the module's folder (`var.memory`), the Serverless `custom` value
 * (`${self:custom.memory}`). Pure. A deploy-time override (samconfig, tfvars, --stage options)
 * can differ: the change says which default it used.
 */
import { entryAt, outline } from '../scan/iac/outline.js';
import type { IacResource, SourceFile } from '../scan/iac/types.js';

export interface Resolved {
  memoryMB: number;
  /** "the default of parameter Memory" */
  via: string;
}

export function resolveMemory(r: IacResource, files: readonly SourceFile[]): Resolved | undefined {
  const value = r.memoryValue;
  if (value === undefined || r.memoryMB !== undefined) return undefined;
  const text = files.find((f) => f.path === r.file)?.text;
  if (text === undefined) return undefined;
  const ref = /^(?:!Ref\s+|\{\s*"?Ref"?\s*:\s*)["']?([A-Za-z0-9]+)["']?\s*\}?$/.exec(value)?.[1];
  if (ref !== undefined && r.tool !== 'terraform' && r.tool !== 'serverless') {
    return whole(entryAt(outline(text), ['Parameters', ref, 'Default'])?.value, `the default of parameter ${ref}`);
  }
  const self = /^\$\{self:custom\.([\w.-]+)\}$/.exec(value)?.[1];
  if (self !== undefined && r.tool === 'serverless') return whole(entryAt(outline(text), ['custom', ...self.split('.')])?.value, `custom.${self}`);
  const variable = /^var\.([A-Za-z_][\w-]*)$/.exec(value)?.[1];
  if (variable !== undefined && r.tool === 'terraform') {
    const folder = r.file.includes('/') ? r.file.slice(0, r.file.lastIndexOf('/') + 1) : '';
    const module = files.filter((f) => f.path.endsWith('.tf') && f.path.startsWith(folder) && !f.path.slice(folder.length).includes('/'));
    for (const f of module) {
      const found = variableDefault(f.text, variable);
      if (found !== undefined) return whole(found, `the default of variable ${variable}`);
    }
  }
  return undefined;
}

function whole(value: string | undefined, via: string): Resolved | undefined {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? { memoryMB: n, via } : undefined;
}

/** `variable "<name>" { … default = <n> … }`, the first `default` at the block's top level. */
function variableDefault(text: string, name: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => new RegExp(`^\\s*variable\\s+"${name}"\\s*\\{`).test(l));
  if (start === -1) return undefined;
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/(#|\/\/).*$/, '');
    if (depth === 1) {
      const match = /^\s*default\s*=\s*(\d+)\s*$/.exec(line);
      if (match) return match[1];
    }
    for (const ch of line) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    // A one-line block: `variable "m" { default = 512 }`.
    if (i === start) {
      const inline = /\{\s*default\s*=\s*(\d+)\s*\}/.exec(line);
      if (inline) return inline[1];
    }
    if (depth === 0 && i > start) break;
  }
  return undefined;
}
