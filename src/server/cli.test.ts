import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from './app.ts';
import { runCli } from './cli.ts';
import { openDatabase, type DatabaseTarget } from './db/dialect.ts';
import { DEMO_ORGS, DEMO_USERS } from './demo/demo-data.ts';
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

/** Runs the CLI in this process and collects what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await runCli(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

/** Runs the real executable, with `stdin` piped in, as an operator would. */
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
    for (const command of ['migrate', 'seed-demo', 'create-admin', 'backup']) {
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
    const dup = await spawnCli(target, ['create-admin', 'ops'], 'another-password-1\n');
    expect(dup.code).toBe(2);
    expect(dup.err).toContain('already exists');
    const short = await spawnCli(target, ['create-admin', 'ops2'], 'short\n');
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
    const without = await spawnCli(target, ['create-admin', 'first'], 'first-password-1\n');
    expect(without.code).toBe(2);
    expect(without.err).toContain('--district');
    expect(await organizationNames(target)).toEqual([]);

    const withDistrict = await spawnCli(target, ['create-admin', 'first', '--district', '临渭区'], 'first-password-1\n');
    expect(withDistrict.code).toBe(0);
    expect(await organizationNames(target)).toEqual(['临渭区']);
    const login = await signIn(target, 'first', 'first-password-1');
    expect(login.json().user.roles[0]).toMatchObject({ role: 'district_admin', organizationName: '临渭区', organizationKind: 'district' });
  });
});

describe.skipIf(!!PG_ADMIN_URL)('backup (SQLite)', () => {
  let target: Target;
  beforeAll(async () => {
    target = await freshTarget();
    useEnv(target);
    expect((await cli('seed-demo')).code).toBe(0);
  });
  afterAll(async () => {
    restoreEnv();
    await target.drop();
  });

  it('writes a SQLite file that opens and holds the same organizations', async () => {
    const file = path.join(target.dataDir, 'backups-copy.sqlite');
    const res = await cli('backup', file);
    expect(res.code).toBe(0);
    expect(res.out).toContain(`Backup written to ${file}`);
    const copy = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    try {
      const rows = copy.prepare('select name from organizations order by name').all() as Array<{ name: string }>;
      expect(rows.map((r) => r.name)).toEqual(await organizationNames(target));
      expect(rows).toHaveLength(DEMO_ORGS.length);
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
  });

  it('refuses to overwrite a file or to run without one (exit 2)', async () => {
    const file = path.join(target.dataDir, 'twice.sqlite');
    expect((await cli('backup', file)).code).toBe(0);
    const again = await cli('backup', file);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists');
    const none = await cli('backup');
    expect(none.code).toBe(2);
    expect(existsSync(file)).toBe(true);
  });
});

describe.runIf(!!PG_ADMIN_URL)('backup (PostgreSQL)', () => {
  let target: Target;
  beforeEach(async () => {
    target = await freshTarget();
    useEnv(target);
  });
  afterEach(async () => {
    restoreEnv();
    await target.drop();
  });

  it('explains the pg_dump command to use instead', async () => {
    const res = await cli('backup', 'out.dump');
    expect(res.code).toBe(0);
    expect(res.out).toContain('pg_dump --format=custom --no-owner --file=out.dump');
    expect(res.out).toContain('pg_restore');
  });
});
