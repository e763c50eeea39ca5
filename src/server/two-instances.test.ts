import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from './config.ts';
import { openDatabase, toNumber, type Db } from './db/dialect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { DEMO_PASSWORD } from './demo/demo-data.ts';
import { seedDemo } from './demo/demo.service.ts';

/**
 * Two real app processes (`src/server/main.ts`, as two instances behind a
 * load balancer) on one database: PostgreSQL when TEST_DATABASE_URL is set,
 * else one SQLite file in a shared DATA_DIR. Both run the job scheduler.
 * Conflicting writes sent through both at the same moment: exactly one wins,
 * the other is told CONFLICT (409, never a 5xx), nothing is written twice and
 * no update is lost; a session made on one instance works on the other; each
 * job's effect happens once. docs/OPERATIONS.md ("Several instances behind a
 * load balancer") describes the deployment this checks.
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const MAIN = path.resolve('src/server/main.ts');
const RACES = 20;
const EDIT_RACES = 10;

interface Instance {
  name: string;
  child: ChildProcess;
  base: string;
  output: string[];
}

/** The fields of the answers this test reads. */
interface Body {
  id?: string;
  version?: number;
  status?: string;
  error?: { code: string; message: string };
  user?: { id: string; username: string } | null;
}

interface Answer {
  status: number;
  body: Body | null;
  via: string;
}

/** One signed-in browser: the session cookie it got at sign-in. */
interface Session {
  cookie: string;
  userId: string;
}

describe(`two app instances on one database (${adminUrl ? 'PostgreSQL' : 'SQLite file'})`, () => {
  let dataDir: string;
  let database: Config['database'];
  let db: Db;
  let dbName: string | null = null;
  let a: Instance;
  let b: Instance;
  let webhook: Server;
  /** Every message the instances' reminder delivery posted to the (stand-in) WeCom robot. */
  const sent: string[] = [];
  let deliveredBefore = 0;
  /** Every answer either instance gave, to check that none was a 5xx. */
  const answers: Answer[] = [];

  async function call(via: Instance, method: string, url: string, session: Session | null, payload?: unknown): Promise<Answer> {
    const res = await fetch(`${via.base}${url}`, {
      method,
      headers: {
        ...(session ? { cookie: session.cookie } : {}),
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await res.text();
    const answer: Answer = { status: res.status, body: text ? (JSON.parse(text) as Body) : null, via: via.name };
    answers.push(answer);
    return answer;
  }

  async function signIn(via: Instance, username: string): Promise<Session> {
    const res = await fetch(`${via.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    const body = (await res.json()) as { user: { id: string } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('tz_session='));
    expect(cookie).toBeTruthy();
    return { cookie: cookie!, userId: body.user.id };
  }

  const serverErrors = () => answers.filter((r) => r.status >= 500);
  const logsOf = (i: Instance) => `${i.name}:\n${i.output.join('').slice(-4000)}`;

  async function auditEvents(entityId: string, type: string): Promise<number> {
    const row = await db.kysely
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('entity_id', '=', entityId)
      .where('type', '=', type)
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'taizhang-instances-'));
    if (adminUrl) {
      dbName = `tz_inst_${randomBytes(5).toString('hex')}`;
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
    // The demo ledger's history reaches back about seven weeks: weeks to freeze, deadlines to remind of.
    await seedDemo(db, new Date(), { ledger: true, dataDir });
    deliveredBefore = toNumber(
      (
        await db.kysely
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('delivered_at', 'is not', null)
          .executeTakeFirstOrThrow()
      ).n,
    );

    // A stand-in for the WeCom group robot: counts what the reminders job sends.
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        sent.push(body);
        res.setHeader('content-type', 'application/json');
        res.end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const webhookPort = (webhook.address() as { port: number }).port;

    const { DATABASE_URL: _inherited, ...inherited } = process.env;
    const env = {
      ...inherited,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      // The same secret in both, as behind a load balancer (see docs/OPERATIONS.md).
      SESSION_SECRET: randomBytes(32).toString('hex'),
      JOBS_ENABLED: '1',
      JOB_INTERVAL_SECONDS: '5',
      NOTIFY_CHANNEL: 'wecom',
      WECOM_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/robot`,
      ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : {}),
    };
    [a, b] = await Promise.all([start('A', env), start('B', env)]);
  }, 90_000);

  /** Starts `node --import tsx src/server/main.ts` (one process, so its PID is the server's) and waits for its banner. */
  function start(name: string, env: NodeJS.ProcessEnv): Promise<Instance> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`instance ${name} did not start:\n${output.join('')}`)), 80_000);
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        const port = /is running: http:\/\/127\.0\.0\.1:(\d+)/.exec(output.join(''))?.[1];
        if (port) {
          clearTimeout(timer);
          resolve({ name, child, base: `http://127.0.0.1:${port}`, output });
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`instance ${name} exited (${code}):\n${output.join('')}`));
      });
    });
  }

  /** SIGTERM (the scheduler lets a running job finish), then SIGKILL after 10 s. */
  async function stop(i: Instance | undefined): Promise<void> {
    if (!i || i.child.exitCode !== null || i.child.signalCode !== null) return;
    const exited = new Promise((resolve) => i.child.once('exit', resolve));
    i.child.kill('SIGTERM');
    const timer = setTimeout(() => i.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await new Promise((resolve) => webhook?.close(resolve));
    await db?.close();
    if (dbName && adminUrl) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  let problemIds: string[] = [];

  it('the same transition through both at once: one 200, one 409 CONFLICT, one history row, one audit event', async () => {
    const adminA = await signIn(a, 'admin');
    const secretaryB = await signIn(b, 'secretary');
    const village = await db.kysely.selectFrom('organizations').select('id').where('name', '=', '大闵村').executeTakeFirstOrThrow();
    const created: Array<{ id: string; version: number }> = [];
    for (let i = 0; i < RACES; i++) {
      // Recorded on either instance with the session made on A.
      const r = await call(i % 2 ? a : b, 'POST', '/api/problems', adminA, {
        organizationId: village.id,
        description: `两个实例同时操作的问题 ${i}`,
      });
      expect(r.status, `${JSON.stringify(r.body)}\n${logsOf(a)}\n${logsOf(b)}`).toBe(201);
      created.push({ id: r.body!.id!, version: r.body!.version! });
    }
    problemIds = created.map((p) => p.id);

    for (const [i, p] of created.entries()) {
      const body = { action: 'start', version: p.version };
      const viaA = () => call(a, 'POST', `/api/problems/${p.id}/transitions`, adminA, body);
      const viaB = () => call(b, 'POST', `/api/problems/${p.id}/transitions`, secretaryB, body);
      // Both at once; which request leaves first alternates.
      const pair = await Promise.all(i % 2 ? [viaA(), viaB()] : [viaB(), viaA()]);
      expect(
        pair.map((r) => r.status).sort(),
        `${JSON.stringify(pair.map((r) => [r.via, r.status, r.body?.error]))}\n${logsOf(a)}\n${logsOf(b)}`,
      ).toEqual([200, 409]);
      const winner = pair.find((r) => r.status === 200)!;
      const loser = pair.find((r) => r.status === 409)!;
      expect(loser.body?.error?.code).toBe('CONFLICT');
      expect(winner.body).toMatchObject({ status: 'rectifying', version: p.version + 1 });

      const history = await db.kysely
        .selectFrom('problem_history')
        .select('actor_id')
        .where('problem_id', '=', p.id)
        .where('action', '=', 'start')
        .execute();
      expect(history).toEqual([{ actor_id: winner.via === 'A' ? adminA.userId : secretaryB.userId }]);
      expect(await auditEvents(p.id, 'problem.transitioned')).toBe(1);
      const row = await db.kysely.selectFrom('problems').select(['status', 'version']).where('id', '=', p.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'rectifying', version: p.version + 1 });
    }
    expect(serverErrors()).toEqual([]);
  }, 60_000);

  it('the same edit at the same version through both: one wins, the other 409, the winner’s write stays (no lost update)', async () => {
    const adminA = await signIn(a, 'admin');
    const officerB = await signIn(b, 'officer');
    for (const [i, id] of problemIds.slice(0, EDIT_RACES).entries()) {
      const { version } = await db.kysely.selectFrom('problems').select('version').where('id', '=', id).executeTakeFirstOrThrow();
      const viaA = () => call(a, 'PATCH', `/api/problems/${id}`, adminA, { version, description: `A 实例的修改 ${i}`, ownerName: '甲' });
      const viaB = () => call(b, 'PATCH', `/api/problems/${id}`, officerB, { version, description: `B 实例的修改 ${i}`, ownerName: '乙' });
      const pair = await Promise.all(i % 2 ? [viaA(), viaB()] : [viaB(), viaA()]);
      expect(
        pair.map((r) => r.status).sort(),
        `${JSON.stringify(pair.map((r) => [r.via, r.status, r.body?.error]))}\n${logsOf(a)}\n${logsOf(b)}`,
      ).toEqual([200, 409]);
      const winner = pair.find((r) => r.status === 200)!;
      expect(pair.find((r) => r.status === 409)!.body?.error?.code).toBe('CONFLICT');
      const row = await db.kysely
        .selectFrom('problems')
        .select(['description', 'owner_name', 'version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      // Both fields from the same writer, and the version moved once.
      expect(row).toEqual({
        description: `${winner.via} 实例的修改 ${i}`,
        owner_name: winner.via === 'A' ? '甲' : '乙',
        version: version + 1,
      });
      expect(await auditEvents(id, 'problem.updated')).toBe(1);
    }
    expect(serverErrors()).toEqual([]);
  }, 60_000);

  it('a session made on one instance is honoured on the other, and signing out on one ends it on both', async () => {
    const viewer = await signIn(a, 'viewer');
    for (const via of [a, b]) {
      const r = await call(via, 'GET', '/api/session', viewer);
      expect(r.body?.user).toMatchObject({ id: viewer.userId, username: 'viewer' });
      expect((await call(via, 'GET', '/api/problems?pageSize=1', viewer)).status).toBe(200);
    }
    expect((await call(b, 'DELETE', '/api/session', viewer)).status).toBe(204);
    for (const via of [a, b]) {
      expect((await call(via, 'GET', '/api/session', viewer)).body).toEqual({ user: null, expiresAt: null });
      expect((await call(via, 'GET', '/api/problems?pageSize=1', viewer)).status).toBe(401);
    }
  });

  it('both instances run the scheduler: each week is frozen once and each reminder is sent once', async () => {
    // Both processes ticked at start and every 5 s since; wait until a reminders run began after the writes above
    // (so it had the transitions' notifications to deliver) and finished.
    const since = new Date().toISOString();
    const until = Date.now() + 30_000;
    for (;;) {
      const lock = await db.kysely.selectFrom('job_locks').selectAll().where('name', '=', 'reminders').executeTakeFirst();
      if (lock?.last_started_at && lock.last_started_at > since && lock.locked_until === null) break;
      if (Date.now() > until) throw new Error(`no reminders run finished after ${since}: ${JSON.stringify(lock)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Stop both (each lets a running job finish) so that nothing is half-delivered while counting.
    await Promise.all([stop(a), stop(b)]);

    const weeks = await db.kysely.selectFrom('snapshot_weeks').select('week_start').orderBy('week_start').execute();
    expect(weeks.length).toBeGreaterThanOrEqual(5);
    const orgs = toNumber(
      (
        await db.kysely
          .selectFrom('organizations')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(await db.kysely.selectFrom('weekly_snapshots').select('id').execute()).toHaveLength(weeks.length * orgs);
    const frozen = await db.kysely.selectFrom('audit_events').select('entity_id').where('type', '=', 'snapshot.frozen').execute();
    expect(frozen.map((e) => e.entity_id).sort()).toEqual(weeks.map((w) => w.week_start));

    // Every notification the robot got was delivered once: as many messages as rows newly marked delivered.
    const delivered = toNumber(
      (
        await db.kysely
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('delivered_at', 'is not', null)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(delivered - deliveredBefore).toBeGreaterThan(0);
    expect(sent).toHaveLength(delivered - deliveredBefore);
    expect(serverErrors()).toEqual([]);
  }, 60_000);
});
