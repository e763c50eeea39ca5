import { rmSync } from 'node:fs';
import { buildApp } from './app.ts';
import { openDatabase, type DatabaseTarget } from './db/dialect.ts';
import { DEMO_PASSWORD } from './demo/demo-data.ts';
import { TEST_ORIGIN, testConfig } from './testing/test-app.ts';

/**
 * A separate process that writes through the app as fast as it can while
 * cli.test.ts backs the database up: it creates villages one after another
 * and prints `ack <id>` once each creation has been answered (committed).
 * Bounded: stops on SIGTERM, after 20,000 writes or after <seconds> (default 120).
 * Usage: node --import tsx backup-load.test-support.ts '<DatabaseTarget JSON>' [seconds]
 */
const target = JSON.parse(process.argv[2] ?? '') as DatabaseTarget;
const seconds = Number(process.argv[3] ?? 120);
let stopping = false;
process.on('SIGTERM', () => (stopping = true));

const db = openDatabase(target);
const config = testConfig({ database: target });
const app = await buildApp({ db, config, logger: false });
try {
  const login = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { origin: TEST_ORIGIN },
    payload: { username: 'admin', password: DEMO_PASSWORD },
  });
  const cookie = login.cookies.find((c) => c.name === 'tz_session');
  if (!cookie) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const headers = { cookie: `tz_session=${cookie.value}`, origin: TEST_ORIGIN };
  const parent = await db.kysely.selectFrom('organizations').select('id').where('name', '=', '白杨街道').executeTakeFirstOrThrow();

  const deadline = Date.now() + seconds * 1000;
  for (let i = 0; !stopping && i < 20_000 && Date.now() < deadline; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers,
      payload: { parentId: parent.id, kind: 'village', name: `负载村${i}` },
    });
    if (res.statusCode !== 201) throw new Error(`write ${i} failed: ${res.statusCode} ${res.body}`);
    process.stdout.write(`ack ${res.json<{ id: string }>().id}\n`);
  }
} finally {
  await app.close();
  await db.close();
  rmSync(config.dataDir, { recursive: true, force: true });
}
