import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklyReportList } from '../../../domain/contracts/weekly-reports.ts';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * 催报 through the API on a real database: a reviewer tells a unit whose past-due report is not filed; its secretary
 * hears of it, once a day. The demo's 张东村 missed its last two reports; the clock stands on Friday 2026-11-27 at
 * 10:00 in Shanghai, before that week's report falls due at 18:00.
 */
let t: TestApp;
let officer: Headers;
let zhangdong: Headers;
let liangtian: Headers;
let zd: string;
const lastWeek = '2026-11-16';
const running = '2026-11-23';

beforeAll(async () => {
  t = await createTestApp({ demoLedger: true });
  officer = await t.login('officer');
  zhangdong = await t.login('zhangdong');
  liangtian = await t.login('liangtian');
  zd = await t.orgId('张东村');
});
afterAll(() => t?.close());

const remind = (who: Headers, week: string, unitId = zd) =>
  t.app.inject({ method: 'POST', url: '/api/weekly-reports/remind', headers: who, payload: { week, unitType: 'organization', unitId } });

const told = async (username: string) =>
  t.db.kysely
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['n.kind', 'n.title', 'n.params'])
    .where('u.username', '=', username)
    .where('n.kind', '=', 'report_reminded')
    .execute();

describe('催报 a weekly report', () => {
  it('is offered on the row of a past-due report not filed, to its reviewers only', async () => {
    const row = async (who: Headers, week: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/weekly-reports?week=${week}&pageSize=50`, headers: who }))
        .json<WeeklyReportList>()
        .items.find((i) => i.unit.id === zd);
    expect((await row(officer, lastWeek))?.allowedActions).toContain('remind');
    expect((await row(zhangdong, lastWeek))?.allowedActions).not.toContain('remind');
    // The running week is not due yet (Friday 18:00): not offered, and refused.
    expect((await row(officer, running))?.allowedActions).not.toContain('remind');
    const notDue = await remind(officer, running);
    expect(notDue.statusCode).toBe(422);
    expect(notDue.json().error.message).toContain('尚未到截止时间');
  });

  it('tells the village’s secretary, once a day, with an audit event', async () => {
    const audited = await countAuditEvents(t.db, 'notification.report_reminded');
    const res = await remind(officer, lastWeek);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ recipients: 1 });
    const notices = await told('zhangdong');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toContain('催报：张东村');
    expect(JSON.parse(notices[0]!.params ?? '{}')).toMatchObject({ unitName: '张东村', weekStart: lastWeek, byName: '赵明远' });
    expect(await countAuditEvents(t.db, 'notification.report_reminded')).toBe(audited + 1);

    const again = await remind(officer, lastWeek);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('今天已经催报过');
    expect(await told('zhangdong')).toHaveLength(1);
    expect(await countAuditEvents(t.db, 'notification.report_reminded')).toBe(audited + 1);

    t.clock.advance(24 * 3_600_000);
    officer = await t.login('officer');
    expect((await remind(officer, lastWeek)).statusCode).toBe(200);
    expect(await told('zhangdong')).toHaveLength(2);
  });

  it('refuses a future week (400), a report already filed (422), a filer (403) and a reviewer out of scope (404)', async () => {
    const before = await countAuditEvents(t.db, 'notification.report_reminded');
    const future = await remind(officer, '2026-12-07');
    expect(future.statusCode).toBe(400);
    const damin = await t.orgId('大闵村');
    const filed = await remind(officer, lastWeek, damin);
    expect(filed.statusCode).toBe(422);
    expect(filed.json().error.message).toContain('已提交');
    zhangdong = await t.login('zhangdong');
    expect((await remind(zhangdong, lastWeek)).statusCode).toBe(403);
    liangtian = await t.login('liangtian');
    expect((await remind(liangtian, lastWeek)).statusCode).toBe(404);
    expect(await countAuditEvents(t.db, 'notification.report_reminded')).toBe(before);
  });

  it('is settled (read) in the secretary’s bell once the report is filed', async () => {
    zhangdong = await t.login('zhangdong');
    const unread = async () =>
      (
        await t.db.kysely
          .selectFrom('notifications as n')
          .innerJoin('users as u', 'u.id', 'n.user_id')
          .select('n.id')
          .where('u.username', '=', 'zhangdong')
          .where('n.kind', '=', 'report_reminded')
          .where('n.read_at', 'is', null)
          .execute()
      ).length;
    expect(await unread()).toBe(2);
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/weekly-reports',
      headers: zhangdong,
      payload: { week: lastWeek, unitType: 'organization', unitId: zd },
    });
    expect(started.statusCode, started.body).toBe(201);
    const saved = await t.app.inject({
      method: 'PATCH',
      url: `/api/weekly-reports/${started.json().id}`,
      headers: zhangdong,
      payload: { version: started.json().version, progress: '补报：本周完成制度上墙' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const filed = await t.app.inject({
      method: 'POST',
      url: `/api/weekly-reports/${started.json().id}/submit`,
      headers: zhangdong,
      payload: { version: saved.json().version },
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(await unread()).toBe(0);
  });
});
