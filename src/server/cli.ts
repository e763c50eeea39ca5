import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import SqliteDatabase from './db/sqlite-driver.ts';
import { Kysely, SqliteDialect } from 'kysely';
import { PASSWORD_MIN_LENGTH } from '../domain/contracts/session.ts';
import { buildPath } from '../domain/organizations.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import type { Database } from './db/database.ts';
import { openDatabase, type Db } from './db/dialect.ts';
import { newId } from './db/ids.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemo } from './demo/demo.service.ts';
import type { JobContext } from './jobs/job.ts';
import { lastResult, runJobOnce } from './jobs/job-lock.ts';
import { ALL_JOBS } from './jobs/jobs.ts';
import { chainUnchainedEvents, verifyAuditChain } from './modules/audit/audit-chain.service.ts';
import { type LedgerReport, verifyLedgerPages, verifyPublicLedger } from './modules/portal/public-chain.service.ts';
import { recordAuditEvent } from './modules/audit/audit.service.ts';
import * as organizations from './modules/organizations/organizations.repository.ts';
import { recountProblemCounters } from './modules/problems/problem-counters.service.ts';
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
    'taizhang backup <file>\n  Writes a consistent copy of the database to <file> while the server keeps running: every write committed before it\n  starts is in the copy. SQLite: a single-snapshot copy (VACUUM INTO) that opens as a database. PostgreSQL: runs\n  pg_dump --format=custom (pg_dump must be on PATH and not older than the server). Restore: docs/OPERATIONS.md.',
  'verify-audit':
    "taizhang verify-audit [--sqlite <file>]\n  Recomputes the audit log's hash chain and names the first event that does not match (edited, deleted, swapped,\n  or never chained). Exit 0 when the chain holds, 1 when it does not. --sqlite checks a copy (e.g. a backup)\n  read-only instead of the configured database.",
  recount:
    "taizhang recount\n  Rebuilds the problem counters (problems per organization, status and deadline: the ledger's and dashboards' counts)\n  from the problems in one transaction and prints each row it corrected. Database triggers keep the counters; this is the\n  repair after hand edits or a partial restore. Safe beside running servers (PostgreSQL: writes to problems wait for it).",
  'verify-ledger':
    'taizhang verify-ledger [--url <portal address>] [--sqlite <file>]\n  Recomputes the public ledger (the hash chain of public events, docs/PUBLIC-LEDGER.md) and names the first entry\n  that does not match (changed, deleted, swapped). --url checks any portal through its public API\n  (GET /api/public/chain), trusting nothing but the hashes; otherwise the configured database (or --sqlite, a copy\n  opened read-only). Exit 0 when the ledger holds, 1 when it does not.',
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

/** Where the CLI reads a password: the process's stdin, or a stream the caller gives `runCli` (the tests). */
export interface CliInput {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

async function readPassword(prompt: string, input: CliInput): Promise<string> {
  if (!input.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of input.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const rl = createInterface({ input: input.stdin, output: process.stdout, terminal: true });
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
    await chainUnchainedEvents(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function createAdmin(config: Config, args: string[], input: CliInput): Promise<void> {
  const username = args[0]?.toLowerCase();
  if (!username || username.startsWith('-') || !/^[a-z0-9_.-]{2,64}$/.test(username)) {
    throw new UsageError('create-admin needs a username of 2–64 lowercase letters, digits, dot, dash or underscore.');
  }
  const password = await readPassword(`Password for ${username}: `, input);
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
  if (!target || target.startsWith('-')) {
    throw new UsageError('backup needs a target file, e.g. `taizhang backup backups/taizhang-2026-06-30.sqlite`.');
  }
  const dest = path.resolve(target);
  if (existsSync(dest)) throw new UsageError(`${dest} already exists; choose a new file name.`);
  if (config.database.kind === 'postgres') {
    await pgDump(config.database.url, dest);
    console.log(`Backup written to ${dest} (pg_dump custom format; restore with pg_restore, see docs/OPERATIONS.md)`);
    return;
  }
  if (!existsSync(config.database.file)) throw new UsageError(`No database at ${config.database.file}. Is DATA_DIR right?`);
  const source = new SqliteDatabase(config.database.file, { readonly: true, fileMustExist: true });
  try {
    // One read transaction copies one snapshot: every commit before it, none after. Writers carry on
    // beside it (WAL). The online backup API would restart its copy at each write by another
    // connection, and may never finish while the server is busy.
    source.prepare('vacuum into ?').run(dest);
  } finally {
    source.close();
  }
  console.log(`Backup written to ${dest}`);
}

/** Runs pg_dump (a consistent snapshot of the database) into `dest`. */
function pgDump(url: string, dest: string): Promise<void> {
  // The password goes through the environment, not the command line that other local users can list.
  const withoutPassword = new URL(url);
  const password = decodeURIComponent(withoutPassword.password);
  withoutPassword.password = '';
  const env = password ? { ...process.env, PGPASSWORD: password } : process.env;
  const args = ['--format=custom', '--no-owner', `--file=${dest}`, `--dbname=${withoutPassword.toString()}`];
  const recipe = `pg_dump --format=custom --no-owner --file=${dest} "$DATABASE_URL"`;
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', args, { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(new OperationError(`pg_dump was not found on PATH. Install the PostgreSQL client tools, or run:\n  ${recipe}`));
      } else reject(err);
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new OperationError(`pg_dump failed (exit ${code}):\n${stderr.trim()}\nThe command was: ${recipe}`));
    });
  });
}

/** The configured database, or with --sqlite a copy opened read-only (never migrated or written). */
async function verifyAudit(config: Config, args: string[]): Promise<number> {
  const file = option(args, '--sqlite');
  if (args.includes('--sqlite') && !file)
    throw new UsageError('--sqlite needs a file, e.g. `taizhang verify-audit --sqlite backup.sqlite`.');
  let db: Db;
  if (file) {
    if (!existsSync(file)) throw new UsageError(`No SQLite file at ${path.resolve(file)}.`);
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SqliteDatabase(file, { readonly: true, fileMustExist: true }) }),
    });
    db = { kysely, kind: 'sqlite', close: () => kysely.destroy() };
  } else {
    if (config.database.kind === 'sqlite' && !existsSync(config.database.file)) {
      throw new UsageError(`No database at ${config.database.file}. Is DATA_DIR right?`);
    }
    db = openDatabase(config.database);
  }
  try {
    const report = await verifyAuditChain(db).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      throw new OperationError(
        `Cannot read the audit chain (a database from before the chain? run \`taizhang migrate\` on it): ${message}`,
      );
    });
    if (report.ok) {
      console.log(`ok: ${report.count} events, head ${report.head.seq} ${report.head.hash.slice(0, 12)}`);
      return 0;
    }
    const f = report.fault;
    const where = f.id === null ? 'at the end of the chain' : f.seq === null ? `at event ${f.id}` : `at seq ${f.seq}, event ${f.id}`;
    console.log(`BROKEN ${where}: ${f.reason}: ${f.detail}`);
    console.log(`${report.count} chained events verify before it.`);
    return 1;
  } finally {
    await db.close();
  }
}

/** The public ledger, of a portal over its API (--url), of a SQLite copy (--sqlite), or of the configured database. */
async function verifyLedger(args: string[], config: () => Config): Promise<number> {
  const url = option(args, '--url');
  const file = option(args, '--sqlite');
  if (args.includes('--url') && !url)
    throw new UsageError('--url needs the portal address, e.g. `taizhang verify-ledger --url https://taizhang.example.cn`.');
  if (args.includes('--sqlite') && !file)
    throw new UsageError('--sqlite needs a file, e.g. `taizhang verify-ledger --sqlite backup.sqlite`.');
  let report: LedgerReport;
  if (url) {
    const base = url.replace(/\/+$/, '');
    report = await verifyLedgerPages(async (from) => {
      const res = await fetch(`${base}/api/public/chain?from=${from}&limit=1000`).catch((err: unknown) => {
        throw new OperationError(`Cannot reach ${base}: ${err instanceof Error ? err.message : String(err)}`);
      });
      if (!res.ok) throw new OperationError(`${base}/api/public/chain answered ${res.status}`);
      return (await res.json()) as Awaited<ReturnType<Parameters<typeof verifyLedgerPages>[0]>>;
    });
  } else {
    let db: Db;
    if (file) {
      if (!existsSync(file)) throw new UsageError(`No SQLite file at ${path.resolve(file)}.`);
      const kysely = new Kysely<Database>({
        dialect: new SqliteDialect({ database: new SqliteDatabase(file, { readonly: true, fileMustExist: true }) }),
      });
      db = { kysely, kind: 'sqlite', close: () => kysely.destroy() };
    } else {
      const c = config();
      if (c.database.kind === 'sqlite' && !existsSync(c.database.file))
        throw new UsageError(`No database at ${c.database.file}. Is DATA_DIR right?`);
      db = openDatabase(c.database);
    }
    try {
      report = await verifyPublicLedger(db).catch((err: unknown) => {
        throw new OperationError(
          `Cannot read the public ledger (run \`taizhang migrate\` first?): ${err instanceof Error ? err.message : String(err)}`,
        );
      });
    } finally {
      await db.close();
    }
  }
  if (report.ok) {
    console.log(`ok: ${report.count} entries, head ${report.head.seq} ${report.head.hash.slice(0, 12)}`);
    return 0;
  }
  const f = report.fault;
  console.log(`BROKEN ${f.seq === null ? 'at the end of the ledger' : `at entry ${f.seq}`}: ${f.reason}: ${f.detail}`);
  console.log(`${report.count} entries verify before it.`);
  return 1;
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
/** A failure to report in one line, exit code 1. */
class OperationError extends Error {}

export async function runCli(argv: string[], input: CliInput = { stdin: process.stdin }): Promise<number> {
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
    // Checking a portal over its public API needs no configuration of ours.
    if (command === 'verify-ledger' && args.includes('--url')) return await verifyLedger(args, () => loadConfig());
    const config = loadConfig();
    switch (command) {
      case 'migrate': {
        // Not withDb: it migrates first, and this would then always report "up to date".
        const db = openDatabase(config.database);
        try {
          const applied = await migrateToLatest(db);
          console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
          // Events written before the audit hash chain existed get their links (as the server does at start-up).
          const chained = await chainUnchainedEvents(db);
          if (chained > 0) console.log(`Chained ${chained} earlier audit events into the audit hash chain.`);
        } finally {
          await db.close();
        }
        return 0;
      }
      case 'seed-demo': {
        const seeded = await withDb(config, (db) => seedDemo(db, new Date(), { ledger: true, dataDir: config.dataDir }));
        console.log(seeded ? 'Demo district seeded.' : 'The database already has organizations; nothing seeded.');
        return 0;
      }
      case 'create-admin':
        await createAdmin(config, args, input);
        return 0;
      case 'backup':
        await backup(config, args);
        return 0;
      case 'verify-audit':
        return await verifyAudit(config, args);
      case 'verify-ledger':
        return await verifyLedger(args, () => loadConfig());
      case 'run-jobs':
        await runJobs(config, args);
        return 0;
      case 'recount': {
        const changes = await withDb(config, (db) => recountProblemCounters(db));
        for (const c of changes) console.log(`${c.scope_id} ${c.status}${c.due_on ? ` due ${c.due_on}` : ''}: ${c.was} → ${c.now}`);
        console.log(
          changes.length
            ? `Corrected ${changes.length} problem counter row${changes.length === 1 ? '' : 's'}.`
            : 'Problem counters match the problems; nothing changed.',
        );
        return 0;
      }
      default:
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    if (err instanceof OperationError) {
      console.error(err.message);
      return 1;
    }
    console.error(err);
    return 1;
  }
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
