/**
 * The ledger over real HTTP: `npm run bench:http`.
 *
 * Starts the real server in its own process (fresh DATA_DIR, DEMO=1 with the demo ledger, SQLite, jobs off, log
 * level warn, as a deployment would run) and a bare Fastify hello-world (bench/hello-server.ts), and drives them
 * from this process with autocannon over TCP on 127.0.0.1. The client shares the machine's two cores with the
 * server, as it did for the figures the issue quotes.
 *
 * The mixed workload, in equal shares, each connection looping through:
 *   create     POST /api/problems                      (`admin`: a problem in 大闵村)
 *   start      POST /api/problems/:id/transitions      (`secretary`: 开始整改 on the problem just created)
 *   list       GET  /api/problems?organizationId=<大闵村>&status=open,rectifying&sort=dueOn   (`secretary`)
 *   detail     GET  /api/problems/:id                  (`secretary`: the problem just created)
 * at 8 and at 64 connections, then the same with the writes asking for their short answer (`Prefer:
 * return=minimal`: the problem's id, status, version and buttons instead of its whole detail); then each operation alone at 64 connections, /api/health, and the hello-world (the
 * ceiling of this machine and Node for small GETs). For every target it prints operations per second, the
 * server's CPU microseconds per operation (steadier than throughput when something else runs on the machine),
 * latency p50/p99 and errors/non-2xx (a non-2xx in the mix is a failure of the bench, not of the aim).
 *
 * BENCH_PROFILE=1 also records a CPU profile of the server during the 64-connection mix (node --cpu-prof) and
 * prints where its time went (self and inclusive, by function). Figures are printed, never asserted;
 * docs/PERFORMANCE.md ("Throughput over real HTTP") records them.
 *
 * Environment: BENCH_SECONDS=10 (per target), BENCH_PROFILE=0.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { summarizeCpuProfile } from './cpu-profile.ts';
import { load, machine } from './measure.ts';
import { cpuSeconds, freePort, start, stop, waitFor } from './processes.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const WORK_DIR = path.join(ROOT, '.tmp', 'bench-http');
const DATA_DIR = path.join(WORK_DIR, 'data');
const PROFILE_DIR = path.join(WORK_DIR, 'profile');
const SECONDS = Math.max(2, Number(process.env.BENCH_SECONDS ?? 10));
const PROFILE = process.env.BENCH_PROFILE === '1';
const DEMO_PASSWORD = 'demo-pass-2016';
const log = (line = '') => console.log(line);

interface Row {
  name: string;
  connections: number;
  ops: number;
  cpuUs: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

type Requests = NonNullable<autocannon.Options['requests']>;

async function measure(name: string, server: ChildProcess, connections: number, o: Partial<autocannon.Options>): Promise<Row> {
  const options = { connections, ...o } as autocannon.Options;
  await autocannon({ ...options, duration: 2 });
  const cpuBefore = cpuSeconds(server.pid!);
  const r = await autocannon({ ...options, duration: SECONDS });
  const cpu = cpuSeconds(server.pid!) - cpuBefore;
  return {
    name,
    connections,
    ops: r.requests.average,
    cpuUs: r.requests.total > 0 ? (cpu * 1e6) / r.requests.total : 0,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

async function signIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tz_session='));
  if (!cookie) throw new Error(`sign-in as ${username}: no session cookie`);
  return cookie.split(';')[0]!;
}

async function villageId(base: string, cookie: string, name: string): Promise<string> {
  const res = await fetch(`${base}/api/organizations`, { headers: { cookie } });
  const body = (await res.json()) as { items?: { id: string; name: string }[] } | { id: string; name: string }[];
  const items = Array.isArray(body) ? body : (body.items ?? []);
  const found = items.find((o) => o.name === name);
  if (!found) throw new Error(`${name} is not among the organizations`);
  return found.id;
}

interface Ctx {
  id?: string;
  version?: number;
}

/** `short`: the writes ask for the short answer (`Prefer: return=minimal`: id, status, version, buttons). */
function workload(villageOrg: string, admin: string, secretary: string, short = false) {
  const json = (cookie: string) => ({ 'content-type': 'application/json', cookie, ...(short && { prefer: 'return=minimal' }) });
  let n = 0;
  const create = {
    method: 'POST',
    path: '/api/problems',
    headers: json(admin),
    setupRequest: (req: autocannon.Request) => ({
      ...req,
      body: JSON.stringify({ organizationId: villageOrg, description: `压测问题 ${++n}：村务公开栏未按月更新`, severity: 'minor' }),
    }),
    onResponse: (status: number, body: string, context: Ctx) => {
      if (status !== 201 && status !== 200) return;
      const p = JSON.parse(body) as { id: string; version: number };
      context.id = p.id;
      context.version = p.version;
    },
  };
  const startTransition = {
    method: 'POST',
    headers: json(secretary),
    setupRequest: (req: autocannon.Request, context: Ctx) =>
      context.id
        ? { ...req, path: `/api/problems/${context.id}/transitions`, body: JSON.stringify({ action: 'start', version: context.version }) }
        : undefined,
  };
  const list = {
    method: 'GET',
    path: `/api/problems?organizationId=${villageOrg}&status=open,rectifying&sort=dueOn`,
    headers: { cookie: secretary },
  };
  const detail = {
    method: 'GET',
    headers: { cookie: secretary },
    setupRequest: (req: autocannon.Request, context: Ctx) => (context.id ? { ...req, path: `/api/problems/${context.id}` } : undefined),
  };
  return { create, startTransition, list, detail };
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
const lpad = (s: string, n: number) => ' '.repeat(Math.max(0, n - s.length)) + s;

log(`bench:http — ${machine()}`);
log(`${SECONDS} s per target after a 2 s warm-up; ${load()}`);
rmSync(WORK_DIR, { recursive: true, force: true });
mkdirSync(PROFILE_DIR, { recursive: true });
const [serverPort, helloPort] = await Promise.all([freePort(), freePort()]);
const serverEnv = { DATA_DIR, DEMO: '1', PORT: String(serverPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', JOBS_ENABLED: '0' };
let server = start('src/server/main.ts', serverEnv);
const hello = start('bench/hello-server.ts', { PORT: String(helloPort) });
const base = `http://127.0.0.1:${serverPort}`;
try {
  await Promise.all([waitFor(`${base}/api/health`, server), waitFor(`http://127.0.0.1:${helloPort}/`, hello)]);
  const [admin, secretary] = [await signIn(base, 'admin'), await signIn(base, 'secretary')];
  const village = await villageId(base, admin, '大闵村');
  const w = workload(village, admin, secretary);
  const mix: Requests = [w.create, w.startTransition, w.list, w.detail] as unknown as Requests;
  const ws = workload(village, admin, secretary, true);
  const mixShort: Requests = [ws.create, ws.startTransition, ws.list, ws.detail] as unknown as Requests;
  const url = base;

  const rows: Row[] = [];
  rows.push(await measure('mix', server, 8, { url, requests: mix }));
  rows.push(await measure('mix', server, 64, { url, requests: mix }));
  rows.push(await measure('mix, short', server, 8, { url, requests: mixShort }));
  rows.push(await measure('mix, short', server, 64, { url, requests: mixShort }));
  rows.push(await measure('create alone', server, 64, { url, requests: [w.create] as unknown as Requests }));
  rows.push(await measure('list alone', server, 64, { url, requests: [w.list] as unknown as Requests }));
  rows.push(await measure('create+detail', server, 64, { url, requests: [w.create, w.detail] as unknown as Requests }));
  rows.push(await measure('/api/health', server, 64, { url: `${base}/api/health` }));
  rows.push(await measure('hello-world', hello, 64, { url: `http://127.0.0.1:${helloPort}/` }));

  log();
  log(
    `${pad('target', 15)} ${lpad('conns', 5)} ${lpad('ops/s', 8)} ${lpad('CPU µs/op', 10)} ${lpad('p50 ms', 7)} ${lpad('p99 ms', 7)} ${lpad('errors', 7)} ${lpad('non-2xx', 8)}`,
  );
  for (const r of rows)
    log(
      `${pad(r.name, 15)} ${lpad(String(r.connections), 5)} ${lpad(Math.round(r.ops).toLocaleString('en-US'), 8)} ${lpad(r.cpuUs.toFixed(0), 10)} ${lpad(String(r.p50), 7)} ${lpad(String(r.p99), 7)} ${lpad(String(r.errors), 7)} ${lpad(String(r.non2xx), 8)}`,
    );
  log();
  for (const [label, r] of [
    ['mix', rows[1]!],
    ['mix with short write answers', rows[3]!],
  ] as const) {
    log(
      `${label} at 64 connections: ${Math.round(r.ops).toLocaleString('en-US')} ops/s (aim ≥ 1,500), p99 ${r.p99} ms (aim ≤ 50 ms); ` +
        `server CPU ${r.cpuUs.toFixed(0)} µs/op, i.e. ${Math.round(1e6 / r.cpuUs).toLocaleString('en-US')} ops per server CPU second`,
    );
  }

  if (PROFILE) {
    // A second server, profiled, under the 64-connection mix only (profiling slows it: its figures are not the bench's).
    await stop(server);
    rmSync(DATA_DIR, { recursive: true, force: true });
    server = start('src/server/main.ts', serverEnv, ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]);
    await waitFor(`${base}/api/health`, server);
    const [a2, s2] = [await signIn(base, 'admin'), await signIn(base, 'secretary')];
    const w2 = workload(await villageId(base, a2, '大闵村'), a2, s2);
    const mix2 = [w2.create, w2.startTransition, w2.list, w2.detail] as unknown as Requests;
    await autocannon({ url: base, connections: 64, requests: mix2, duration: 2 });
    const from = Date.now();
    await autocannon({ url: base, connections: 64, requests: mix2, duration: SECONDS });
    const until = Date.now();
    await stop(server);
    const stopped = Date.now();
    const files = readdirSync(PROFILE_DIR)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(PROFILE_DIR, f))
      .sort((x, y) => statSync(y).size - statSync(x).size);
    if (!files[0]) log('no CPU profile was written');
    else {
      log();
      log(`CPU profile of the server under the 64-connection mix (${files[0]}), idle time left out:`);
      log(summarizeCpuProfile(files[0], { fromEndMs: stopped - from, untilEndMs: stopped - until, top: 25 }));
    }
  }
  log();
  log(load());
} finally {
  await Promise.all([stop(server), stop(hello)]);
}
