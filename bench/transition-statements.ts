/**
 * Lists the SQL statements one `start` transition sends (SQLite, demo district):
 * `npx tsx bench/transition-statements.ts`. Prints each statement with its time,
 * then the count. For reading where a transition's time goes, not a benchmark.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, type LogEvent, SqliteDialect } from 'kysely';
import SqliteDatabase from '../src/server/db/sqlite-driver.ts';
import { buildApp } from '../src/server/app.ts';
import type { Database } from '../src/server/db/database.ts';
import type { Db } from '../src/server/db/dialect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { DEMO_PASSWORD } from '../src/server/demo/demo-data.ts';
import { seedDemo } from '../src/server/demo/demo.service.ts';
import { testConfig, TEST_ORIGIN } from '../src/server/testing/test-app.ts';

const events: Array<{ sql: string; ms: number }> = [];
let recording = false;
const raw = new SqliteDatabase(':memory:');
raw.pragma('foreign_keys = ON');
const kysely = new Kysely<Database>({
  dialect: new SqliteDialect({ database: raw }),
  log: (e: LogEvent) => {
    if (recording && e.level === 'query') events.push({ sql: e.query.sql, ms: e.queryDurationMillis });
  },
});
const db: Db = { kysely, kind: 'sqlite', close: () => kysely.destroy() };
const dataDir = mkdtempSync(path.join(tmpdir(), 'tz-stmts-'));
await migrateToLatest(db);
await seedDemo(db, new Date(), { ledger: true, dataDir });
const app = await buildApp({ db, config: testConfig({ dataDir }), logger: false });
await app.ready();
const login = await app.inject({
  method: 'POST',
  url: '/api/session',
  headers: { origin: TEST_ORIGIN },
  payload: { username: 'admin', password: DEMO_PASSWORD },
});
const cookie = login.cookies.find((c) => c.name === 'tz_session')!;
const headers = { cookie: `tz_session=${cookie.value}`, origin: TEST_ORIGIN };
const open = await kysely.selectFrom('problems').select(['id', 'version']).where('status', '=', 'open').limit(2).execute();
// One warm-up transition, then the one recorded.
await app.inject({
  method: 'POST',
  url: `/api/problems/${open[0]!.id}/transitions`,
  headers,
  payload: { action: 'start', version: open[0]!.version },
});
recording = true;
const res = await app.inject({
  method: 'POST',
  url: `/api/problems/${open[1]!.id}/transitions`,
  headers,
  payload: { action: 'start', version: open[1]!.version },
});
recording = false;
console.log(`status ${res.statusCode}, ${events.length} statements, ${events.reduce((s, e) => s + e.ms, 0).toFixed(2)} ms in SQLite`);
for (const e of events) console.log(`${e.ms.toFixed(3).padStart(7)} ms  ${e.sql.length > 200 ? `${e.sql.slice(0, 200)}…` : e.sql}`);
await app.close();
await db.close();
rmSync(dataDir, { recursive: true, force: true });
