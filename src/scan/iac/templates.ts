/**
 * Lambda functions declared in CloudFormation / SAM / CDK-synthesized templates and in Serverless
 * Framework files, each with the line that sets its memory. Pure: text in, resources out.
 */
import { childrenOf, entryAt, outline, type OutlineEntry } from './outline.js';
import type { IacResource } from './types.js';

const FUNCTION_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);

/**
 * A template's functions. Matched by the `aws:cloudformation:logical-id` tag CloudFormation puts
 * on what it creates, by a literal `FunctionName`, or by CloudFormation's default physical name
 * `<stack>-<logicalId>-<suffix>`. The memory line is the function's `MemorySize`, else SAM's
 * `Globals.Function.MemorySize` (shared), else the resource itself (Lambda's 128 MB default).
 */
export function templateResources(path: string, text: string): IacResource[] {
  if (!text.includes('AWS::Lambda::Function') && !text.includes('AWS::Serverless::Function')) return [];
  const entries = outline(text);
  const resources = childrenOf(entries, ['Resources']);
  if (resources.length === 0) return [];
  const sam = /AWS::Serverless/.test(entryAt(entries, ['Transform'])?.value ?? '') || text.includes('AWS::Serverless::Function');
  const globalMemory = entryAt(entries, ['Globals', 'Function', 'MemorySize']);
  const globalArch = entryAt(entries, ['Globals', 'Function', 'Architectures']);
  const found: IacResource[] = [];
  for (const resource of resources) {
    const at = ['Resources', resource.key];
    const type = entryAt(entries, [...at, 'Type'])?.value;
    if (type === undefined || !FUNCTION_TYPES.has(type)) continue;
    const cdk = entryAt(entries, [...at, 'Metadata', 'aws:cdk:path']) !== undefined || path.includes('cdk.out/');
    const own = entryAt(entries, [...at, 'Properties', 'MemorySize']);
    const name = entryAt(entries, [...at, 'Properties', 'FunctionName'])?.value;
    const memory = own ?? (type === 'AWS::Serverless::Function' ? globalMemory : undefined);
    const arch = entryAt(entries, [...at, 'Properties', 'Architectures']) ?? (type === 'AWS::Serverless::Function' ? globalArch : undefined);
    found.push({
      tool: cdk ? 'cdk' : sam ? 'sam' : 'cloudformation',
      file: path,
      key: resource.key,
      logicalId: resource.key,
      names: name !== undefined && isLiteralName(name) ? [name] : [],
      patterns: [new RegExp(`^.+-${escape(resource.key)}-[A-Za-z0-9]{6,}$`)],
      ...memoryLine(text, memory ?? resource, memory !== undefined),
      scope: own === undefined && memory !== undefined ? 'shared' : 'function',
      ...architectureOf(text, entries, arch),
    });
  }
  return found;
}

/**
 * Serverless Framework: `functions.<key>.memorySize`, else `provider.memorySize` (shared by every
 * function), else the function's own line (the framework's 1024 MB default). The deployed name is
 * `functions.<key>.name` or `<service>-<stage>-<key>`.
 */
export function serverlessResources(path: string, text: string): IacResource[] {
  if (!/(^|\/)serverless\.ya?ml$/.test(path)) return [];
  const entries = outline(text);
  const service = entryAt(entries, ['service'])?.value ?? entryAt(entries, ['service', 'name'])?.value;
  const providerMemory = entryAt(entries, ['provider', 'memorySize']);
  return childrenOf(entries, ['functions']).map((fn) => {
    const at = ['functions', fn.key];
    const own = entryAt(entries, [...at, 'memorySize']);
    const name = entryAt(entries, [...at, 'name'])?.value;
    const memory = own ?? providerMemory;
    const arch = (entryAt(entries, [...at, 'architecture']) ?? entryAt(entries, ['provider', 'architecture']))?.value;
    return {
      tool: 'serverless' as const,
      file: path,
      key: fn.key,
      names: name !== undefined && isLiteralName(name) ? [name] : [],
      patterns: service !== undefined && isLiteralName(service) ? [new RegExp(`^${escape(service)}-.+-${escape(fn.key)}$`)] : [],
      ...memoryLine(text, memory ?? fn, memory !== undefined),
      scope: own === undefined && memory !== undefined ? ('shared' as const) : ('function' as const),
      ...(arch === 'arm64' || arch === 'x86_64' ? { architecture: arch } : {}),
    };
  });
}

function memoryLine(text: string, entry: OutlineEntry, isMemory: boolean): Pick<IacResource, 'line' | 'text' | 'memoryMB' | 'memoryValue'> {
  const lineText = text.split(/\r?\n/)[entry.line - 1] ?? '';
  const value = Number(entry.value);
  return {
    line: entry.line,
    text: lineText,
    ...(isMemory && Number.isInteger(value) && value > 0 ? { memoryMB: value } : {}),
    ...(isMemory ? { memoryValue: entry.value } : {}),
  };
}

/**
 * `Architectures: [arm64]`, or a block list on the lines after the key (which the outline does not
 * keep): the text from the key to the next key is searched.
 */
function architectureOf(text: string, entries: readonly OutlineEntry[], at: OutlineEntry | undefined): Pick<IacResource, 'architecture'> {
  if (!at) return {};
  const next = entries.find((e) => e.line > at.line)?.line ?? at.line + 4;
  const span = text
    .split(/\r?\n/)
    .slice(at.line - 1, next - 1)
    .join('\n');
  const found = /\b(arm64|x86_64)\b/.exec(span)?.[1];
  return found === 'arm64' || found === 'x86_64' ? { architecture: found } : {};
}

/** `!Sub '${Env}-api'`, `${self:service}-x` or `{ "Fn::Sub": … }` cannot be compared with a name. */
function isLiteralName(value: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(value);
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
