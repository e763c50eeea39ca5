import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import SqliteDatabase from './db/sqlite-driver.ts';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from './app.ts';
import { runCli } from './cli.ts';
import { openDatabase, type DatabaseTarget, type Db } from './db/dialect.ts';
import { newId } from './db/ids.ts';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS } from './demo/demo-data.ts';
import { recordAuditEvent } from './modules/audit/audit.service.ts';
import { TEST_ORIGIN, testConfig } from './testing/test-app.ts';

/**
 * The operator CLI against a real database: a SQLite file in a fresh DATA_DIR,
 * or, when TEST_DATABASE_URL is set, a fresh PostgreSQL database (DATABASE_URL).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const PG_ADMIN_URL = process.env.TEST_DATABASE_URL;

interface Target {
  dataDir: string;
  env: Record<string, string>;
  database: DatabaseTarget;
  drop(): Promise<void>;
}

async function freshTarget(): Promise<Target> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tz-cli-'));
  if (!PG_ADMIN_URL) {
    return {
      dataDir,
      env: { DATA_DIR: dataDir },
      database: { kind: 'sqlite', file: path.join(dataDir, 'taizhang.sqlite') },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `tz_cli_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dataDir,
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    database: { kind: 'postgres', url: url.toString(), poolSize: 2 },
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const savedEnv = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
function useEnv(target: Target): void {
  process.env.DATA_DIR = target.dataDir;
  if (target.env.DATABASE_URL) process.env.DATABASE_URL = target.env.DATABASE_URL;
  else delete process.env.DATABASE_URL;
}
function restoreEnv(): void {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/** Runs the CLI in this process and collects what it prints; `stdin` is what is piped to it (a password). */
async function cliWith(stdin: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await runCli(argv, { stdin: Readable.from([Buffer.from(stdin)]) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}
const cli = (...argv: string[]) => cliWith('', ...argv);

/**
 * Runs the real executable, with `stdin` piped in, as an operator would: once for each way in (bin/taizhang.mjs and
 * its tsx loader, a password read from a pipe). The rest runs `runCli` in this process, the same code without a
 * Node start and the app's import (2–4 s a spawn here).
 */
function spawnCli(target: Target, args: string[], stdin: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...target.env, LOG_LEVEL: 'silent' };
    if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/taizhang.mjs'), ...args], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

async function signIn(target: Target, username: string, password: string) {
  const db = openDatabase(target.database);
  const app = await buildApp({ db, config: testConfig(), logger: false });
  try {
    return await app.inject({ method: 'POST', url: '/api/session', headers: { origin: TEST_ORIGIN }, payload: { username, password } });
  } finally {
    await app.close();
    await db.close();
  }
}

async function organizationNames(target: Target): Promise<string[]> {
  const db = openDatabase(target.database);
  try {
    const rows = await db.kysely.selectFrom('organizations').select('name').orderBy('name').execute();
    return rows.map((r) => r.name);
  } finally {
    await db.close();
  }
}

describe('usage', () => {
  it('prints help for the whole tool and for each command, exiting 0', async () => {
    const all = await cli('--help');
    expect(all.code).toBe(0);
    for (const command of ['migrate', 'seed-demo', 'create-admin', 'backup', 'verify-audit']) {
      expect(all.out).toContain(`taizhang ${command}`);
      const one = await cli(command, '--help');
      expect(one.code, command).toBe(0);
      expect(one.out.split('\n')[0]).toMatch(new RegExp(`^taizhang ${command}`));
      expect(one.out.split('\n').length).toBeGreaterThan(1);
    }
    expect((await cli()).code).toBe(0);
  });

  it('exits 2 with the usage for an unknown command', async () => {
    const res = await cli('frobnicate');
    expect(res.code).toBe(2);
    expect(res.err).toContain('Unknown command "frobnicate"');
    expect(res.err).toContain('Usage: taizhang');
  });
});

describe('migrate, seed-demo and create-admin on one database', () => {
  let target: Target;
  beforeAll(async () => {
    target = await freshTarget();
    useEnv(target);
  });
  afterAll(async () => {
    restoreEnv();
    await target.drop();
  });

  it('migrates, then finds nothing left to do', async () => {
    const first = await cli('migrate');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain('Applied: 2026-11-27-01-foundation');
    const second = await cli('migrate');
    expect(second).toMatchObject({ code: 0, out: 'Database is up to date.' });
  });

  it('seeds the demo district once, and the second time seeds nothing', async () => {
    const first = await cli('seed-demo');
    expect(first).toMatchObject({ code: 0, out: 'Demo district seeded.' });
    const names = await organizationNames(target);
    expect(names).toHaveLength(DEMO_ORGS.length);
    expect(names).toEqual(expect.arrayContaining(['渭南高新区', '良田街道', '白杨街道', '大闵村', '张东村']));

    const second = await cli('seed-demo');
    expect(second.code).toBe(0);
    expect(second.out).toContain('nothing seeded');
    expect(await organizationNames(target)).toHaveLength(DEMO_ORGS.length);
    const res = await signIn(target, DEMO_USERS[0]!.username, 'demo-pass-2016');
    expect(res.statusCode).toBe(200);
  });

  it('creates a district admin with the password from stdin, who can then sign in', async () => {
    const res = await spawnCli(target, ['create-admin', 'ops', '--name', '运维'], 'ops-password-2026\n');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('Created district admin "ops" on 渭南高新区');

    const login = await signIn(target, 'ops', 'ops-password-2026');
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ username: 'ops', displayName: '运维' });
    expect(login.json().user.roles).toEqual([expect.objectContaining({ role: 'district_admin', organizationName: '渭南高新区' })]);
    expect(login.json().user.permissions).toContain('user.manage');
    expect((await signIn(target, 'ops', 'wrong-password-1')).statusCode).toBe(401);
  });

  it('refuses a username that exists and a short password, with exit code 2', async () => {
    const dup = await cliWith('another-password-1\n', 'create-admin', 'ops');
    expect(dup.code).toBe(2);
    expect(dup.err).toContain('already exists');
    const short = await cliWith('short\n', 'create-admin', 'ops2');
    expect(short.code).toBe(2);
    expect(short.err).toContain('at least 10');
    expect((await signIn(target, 'ops2', 'short')).statusCode).toBe(401);
    const bad = await cli('create-admin', 'Bad Name');
    expect(bad.code).toBe(2);
  });
});

describe('create-admin on an empty database', () => {
  let target: Target;
  beforeAll(async () => {
    target = await freshTarget();
    useEnv(target);
  });
  afterAll(async () => {
    restoreEnv();
    await target.drop();
  });

  it('asks for --district first, then creates the district and its admin', async () => {
    const without = await cliWith('first-password-1\n', 'create-admin', 'first');
    expect(without.code).toBe(2);
    expect(without.err).toContain('--district');
    expect(await organizationNames(target)).toEqual([]);

    const withDistrict = await cliWith('first-password-1\n', 'create-admin', 'first', '--district', '临渭区');
    expect(withDistrict.code).toBe(0);
    expect(await organizationNames(target)).toEqual(['临渭区']);
    const login = await signIn(target, 'first', 'first-password-1');
    expect(login.json().user.roles[0]).toMatchObject({ role: 'district_admin', organizationName: '临渭区', organizationKind: 'district' });
  });
});

describe('verify-audit', () => {
  let target: Target;
  beforeAll(async () => {
    target = await freshTarget();
    useEnv(target);
    expect((await cli('seed-demo')).code).toBe(0);
    // A few more events: each sign-in writes one.
    for (let i = 0; i < 3; i++) expect((await signIn(target, 'admin', DEMO_PASSWORD)).statusCode).toBe(200);
  });
  afterAll(async () => {
    restoreEnv();
    await target.drop();
  });

  /** Runs SQL on the target database straight, as someone with database access would. */
  async function tamper(run: (db: Db) => Promise<unknown>): Promise<void> {
    const db = openDatabase(target.database);
    try {
      await run(db);
    } finally {
      await db.close();
    }
  }
  const rowAt = (seq: number) =>
    withDb(target, (db) => db.kysely.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow());

  it('passes on an untouched log, naming its length and head', async () => {
    const res = await cli('verify-audit');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^ok: \d+ events, head \d+ [0-9a-f]{12}$/);
    const [, count, head] = /^ok: (\d+) events, head (\d+)/.exec(res.out)!;
    expect(Number(count)).toBeGreaterThan(1);
    expect(head).toBe(count);
  });

  it('reports an event written around the application, which `migrate` (a start) no longer chains', async () => {
    const id = newId();
    await tamper((db) =>
      db.kysely
        .insertInto('audit_events')
        .values({ id, at: '2026-01-01T00:00:00.000Z', type: 'session.created', entity_type: 'session', data: '{}' })
        .execute(),
    );
    const before = await cli('verify-audit');
    expect(before.code).toBe(1);
    expect(before.out).toContain(`BROKEN at event ${id}: unchained: 1 event(s) have no place in the chain`);
    // Chaining it gave a forged event a valid link: it stays a fault until someone looks into it.
    const migrate = await cli('migrate');
    expect(migrate.out).not.toContain('Chained');
    const after = await cli('verify-audit');
    expect(after.code).toBe(1);
    expect(after.out).toContain(`BROKEN at event ${id}: unchained`);
    await tamper((db) => db.kysely.deleteFrom('audit_events').where('id', '=', id).execute());
    expect((await cli('verify-audit')).code).toBe(0);
  });

  it('names an edited event, a deleted one and two swapped ones (exit 1), and passes again once undone', async () => {
    const second = await rowAt(2);
    await tamper((db) => sql`update audit_events set data = ${'{"forged":true}'} where id = ${second.id}`.execute(db.kysely));
    let res = await cli('verify-audit');
    expect(res.code).toBe(1);
    expect(res.out).toContain(`BROKEN at seq 2, event ${second.id}: hash-mismatch`);
    await tamper((db) => sql`update audit_events set data = ${second.data} where id = ${second.id}`.execute(db.kysely));
    expect((await cli('verify-audit')).code).toBe(0);

    await tamper((db) => sql`delete from audit_events where id = ${second.id}`.execute(db.kysely));
    const third = await rowAt(3);
    res = await cli('verify-audit');
    expect(res.code).toBe(1);
    expect(res.out).toContain(`BROKEN at seq 3, event ${third.id}: gap: expected seq 2 but found 3`);
    await tamper((db) => db.kysely.insertInto('audit_events').values(second).execute());
    expect((await cli('verify-audit')).code).toBe(0);

    await tamper((db) =>
      db.kysely.transaction().execute(async (trx) => {
        for (const [to, from] of [
          [second, third],
          [third, second],
        ] as const) {
          await sql`update audit_events set at = ${from.at}, entity_id = ${from.entity_id}, request_id = ${from.request_id}, data = ${from.data}
                    where id = ${to.id}`.execute(trx);
        }
      }),
    );
    res = await cli('verify-audit');
    expect(res.code).toBe(1);
    expect(res.out).toContain(`BROKEN at seq 2, event ${second.id}: hash-mismatch`);
  });
});

async function withDb<T>(target: Target, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(target.database);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Audit events as years of sign-in failures would leave them, written through the chain in one transaction. */
async function addAuditHistory(db: Db, count: number): Promise<void> {
  const ctx = { db, actor: null, now: new Date(), requestId: 'history', ip: '127.0.0.1' };
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'session.login_failed', username: `guess-${i}-${'x'.repeat(1500)}`, reason: 'unknown_user' },
        { entityType: 'session', entityId: null, organizationId: null },
      );
    }
  });
}

/**
 * A separate process writing through the app (backup-load.test-support.ts);
 * `acked` holds the ids of the writes it has been answered for so far.
 */
function startWriter(target: Target) {
  const script = path.join(ROOT, 'src/server/backup-load.test-support.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(target.database), '60'], {
    cwd: ROOT,
    env: { ...process.env, ...target.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: string[] = [];
  let buffered = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    acked,
    async waitFor(n: number) {
      for (let i = 0; acked.length < n; i++) {
        if (child.exitCode !== null || i > 1200) throw new Error(`the writer stopped after ${acked.length} writes: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      return { code, err };
    },
  };
}

describe('backup under load', () => {
  let target: Target;
  beforeAll(async () => {
    target = await freshTarget();
    useEnv(target);
    expect((await cli('seed-demo')).code).toBe(0);
    // SQLite: grow the file to ~25 MB of audit history, so that copying it takes many steps. SQLite's
    // page-by-page online backup restarts whenever another connection writes, and never finished here.
    if (!PG_ADMIN_URL) await withDb(target, (db) => addAuditHistory(db, 12_000));
  }, 120_000);
  afterAll(async () => {
    restoreEnv();
    await target.drop();
  });

  it('copies, while another process keeps writing, a database that holds every write acknowledged before it began and whose audit chain verifies', async () => {
    const writer = startWriter(target);
    let stopped = false;
    try {
      await writer.waitFor(20);
      const ackedBefore = [...writer.acked];
      const file = path.join(target.dataDir, PG_ADMIN_URL ? 'under-load.dump' : 'under-load.sqlite');
      const res = await spawnCli(target, ['backup', file], '');
      expect(res.err).toBe('');
      expect(res.code).toBe(0);
      expect(res.out).toContain(`Backup written to ${file}`);
      // The writer was still at work when the backup was done (it writes for at most 60 s).
      await writer.waitFor(writer.acked.length + 1);
      const result = await writer.stop();
      stopped = true;
      expect(result.code, result.err).toBe(0);

      const restored = await openCopy(target, file);
      try {
        if (restored.kind === 'sqlite') {
          const raw = new SqliteDatabase(restored.file, { readonly: true, fileMustExist: true });
          try {
            expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
          } finally {
            raw.close();
          }
        }
        useEnv(restored.asTarget);
        const verify = await cli('verify-audit', ...restored.verifyArgs).finally(() => useEnv(target));
        expect(verify.err).toBe('');
        expect(verify.out).toMatch(/^ok: \d+ events, head \d+ [0-9a-f]{12}$/);
        expect(verify.code).toBe(0);

        const copyDb = openDatabase(restored.database);
        try {
          const ids = new Set((await copyDb.kysely.selectFrom('organizations').select('id').execute()).map((r) => r.id));
          expect(ackedBefore.filter((id) => !ids.has(id))).toEqual([]);
          const audited = new Set(
            (await copyDb.kysely.selectFrom('audit_events').select('entity_id').where('type', '=', 'organization.created').execute()).map(
              (r) => r.entity_id,
            ),
          );
          expect(ackedBefore.filter((id) => !audited.has(id))).toEqual([]);
        } finally {
          await copyDb.close();
        }
      } finally {
        await restored.drop();
      }
    } finally {
      if (!stopped) await writer.stop();
    }
  }, 180_000);

  it.runIf(!!PG_ADMIN_URL)('without pg_dump on PATH, fails (exit 1) with the command to run instead', async () => {
    const file = path.join(target.dataDir, 'no-pg-dump.dump');
    const res = await spawnCli({ ...target, env: { ...target.env, PATH: '/nonexistent' } }, ['backup', file], '');
    expect(res.code).toBe(1);
    expect(res.err).toContain('pg_dump was not found on PATH');
    expect(res.err).toContain(`pg_dump --format=custom --no-owner --file=${file} "$DATABASE_URL"`);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses to overwrite a file or to run without one (exit 2)', async () => {
    const file = path.join(target.dataDir, PG_ADMIN_URL ? 'twice.dump' : 'twice.sqlite');
    expect((await cli('backup', file)).code).toBe(0);
    const again = await cli('backup', file);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists');
    const none = await cli('backup');
    expect(none.code).toBe(2);
    expect(existsSync(file)).toBe(true);
  });
});

/**
 * Makes a backup usable as an operator would restore it (docs/OPERATIONS.md):
 * SQLite, the file itself (checked read-only); PostgreSQL, pg_restore into a
 * fresh database.
 */
async function openCopy(target: Target, file: string) {
  if (!PG_ADMIN_URL) {
    return {
      kind: 'sqlite' as const,
      file,
      database: { kind: 'sqlite', file } as DatabaseTarget,
      asTarget: target,
      verifyArgs: ['--sqlite', file],
      drop: async () => undefined,
    };
  }
  const copy = await freshTarget();
  const url = (copy.database as { url: string }).url;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('pg_restore', ['--no-owner', `--dbname=${url}`, file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_restore failed: ${err}`))));
  });
  return { kind: 'postgres' as const, file, database: copy.database, asTarget: copy, verifyArgs: [], drop: () => copy.drop() };
}
