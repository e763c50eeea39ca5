/**
 * What the API's compression gives a phone on a weak link, and costs the server: `npm run bench:compression`.
 *
 * On the demo district seeded in memory (its ledger of 242 problems), the real app (`app.inject`) answers the
 * reads a village secretary and a district officer land on, once as they are and once for a browser that accepts
 * brotli and gzip (`@fastify/compress`, src/server/app.ts). For each it prints the bytes on the wire both ways and
 * the server's CPU per answer both ways (median of 200 answers each, alternating). Figures are printed, never
 * asserted; docs/PERFORMANCE.md ("The API's JSON compressed") records them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/dialect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/demo.service.ts';
import { testConfig } from '../src/server/testing/test-app.ts';
import { calibrate, describeCalibration } from './calibration.ts';
import { cpuNowMs, load, machine } from './measure.ts';

const N = Number(process.env.BENCH_N ?? 200);
const log = (line = '') => console.log(line);

const dataDir = mkdtempSync(path.join(tmpdir(), 'tz-compression-'));
const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
await migrateToLatest(db);
await seedDemo(db, new Date(), { ledger: true, dataDir });
const app = await buildApp({ db, config: testConfig({ dataDir, demo: true }) });

async function signIn(username: string): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: 'demo-pass-2016' } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, origin: 'http://taizhang.test' };
}

const officer = await signIn('officer');
const secretary = await signIn('secretary');
const reads: Array<{ what: string; url: string; headers: Record<string, string> }> = [
  { what: 'village dashboard (secretary)', url: '/api/dashboard/village', headers: secretary },
  { what: 'ledger page of 20 (secretary)', url: '/api/problems?pageSize=20', headers: secretary },
  { what: 'district dashboard (officer)', url: '/api/dashboard/overview', headers: officer },
  { what: 'ledger page of 20 (officer)', url: '/api/problems?pageSize=20', headers: officer },
  { what: 'ledger page of 200 (officer)', url: '/api/problems?pageSize=200', headers: officer },
];
const ACCEPT = { 'accept-encoding': 'gzip, deflate, br' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

log(`bench:compression · ${machine()} · ${load()}`);
log(describeCalibration(calibrate()));
log(`${N} answers each way, alternating, after 20 unmeasured\n`);
log('| read | bytes as they are | bytes compressed | ratio | encoding | CPU µs as they are | CPU µs compressed |');
log('| --- | ---: | ---: | ---: | --- | ---: | ---: |');
for (const r of reads) {
  const ask = (compressed: boolean) =>
    app.inject({ method: 'GET', url: r.url, headers: compressed ? { ...r.headers, ...ACCEPT } : r.headers });
  for (let i = 0; i < 20; i++) await ask(i % 2 === 0);
  const plain: number[] = [];
  const packed: number[] = [];
  let bytes = { plain: 0, packed: 0, encoding: '' };
  for (let i = 0; i < 2 * N; i++) {
    const compressed = i % 2 === 1;
    const c0 = cpuNowMs();
    const res = await ask(compressed);
    const cpuUs = (cpuNowMs() - c0) * 1000;
    if (res.statusCode !== 200) throw new Error(`${r.url}: ${res.statusCode} ${res.body}`);
    if (compressed) {
      packed.push(cpuUs);
      bytes = { ...bytes, packed: res.rawPayload.length, encoding: String(res.headers['content-encoding'] ?? 'none') };
    } else {
      plain.push(cpuUs);
      bytes = { ...bytes, plain: res.rawPayload.length };
    }
  }
  log(
    `| ${r.what} | ${bytes.plain.toLocaleString('en-US')} | ${bytes.packed.toLocaleString('en-US')} | ${(bytes.plain / bytes.packed).toFixed(1)}× | ${bytes.encoding} | ${median(plain).toFixed(0)} | ${median(packed).toFixed(0)} |`,
  );
}
await app.close();
await db.close();
rmSync(dataDir, { recursive: true, force: true });
