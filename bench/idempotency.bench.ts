/**
 * What an Idempotency-Key costs a write: `npm run bench:idempotency`.
 *
 * Builds a province into a fresh SQLite file (20,000 villages; BENCH_SCALE=0.1 for a tenth) and fires `start`
 * transitions through the real app (`app.inject`), in chunks that alternate between requests without and with an
 * `Idempotency-Key` (a new key each, as the web sends one per step), each on a problem no earlier call touched.
 * Prints both series (ops/s, CPU per operation, p50/p95) with the machine's load and a calibration figure. Figures
 * are printed, never asserted; docs/PERFORMANCE.md records them.
 *
 * Environment: BENCH_SCALE (default 1), BENCH_ROUNDS (default 6), BENCH_CHUNK (default 500 per chunk).
 */
import path from 'node:path';
import { copyFileSync, rmSync } from 'node:fs';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/dialect.ts';
import { checkpointOffThread } from '../src/server/db/wal-checkpointer.ts';
import { benchConfig, log, login, prepareDataset, SCALE, SQLITE_FILE, WORK_DIR } from './bench-app.ts';
import { calibrate, describeCalibration } from './calibration.ts';
import { provinceShape } from './ledger-dataset.ts';
import { emptySamples, load, machine, sample, summarize, table } from './measure.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const chunk = Number(process.env.BENCH_CHUNK ?? 500);

log(machine());
log(`${load()} at the start`);
log(describeCalibration(calibrate()));
// Built fresh every run (no reused file).
rmSync(SQLITE_FILE, { force: true });
await prepareDataset(null, provinceShape(SCALE), { sameIndexes: false });
const file = path.join(WORK_DIR, 'idempotency.sqlite');
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
copyFileSync(SQLITE_FILE, file);
const target = { kind: 'sqlite' as const, file };
const db = openDatabase(target);
const app = await buildApp({ db, config: benchConfig(target), logger: false });
const checkpointer = await checkpointOffThread(db, file);
await app.ready();
const headers = await login(app);
const needed = 2 * rounds * chunk + 2 * 20;
const open = await db.kysely
  .selectFrom('problems')
  .select(['id', 'version'])
  .where('status', '=', 'open')
  .orderBy('id')
  .limit(needed)
  .execute();
if (open.length < needed) throw new Error(`only ${open.length} open problems; lower BENCH_ROUNDS or BENCH_CHUNK`);

const start = (keyed: boolean) => async (i: number) => {
  const p = open[i]!;
  const res = await app.inject({
    method: 'POST',
    url: `/api/problems/${p.id}/transitions`,
    headers: keyed ? { ...headers, 'idempotency-key': `bench-${process.pid}-${i}` } : headers,
    payload: { action: 'start', version: p.version },
  });
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 200)}`);
};
const plain = emptySamples();
const keyed = emptySamples();
let next = 0;
await sample(start(false), { warmup: 20, iterations: 0, firstIndex: next }, emptySamples());
next += 20;
await sample(start(true), { warmup: 20, iterations: 0, firstIndex: next }, emptySamples());
next += 20;
for (let r = 0; r < rounds; r++) {
  await sample(start(false), { warmup: 0, iterations: chunk, firstIndex: next }, plain);
  next += chunk;
  await sample(start(true), { warmup: 0, iterations: chunk, firstIndex: next }, keyed);
  next += chunk;
}
log(table([summarize('API transition — start, no key', plain), summarize('API transition — start, with an Idempotency-Key', keyed)]));
log(`${load()} at the end`);
await checkpointer?.stop();
await app.close();
await db.close();
