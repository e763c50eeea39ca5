import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.ts';
import { openDatabase, type Db } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemo } from '../demo/demo.service.ts';

/**
 * The weekly snapshot job run by two real OS processes at the same moment
 * (`taizhang run-jobs`, as cron or two app instances would), against one
 * database: PostgreSQL when TEST_DATABASE_URL is set, else one SQLite file.
 */
const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');
const CLI = path.resolve('src/server/cli.ts');
const adminUrl = process.env.TEST_DATABASE_URL;

describe(`the weekly snapshot job in two processes at once (${adminUrl ? 'PostgreSQL' : 'SQLite file'})`, () => {
  let dataDir: string;
  let database: Config['database'];
  let db: Db;
  let dbName: string | null = null;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'taizhang-two-'));
    if (adminUrl) {
      dbName = `tz_two_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      database = { kind: 'postgres', url: url.toString() };
    } else {
      database = { kind: 'sqlite', file: path.join(dataDir, 'taizhang.sqlite') };
    }
    db = openDatabase(database);
    await migrateToLatest(db);
    // The demo ledger's history reaches back about seven weeks: several weeks to freeze.
    await seedDemo(db, new Date(), { ledger: true, dataDir });
  }, 60_000);

  afterAll(async () => {
    await db.close();
    if (dbName && adminUrl) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('freezes each week exactly once: one set of rows and one audit event per week', async () => {
    const { DATABASE_URL: _inherited, ...inherited } = process.env;
    const env = {
      ...inherited,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : {}),
    };
    const once = () => run(TSX, [CLI, 'run-jobs', '--job', 'weekly-snapshot'], { env, timeout: 60_000 });
    const outputs = (await Promise.all([once(), once()])).map((r) => r.stdout.trim());

    // One process froze the weeks; the other found the lease taken or nothing left to freeze.
    const froze = outputs.filter((o) => /froze [1-9]\d* week/.test(o));
    expect(froze, outputs.join('\n')).toHaveLength(1);

    const weeks = await db.kysely.selectFrom('snapshot_weeks').select('week_start').orderBy('week_start').execute();
    expect(weeks.length).toBeGreaterThanOrEqual(5);
    const orgs = Number(
      (
        await db.kysely
          .selectFrom('organizations')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const rows = await db.kysely.selectFrom('weekly_snapshots').select(['week_start', 'organization_id']).execute();
    expect(rows).toHaveLength(weeks.length * orgs);
    const events = await db.kysely.selectFrom('audit_events').select('entity_id').where('type', '=', 'snapshot.frozen').execute();
    expect(events.map((e) => e.entity_id).sort()).toEqual(weeks.map((w) => w.week_start));

    // A third run, after both, has nothing to do.
    const again = (await once()).stdout;
    expect(again).toContain('weekly-snapshot: nothing to freeze');
    expect(await db.kysely.selectFrom('weekly_snapshots').select('id').execute()).toHaveLength(rows.length);
  }, 120_000);
});
