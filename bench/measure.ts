import { cpus, loadavg, totalmem } from 'node:os';

/** Timing helpers for the benchmarks: latency percentiles, throughput, and the machine they ran on. */

export interface Figures {
  name: string;
  /** Measured iterations (warm-up excluded). */
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  opsPerSecond: number;
  /** CPU time of this process per operation (user + system, all threads), in ms: steadier than wall time on a busy machine. */
  cpuMs: number;
  /** The goal it is read against, e.g. "p95 ≤ 15 ms", or '' when none. */
  target: string;
  /** Whether the goal is met, or null when there is none. */
  met: boolean | null;
}

/** Raw samples of one or more runs of the same operation. */
export interface Samples {
  latenciesMs: number[];
  wallMs: number;
  cpuMs: number;
}

export const emptySamples = (): Samples => ({ latenciesMs: [], wallMs: 0, cpuMs: 0 });

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(name: string, s: Samples): Figures {
  const sorted = [...s.latenciesMs].sort((a, b) => a - b);
  return {
    name,
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    opsPerSecond: (sorted.length / s.wallMs) * 1000,
    cpuMs: s.cpuMs / Math.max(1, sorted.length),
    target: '',
    met: null,
  };
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export interface RunOptions {
  warmup: number;
  /** Stop after this many measured iterations… */
  iterations?: number;
  /** …or after this long (ms), whichever comes first; at least `minIterations` either way. */
  durationMs?: number;
  minIterations?: number;
  /** Number the operations from here (so that interleaved chunks use fresh subjects). */
  firstIndex?: number;
}

/**
 * Runs `op(i)` sequentially (one client): `warmup` unmeasured calls, then
 * measured calls until the iteration count or the duration is reached.
 * Appends to `into`, so that interleaved chunks add up to one series.
 */
export async function sample(op: (i: number) => Promise<void>, o: RunOptions, into: Samples): Promise<Samples> {
  let i = o.firstIndex ?? 0;
  for (let w = 0; w < o.warmup; w++) await op(i++);
  const limit = o.iterations ?? Number.POSITIVE_INFINITY;
  const until = o.durationMs !== undefined ? nowMs() + o.durationMs : Number.POSITIVE_INFINITY;
  const cpu0 = process.cpuUsage();
  const started = nowMs();
  for (let n = 0; n < limit; n++) {
    if (nowMs() >= until && n >= (o.minIterations ?? 1)) break;
    const t0 = nowMs();
    await op(i++);
    into.latenciesMs.push(nowMs() - t0);
  }
  into.wallMs += nowMs() - started;
  const cpu = process.cpuUsage(cpu0);
  into.cpuMs += (cpu.user + cpu.system) / 1000;
  return into;
}

export async function run(name: string, op: (i: number) => Promise<void>, o: RunOptions): Promise<Figures> {
  return summarize(name, await sample(op, o, emptySamples()));
}

/** Adds the goal: 'p95' compares latency in ms, 'ops' compares throughput. */
export function against(f: Figures, kind: 'p95' | 'ops', limit: number): Figures {
  if (kind === 'ops') return { ...f, target: `≥ ${limit.toLocaleString('en-US')} ops/s`, met: f.opsPerSecond >= limit };
  return { ...f, target: `p95 ≤ ${limit} ms`, met: f.p95 <= limit };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** A Markdown table, so the output can be pasted into docs/PERFORMANCE.md as is. */
export function table(rows: readonly Figures[]): string {
  const head = ['operation', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'ops/s', 'CPU ms/op', 'target', 'met'];
  const body = rows.map((r) => [
    r.name,
    String(r.n),
    ms(r.p50),
    ms(r.p95),
    ms(r.p99),
    ms(r.max),
    r.opsPerSecond >= 100 ? r.opsPerSecond.toFixed(0) : r.opsPerSecond.toFixed(1),
    ms(r.cpuMs),
    r.target,
    r.met === null ? '' : r.met ? 'yes' : '**no**',
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((h, i) => (i === 0 || i >= 8 ? '---' : '---:'))), ...body.map(line)].join('\n');
}

/** The 1-minute load average: other work on a shared machine shows up here and in the wall-clock figures. */
export function load(): string {
  return `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (${cpus().length} CPUs)`;
}

export function machine(): string {
  const cpu = cpus();
  return [
    `Node ${process.version} on ${process.platform}/${process.arch}`,
    `CPU ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length}`,
    `RAM ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `date ${new Date().toISOString()}`,
  ].join(' · ');
}

export function memory(label: string): string {
  const m = process.memoryUsage();
  const mib = (x: number) => `${(x / 2 ** 20).toFixed(0)} MiB`;
  return `memory ${label}: rss ${mib(m.rss)} · heap used ${mib(m.heapUsed)} / ${mib(m.heapTotal)} · external ${mib(m.external)}`;
}

export function seconds(fromMs: number): string {
  return `${((nowMs() - fromMs) / 1000).toFixed(1)} s`;
}

/** CPU time of this process so far (user + system), in ms. */
const cpuNowMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

export { cpuNowMs, nowMs };
