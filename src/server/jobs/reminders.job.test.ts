import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.ts';
import { buildApp } from '../app.ts';
import { newId } from '../db/ids.ts';
import { makeOrg, makeUser, type Headers } from '../testing/factories.ts';
import { makeProblem, problemIn } from '../testing/ledger-factories.ts';
import { createTestApp, testConfig, type TestApp } from '../testing/test-app.ts';
import type { JobContext } from './job.ts';
import { remindersJob } from './reminders.job.ts';

let t: TestApp;
let admin: Headers;
const logLines: string[] = [];
const log = {
  info: (obj: unknown, msg?: string) => logLines.push(msg ?? String(obj)),
  warn: (obj: unknown, msg?: string) => logLines.push(msg ?? String(obj)),
  error: (obj: unknown, msg?: string) => logLines.push(msg ?? String(obj)),
} as unknown as JobContext['log'];

/** Moves the clock (sessions expire when it jumps: sign in again). */
async function setNow(at: string) {
  t.clock.current = new Date(at);
  admin = await t.login('admin');
}

/** One config (and temporary data directory) for the file; each run may swap the notify settings. */
const baseConfig = testConfig();
afterAll(() => rmSync(baseConfig.dataDir, { recursive: true, force: true }));

function run(config: Partial<Config> = {}, now = t.clock.now()) {
  return remindersJob.run({ db: t.db, config: { ...baseConfig, ...config }, now, log });
}

/** What a user would see in their notification centre, as `kind key-step` lines. */
async function inbox(username: string): Promise<string[]> {
  const rows = await t.db.kysely
    .selectFrom('notifications')
    .select(['kind', 'dedupe_key'])
    .where('user_id', '=', await t.userId(username))
    .orderBy('created_at')
    .orderBy('dedupe_key')
    .execute();
  return rows.map((r) => `${r.kind} ${r.dedupe_key}`);
}

async function countAll(): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Notifications about one problem, to anyone. */
async function countAllFor(problemId: string): Promise<number> {
  const rows = await t.db.kysely.selectFrom('notifications').select('dedupe_key').execute();
  return rows.filter((r) => r.dedupe_key.includes(problemId)).length;
}

/** Problem reminders only (report reminders also fire on the test clock's Friday). */
const problemsOnly = (lines: string[]) => lines.filter((l) => l.includes(' problem:'));

describe('reminders job', () => {
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  it('reminds the village before the deadline, then escalates to the subdistrict at 7 and the district at 14 days overdue', async () => {
    // The test clock starts on Friday 2026-11-27 (Shanghai); the deadline is a week away.
    const p = await makeProblem(t, admin, '大闵村', { dueOn: '2026-12-04' });
    const other = await makeProblem(t, admin, '张东村', { dueOn: '2027-03-01' });
    await run();
    expect(problemsOnly(await inbox('secretary'))).toEqual([`problem_due problem:${p.id}:due:7:2026-12-04`]);
    expect(problemsOnly(await inbox('liangtian'))).toEqual([]);
    expect(problemsOnly(await inbox('zhangdong'))).toEqual([]); // 张东村's deadline is months away

    // Same day, again, and after a "restart" (a new app on the same database): nothing new.
    const before = await countAll();
    await run();
    const app2 = await buildApp({ db: t.db, config: baseConfig, clock: t.clock, logger: false });
    await app2.ready();
    await run();
    await app2.close();
    expect(await countAll()).toBe(before);

    // One day overdue → the village only.
    await setNow('2026-12-05T01:00:00.000Z');
    await run();
    expect(problemsOnly(await inbox('secretary'))).toContain(`problem_overdue problem:${p.id}:overdue:1:2026-12-04`);
    expect(problemsOnly(await inbox('liangtian'))).toEqual([]);

    // Seven days overdue → also the subdistrict above, not the district yet.
    await setNow('2026-12-11T01:00:00.000Z');
    await run();
    await run();
    const seven = `problem_overdue problem:${p.id}:overdue:7:2026-12-04`;
    expect(problemsOnly(await inbox('secretary')).filter((l) => l === seven)).toHaveLength(1);
    expect(problemsOnly(await inbox('liangtian'))).toEqual([seven]);
    expect(problemsOnly(await inbox('officer'))).toEqual([]);

    // Fourteen days → also the district; the other subdistrict's people never hear of it.
    await setNow('2026-12-18T01:00:00.000Z');
    await run();
    const fourteen = `problem_overdue problem:${p.id}:overdue:14:2026-12-04`;
    expect(problemsOnly(await inbox('officer'))).toEqual([fourteen]);
    expect(problemsOnly(await inbox('liangtian'))).toEqual([seven, fourteen]);
    expect(problemsOnly(await inbox('zhangdong')).some((l) => l.includes(p.id))).toBe(false);
    void other;

    const title = await t.db.kysely
      .selectFrom('notifications')
      .select(['title', 'link'])
      .where('dedupe_key', '=', `problem:${p.id}:overdue:14:2026-12-04`)
      .executeTakeFirstOrThrow();
    expect(title.title).toContain('已超期 14 天');
    expect(title.link).toBe(`/ledger/${p.id}`);
  });

  it('a new deadline re-arms the reminders', async () => {
    await setNow('2026-12-20T01:00:00.000Z'); // Sunday 12-20
    const p = await makeProblem(t, admin, '大闵村', { dueOn: '2026-12-21' });
    await run();
    expect(problemsOnly(await inbox('secretary')).filter((l) => l.includes(p.id))).toEqual([
      `problem_due problem:${p.id}:due:1:2026-12-21`,
    ]);
    const row = await t.db.kysely.selectFrom('problems').select('version').where('id', '=', p.id).executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/problems/${p.id}`,
      headers: admin,
      payload: { version: row.version, dueOn: '2026-12-23' },
    });
    expect(res.statusCode).toBe(200);
    await run();
    expect(problemsOnly(await inbox('secretary')).filter((l) => l.includes(p.id))).toEqual([
      `problem_due problem:${p.id}:due:1:2026-12-21`,
      `problem_due problem:${p.id}:due:3:2026-12-23`,
    ]);
  });

  it('tells a step to those who hold the role when it is reached; a step nobody can hear waits for a holder (looked at again the next day)', async () => {
    await setNow('2026-12-21T01:00:00.000Z'); // Monday
    // 大闵村 without its secretary for a while: the due step has nobody to go to.
    const secretary = await t.userId('secretary');
    const disabled = (at: string | null) => t.db.kysely.updateTable('users').set({ disabled_at: at }).where('id', '=', secretary).execute();
    await disabled('2026-12-21T01:00:00.000Z');
    const p = await makeProblem(t, admin, '大闵村', { dueOn: '2026-12-28' });
    const mine = async (username: string) => problemsOnly(await inbox(username)).filter((l) => l.includes(p.id));
    await run();
    expect(await countAllFor(p.id)).toBe(0);
    // Back: the step that waited is told when it is looked at again, on the next day's first run (or sooner when
    // the problem changes).
    await disabled(null);
    await run();
    expect(await countAllFor(p.id)).toBe(0);
    await setNow('2026-12-21T16:00:00.000Z'); // 00:00 on Tuesday 12-22 in Shanghai
    await run();
    expect(await mine('secretary')).toEqual([`problem_due problem:${p.id}:due:7:2026-12-28`]);
    // A second secretary appointed afterwards does not get the step already told, but hears of the next one.
    const second = await makeUser(t, admin, [{ role: 'village_secretary', org: '大闵村' }]);
    await run();
    expect(await mine(second.username)).toEqual([]);
    await setNow('2026-12-25T01:00:00.000Z');
    await run();
    expect(await mine(second.username)).toEqual([`problem_due problem:${p.id}:due:3:2026-12-28`]);
    expect(await mine('secretary')).toEqual([
      `problem_due problem:${p.id}:due:7:2026-12-28`,
      `problem_due problem:${p.id}:due:3:2026-12-28`,
    ]);
  });

  it('tells the liaison group covering the village that a submission awaits acceptance', async () => {
    const p = await problemIn(t, admin, '大闵村', 'submitted');
    await run();
    const key = (lines: string[]) => lines.filter((l) => l.startsWith('problem_submitted') && l.includes(p.id));
    for (const member of ['liaison', 'lg1-dept', 'lg1-sub']) expect(key(await inbox(member))).toHaveLength(1);
    expect(key(await inbox('lg2-party'))).toEqual([]);
    expect(key(await inbox('secretary'))).toEqual([]);
    await run();
    expect(key(await inbox('liaison'))).toHaveLength(1);
  });

  it('weekly report: due on the due day before the time, missing after it unless filed', async () => {
    // Friday 2027-01-08, 09:00 Shanghai; due Friday 18:00 by default.
    await setNow('2027-01-08T01:00:00.000Z');
    await run();
    const week = '2027-01-04';
    const dm = await t.orgId('大闵村');
    const zd = await t.orgId('张东村');
    expect(await inbox('secretary')).toContain(`report_due report:${week}:${dm}:due`);
    expect(await inbox('secretary')).not.toContain(`report_missing report:${week}:${dm}:missing`);

    // 张东村 files before the deadline (the weekly-reports module's row, written straight for this test).
    const at = '2027-01-08T05:00:00.000Z';
    await t.db.kysely
      .insertInto('weekly_reports')
      .values({
        id: newId(),
        week_start: week,
        unit_type: 'organization',
        unit_id: zd,
        organization_id: zd,
        liaison_group_id: null,
        org_path: null,
        status: 'submitted',
        figures: '{}',
        progress: '按计划推进',
        difficulties: '无',
        next_plan: '继续整改',
        due_at: '2027-01-08T10:00:00.000Z',
        submitted_at: at,
        submitted_by: await t.userId('zhangdong'),
        is_late: 0,
        created_by: await t.userId('zhangdong'),
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();

    await setNow('2027-01-08T10:00:00.000Z'); // 18:00 Shanghai
    await run();
    await run();
    expect((await inbox('secretary')).filter((l) => l === `report_missing report:${week}:${dm}:missing`)).toHaveLength(1);
    expect((await inbox('zhangdong')).filter((l) => l.startsWith('report_missing') && l.includes(week))).toEqual([]);
    const title = await t.db.kysely
      .selectFrom('notifications')
      .select('title')
      .where('dedupe_key', '=', `report:${week}:${dm}:missing`)
      .executeTakeFirstOrThrow();
    expect(title.title).toBe('周报未按时提交：大闵村');
  });

  it('weekly report: a village added after the deadline is not told it missed the week (一周一统计 does not expect it)', async () => {
    const week = '2027-01-04';
    await setNow('2027-01-08T11:00:00.000Z'); // 19:00 Shanghai, an hour after the week's report fell due
    const village = await makeOrg(t, admin, '良田街道', 'village', '截止后新增村');
    const secretary = await makeUser(t, admin, [{ role: 'village_secretary', org: village.id }], { username: 'newvillage-sec' });
    await run();
    const told = await t.db.kysely
      .selectFrom('notifications')
      .select('dedupe_key')
      .where('user_id', '=', secretary.id)
      .where('dedupe_key', 'like', `report:${week}:%`)
      .execute();
    expect(told).toEqual([]);
  });

  it('in liaison-group mode the group members are told', async () => {
    const current = await t.app.inject({ method: 'GET', url: '/api/settings/cadence', headers: admin });
    const { rules, version } = current.json();
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/cadence',
      headers: admin,
      payload: { version, rules: { ...rules, reports: { ...rules.reports, unit: 'liaison_group' } } },
    });
    expect(put.statusCode).toBe(200);
    await setNow('2027-01-15T11:00:00.000Z'); // Friday 19:00 Shanghai
    await run();
    const group = await t.db.kysely.selectFrom('liaison_groups').select('id').where('name', '=', '第一包联组').executeTakeFirstOrThrow();
    expect(await inbox('liaison')).toContain(`report_missing report:2027-01-11:${group.id}:missing`);
    expect((await inbox('secretary')).some((l) => l.includes('report:2027-01-11'))).toBe(false);
  });
});

describe('reminders job delivery', () => {
  let server: Server;
  let url: string;
  let answer: (req: IncomingMessage, res: ServerResponse) => void;
  const received: Array<{ headers: IncomingMessage['headers']; body: { msgtype?: string; text?: unknown; phone?: string } }> = [];

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(data) });
        answer(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });
  afterEach(() => {
    received.length = 0;
  });

  const ok = (_req: IncomingMessage, res: ServerResponse) => res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));

  async function rowsOf(username: string) {
    return t.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', await t.userId(username))
      .execute();
  }

  it('delivers through a WeCom webhook, retries after a failure, and never sends one twice', async () => {
    // A Wednesday: no weekly-report reminders, just this problem's.
    await setNow('2026-11-25T02:00:00.000Z');
    const p = await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-26' });
    const wecom = { notify: { ...baseConfig.notify, channel: 'wecom' as const, wecomWebhookUrl: url } };

    answer = (_req, res) => res.end(JSON.stringify({ errcode: 45009, errmsg: 'api freq out of limit' }));
    const first = await run(wecom);
    expect(first).toContain('1 failed');
    let [row] = await rowsOf('secretary');
    expect(row).toMatchObject({ delivered_at: null, delivery_attempts: 1 });
    expect(row!.delivery_error).toContain('45009');

    answer = ok;
    await run(wecom);
    [row] = await rowsOf('secretary');
    expect(row!.delivered_at).toBe(t.clock.now().toISOString());
    expect(row!.delivery_attempts).toBe(1);
    expect(received).toHaveLength(2);
    expect(received[1]!.body.msgtype).toBe('text');
    const content = (received[1]!.body.text as { content: string }).content;
    expect(content).toContain('陈晓梅');
    expect(content).toContain(`http://taizhang.test/ledger/${p.id}`);

    received.length = 0;
    await run(wecom);
    expect(received).toHaveLength(0);
  });

  it('gives up after 5 failed attempts; HTTP errors count as failures', async () => {
    await setNow('2026-11-25T03:00:00.000Z');
    await makeProblem(t, admin, '张东村', { dueOn: '2026-11-26' });
    const wecom = { notify: { ...baseConfig.notify, channel: 'wecom' as const, wecomWebhookUrl: url } };
    answer = (_req, res) => {
      res.statusCode = 502;
      res.end('bad gateway');
    };
    for (let i = 0; i < 7; i++) await run(wecom);
    expect(received).toHaveLength(5);
    const [row] = await rowsOf('zhangdong');
    expect(row).toMatchObject({ delivered_at: null, delivery_attempts: 5 });
    expect(row!.delivery_error).toContain('HTTP 502');
  });

  it('SMS: posts {phone, text} with the token; a user without a phone is skipped with the reason', async () => {
    await setNow('2026-11-25T04:00:00.000Z');
    await makeProblem(t, admin, '良田村', { dueOn: '2026-11-26' });
    await makeProblem(t, admin, '麻李村', { dueOn: '2026-11-26' });
    const sec1 = await t.db.kysely
      .insertInto('users')
      .values({
        id: newId(),
        username: 'lt-sec',
        display_name: '测试书记甲',
        phone: '13800000001',
        password_hash: 'x',
        disabled_at: null,
        version: 1,
        created_at: '2026-11-01T00:00:00.000Z',
        updated_at: '2026-11-01T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sec2 = await t.db.kysely
      .insertInto('users')
      .values({
        id: newId(),
        username: 'ml-sec',
        display_name: '测试书记乙',
        phone: null,
        password_hash: 'x',
        disabled_at: null,
        version: 1,
        created_at: '2026-11-01T00:00:00.000Z',
        updated_at: '2026-11-01T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.kysely
      .insertInto('role_assignments')
      .values([
        {
          id: newId(),
          user_id: sec1.id,
          role: 'village_secretary',
          organization_id: await t.orgId('良田村'),
          created_at: '2026-11-01T00:00:00.000Z',
        },
        {
          id: newId(),
          user_id: sec2.id,
          role: 'village_secretary',
          organization_id: await t.orgId('麻李村'),
          created_at: '2026-11-01T00:00:00.000Z',
        },
      ])
      .execute();
    answer = ok;
    const sms = { notify: { ...baseConfig.notify, channel: 'sms' as const, smsGatewayUrl: url, smsGatewayToken: 'tok-123' } };
    const summary = await run(sms);
    expect(summary).toContain('1 skipped');
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.authorization).toBe('Bearer tok-123');
    expect(received[0]!.body.phone).toBe('13800000001');
    expect(received[0]!.body.text).toContain('整改即将到期');
    const [skipped] = await rowsOf('ml-sec');
    expect(skipped).toMatchObject({ delivered_at: null, delivery_attempts: 5 });
    expect(skipped!.delivery_error).toContain('手机号');
  });

  it('a bad channel setting keeps the in-app notifications and says what is missing', async () => {
    await setNow('2026-11-25T05:00:00.000Z');
    const p = await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-30' });
    logLines.length = 0;
    const summary = await run({ notify: { ...baseConfig.notify, channel: 'wecom', wecomWebhookUrl: null } });
    expect(summary).toContain('WECOM_WEBHOOK_URL');
    expect(logLines.join('\n')).toContain('WECOM_WEBHOOK_URL');
    const n = await t.db.kysely
      .selectFrom('notifications')
      .select(['delivered_at', 'delivery_attempts'])
      .where('dedupe_key', '=', `problem:${p.id}:due:7:2026-11-30`)
      .execute();
    expect(n).toEqual([{ delivered_at: null, delivery_attempts: 0 }]);
  });

  it('the default log channel writes one line per notification', async () => {
    logLines.length = 0;
    const summary = await run();
    expect(summary).toMatch(/delivered via log/);
    expect(logLines.some((l) => l.includes('整改即将到期'))).toBe(true);
  });
});
