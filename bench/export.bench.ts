/**
 * The ledger export at its row limit: `npm run bench:export`.
 *
 * Builds a SQLite file with the demo district and BENCH_N problems (default
 * 20,000, the export's limit LEDGER_EXPORT_MAX_ROWS), each with a measure and
 * a progress note, through the real import (5,000 rows per upload, so the
 * ledger's counters and history are what the app keeps). Then a fresh process
 * opens the file, starts the real server on 127.0.0.1 and downloads
 * GET /api/ledger/export.xlsx as the district admin BENCH_ITERATIONS times
 * (default 3), reading the answer as it arrives and throwing it away.
 *
 * Per download it prints: the time to the first byte and to the last, the
 * file's size, the RSS before and its peak sampled every 5 ms (a fresh process,
 * so the high-water mark is the export's), and the heap's peak. Figures are
 * printed, never asserted; docs/PERFORMANCE.md ("Ledger export") records them.
 *
 * Environment:
 *   BENCH_N=20000           problems in the ledger
 *   BENCH_ITERATIONS=3      downloads measured
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/dialect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { DEMO_PASSWORD, DEMO_VILLAGE_NAMES } from '../src/server/demo/demo-data.ts';
import { seedDemo } from '../src/server/demo/demo.service.ts';
import { multipart } from '../src/server/testing/ledger-factories.ts';
import { benchConfig, fmt, log, ORIGIN } from './bench-app.ts';
import { load, machine, nowMs } from './measure.ts';

const N = Number(process.env.BENCH_N ?? 20_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3);
const CHUNK = 5_000;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** One import file: rows `from`‥`to` − 1, spread over the demo villages, each with a measure and a progress note. */
async function ledgerChunk(from: number, to: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['序号', '村（社区）', '存在问题', '整改措施', '整改责任人', '完成时限', '整改进展', '备注']);
  for (let i = from; i < to; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    ws.addRow([
      i + 1,
      DEMO_VILLAGE_NAMES[i % DEMO_VILLAGE_NAMES.length],
      `党员活动室制度未上墙，三会一课记录不全（第 ${i + 1} 项）`,
      `制作制度牌并上墙，补齐记录（第 ${i + 1} 项）`,
      '陈*梅',
      `2027-01-${day}`,
      `已联系广告公司，预计下周完成（第 ${i + 1} 项）`,
      i % 3 === 0 ? '包联组督办' : null,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Database = { kind: 'sqlite'; file: string };

async function serve(dir: string, database: Database) {
  const db = openDatabase(database);
  const app = await buildApp({ db, config: { ...benchConfig(database), dataDir: dir }, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const cookie = /tz_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie');
  const close = async () => {
    await app.close();
    await db.close();
  };
  return { base, headers: { cookie, origin: ORIGIN }, close };
}

async function build(dir: string, database: Database): Promise<void> {
  const db = openDatabase(database);
  await migrateToLatest(db);
  await seedDemo(db, new Date(), { ledger: false, dataDir: dir });
  await db.close();
  const server = await serve(dir, database);
  const t0 = nowMs();
  for (let from = 0; from < N; from += CHUNK) {
    const body = multipart(
      {},
      { name: '台账.xlsx', bytes: await ledgerChunk(from, Math.min(N, from + CHUNK)), type: 'application/octet-stream' },
    );
    const res = await fetch(`${server.base}/api/ledger/import`, {
      method: 'POST',
      headers: { ...server.headers, 'content-type': body.contentType },
      body: body.payload,
    });
    if (res.status !== 200) throw new Error(`import: ${res.status} ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer();
  }
  log(
    `Loaded ${fmt(N)} problems (with a measure and a progress note each) through the import in ${((nowMs() - t0) / 1000).toFixed(1)} s.\n`,
  );
  await server.close();
}

async function measure(dir: string, database: Database): Promise<void> {
  const server = await serve(dir, database);
  const gc = (globalThis as { gc?: () => void }).gc;
  log('| download | first byte ms | last byte ms | size | RSS before → peak | heap before → peak |');
  log('| --- | ---: | ---: | ---: | --- | --- |');
  for (let i = 0; i < ITERATIONS; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
    const rss0 = process.memoryUsage.rss();
    const heap0 = process.memoryUsage().heapUsed;
    let peakRss = rss0;
    let peakHeap = heap0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 5);
    const t0 = nowMs();
    const res = await fetch(`${server.base}/api/ledger/export.xlsx`, { headers: server.headers });
    if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status} ${(await res.text()).slice(0, 300)}`);
    let first = 0;
    let bytes = 0;
    const reader = res.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (bytes === 0) first = nowMs() - t0;
      bytes += chunk.value.length;
    }
    const last = nowMs() - t0;
    clearInterval(sampler);
    // The process's own high-water mark catches what a blocked sampler missed.
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    log(
      `| ${i + 1} | ${fmt(Math.round(first))} | ${fmt(Math.round(last))} | ${(bytes / 2 ** 20).toFixed(1)} MiB | ${mib(rss0)} → ${mib(peakRss)} | ${mib(heap0)} → ${mib(peakHeap)} |`,
    );
  }
  await server.close();
}

async function main(): Promise<void> {
  const measureAt = process.argv.indexOf('--measure');
  if (measureAt > 0) {
    const dir = process.argv[measureAt + 1]!;
    await measure(dir, { kind: 'sqlite', file: path.join(dir, 'bench.sqlite') });
    return;
  }
  log(`# Ledger export bench (SQLite, ${fmt(N)} problems)\n\n${machine()}\n${load()}\n`);
  const dir = mkdtempSync(path.join(tmpdir(), 'taizhang-export-bench-'));
  try {
    await build(dir, { kind: 'sqlite', file: path.join(dir, 'bench.sqlite') });
    // A fresh process for the downloads: its RSS high-water mark is the export's, not the load's.
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--measure', dir], {
      stdio: 'inherit',
      env: process.env,
    });
    if (child.status !== 0) throw new Error(`the measuring process failed (${child.status})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
