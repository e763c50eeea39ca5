import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import SqliteDatabase from 'better-sqlite3';
import { PASSWORD_MIN_LENGTH } from '../domain/contracts/session.ts';
import { buildPath } from '../domain/organizations.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase, type Db } from './db/dialect.ts';
import { newId } from './db/ids.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemo } from './demo/demo.service.ts';
import type { JobContext } from './jobs/job.ts';
import { lastResult, runJobOnce } from './jobs/job-lock.ts';
import { ALL_JOBS } from './jobs/jobs.ts';
import { recordAuditEvent } from './modules/audit/audit.service.ts';
import * as organizations from './modules/organizations/organizations.repository.ts';
import { hashPassword } from './modules/sessions/passwords.ts';
import * as users from './modules/users/users.repository.ts';

/** Operator commands: `npx taizhang <command>`. */
const HELP: Record<string, string> = {
  migrate: 'taizhang migrate\n  Applies pending database migrations (SQLite in DATA_DIR, or DATABASE_URL).',
  'seed-demo':
    'taizhang seed-demo\n  Seeds the demo district (渭南高新区, 2 subdistricts, 16 villages, demo users) into an empty database.',
  'create-admin':
    'taizhang create-admin <username> [--name <display name>] [--district <name>]\n  Creates a district admin on the top organization. Asks for the password, or reads it from stdin when piped.\n  On an empty database, --district names the district to create first.',
  'run-jobs':
    'taizhang run-jobs [--job weekly-snapshot|reminders]\n  Runs the scheduled jobs once now (each under its database lease, so it is safe beside running servers), prints what each did.\n  For deployments that schedule jobs with cron and set JOBS_ENABLED=0 on the servers.',
  backup:
    'taizhang backup <file>\n  SQLite: writes a consistent copy of the database to <file> while the server runs (online backup).\n  PostgreSQL: prints the pg_dump command to use.',
};

function usage(): string {
  return [
    'Usage: taizhang <command> [options]',
    '',
    'Commands:',
    ...Object.values(HELP).map((h) => `  ${h.split('\n')[0]}`),
    '',
    'Run `taizhang <command> --help` for details. Configuration comes from the environment (see docs/OPERATIONS.md).',
  ].join('\n');
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  let muted = false;
  out._writeToOutput = (s: string) => {
    if (!muted || s.includes('\n')) out.output.write(muted ? '\n' : s);
  };
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      resolve(answer);
    });
    muted = true;
  });
}

async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function createAdmin(config: Config, args: string[]): Promise<void> {
  const username = args[0]?.toLowerCase();
  if (!username || username.startsWith('-') || !/^[a-z0-9_.-]{2,64}$/.test(username)) {
    throw new UsageError('create-admin needs a username of 2–64 lowercase letters, digits, dot, dash or underscore.');
  }
  const password = await readPassword(`Password for ${username}: `);
  if (password.length < PASSWORD_MIN_LENGTH) throw new UsageError(`The password must be at least ${PASSWORD_MIN_LENGTH} characters.`);
  const passwordHash = await hashPassword(password);
  await withDb(config, async (db) => {
    if (await users.findByUsername(db.kysely, username)) throw new UsageError(`User "${username}" already exists.`);
    const now = new Date();
    const at = now.toISOString();
    await db.kysely.transaction().execute(async (trx) => {
      let root = (await organizations.findFirstRoot(trx)) ?? null;
      const ctx = { db, actor: null, now, requestId: 'cli', ip: '127.0.0.1' };
      if (!root) {
        const name = option(args, '--district');
        if (!name) throw new UsageError('The database has no organization yet: pass --district "<district name>" to create it.');
        const id = newId();
        root = {
          id,
          parent_id: null,
          kind: 'district',
          name,
          code: null,
          path: buildPath(null, id),
          depth: 0,
          is_sample: 0,
          archived_at: null,
          version: 1,
          created_at: at,
          updated_at: at,
        };
        await organizations.insert(trx, root);
        await recordAuditEvent(
          trx,
          ctx,
          { type: 'organization.created', after: { name, code: null, kind: 'district', parentId: null, archived: false } },
          { entityType: 'organization', entityId: id, organizationId: id },
        );
      }
      const id = newId();
      const displayName = option(args, '--name') ?? username;
      await users.insert(trx, {
        id,
        username,
        display_name: displayName,
        phone: null,
        email: null,
        password_hash: passwordHash,
        disabled_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      });
      await users.insertAssignment(trx, { id: newId(), user_id: id, role: 'district_admin', organization_id: root.id, created_at: at });
      await recordAuditEvent(
        trx,
        ctx,
        {
          type: 'user.created',
          after: { username, displayName, phone: null, email: null, disabled: false },
          roles: [{ role: 'district_admin', organizationId: root.id }],
        },
        { entityType: 'user', entityId: id, organizationId: root.id },
      );
      console.log(`Created district admin "${username}" on ${root.name}.`);
    });
  });
}

async function backup(config: Config, args: string[]): Promise<void> {
  const target = args[0];
  if (config.database.kind === 'postgres') {
    console.log(
      [
        'PostgreSQL is backed up with its own tools. For a consistent dump while the server runs:',
        `  pg_dump --format=custom --no-owner --file=${target ?? 'taizhang.dump'} "$DATABASE_URL"`,
        'Restore into an empty database with:',
        '  pg_restore --no-owner --dbname="$DATABASE_URL" taizhang.dump',
        'Also copy DATA_DIR (uploaded files and the session secret).',
      ].join('\n'),
    );
    return;
  }
  if (!target) throw new UsageError('backup needs a target file, e.g. `taizhang backup backups/taizhang-2026-06-30.sqlite`.');
  if (!existsSync(config.database.file)) throw new UsageError(`No database at ${config.database.file}. Is DATA_DIR right?`);
  const dest = path.resolve(target);
  if (existsSync(dest)) throw new UsageError(`${dest} already exists; choose a new file name.`);
  const source = new SqliteDatabase(config.database.file, { readonly: true, fileMustExist: true });
  try {
    // SQLite's online backup copies a consistent snapshot while writers carry on.
    await source.backup(dest, {
      progress: ({ totalPages, remainingPages }) => {
        process.stdout.write(`\r  ${Math.round(((totalPages - remainingPages) / Math.max(totalPages, 1)) * 100)}%`);
        return 200;
      },
    });
  } finally {
    source.close();
  }
  console.log(`\rBackup written to ${dest}`);
}

async function runJobs(config: Config, args: string[]): Promise<void> {
  const only = option(args, '--job');
  const jobs = only ? ALL_JOBS.filter((j) => j.name === only) : ALL_JOBS;
  if (jobs.length === 0) throw new UsageError(`Unknown job "${only}". Jobs: ${ALL_JOBS.map((j) => j.name).join(', ')}.`);
  const log = { info: () => undefined, warn: console.warn, error: console.error } as unknown as JobContext['log'];
  await withDb(config, async (db) => {
    const holder = `${hostname()}:${process.pid}:cli`;
    for (const job of jobs) {
      const ran = await runJobOnce({ db, config, now: new Date(), log }, job, holder, () => new Date());
      console.log(
        ran ? `${job.name}: ${(await lastResult(db, job.name)) ?? 'done'}` : `${job.name}: skipped (another process is running it)`,
      );
    }
  });
}

class UsageError extends Error {}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(usage());
    return 0;
  }
  const help = HELP[command];
  if (!help) {
    console.error(`Unknown command "${command}".\n\n${usage()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(help);
    return 0;
  }
  try {
    const config = loadConfig();
    switch (command) {
      case 'migrate': {
        // Not withDb: it migrates first, and this would then always report "up to date".
        const db = openDatabase(config.database);
        const applied = await migrateToLatest(db).finally(() => db.close());
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
        return 0;
      }
      case 'seed-demo': {
        const seeded = await withDb(config, (db) => seedDemo(db, new Date(), { ledger: true, dataDir: config.dataDir }));
        console.log(seeded ? 'Demo district seeded.' : 'The database already has organizations; nothing seeded.');
        return 0;
      }
      case 'create-admin':
        await createAdmin(config, args);
        return 0;
      case 'backup':
        await backup(config, args);
        return 0;
      case 'run-jobs':
        await runJobs(config, args);
        return 0;
      default:
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    console.error(err);
    return 1;
  }
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
