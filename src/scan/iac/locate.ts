/**
 * Which line of the repository sets a function's memory, and the one-line patch that would change
 * it. Pure: source files and the function's tags in, a location out.
 *
 * Matching, strongest first: the CloudFormation tags (`aws:cloudformation:logical-id`, with
 * `aws:cloudformation:stack-name` to choose between templates that reuse a logical id — CDK names
 * its synthesized templates `<stack>.template.json`); a literal function name in the file; the
 * tool's default naming scheme.
 */
import type { IacLocation } from '../types.js';
import { templateResources, serverlessResources } from './templates.js';
import { terraformResources } from './terraform.js';
import type { IacResource, SourceFile } from './types.js';

export type { SourceFile } from './types.js';

export const LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';
export const STACK_NAME_TAG = 'aws:cloudformation:stack-name';

/** Every function declared in the files, in path order. */
export function indexSources(files: readonly SourceFile[]): IacResource[] {
  return files
    .toSorted((a, b) => a.path.localeCompare(b.path))
    .flatMap((f) => [...templateResources(f.path, f.text), ...serverlessResources(f.path, f.text), ...terraformResources(f.path, f.text)]);
}

export function locateFunction(resources: readonly IacResource[], name: string, tags: Readonly<Record<string, string>>): IacLocation | undefined {
  const found = locateResource(resources, name, tags);
  return found && location(found.resource, found.matchedBy);
}

/** The declaration of the deployed function `name` (with its tags), and how it was matched. */
export function locateResource(
  resources: readonly IacResource[],
  name: string,
  tags: Readonly<Record<string, string>>,
): { resource: IacResource; matchedBy: string } | undefined {
  const logicalId = tags[LOGICAL_ID_TAG];
  const stack = tags[STACK_NAME_TAG];
  if (logicalId !== undefined) {
    const byTag = resources.filter((r) => r.logicalId === logicalId);
    const inStack = stack === undefined ? [] : byTag.filter((r) => r.file.includes(stack));
    const hit = inStack[0] ?? byTag[0];
    if (hit) return { resource: hit, matchedBy: `${LOGICAL_ID_TAG} ${logicalId}` };
  }
  const named = resources.find((r) => r.names.includes(name));
  if (named) return { resource: named, matchedBy: `function name ${name}` };
  const patterned = resources.find((r) => r.patterns.some((p) => p.test(name)));
  return patterned ? { resource: patterned, matchedBy: `${patterned.tool}'s default name for ${patterned.logicalId ?? 'the function'}` } : undefined;
}

function location(r: IacResource, matchedBy: string): IacLocation {
  return {
    tool: r.tool,
    file: r.file,
    line: r.line,
    text: r.text,
    ...(r.memoryMB !== undefined ? { memoryMB: r.memoryMB } : {}),
    scope: r.scope,
    matchedBy,
  };
}

/** Lines of context around the change: what `git apply` expects by default. */
const CONTEXT = 3;

/**
 * The change of `at`'s memory literal to `memoryMB` as a unified diff, or undefined when the line
 * holds no literal (the memory is not set, or set through a variable).
 */
export function memoryPatch(fileText: string, at: IacLocation, memoryMB: number): string | undefined {
  if (at.memoryMB === undefined) return undefined;
  const lines = fileText.split('\n');
  const old = lines[at.line - 1];
  if (old === undefined || old.replace(/\r$/, '') !== at.text.replace(/\r$/, '')) return undefined;
  const changed = old.replace(new RegExp(`(?<![\\w.])${at.memoryMB}(?![\\w.])`), String(memoryMB));
  if (changed === old) return undefined;
  const from = Math.max(1, at.line - CONTEXT);
  const to = Math.min(lines.length - (lines[lines.length - 1] === '' ? 1 : 0), at.line + CONTEXT);
  const before = lines.slice(from - 1, at.line - 1).map((l) => ` ${l}`);
  const after = lines.slice(at.line, to).map((l) => ` ${l}`);
  const count = to - from + 1;
  return [`--- a/${at.file}`, `+++ b/${at.file}`, `@@ -${from},${count} +${from},${count} @@`, ...before, `-${old}`, `+${changed}`, ...after, ''].join('\n');
}
