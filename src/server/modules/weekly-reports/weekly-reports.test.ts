import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { makeProblem, problemIn } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** Responses as loose JSON, the way the tests read them. */
type Json = ReturnType<typeof JSON.parse>;

function ok(res: LightMyRequestResponse, status = 200): Json {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

/** One app per describe; sessions are re-made whenever the clock moves (they idle out). */
function harness() {
  const h = {
    t: undefined as unknown as TestApp,
    sessions: new Map<string, Headers>(),
    async as(who: string): Promise<Headers> {
      let s = h.sessions.get(who);
      if (!s) {
        s = await h.t.login(who);
        h.sessions.set(who, s);
      }
      return s;
    },
    at(iso: string) {
      h.t.clock.current = new Date(iso);
      h.sessions.clear();
    },
    async get(who: string, url: string) {
      return h.t.app.inject({ method: 'GET', url, headers: await h.as(who) });
    },
    async send(who: string, method: 'POST' | 'PATCH' | 'PUT', url: string, payload: object) {
      return h.t.app.inject({ method, url, headers: await h.as(who), payload });
    },
    async start(who: string, week: string, unitId: string, unitType = 'organization') {
      return h.send(who, 'POST', '/api/weekly-reports', { week, unitType, unitId });
    },
  };
  return h;
}

describe('weekly reports, one per village (default rules)', () => {
  const h = harness();
  let dm: string; // 大闵村
  beforeAll(async () => {
    h.t = await createTestApp();
    dm = await h.t.orgId('大闵村');
  });
  afterAll(() => h.t.close());

  it('starts this week’s report with the figures of 大闵村’s ledger, saves and files it on time', async () => {
    // Friday 27 Nov 2026, 10:00 Shanghai: the week of Monday 23 Nov, due 18:00 today.
    h.at('2026-11-27T02:00:00.000Z');
    const admin = await h.as('admin');
    await makeProblem(h.t, admin, '大闵村');
    await makeProblem(h.t, admin, '大闵村');
    await problemIn(h.t, admin, '大闵村', 'rectifying');
    await makeProblem(h.t, admin, '良田村'); // another village: not in 大闵村's figures
    h.t.clock.advance(60_000); // the figures count what was recorded before now

    const list = ok(await h.get('secretary', '/api/weekly-reports'));
    expect(list.week).toBe('2026-11-23');
    expect(list.dueAt).toBe('2026-11-27T10:00:00.000Z');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      unit: { type: 'organization', id: dm, name: '大闵村', pathNames: [] },
      status: 'not_started',
      flag: 'pending',
      reportId: null,
      allowedActions: ['start'],
    });

    const saved = await countAuditEvents(h.t.db, 'weekly_report.saved');
    const draft = ok(await h.start('secretary', '2026-11-23', dm), 201);
    expect(draft.status).toBe('draft');
    expect(draft.figures).toMatchObject({ total: 3, open: 2, rectifying: 1, submitted: 0, closed: 0, overdue: 0, newCount: 3 });
    expect(draft.allowedActions).toEqual(['edit', 'submit']);
    expect(draft.dueAt).toBe('2026-11-27T10:00:00.000Z');
    // Starting again answers the same draft and writes nothing.
    const again = ok(await h.start('secretary', '2026-11-23', dm), 200);
    expect(again.id).toBe(draft.id);
    expect(await countAuditEvents(h.t.db, 'weekly_report.saved')).toBe(saved + 1);

    // Filing needs progress text.
    const empty = ok(await h.send('secretary', 'POST', `/api/weekly-reports/${draft.id}/submit`, { version: draft.version }), 400);
    expect(empty.error.code).toBe('VALIDATION_FAILED');

    const edited = ok(
      await h.send('secretary', 'PATCH', `/api/weekly-reports/${draft.id}`, {
        version: draft.version,
        progress: '  完成制度上墙 3 项  ',
        difficulties: '场所面积不足',
        nextPlan: '推进场所改建',
      }),
    );
    expect(edited).toMatchObject({ progress: '完成制度上墙 3 项', difficulties: '场所面积不足', nextPlan: '推进场所改建', version: 2 });

    const filed = ok(await h.send('secretary', 'POST', `/api/weekly-reports/${draft.id}/submit`, { version: 2 }));
    expect(filed).toMatchObject({ status: 'submitted', isLate: false, flag: 'on_time', submittedByName: '陈晓梅', allowedActions: [] });
    expect(await countAuditEvents(h.t.db, 'weekly_report.submitted')).toBe(1);

    // Filed: no more edits.
    const locked = ok(await h.send('secretary', 'PATCH', `/api/weekly-reports/${draft.id}`, { version: 3, progress: '改' }), 422);
    expect(locked.error.code).toBe('INVALID_TRANSITION');

    const row = ok(await h.get('secretary', '/api/weekly-reports')).items[0];
    expect(row).toMatchObject({ status: 'submitted', flag: 'on_time', reportId: draft.id });
    // The subdistrict sees it among its villages, with review actions.
    const lt = ok(await h.get('liangtian', '/api/weekly-reports'));
    expect(lt.items.find((i: Json) => i.unit.id === dm)).toMatchObject({ flag: 'on_time', allowedActions: ['return', 'comment'] });
    expect(lt.items.find((i: Json) => i.unit.id === dm).unit.pathNames).toEqual(['良田街道']);
  });

  it('flags reports not yet due as pending, missing after Friday 18:00, and a report filed after it as late', async () => {
    // Friday 4 Dec 2026, 17:00 Shanghai (week of 30 Nov): nothing due yet.
    h.at('2026-12-04T09:00:00.000Z');
    const before = ok(await h.get('liangtian', '/api/weekly-reports'));
    expect(before.week).toBe('2026-11-30');
    expect(before.items.map((i: Json) => i.unit.name)).not.toContain('张东村');
    // 良田街道's five villages (良田村, 上庄村 and 安家村 are of 白杨街道, as DOMAIN.md groups the source's places).
    expect(before.items).toHaveLength(5);
    expect(before.counts).toEqual({ on_time: 0, late: 0, missing: 0, pending: 5 });

    // 18:30: due time passed.
    h.at('2026-12-04T10:30:00.000Z');
    const draft = ok(await h.start('secretary', '2026-11-30', dm), 201);
    await h.send('secretary', 'PATCH', `/api/weekly-reports/${draft.id}`, { version: 1, progress: '本周整改 2 项' });
    const filed = ok(await h.send('secretary', 'POST', `/api/weekly-reports/${draft.id}/submit`, { version: 2 }));
    expect(filed).toMatchObject({ isLate: true, flag: 'late' });

    const after = ok(await h.get('liangtian', '/api/weekly-reports?week=2026-11-30'));
    expect(after.counts).toEqual({ on_time: 0, late: 1, missing: 4, pending: 0 });
    const missing = ok(await h.get('liangtian', '/api/weekly-reports?week=2026-11-30&flag=missing'));
    expect(missing.items).toHaveLength(4);
    expect(missing.items.every((i: Json) => i.status === 'not_started' && i.reportId === null)).toBe(true);
    const filedOnly = ok(await h.get('officer', '/api/weekly-reports?week=2026-11-30&status=submitted'));
    expect(filedOnly.items.map((i: Json) => i.unit.name)).toEqual(['大闵村']);
    // The officer sees both subdistricts' villages (16), 15 missing.
    const all = ok(await h.get('officer', '/api/weekly-reports?week=2026-11-30'));
    expect(all.counts.missing).toBe(15);
    expect(all).toMatchObject({ total: 16, page: 1, pageSize: 50 });
    expect(all.items).toHaveLength(16);
    // By 街道, then village, in Chinese order.
    const keys = all.items.map((i: Json) => [...i.unit.pathNames, i.unit.name].join('/'));
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    expect(new Set(all.items.map((i: Json) => i.unit.pathNames[0])).size).toBe(2);

    // A page at a time (a province has 20,000 units): the pages, in order, are the whole list; the counts are of all.
    const pages: Json[] = [];
    for (const page of [1, 2, 3, 4]) {
      const p = ok(await h.get('officer', `/api/weekly-reports?week=2026-11-30&pageSize=5&page=${page}`));
      expect(p).toMatchObject({ total: 16, page, pageSize: 5, counts: all.counts });
      pages.push(...p.items);
    }
    expect(pages.map((i) => i.unit.id)).toEqual(all.items.map((i: Json) => i.unit.id));
    expect(ok(await h.get('officer', '/api/weekly-reports?week=2026-11-30&pageSize=5&page=5')).items).toEqual([]);
    // Filters apply before the page is cut.
    const missingPage = ok(await h.get('officer', '/api/weekly-reports?week=2026-11-30&flag=missing&pageSize=10&page=2'));
    expect(missingPage).toMatchObject({ total: 15 });
    expect(missingPage.items).toHaveLength(5);
    ok(await h.get('officer', '/api/weekly-reports?pageSize=0'), 400);
    ok(await h.get('officer', '/api/weekly-reports?page=abc'), 400);
  });

  it('sends a report back with a reason; the village refiles and keeps its on-time flag', async () => {
    // Thursday 10 Dec 2026 (week of 7 Dec): filed on time.
    h.at('2026-12-10T02:00:00.000Z');
    const draft = ok(await h.start('secretary', '2026-12-07', dm), 201);
    await h.send('secretary', 'PATCH', `/api/weekly-reports/${draft.id}`, { version: 1, progress: '完成 1 项' });
    const filed = ok(await h.send('secretary', 'POST', `/api/weekly-reports/${draft.id}/submit`, { version: 2 }));

    // A reason is required; the village cannot send back its own report.
    ok(await h.send('liangtian', 'POST', `/api/weekly-reports/${draft.id}/return`, { version: filed.version, reason: '  ' }), 400);
    ok(await h.send('liangtian', 'POST', `/api/weekly-reports/${draft.id}/return`, { version: filed.version }), 400);
    ok(await h.send('secretary', 'POST', `/api/weekly-reports/${draft.id}/return`, { version: filed.version, reason: '退回' }), 403);
    // The liaison group covering 大闵村 reviews it too, but files only in liaison-group mode.
    expect(ok(await h.get('liaison', `/api/weekly-reports/${draft.id}`)).allowedActions).toEqual(['return', 'comment']);

    const returned = ok(
      await h.send('liangtian', 'POST', `/api/weekly-reports/${draft.id}/return`, {
        version: filed.version,
        reason: '进展过于简略，请补充具体事项',
      }),
    );
    expect(returned.status).toBe('returned');
    expect(returned.comments).toEqual([
      expect.objectContaining({ kind: 'return', text: '进展过于简略，请补充具体事项', authorName: '孙立新' }),
    ]);
    // Returning twice is a wrong transition.
    ok(await h.send('liangtian', 'POST', `/api/weekly-reports/${draft.id}/return`, { version: returned.version, reason: '再退' }), 422);

    const mine = ok(await h.get('secretary', `/api/weekly-reports/${draft.id}`));
    expect(mine.allowedActions).toEqual(['edit', 'submit']);
    expect(mine.flag).toBe('on_time');

    // Refiled on Saturday, after the due time: the first filing was on time, so it stays on time.
    h.at('2026-12-12T02:00:00.000Z');
    const fixed = ok(
      await h.send('secretary', 'PATCH', `/api/weekly-reports/${draft.id}`, {
        version: mine.version,
        progress: '完成制度上墙 1 项，照片已上传',
      }),
    );
    const refiled = ok(await h.send('secretary', 'POST', `/api/weekly-reports/${draft.id}/submit`, { version: fixed.version }));
    expect(refiled).toMatchObject({ status: 'submitted', isLate: false, flag: 'on_time', submittedAt: filed.submittedAt });
    const events = await h.t.db.kysely
      .selectFrom('audit_events')
      .select(['type', 'organization_id', 'entity_type'])
      .where('entity_id', '=', draft.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'weekly_report.saved',
      'weekly_report.saved',
      'weekly_report.submitted',
      'weekly_report.returned',
      'weekly_report.saved',
      'weekly_report.submitted',
    ]);
    expect(events.every((e) => e.organization_id === dm && e.entity_type === 'weekly_report')).toBe(true);
  });

  it('takes comments from reviewers once filed', async () => {
    h.at('2026-12-15T02:00:00.000Z');
    const draft = ok(await h.start('secretary', '2026-12-14', dm), 201);
    ok(await h.send('officer', 'POST', `/api/weekly-reports/${draft.id}/comments`, { text: '请尽快填报' }), 422);
    await h.send('secretary', 'PATCH', `/api/weekly-reports/${draft.id}`, { version: 1, progress: '完成 2 项' });
    await h.send('secretary', 'POST', `/api/weekly-reports/${draft.id}/submit`, { version: 2 });
    ok(await h.send('viewer', 'POST', `/api/weekly-reports/${draft.id}/comments`, { text: '好' }), 403);
    ok(await h.send('secretary', 'POST', `/api/weekly-reports/${draft.id}/comments`, { text: '好' }), 403);
    ok(await h.send('officer', 'POST', `/api/weekly-reports/${draft.id}/comments`, { text: '' }), 400);
    const commented = ok(await h.send('officer', 'POST', `/api/weekly-reports/${draft.id}/comments`, { text: '进展扎实，继续保持' }));
    expect(commented.comments).toEqual([expect.objectContaining({ kind: 'comment', text: '进展扎实，继续保持', authorName: '赵明远' })]);
    expect(commented.status).toBe('submitted');
    // The village reads the comment.
    expect(ok(await h.get('secretary', `/api/weekly-reports/${draft.id}`)).comments[0].text).toBe('进展扎实，继续保持');
  });

  it('keeps each report within its readers: another village gets 404, a viewer may read but not file', async () => {
    h.at('2026-12-15T03:00:00.000Z');
    const report = ok(await h.start('secretary', '2026-12-14', dm)); // exists already → 200
    const denied = ok(await h.get('zhangdong', `/api/weekly-reports/${report.id}`), 404);
    expect(denied.error.code).toBe('NOT_FOUND');
    ok(await h.start('zhangdong', '2026-12-14', dm), 404);
    ok(await h.send('zhangdong', 'POST', `/api/weekly-reports/${report.id}/comments`, { text: '看看' }), 404);
    expect(ok(await h.get('zhangdong', '/api/weekly-reports')).items.map((i: Json) => i.unit.name)).toEqual(['张东村']);
    ok(await h.get('zhangdong', `/api/weekly-reports?organizationId=${dm}`), 404);

    ok(await h.get('viewer', `/api/weekly-reports/${report.id}`));
    const zd = await h.t.orgId('张东村');
    const forbidden = ok(await h.start('viewer', '2026-12-14', zd), 403);
    expect(forbidden.error.code).toBe('FORBIDDEN');
    ok(await h.start('officer', '2026-12-14', zd), 403);
    // A liaison member files only in liaison-group mode.
    ok(await h.start('liaison', '2026-12-14', await h.t.orgId('良田村')), 403);
    const viewerList = ok(await h.get('viewer', '/api/weekly-reports'));
    expect(viewerList.items).toHaveLength(16);
    expect(viewerList.items.every((i: Json) => i.allowedActions.length === 0)).toBe(true);
  });

  it('refuses a stale version with 409, a future week and bad input with 400', async () => {
    h.at('2026-12-16T02:00:00.000Z');
    const draft = ok(await h.start('secretary', '2026-12-07', await h.t.orgId('大闵村'))); // the returned-then-refiled one
    expect(draft.status).toBe('submitted');
    const fresh = ok(await h.start('admin', '2026-12-14', await h.t.orgId('良田村')), 201);
    ok(await h.send('admin', 'PATCH', `/api/weekly-reports/${fresh.id}`, { version: 1, progress: '一' }));
    const stale = ok(await h.send('admin', 'PATCH', `/api/weekly-reports/${fresh.id}`, { version: 1, progress: '二' }), 409);
    expect(stale.error.code).toBe('CONFLICT');
    ok(await h.send('admin', 'POST', `/api/weekly-reports/${fresh.id}/submit`, { version: 1 }), 409);

    const future = ok(await h.start('secretary', '2026-12-21', dm), 400);
    expect(future.error.code).toBe('VALIDATION_FAILED');
    ok(await h.get('officer', '/api/weekly-reports?week=2026-12-21'), 400);

    const bad: Array<[string, string, object]> = [
      ['POST', '/api/weekly-reports', { week: '2026-12-15', unitType: 'organization', unitId: dm }], // a Tuesday
      ['POST', '/api/weekly-reports', { week: '2026-02-30', unitType: 'organization', unitId: dm }],
      ['POST', '/api/weekly-reports', { week: '2026-12-14', unitType: 'village', unitId: dm }],
      ['POST', '/api/weekly-reports', { week: '2026-12-14', unitType: 'organization', unitId: 'x' }],
      ['POST', '/api/weekly-reports', { week: '2026-12-14', unitType: 'liaison_group', unitId: dm }], // wrong mode
      ['POST', '/api/weekly-reports', { week: '2026-12-14', unitType: 'organization', unitId: await h.t.orgId('良田街道') }],
      ['PATCH', `/api/weekly-reports/${fresh.id}`, { version: 2, progress: '字'.repeat(2001) }],
      ['PATCH', `/api/weekly-reports/${fresh.id}`, { version: 2, progress: 'a\u0000b' }],
      ['PATCH', `/api/weekly-reports/${fresh.id}`, { progress: '无版本' }],
      ['PATCH', `/api/weekly-reports/${fresh.id}`, { version: 'x' }],
      ['POST', `/api/weekly-reports/${fresh.id}/submit`, {}],
      ['POST', `/api/weekly-reports/${fresh.id}/return`, { version: 2, reason: 'x'.repeat(2001) }],
      ['POST', `/api/weekly-reports/${fresh.id}/comments`, { text: 12 }],
      ['POST', '/api/weekly-reports/not-a-uuid/submit', { version: 1 }],
    ];
    for (const [method, url, payload] of bad) {
      const res = await h.send('admin', method as 'POST', url, payload);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload).slice(0, 80)}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    for (const q of ['week=2026-12-15', 'week=yesterday', 'status=done', 'flag=red', 'organizationId=1']) {
      const res = await h.get('officer', `/api/weekly-reports?${q}`);
      expect(res.statusCode, q).toBe(400);
    }
    ok(await h.get('officer', '/api/weekly-reports/0190a1b2-0000-7000-8000-000000000000'), 404);
    // Multi-line text is fine.
    ok(await h.send('admin', 'PATCH', `/api/weekly-reports/${fresh.id}`, { version: 2, progress: '一、完成\n二、推进\t中' }));
  });
});

describe('weekly reports, one per liaison group (rules changed)', () => {
  const h = harness();
  let groupId: string;
  beforeAll(async () => {
    h.t = await createTestApp();
    h.at('2026-11-27T02:00:00.000Z');
    const current = ok(await h.get('admin', '/api/settings/cadence'));
    ok(
      await h.send('admin', 'PUT', '/api/settings/cadence', {
        version: current.version,
        rules: { ...current.rules, reports: { ...current.rules.reports, unit: 'liaison_group' } },
      }),
    );
    const g = await h.t.db.kysely.selectFrom('liaison_groups').select('id').where('name', '=', '第一包联组').executeTakeFirstOrThrow();
    groupId = g.id;
  });
  afterAll(() => h.t.close());

  it('lets the group’s members file with the sum of its villages’ figures, and the district review it', async () => {
    const admin = await h.as('admin');
    await makeProblem(h.t, admin, '大闵村');
    await makeProblem(h.t, admin, '良田村');
    await problemIn(h.t, admin, '上庄村', 'submitted');
    await makeProblem(h.t, admin, '张东村'); // 第三包联组
    h.t.clock.advance(60_000);

    const mine = ok(await h.get('liaison', '/api/weekly-reports'));
    expect(mine.unitType).toBe('liaison_group');
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ unit: { type: 'liaison_group', id: groupId, name: '第一包联组' }, allowedActions: ['start'] });
    expect([...mine.items[0].unit.pathNames].sort()).toEqual(['上庄村', '大闵村', '安家村', '良田村'].sort());
    expect(ok(await h.get('officer', '/api/weekly-reports')).items.map((i: Json) => i.unit.name)).toEqual([
      '第一包联组',
      '第二包联组',
      '第三包联组',
      '第四包联组',
    ]);
    // Villages file nothing in this mode and see no group's report.
    expect(ok(await h.get('secretary', '/api/weekly-reports')).items).toEqual([]);
    ok(await h.start('secretary', '2026-11-23', await h.t.orgId('大闵村')), 400);

    const draft = ok(await h.start('liaison', '2026-11-23', groupId, 'liaison_group'), 201);
    expect(draft.figures).toMatchObject({ total: 3, open: 2, submitted: 1, newCount: 3 });
    ok(await h.get('secretary', `/api/weekly-reports/${draft.id}`), 404);
    ok(await h.get('lg2-party', `/api/weekly-reports/${draft.id}`), 404);
    ok(await h.start('lg2-party', '2026-11-23', groupId, 'liaison_group'), 404);
    ok(await h.get('viewer', `/api/weekly-reports/${draft.id}`));

    await h.send('liaison', 'PATCH', `/api/weekly-reports/${draft.id}`, { version: 1, progress: '验收 1 项' });
    const filed = ok(await h.send('lg1-dept', 'POST', `/api/weekly-reports/${draft.id}/submit`, { version: 2 }));
    expect(filed).toMatchObject({ status: 'submitted', flag: 'on_time', submittedByName: '李静', allowedActions: [] });
    // The district reviews a group's report; a subdistrict officer does not see it.
    ok(await h.get('liangtian', `/api/weekly-reports/${draft.id}`), 404);
    const returned = ok(
      await h.send('officer', 'POST', `/api/weekly-reports/${draft.id}/return`, { version: 3, reason: '请补充验收情况' }),
    );
    expect(returned.status).toBe('returned');
    const ev = await h.t.db.kysely
      .selectFrom('audit_events')
      .select(['organization_id'])
      .where('entity_id', '=', draft.id)
      .where('type', '=', 'weekly_report.returned')
      .executeTakeFirstOrThrow();
    expect(ev.organization_id).toBeNull();
    // Refresh picks up the ledger as it is now.
    await makeProblem(h.t, admin, '安家村');
    h.t.clock.advance(60_000);
    const refreshed = ok(await h.send('liaison', 'PATCH', `/api/weekly-reports/${draft.id}`, { version: 4, refreshFigures: true }));
    expect(refreshed.figures.total).toBe(4);
  });
});
