/**
 * The public portal under a whole village opening the poster's link at once: `npm run bench:portal`.
 *
 * Starts the real server as the browser journeys do (its own process: fresh DATA_DIR, DEMO=1 with the
 * demo ledger, jobs off) and a bare Fastify hello-world (bench/hello-server.ts, also its own process),
 * then drives each from this process with autocannon: 64 connections on 127.0.0.1, a warm-up, then
 * BENCH_SECONDS of measurement. Prints requests per second, the server's CPU time per request (from /proc: steadier than
 * throughput when other work shares the machine) and latency percentiles for:
 *
 *   hello-world         GET / on the bare Fastify server (the ceiling)
 *   floor               the bare server answering as many bytes as the brotli village page, with the app's
 *                       security headers: what an answer of that size costs before any app code
 *   village page        GET /public/villages/<大闵村> as a plain client asks (no compression)
 *   village page, br    the same with `accept-encoding: gzip, deflate, br`, as a phone's browser asks
 *   ledger head         GET /api/public/chain/head
 *
 * and the village page's rate as a share of the hello-world's (the goal: at least half). Figures are
 * printed, never asserted; docs/PERFORMANCE.md ("The public portal") records them. The machine is
 * shared: run it when nothing else is.
 *
 * Environment: BENCH_SECONDS=10 (per target), BENCH_CONNECTIONS=64.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { load, machine } from './measure.ts';
import { cpuSeconds, freePort, start, stop, waitFor } from './processes.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA_DIR = path.join(ROOT, '.tmp', 'bench-portal', 'data');
const SECONDS = Math.max(2, Number(process.env.BENCH_SECONDS ?? 10));
const CONNECTIONS = Math.max(1, Number(process.env.BENCH_CONNECTIONS ?? 64));
const log = (line = '') => console.log(line);

interface Row {
  name: string;
  rps: number;
  /** Server CPU microseconds per answered request. */
  cpuUs: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  kb: number;
}

async function measure(name: string, server: ChildProcess, url: string, headers: Record<string, string> = {}): Promise<Row> {
  // Warm-up: fills caches (the page cache, the masker, V8's optimizer) before the measured run.
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
  const cpuBefore = cpuSeconds(server.pid!);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const cpu = cpuSeconds(server.pid!) - cpuBefore;
  return {
    name,
    rps: r.requests.average,
    cpuUs: r.requests.total > 0 ? (cpu * 1e6) / r.requests.total : 0,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    kb: r.requests.total > 0 ? r.throughput.total / r.requests.total / 1024 : 0,
  };
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
const lpad = (s: string, n: number) => ' '.repeat(Math.max(0, n - s.length)) + s;

log(`bench:portal — ${machine()}`);
log(`${CONNECTIONS} connections, ${SECONDS} s per target after a 2 s warm-up; ${load()}`);
rmSync(DATA_DIR, { recursive: true, force: true });
const [portalPort, helloPort] = await Promise.all([freePort(), freePort()]);
const portal = start('src/server/main.ts', {
  DATA_DIR,
  DEMO: '1',
  PORT: String(portalPort),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  JOBS_ENABLED: '0',
});
const hello = start('bench/hello-server.ts', { PORT: String(helloPort) });
try {
  const base = `http://127.0.0.1:${portalPort}`;
  await Promise.all([waitFor(`${base}/api/health`, portal), waitFor(`http://127.0.0.1:${helloPort}/`, hello)]);
  const home = await (await fetch(`${base}/public/`)).text();
  const village = /href="(\/public\/villages\/[0-9a-f-]{36})">大闵村</.exec(home)?.[1];
  if (!village) throw new Error('大闵村 is not on the portal home');
  const page = await fetch(`${base}${village}`);
  log(`village page: ${(await page.text()).length.toLocaleString('en-US')} characters of HTML`);
  log();

  const rows: Row[] = [];
  rows.push(await measure('hello-world', hello, `http://127.0.0.1:${helloPort}/`));
  // The same answer without the app: as many bytes as the brotli page, with the security headers.
  const brAnswer = await fetch(`${base}${village}`, { headers: { 'accept-encoding': 'br' } });
  const brBytes = Number(brAnswer.headers.get('content-length'));
  await brAnswer.arrayBuffer();
  const floorPort = await freePort();
  const floor = start('bench/hello-server.ts', { PORT: String(floorPort), BODY_BYTES: String(brBytes) });
  try {
    await waitFor(`http://127.0.0.1:${floorPort}/`, floor);
    rows.push(await measure(`floor, ${(brBytes / 1024).toFixed(1)} KB`, floor, `http://127.0.0.1:${floorPort}/`));
  } finally {
    await stop(floor);
  }
  rows.push(await measure('village page', portal, `${base}${village}`));
  rows.push(await measure('village page, br', portal, `${base}${village}`, { 'accept-encoding': 'gzip, deflate, br' }));
  rows.push(await measure('ledger head', portal, `${base}/api/public/chain/head`));

  log(
    `${pad('target', 18)} ${lpad('req/s', 9)} ${lpad('CPU µs/req', 11)} ${lpad('p50 ms', 7)} ${lpad('p99 ms', 7)} ${lpad('KB/resp', 8)} ${lpad('errors', 7)} ${lpad('non-2xx', 8)}`,
  );
  for (const r of rows) {
    log(
      `${pad(r.name, 18)} ${lpad(Math.round(r.rps).toLocaleString('en-US'), 9)} ${lpad(r.cpuUs.toFixed(0), 11)} ${lpad(String(r.p50), 7)} ${lpad(String(r.p99), 7)} ${lpad(r.kb.toFixed(1), 8)} ${lpad(String(r.errors), 7)} ${lpad(String(r.non2xx), 8)}`,
    );
  }
  const hello0 = rows[0]!;
  log();
  for (const r of rows.slice(1))
    log(
      `${pad(r.name, 18)} ${((100 * r.rps) / hello0.rps).toFixed(0)} % of the hello-world's rate; ${((100 * hello0.cpuUs) / r.cpuUs).toFixed(0)} % of its requests per server CPU second (goal for the village page: ≥ 50 %)`,
    );
  log(load());
} finally {
  await Promise.all([stop(portal), stop(hello)]);
}
