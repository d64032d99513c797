/**
 * The memory changes between two trees of infrastructure code. Pure: files in, changes out.
 *
 * Both trees go through scan's readers (src/scan/iac); declarations are paired by file and key
 * (logical id, Serverless function key, Terraform address), then — for a file that moved — by tool
 * and key when that is unique on both sides.
 */
import type { SourceFile } from '../scan/iac/locate.js';
import { indexSources } from '../scan/iac/locate.js';
import type { IacResource } from '../scan/iac/types.js';
import type { Architecture } from '../types.js';
import { resolveMemory } from './resolve.js';
import type { ChangeKind } from './types.js';

/** What each tool deploys when no memory is set: Lambda's 128 MB; the Serverless Framework's 1024 MB. */
const DEFAULT_MEMORY_MB: Record<IacResource['tool'], number> = { cloudformation: 128, sam: 128, cdk: 128, terraform: 128, serverless: 1024 };

/** A declaration, with how its memory was resolved when a default in the tree set it (resolve.ts). */
export type DiffResource = IacResource & { resolvedVia?: string };

export interface IacChange {
  kind: ChangeKind;
  /** Absent for an added function. */
  before?: DiffResource;
  /** Absent for a removed function. */
  after?: DiffResource;
  memoryMB: { before: number | null; after: number | null };
  architecture: { before: Architecture; after: Architecture };
  /** The memory expression the tool cannot resolve, when that is why the change is `unresolved`. */
  expression?: string;
}

export function findChanges(baseFiles: readonly SourceFile[], headFiles: readonly SourceFile[]): IacChange[] {
  const base = resolved(indexSources(baseFiles), baseFiles);
  const head = resolved(indexSources(headFiles), headFiles);
  const changes: IacChange[] = [];
  for (const [before, after] of pair(base, head)) {
    const change = compare(before, after);
    if (change) changes.push(change);
  }
  return changes.toSorted((a, b) => where(a).localeCompare(where(b)));
}

/** Resources whose memory a default in the tree resolves get that memory, and say how. */
function resolved(resources: readonly IacResource[], files: readonly SourceFile[]): DiffResource[] {
  return resources.map((r) => {
    const found = resolveMemory(r, files);
    return found ? { ...r, memoryMB: found.memoryMB, resolvedVia: found.via } : r;
  });
}

function where(c: IacChange): string {
  const r = (c.after ?? c.before) as IacResource;
  return `${r.file}\u0000${String(r.line).padStart(8, '0')}\u0000${r.key}`;
}

function pair(base: readonly DiffResource[], head: readonly DiffResource[]): Array<[DiffResource | undefined, DiffResource | undefined]> {
  const id = (r: IacResource) => `${r.file}\u0000${r.key}`;
  const headById = new Map(head.map((r) => [id(r), r]));
  const pairs: Array<[IacResource | undefined, IacResource | undefined]> = [];
  const unmatchedBase: IacResource[] = [];
  for (const r of base) {
    const match = headById.get(id(r));
    if (match) {
      pairs.push([r, match]);
      headById.delete(id(r));
    } else unmatchedBase.push(r);
  }
  const unmatchedHead = [...headById.values()];
  const byToolKey = (list: readonly IacResource[], r: IacResource) => list.filter((x) => x.tool === r.tool && x.key === r.key);
  for (const r of unmatchedBase) {
    const candidates = byToolKey(unmatchedHead, r);
    if (candidates.length === 1 && byToolKey(unmatchedBase, r).length === 1) {
      const moved = candidates[0] as IacResource;
      pairs.push([r, moved]);
      unmatchedHead.splice(unmatchedHead.indexOf(moved), 1);
    } else pairs.push([r, undefined]);
  }
  for (const r of unmatchedHead) pairs.push([undefined, r]);
  return pairs;
}

/** The memory the declaration sets: its literal, the tool's default when unset, null when unresolved. */
export function memoryOf(r: IacResource): number | null {
  if (r.memoryMB !== undefined) return r.memoryMB;
  return r.memoryValue === undefined ? DEFAULT_MEMORY_MB[r.tool] : null;
}

function compare(before: DiffResource | undefined, after: DiffResource | undefined): IacChange | undefined {
  const memoryMB = { before: before ? memoryOf(before) : null, after: after ? memoryOf(after) : null };
  const architecture = { before: before?.architecture ?? 'x86_64', after: after?.architecture ?? before?.architecture ?? 'x86_64' };
  if (!before) architecture.before = architecture.after;
  const common = { ...(before ? { before } : {}), ...(after ? { after } : {}), memoryMB, architecture };
  const unresolved = [after, before].find((r) => r !== undefined && memoryOf(r) === null);
  if (!before || !after) {
    const kind = !before ? 'added' : 'removed';
    return { kind, ...common, ...(unresolved ? { expression: unresolved.memoryValue as string } : {}) };
  }
  if (architecture.before !== architecture.after) return { kind: 'architecture', ...common };
  // The value comes from a default: show the expression that points at it.
  const via = after.resolvedVia ?? before.resolvedVia;
  if (via !== undefined && memoryMB.before !== memoryMB.after)
    return { kind: 'memory', ...common, expression: (after.memoryValue ?? before.memoryValue) as string };
  if (unresolved) {
    // The same expression on both sides may still resolve differently, but nothing here says so.
    if (before.memoryValue === after.memoryValue && before.text.trim() === after.text.trim()) return undefined;
    return { kind: 'unresolved', ...common, expression: unresolved.memoryValue as string };
  }
  return memoryMB.before === memoryMB.after ? undefined : { kind: 'memory', ...common };
}
