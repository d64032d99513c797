/**
 * Imports run one way (issue 18): orchestration → domain → pure core, and a port (interface) lives
 * beside the code that uses it while the implementation imports it. This reads every import in src/
 * (static, re-export and dynamic) and holds it to the table below; a new arrow is a decision, made
 * here in the table, not by accident in a file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The folders (and `shared`: src/*.ts but main.ts) each folder may import from. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  main: ['cli', 'shared'],
  // Commander wiring and the composition root: it builds the gateways and hands them to the engines.
  cli: [
    'aws',
    'tune',
    'bench',
    'cleanup',
    'scan',
    'replay',
    'diff',
    'search',
    'analysis',
    'render',
    'pricing',
    'stats',
    'logs',
    'config',
    'resources',
    'shared',
  ],
  // The adapters implement the engines' ports (and map SDK exceptions to the engines' errors).
  aws: ['tune', 'bench', 'scan', 'logs', 'config', 'shared'],
  // The engines: one per command, each may use the ones it is built on.
  bench: ['tune', 'search', 'analysis', 'render', 'pricing', 'shared'],
  cleanup: ['tune', 'bench', 'shared'],
  tune: ['analysis', 'stats', 'pricing', 'logs', 'config', 'shared'],
  scan: ['resources', 'render', 'stats', 'pricing', 'logs', 'config', 'shared'],
  diff: ['scan', 'replay', 'resources', 'render', 'stats', 'pricing', 'logs', 'config', 'shared'],
  replay: ['analysis', 'stats', 'logs', 'shared'],
  // The search implements tune's SizingDriver port (type-only, see TYPE_ONLY).
  search: ['tune', 'resources', 'analysis', 'stats', 'pricing', 'config', 'shared'],
  // The pure core.
  analysis: ['stats', 'pricing', 'config', 'shared'],
  stats: ['pricing', 'config', 'shared'],
  pricing: ['shared'],
  logs: ['config', 'shared'],
  render: ['shared'],
  resources: ['shared'],
  config: ['shared'],
  shared: [],
};

/** Arrows that may only carry types: a port's implementation importing the port. */
const TYPE_ONLY: readonly string[] = ['search→tune', 'aws→bench', 'aws→scan'];

/** Folders entered through their index.ts from outside. */
const ENTERED_BY_INDEX: readonly string[] = ['resources', 'search'];

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

const SRC = 'src';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => ({
    from: file,
    to: normalize(join(dirname(file), (m[2] ?? m[3])!)).replace(/\.js$/, '.ts'),
    typeOnly: m[1] !== undefined,
  }));
}

function folderOf(file: string): string {
  const parts = relative(SRC, file).split(/[\\/]/);
  if (parts.length > 1) return parts[0]!;
  return parts[0] === 'main.ts' ? 'main' : 'shared';
}

const imports = sourceFiles(SRC).flatMap(importsOf);
const crossing = imports.filter((i) => i.to.startsWith(`${SRC}/`) && folderOf(i.from) !== folderOf(i.to));
const arrow = (i: Import): string => `${folderOf(i.from)}→${folderOf(i.to)}`;

/** The cycles of a directed graph (Tarjan's strongly connected components of more than one node). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.toSorted());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('imports between folders', () => {
  it('finds the imports it checks (the pattern still matches how src/ writes them)', () => {
    expect(crossing.length).toBeGreaterThan(100);
    expect(crossing.some((i) => arrow(i) === 'cli→tune' && !i.typeOnly)).toBe(true);
  });

  it('run only the ways the table allows', () => {
    const upward = crossing.filter((i) => !(MAY_IMPORT[folderOf(i.from)] ?? []).includes(folderOf(i.to)));
    expect(upward.map((i) => `${relative(SRC, i.from)} → ${relative(SRC, i.to)}`)).toEqual([]);
  });

  it('carry only types where an implementation imports its port', () => {
    const values = crossing.filter((i) => TYPE_ONLY.includes(arrow(i)) && !i.typeOnly);
    expect(values.map((i) => `${relative(SRC, i.from)} → ${relative(SRC, i.to)}`)).toEqual([]);
  });

  it('enter the resource model and the search through their index', () => {
    const past = crossing.filter((i) => ENTERED_BY_INDEX.includes(folderOf(i.to)) && !i.to.endsWith(`${folderOf(i.to)}/index.ts`));
    expect(past.map((i) => `${relative(SRC, i.from)} → ${relative(SRC, i.to)}`)).toEqual([]);
  });

  it('form no circle: the table itself is acyclic', () => {
    const graph = new Map(Object.entries(MAY_IMPORT));
    expect(cycles(graph)).toEqual([]);
  });
});

describe('imports between files', () => {
  it('form no circle of value imports', () => {
    const graph = new Map<string, string[]>();
    for (const i of imports) if (!i.typeOnly) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
    expect(cycles(graph)).toEqual([]);
  });

  it('are checked by a cycle finder that finds one', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });
});
