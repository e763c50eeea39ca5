/**
 * The Excel import under hostile files: `npm run bench:import`.
 *
 * Starts the real server (SQLite file with the demo district) on 127.0.0.1,
 * uploads a clean 5,000-row ledger and each bomb of
 * src/server/modules/ledger/ledger-bombs.test-support.ts through HTTP, and
 * prints per upload: the answer and how long it took, the peak RSS of the
 * process (all threads) and of the main thread's heap, the longest
 * event-loop delay of the server's thread, and the slowest GET /api/health
 * answered meanwhile (asked over and over by a probe thread, whose own loop
 * the server cannot block). Figures are printed, never asserted;
 * docs/PERFORMANCE.md ("Excel import") records them.
 *
 * Environment:
 *   BENCH_ONLY=rows,shared   run only these scenarios (good, rows, shared, inline, strings, lying, three)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/dialect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { DEMO_PASSWORD } from '../src/server/demo/demo-data.ts';
import { seedDemo } from '../src/server/demo/demo.service.ts';
import {
  inlineStringBomb,
  longSharedStringsBomb,
  lyingSizeBomb,
  rowsBomb,
  sharedStringBomb,
} from '../src/server/modules/ledger/ledger-bombs.test-support.ts';
import { multipart } from '../src/server/testing/ledger-factories.ts';
import { benchConfig, log, ORIGIN } from './bench-app.ts';
import { load, machine, nowMs } from './measure.ts';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const size = (bytes: number) => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`);
const only = process.env.BENCH_ONLY?.split(',');
const wanted = (name: string) => !only || only.includes(name);

/** Asks /api/health again and again and samples the RSS, from its own thread, until told to stop. */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
// The file readers run in child processes of the server (sheet-process.ts): their RSS is sampled too.
const childrenRss = () => {
  let kib = 0;
  try {
    for (const pid of readFileSync('/proc/' + process.pid + '/task/' + process.pid + '/children', 'utf8').split(' ').filter(Boolean)) {
      const m = /VmRSS:\\s+(\\d+)/.exec(readFileSync('/proc/' + pid + '/status', 'utf8'));
      if (m) kib += Number(m[1]);
    }
  } catch {}
  return kib * 1024;
};
let stop = false, maxMs = 0, n = 0, peakRss = process.memoryUsage.rss(), peakChildren = childrenRss();
const rss = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  peakChildren = Math.max(peakChildren, childrenRss());
}, 10);
parentPort.on('message', () => { stop = true; });
(async () => {
  while (!stop) {
    const t0 = performance.now();
    const res = await fetch(workerData.url);
    await res.text();
    maxMs = Math.max(maxMs, performance.now() - t0);
    n++;
    await new Promise((r) => setTimeout(r, 20));
  }
  clearInterval(rss);
  parentPort.postMessage({ maxMs, n, peakRss, peakChildren });
})();
`;

interface Probe {
  stop(): Promise<{ maxMs: number; n: number; peakRss: number; peakChildren: number }>;
}

function startProbe(url: string): Probe {
  const w = new Worker(PROBE, { eval: true, workerData: { url } });
  return {
    stop: async () => {
      const result = new Promise<{ maxMs: number; n: number; peakRss: number; peakChildren: number }>((resolve) =>
        w.once('message', resolve),
      );
      w.postMessage('stop');
      const r = await result;
      await w.terminate();
      return r;
    },
  };
}

/** A clean ledger at the import's row limit: 5,000 problems over the demo villages, with measures and deadlines. */
async function goodLedger(): Promise<Buffer> {
  const villages = ['大闵村', '良田村', '上庄村', '安家村'];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['高新区问题整改台账']);
  ws.addRow(['序号', '所属组织', '问题描述', '整改措施', '责任人', '整改时限', '备注']);
  for (let i = 0; i < 5000; i++) {
    ws.addRow([i + 1, villages[i % 4], `党员活动室制度未上墙（第 ${i + 1} 项）`, '制作制度牌并上墙', '陈*梅', '2026-12-31', null]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  log(`# Excel import bench\n\n${machine()}\n${load()}\n`);
  const dir = mkdtempSync(path.join(tmpdir(), 'taizhang-import-bench-'));
  const database = { kind: 'sqlite' as const, file: path.join(dir, 'bench.sqlite') };
  const db = openDatabase(database);
  await migrateToLatest(db);
  await seedDemo(db, new Date(), { ledger: false, dataDir: dir });
  const app = await buildApp({ db, config: { ...benchConfig(database), dataDir: dir }, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const login = async (username: string) => {
    const res = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const cookie = /tz_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error('no session cookie');
    return { cookie, origin: ORIGIN };
  };
  const users = [await login('admin'), await login('officer'), await login('liaison')];

  const upload = async (who: Record<string, string>, bytes: Buffer) => {
    const body = multipart({}, { name: '台账.xlsx', bytes, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const t0 = nowMs();
    const res = await fetch(`${base}/api/ledger/import?dryRun=1`, {
      method: 'POST',
      headers: { ...who, 'content-type': body.contentType },
      body: body.payload,
    });
    const text = await res.text();
    const ms = nowMs() - t0;
    let answer: string;
    try {
      const json = JSON.parse(text) as { error?: { message: string }; rows?: number; errors?: unknown[] };
      answer = json.error ? json.error.message : `${json.rows} rows, ${json.errors?.length ?? 0} row errors`;
    } catch {
      answer = text.slice(0, 80);
    }
    return { status: res.status, ms, answer };
  };

  const rows: string[] = [];
  const scenario = async (name: string, file: string, bytes: Buffer[], whoFor = (i: number) => users[i]!) => {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 500));
    const rss0 = process.memoryUsage.rss();
    const heap0 = process.memoryUsage().heapUsed;
    let peakHeap = heap0;
    const heapTimer = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 10);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const probe = startProbe(`${base}/api/health`);
    const t0 = nowMs();
    const answers = await Promise.all(bytes.map((b, i) => upload(whoFor(i), b)));
    const wall = nowMs() - t0;
    const health = await probe.stop();
    loop.disable();
    clearInterval(heapTimer);
    const answer = answers.map((a) => `${a.status} ${a.answer.slice(0, 48)}`).join(' / ');
    rows.push(
      `| ${name} | ${file} | ${answer} | ${(wall / 1000).toFixed(2)} | ${mib(rss0)} → ${mib(health.peakRss)} | ${mib(health.peakChildren)} | ${mib(heap0)} → ${mib(peakHeap)} | ${(loop.max / 1e6).toFixed(0)} | ${health.maxMs.toFixed(0)} (${health.n}) |`,
    );
    log(rows.at(-1));
  };

  log(
    '| upload | file | answer | s | server RSS before → peak | readers’ RSS peak | main heap before → peak | max loop delay ms | slowest /api/health ms (asked) |',
  );
  log('| --- | --- | --- | ---: | --- | --- | --- | ---: | ---: |');
  if (wanted('good')) {
    const good = await goodLedger();
    await scenario('clean ledger, 5,000 rows (first import: starts the reader)', size(good.length), [good]);
    await scenario('clean ledger, 5,000 rows, again', size(good.length), [good]);
  }
  if (wanted('rows') || wanted('three')) {
    const bomb = await rowsBomb();
    if (wanted('rows')) await scenario('rows bomb: 750,000 rows', size(bomb.length), [bomb]);
    if (wanted('three')) await scenario('3 users × rows bomb at once', `3 × ${size(bomb.length)}`, [bomb, bomb, bomb]);
  }
  if (wanted('shared')) {
    const bomb = await sharedStringBomb();
    await scenario('one shared string of 200 M chars', size(bomb.length), [bomb]);
  }
  if (wanted('inline')) {
    const bomb = await inlineStringBomb();
    await scenario('one inline string of 200 M chars', size(bomb.length), [bomb]);
  }
  if (wanted('strings')) {
    // 1,300 texts of 32,000 × 大: aborted the whole server while the reader was a worker thread.
    const bomb = await longSharedStringsBomb(1300);
    await scenario('1,300 shared strings of 32,000 chars', size(bomb.length), [bomb]);
  }
  if (wanted('lying')) {
    const bomb = await lyingSizeBomb();
    await scenario('sheet declaring 1 KiB, inflating to 300 MiB', size(bomb.length), [bomb]);
  }
  await app.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
