import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { buildApp, type AppInstance } from '../app.ts';
import { openDatabase, type Db } from '../db/dialect.ts';
import { MIGRATIONS, migrateToLatest } from '../db/migrate.ts';
import { DEMO_PASSWORD } from '../demo/demo-data.ts';
import { seedDemo } from '../demo/demo.service.ts';
import type { Clock } from '../http/clock.ts';

/**
 * Real databases for tests: SQLite in memory by default; when
 * TEST_DATABASE_URL names a PostgreSQL server, a fresh database per call,
 * dropped again by `close()`.
 */
export async function createTestDb(options: { file?: boolean } = {}): Promise<Db & { dropAll(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    // `file`: SQLite in a file of its own, which another thread (the app's worker) can open too.
    const dir = options.file ? mkdtempSync(path.join(tmpdir(), 'taizhang-db-')) : null;
    const db = openDatabase({ kind: 'sqlite', file: dir ? path.join(dir, 'test.sqlite') : ':memory:' });
    await migrateToLatest(db);
    return {
      ...db,
      dropAll: async () => {
        await db.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `tz_test_${randomBytes(6).toString('hex')}`;
  const template = await migratedTemplate(adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  return {
    ...db,
    dropAll: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * A PostgreSQL database migrated to the latest schema, kept as the template of
 * every test database: copying it is much quicker than running the migrations
 * for each test file. Named by the migrations it holds, built once per server
 * (the test processes take turns through an advisory lock) under a temporary
 * name and renamed when complete, so a half-built one is never copied.
 */
let templateOnce: { adminUrl: string; name: Promise<string> } | null = null;
function migratedTemplate(adminUrl: string): Promise<string> {
  if (templateOnce?.adminUrl !== adminUrl) {
    const name = buildTemplate(adminUrl);
    templateOnce = { adminUrl, name };
    name.catch(() => (templateOnce = null));
  }
  return templateOnce.name;
}

async function buildTemplate(adminUrl: string): Promise<string> {
  const name = `tz_tpl_${createHash('sha256').update(Object.keys(MIGRATIONS).join('|')).digest('hex').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(731642)');
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const db = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
      try {
        await migrateToLatest(db);
      } finally {
        await db.close();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
    }
    return name;
  } finally {
    await admin.query('select pg_advisory_unlock(731642)').catch(() => undefined);
    await admin.end();
  }
}

export const TEST_ORIGIN = 'http://taizhang.test';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(path.join(tmpdir(), 'taizhang-test-')),
    database: { kind: 'sqlite', file: ':memory:' },
    demo: false,
    sessionSecret: 'test-secret-test-secret-test-secret-0123',
    publicUrl: TEST_ORIGIN,
    secureCookies: false,
    sessionIdleMinutes: 240,
    sessionMaxHours: 168,
    logLevel: 'silent',
    trustProxy: [],
    bodyLimitBytes: 64 * 1024,
    evidenceMaxBytes: 256 * 1024,
    webDir: '/nonexistent',
    jobsEnabled: false,
    jobIntervalSeconds: 60,
    orgTreeWholeMax: 2000,
    notify: { channel: 'log', wecomWebhookUrl: null, smsGatewayUrl: null, smsGatewayToken: null, smtpUrl: null, mailFrom: 'taizhang@test' },
    ...overrides,
  };
}

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(public current = new Date('2026-11-27T02:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: AppInstance;
  db: Db;
  clock: TestClock;
  /** The configuration the app runs with (its own temporary DATA_DIR among it). */
  config: Config;
  close(): Promise<void>;
  /** Signs in as a user (demo password by default) and returns headers to send. */
  login(username: string, password?: string): Promise<Record<string, string>>;
  /** The demo organization id by name. */
  orgId(name: string): Promise<string>;
  userId(username: string): Promise<string>;
}

export async function createTestApp(
  options: { demo?: boolean; demoLedger?: boolean; config?: Partial<Config>; fileDb?: boolean; start?: Date } = {},
): Promise<TestApp> {
  const db = await createTestDb({ file: options.fileDb });
  const clock = new TestClock(options.start);
  const config = testConfig(options.config);
  if (options.demo ?? true) await seedDemo(db, clock.now(), { ledger: options.demoLedger ?? false, dataDir: config.dataDir });
  // TEST_LOG=1 prints the server's errors (a 500's cause) while debugging a test.
  const app = await buildApp({ db, config, clock, logger: process.env.TEST_LOG ? { level: 'error' } : false });
  await app.ready();
  return {
    app,
    db,
    clock,
    config,
    close: async () => {
      await app.close();
      await db.dropAll();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
    login: async (username, password = DEMO_PASSWORD) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { origin: TEST_ORIGIN },
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'tz_session');
      if (!cookie) throw new Error('no session cookie');
      return { cookie: `tz_session=${cookie.value}`, origin: TEST_ORIGIN };
    },
    orgId: async (name) => {
      const row = await db.kysely.selectFrom('organizations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
      return row.id;
    },
    userId: async (username) => {
      const row = await db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      return row.id;
    },
  };
}
