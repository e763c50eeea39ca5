import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The server's import graph, read from the source: production code reaches no
 * test-only file, and imports run one way (no cycles), so a reader can follow
 * app.ts → routes → services → repositories without meeting app.ts again.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const IMPORT =
  /^\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'|^\s*import\s+'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/gm;

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec) continue;
    const target = path.resolve(path.dirname(file), spec);
    if (existsSync(target)) out.push(target);
  }
  return out;
}

function graphFrom(entries: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (graph.has(file)) continue;
    const next = localImports(file);
    graph.set(file, next);
    queue.push(...next);
  }
  return graph;
}

/** Every cycle's files, as strongly connected components larger than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.map((f) => path.relative(root, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

const entries = ['src/server/main.ts', 'src/server/cli.ts'].map((f) => path.join(root, f));
const production = graphFrom(entries);

describe('server import graph', () => {
  it('reaches the whole server from its entry points', () => {
    // Guards the test itself: a broken import pattern would find nothing and pass the checks below.
    expect(production.size).toBeGreaterThan(100);
    expect([...production.keys()].some((f) => f.endsWith(path.join('modules', 'problems', 'problems.routes.ts')))).toBe(true);
  });

  it('holds no test-only file in production code', () => {
    const testOnly = [...production.keys()]
      .map((f) => path.relative(root, f))
      .filter((f) => /\.test\.ts$|\.test-support\.ts$|(^|\/)testing\//.test(f));
    expect(testOnly).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(production)).toEqual([]);
  });
});
