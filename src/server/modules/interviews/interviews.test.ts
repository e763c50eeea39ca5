import { afterEach, describe, expect, it } from 'vitest';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { watchStatements } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// The test clock starts on Friday 2026-11-27, 10:00 in Shanghai.
let t: TestApp;
afterEach(() => t?.close());

async function start() {
  t = await createTestApp({ demo: true });
  return { admin: await t.login('admin'), officer: await t.login('officer') };
}

function call(headers: Headers, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  t.clock.advance(1000);
  return t.app.inject({ method, url, headers, payload });
}

const schedule = (organizationId: string, extra: object = {}) => ({
  organizationId,
  scheduledAt: '2026-12-03T09:30:00+08:00',
  location: '区委组织部三楼会议室',
  interviewer: '区党群工作部 王部长',
  attendees: '村党支部书记、村委会主任',
  notice: '请于 12 月 3 日上午到会，汇报问题整改进展。',
  ...extra,
});

describe('interview candidates', () => {
  it('lists a village with a problem overdue more than 30 days, with its reasons in words, and whether it is already scheduled', async () => {
    const { officer } = await start();
    await makeProblem(t, officer, '大闵村', { dueOn: '2026-10-01' }); // 57 days overdue
    await makeProblem(t, officer, '张东村', { dueOn: '2026-12-31' }); // not overdue: ranks 15th
    // By default the last complete month (October: the district did not exist yet, nobody is a candidate).
    const byDefault = await call(officer, 'GET', '/api/interviews/candidates');
    expect(byDefault.json()).toMatchObject({ month: '2026-10', items: [] });
    const res = await call(officer, 'GET', '/api/interviews/candidates?month=2026-11');
    expect(res.statusCode, res.body).toBe(200);
    let body = res.json();
    expect(body.month).toBe('2026-11');
    const daMin = body.items.find((c: { organizationName: string }) => c.organizationName === '大闵村');
    expect(daMin.reasons.map((r: { zh: string }) => r.zh)).toEqual(['月度排名第 16 名（共 16 名），处于末位', '1 个问题逾期超过 30 天']);
    expect(daMin.reasons[1].reason).toEqual({ code: 'overdue_long', count: 1, days: 30 });
    expect(daMin.interviewId).toBeNull();
    // 张东村 ranks 15th of 16 (last three) but has nothing overdue; the subdistrict shares 大闵村's overdue problem.
    expect(
      body.items.find((c: { organizationName: string }) => c.organizationName === '张东村').reasons.map((r: { en: string }) => r.en),
    ).toEqual(['ranked 15 of 16, near the bottom']);
    expect(
      body.items.find((c: { organizationName: string }) => c.organizationName === '良田街道').reasons.map((r: { zh: string }) => r.zh),
    ).toEqual(['1 个问题逾期超过 30 天']);
    // Villages with nothing wrong are not candidates.
    expect(body.items.map((c: { organizationName: string }) => c.organizationName)).not.toContain('良田村');

    const made = await call(
      officer,
      'POST',
      '/api/interviews',
      schedule(daMin.organizationId, { reasons: daMin.reasons.map((r: { reason: object }) => r.reason) }),
    );
    expect(made.statusCode, made.body).toBe(201);
    body = (await call(officer, 'GET', '/api/interviews/candidates?month=2026-11')).json();
    expect(body.items.find((c: { organizationName: string }) => c.organizationName === '大闵村')).toMatchObject({
      interviewId: made.json().id,
      interviewStatus: 'scheduled',
    });
  });

  it('comes a page at a time: the pages together are the whole list, in order, with the interviews of each page', async () => {
    const { officer } = await start();
    for (const village of ['大闵村', '张东村', '良田村', '上庄村']) await makeProblem(t, officer, village, { dueOn: '2026-10-01' });
    const whole = (await call(officer, 'GET', '/api/interviews/candidates?month=2026-11&pageSize=200')).json();
    expect(whole.total).toBe(whole.items.length);
    expect(whole.total).toBeGreaterThanOrEqual(6); // four villages, their subdistricts, the ranking's tail
    const made = await call(
      officer,
      'POST',
      '/api/interviews',
      schedule(whole.items[whole.total - 1].organizationId, {
        reasons: whole.items[whole.total - 1].reasons.map((r: { reason: object }) => r.reason),
      }),
    );
    expect(made.statusCode, made.body).toBe(201);
    const pages: Array<{ organizationId: string; interviewId: string | null }> = [];
    for (let page = 1; page <= Math.ceil(whole.total / 2); page++) {
      const res = await call(officer, 'GET', `/api/interviews/candidates?month=2026-11&page=${page}&pageSize=2`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ total: whole.total, page, pageSize: 2 });
      expect(res.json().items.length).toBe(Math.min(2, whole.total - (page - 1) * 2));
      pages.push(...res.json().items);
    }
    expect(pages.map((c) => c.organizationId)).toEqual(whole.items.map((c: { organizationId: string }) => c.organizationId));
    // The interview scheduled for the last candidate shows on the last page.
    expect(pages[pages.length - 1]!.interviewId).toBe(made.json().id);
    expect(pages.slice(0, -1).every((c) => c.interviewId === null)).toBe(true);
    // Past the end: an empty page with the total; a page size over the API's limit is refused.
    expect((await call(officer, 'GET', '/api/interviews/candidates?month=2026-11&page=99&pageSize=2')).json()).toMatchObject({
      items: [],
      total: whole.total,
    });
    expect((await call(officer, 'GET', '/api/interviews/candidates?month=2026-11&pageSize=100000')).statusCode).toBe(400);
  });

  it('computes the month once for all its pages while the record has not changed (SQLite: the driver is watched)', async () => {
    const { officer } = await start();
    if (t.db.kind !== 'sqlite') return; // PostgreSQL runs the same code; the statements are observed on better-sqlite3
    await makeProblem(t, officer, '大闵村', { dueOn: '2026-10-01' });
    // The measures' figures mark one month's assessment (computeFigures → countMeasures).
    const assessing = async (url: string) => {
      const { result: res, seen } = await watchStatements(() => call(officer, 'GET', url));
      expect(res.statusCode, res.body).toBe(200);
      // The venue and meeting triggers (清零行动, 三会一课) read these tables.
      const triggers = seen.filter((q) => /"venue|meeting/i.test(q)).length;
      return { body: res.json(), assessed: seen.filter((q) => q.includes('with gone as')).length, triggers };
    };
    const pages: number[] = [];
    const triggerReads: number[] = [];
    for (const page of [1, 2, 1]) {
      const read = await assessing(`/api/interviews/candidates?month=2026-11&page=${page}&pageSize=2`);
      pages.push(read.assessed);
      triggerReads.push(read.triggers);
    }
    // The candidates found from the month's assessment are kept with it: later pages look at no village again.
    expect(triggerReads[0]).toBeGreaterThan(0);
    expect(triggerReads.slice(1)).toEqual([0, 0]);
    // A change to the record: the next page is computed afresh.
    await makeProblem(t, officer, '张东村', { dueOn: '2026-10-01' });
    const after = await assessing('/api/interviews/candidates?month=2026-11&pageSize=200');
    pages.push(after.assessed);
    expect(after.body.items.map((c: { organizationName: string }) => c.organizationName)).toContain('张东村');
    // The first page assesses November and October (two months running: the default trigger); the next pages
    // reuse them; after the change both are assessed again.
    expect(pages).toEqual([2, 0, 0, 2]);
  });

  it('is for district-wide interview managers only', async () => {
    await start();
    for (const who of ['secretary', 'liangtian', 'viewer']) {
      const res = await call(await t.login(who), 'GET', '/api/interviews/candidates');
      expect(res.statusCode, who).toBe(403);
    }
    const admin = await t.login('admin');
    expect((await call(admin, 'GET', '/api/interviews/candidates?month=2027-01')).statusCode).toBe(400);
  });
});

describe('interview lifecycle', () => {
  it('schedules, notifies, reschedules, records and closes, one audit event per step', async () => {
    const { officer } = await start();
    const daMin = await t.orgId('大闵村');
    const before = await countAuditEvents(t.db);

    const made = await call(officer, 'POST', '/api/interviews', schedule(daMin));
    expect(made.statusCode, made.body).toBe(201);
    let iv = made.json();
    expect(iv).toMatchObject({
      status: 'scheduled',
      organizationName: '大闵村',
      month: '2026-11',
      scheduledAt: '2026-12-03T01:30:00.000Z',
      allowedActions: ['reschedule', 'record', 'cancel'],
      version: 1,
    });
    expect(await countAuditEvents(t.db)).toBe(before + 1);
    expect(await countAuditEvents(t.db, 'interview.scheduled')).toBe(1);

    // The village secretary is told, in the same transaction, with a link to the interview.
    const secretaryId = await t.userId('secretary');
    const notes = await t.db.kysely.selectFrom('notifications').selectAll().where('user_id', '=', secretaryId).execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      kind: 'interview_scheduled',
      link: `/interviews/${iv.id}`,
      dedupe_key: `interview:${iv.id}:scheduled`,
    });
    expect(notes[0]!.body).toContain('2026-12-03 09:30');

    // Reschedule.
    let res = await call(officer, 'PATCH', `/api/interviews/${iv.id}`, { version: iv.version, location: '高新区政务中心' });
    expect(res.statusCode, res.body).toBe(200);
    iv = res.json();
    expect(iv).toMatchObject({ location: '高新区政务中心', version: 2, status: 'scheduled' });

    // A stale version is refused.
    res = await call(officer, 'POST', `/api/interviews/${iv.id}/record`, {
      version: 1,
      talkingPoints: '要点',
      commitments: '承诺',
      commitmentDueOn: '2026-12-31',
    });
    expect(res.statusCode).toBe(409);

    // Closing before it is held is the wrong state.
    res = await call(officer, 'POST', `/api/interviews/${iv.id}/close`, { version: iv.version, followUp: '已整改' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('INVALID_TRANSITION');

    res = await call(officer, 'POST', `/api/interviews/${iv.id}/record`, {
      version: iv.version,
      talkingPoints: '指出活动场所制度未上墙问题逾期未改',
      commitments: '两周内完成制度上墙并报验收',
      commitmentDueOn: '2026-12-17',
    });
    expect(res.statusCode, res.body).toBe(200);
    iv = res.json();
    expect(iv).toMatchObject({ status: 'held', commitmentDueOn: '2026-12-17', allowedActions: ['close'] });
    expect(iv.heldAt).not.toBeNull();

    // Once held it can no longer be moved or cancelled.
    expect((await call(officer, 'PATCH', `/api/interviews/${iv.id}`, { version: iv.version, location: '别处' })).statusCode).toBe(422);
    expect((await call(officer, 'POST', `/api/interviews/${iv.id}/cancel`, { version: iv.version, reason: '不需要' })).statusCode).toBe(
      422,
    );
    // The follow-up is required.
    expect((await call(officer, 'POST', `/api/interviews/${iv.id}/close`, { version: iv.version, followUp: '  ' })).statusCode).toBe(400);

    res = await call(officer, 'POST', `/api/interviews/${iv.id}/close`, { version: iv.version, followUp: '12 月 15 日复查，已整改到位' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', followUp: '12 月 15 日复查，已整改到位', allowedActions: [] });

    // Four mutations that went through, four events; the refused ones wrote nothing.
    const events = await t.db.kysely
      .selectFrom('audit_events')
      .select(['type', 'organization_id'])
      .where('entity_type', '=', 'interview')
      .where('entity_id', '=', iv.id)
      .orderBy('at')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['interview.scheduled', 'interview.updated', 'interview.updated', 'interview.updated']);
    expect(events.every((e) => e.organization_id === daMin)).toBe(true);
    expect(await countAuditEvents(t.db)).toBe(before + 4);

    // History per organization.
    const list = (await call(officer, 'GET', `/api/interviews?organizationId=${daMin}`)).json();
    expect(list.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[iv.id, 'closed']]);
    expect((await call(officer, 'GET', `/api/interviews?organizationId=${daMin}&status=scheduled`)).json().total).toBe(0);
  });

  it('cancels a scheduled interview with its reason', async () => {
    const { officer } = await start();
    const iv = (await call(officer, 'POST', '/api/interviews', schedule(await t.orgId('良田街道')))).json();
    // A subdistrict's officers are told too.
    const liangtianId = await t.userId('liangtian');
    expect(await t.db.kysely.selectFrom('notifications').select('id').where('user_id', '=', liangtianId).execute()).toHaveLength(1);
    expect((await call(officer, 'POST', `/api/interviews/${iv.id}/cancel`, { version: iv.version })).statusCode).toBe(400);
    const res = await call(officer, 'POST', `/api/interviews/${iv.id}/cancel`, { version: iv.version, reason: '已当面督导，改为书面提醒' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelReason: '已当面督导，改为书面提醒', followUp: null, allowedActions: [] });
  });

  it('keeps interviews in scope: readers of the organization see them, others get 404; only managers schedule', async () => {
    const { officer } = await start();
    const daMin = await t.orgId('大闵村');
    const iv = (await call(officer, 'POST', '/api/interviews', schedule(daMin))).json();
    const secretary = await t.login('secretary');
    const zhangdong = await t.login('zhangdong');

    const own = await call(secretary, 'GET', `/api/interviews/${iv.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().allowedActions).toEqual([]);
    expect((await call(secretary, 'GET', '/api/interviews')).json().items).toHaveLength(1);

    expect((await call(zhangdong, 'GET', `/api/interviews/${iv.id}`)).statusCode).toBe(404);
    expect((await call(zhangdong, 'GET', '/api/interviews')).json().items).toHaveLength(0);
    expect((await call(zhangdong, 'GET', `/api/interviews?organizationId=${daMin}`)).statusCode).toBe(404);

    const before = await countAuditEvents(t.db);
    expect((await call(secretary, 'POST', '/api/interviews', schedule(daMin))).statusCode).toBe(403);
    expect((await call(zhangdong, 'POST', '/api/interviews', schedule(daMin))).statusCode).toBe(404);
    expect((await call(secretary, 'POST', `/api/interviews/${iv.id}/cancel`, { version: 1, reason: '不想去' })).statusCode).toBe(403);
    expect(await countAuditEvents(t.db)).toBe(before);

    // Bad input is a 400, never a 500.
    expect((await call(officer, 'POST', '/api/interviews', schedule(daMin, { scheduledAt: '下周三' }))).statusCode).toBe(400);
    expect((await call(officer, 'POST', '/api/interviews', schedule(await t.orgId('渭南高新区')))).statusCode).toBe(400);
    expect((await call(officer, 'PATCH', `/api/interviews/${iv.id}`, { version: 1 })).statusCode).toBe(400);
  });
});
