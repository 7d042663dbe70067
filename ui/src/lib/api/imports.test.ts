// The modules of this folder must not import each other in a cycle: `call` and `errors` are at the bottom, one
// module per shell domain above them, and `index` re-exports them all. This reads every module's `import` and
// `export … from` lines, so a new edge that closes a loop fails here rather than as an undefined binding at start.
import { describe, expect, it } from 'vitest';

/** Each module's source by its name (`consent` for `./consent.ts`); the tests are not modules of the layer. */
const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(import.meta.glob<string>('./*.ts', { query: '?raw', import: 'default', eager: true }))
    .filter(([path]) => !path.endsWith('.test.ts'))
    .map(([path, text]) => [path.slice(2, -'.ts'.length), text]),
);

/** The modules of this folder that `source` imports or re-exports from (`./types/X` is generated, not a module). */
function localImports(source: string): string[] {
  const found = new Set<string>();
  for (const [, target] of source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]\.\/([\w.-]+)['"]/gm)) {
    if (target) found.add(target.replace(/\.ts$/, ''));
  }
  for (const [, target] of source.matchAll(/^\s*import\s+['"]\.\/([\w.-]+)['"]/gm)) {
    if (target) found.add(target.replace(/\.ts$/, ''));
  }
  return [...found].sort();
}

/** A cycle of `graph` as the path of module names that closes it (first name repeated last), or null. */
function findCycle(graph: Record<string, string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return null;
    path.push(node);
    for (const next of graph[node] ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(node);
    return null;
  };
  for (const node of Object.keys(graph).sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('the api modules', () => {
  const graph = Object.fromEntries(Object.entries(SOURCES).map(([name, text]) => [name, localImports(text)]));

  it('are read with their imports, one module per shell domain among them', () => {
    expect(Object.keys(graph)).toEqual(
      expect.arrayContaining(['call', 'errors', 'index', 'consent', 'rights', 'records', 'vault', 'monitor']),
    );
    expect(graph.consent).toEqual(['call', 'types']);
    expect(graph.call).toEqual(['errors']);
    expect(graph.index).toEqual(expect.arrayContaining(['consent', 'rights', 'records', 'types', 'errors']));
  });

  it('import each other without a cycle', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('would be caught importing each other in a cycle', () => {
    expect(findCycle({ a: ['b'], b: ['c'], c: ['a'] })).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle({ vault: ['vault'] })).toEqual(['vault', 'vault']);
    expect(findCycle({ a: ['b', 'c'], b: ['c'], c: [] })).toBeNull();
    expect(localImports("import { call } from './call';\nimport type {\n  A,\n  B,\n} from './types';\nexport * from './rights';"))
      .toEqual(['call', 'rights', 'types']);
  });
});
