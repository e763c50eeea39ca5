/**
 * Where a process's CPU time went, from a V8 CPU profile (`node --cpu-prof`): the functions with the most self
 * time and the most inclusive time (self plus what they called), as shares of the busy (non-idle) samples in a
 * window. Used by bench/http.bench.ts (BENCH_PROFILE=1).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface WindowOptions {
  /** The window, as milliseconds before the profile's end (the process's exit). */
  fromEndMs: number;
  untilEndMs: number;
  top: number;
}

function label(n: ProfileNode): string {
  const url = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/src\//, 'src/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}${url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
}

export function summarizeCpuProfile(file: string, o: WindowOptions): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const from = p.endTime - o.fromEndMs * 1000;
  const until = p.endTime - o.untilEndMs * 1000;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if (t < from || t > until) continue;
    const node = byId.get(p.samples[i]!)!;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += dt;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const l = label(byId.get(id)!);
      if (l.startsWith('(root)') || seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
    }
  }
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, o.top)
      .map(([k, v]) => `  ${((100 * v) / busy).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `busy: ${(busy / 1e6).toFixed(2)} s of CPU samples\nself time:\n${list(self)}\ninclusive time:\n${list(inclusive)}`;
}
