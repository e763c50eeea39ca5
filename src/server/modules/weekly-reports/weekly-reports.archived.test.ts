import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklyReportDetail } from '../../../domain/contracts/weekly-reports.ts';
import { countAuditEvents, type Headers, makeOrg } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { archiveOrganization } from '../reviews/reviews.test-support.ts';

/**
 * An archived (撤销) village's weekly reports are kept as they were: read by their readers, offered to nobody, and
 * none started, saved, filed, sent back or commented on (409, nothing written), once the writer has been told
 * whether it may see or write there at all. The test clock starts on Friday 2026-11-27 (the week of 23 Nov).
 */
let t: TestApp;
let admin: Headers;
let viewer: Headers;
let zhangdong: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  viewer = await t.login('viewer');
  zhangdong = await t.login('zhangdong');
});
afterAll(() => t.close());

function call(headers: Headers, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  t.clock.advance(1000);
  return t.app.inject({ method, url, headers, payload });
}

function ok(res: LightMyRequestResponse, status = 200): WeeklyReportDetail {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<WeeklyReportDetail>();
}

describe("an archived village's weekly reports", () => {
  it('are read only: no action offered, every write 409 with nothing written', async () => {
    const village = await makeOrg(t, admin, '良田街道');
    const start = (by: Headers, week: string) =>
      call(by, 'POST', '/api/weekly-reports', { week, unitType: 'organization', unitId: village.id });
    const started = ok(await start(admin, '2026-11-16'), 201);
    const saved = ok(await call(admin, 'PATCH', `/api/weekly-reports/${started.id}`, { version: started.version, progress: '已开展自查' }));
    const filed = ok(await call(admin, 'POST', `/api/weekly-reports/${started.id}/submit`, { version: saved.version }));
    const draft = ok(await start(admin, '2026-11-23'), 201);
    await archiveOrganization(t, admin, village.id);

    for (const id of [filed.id, draft.id]) {
      const report = ok(await call(admin, 'GET', `/api/weekly-reports/${id}`));
      expect(report).toMatchObject({ unit: { id: village.id, name: village.name }, allowedActions: [] });
    }
    // Starting a week already started answers its report, writing nothing, as it always has.
    expect(ok(await start(admin, '2026-11-23'))).toMatchObject({ id: draft.id, allowedActions: [] });

    // Who may not see the village, or not write there, is answered as before.
    const edit = { version: draft.version, progress: '补充进展' };
    expect((await call(zhangdong, 'PATCH', `/api/weekly-reports/${draft.id}`, edit)).statusCode).toBe(404);
    expect((await call(viewer, 'PATCH', `/api/weekly-reports/${draft.id}`, edit)).statusCode).toBe(403);
    expect((await call(viewer, 'POST', `/api/weekly-reports/${filed.id}/comments`, { text: '请补充' })).statusCode).toBe(403);
    expect((await start(viewer, '2026-11-09')).statusCode).toBe(403);

    const audited = await countAuditEvents(t.db);
    const writes = [
      await start(admin, '2026-11-09'),
      await call(admin, 'PATCH', `/api/weekly-reports/${draft.id}`, edit),
      await call(admin, 'POST', `/api/weekly-reports/${draft.id}/submit`, { version: draft.version }),
      await call(admin, 'POST', `/api/weekly-reports/${filed.id}/return`, { version: filed.version, reason: '请补充' }),
      await call(admin, 'POST', `/api/weekly-reports/${filed.id}/comments`, { text: '请补充' }),
    ];
    for (const res of writes) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'CONFLICT' });
      expect(res.json().error.message).toContain(`“${village.name}”已撤销（归档）`);
    }
    expect(await countAuditEvents(t.db)).toBe(audited);
    expect(ok(await call(admin, 'GET', `/api/weekly-reports/${filed.id}`))).toMatchObject({
      status: 'submitted',
      version: filed.version,
      comments: [],
    });
  });

  it('are listed, read only, for the weeks that ended before the archive, and not for the running week', async () => {
    const village = await makeOrg(t, admin, '良田街道');
    const started = ok(
      await call(admin, 'POST', '/api/weekly-reports', { week: '2026-11-16', unitType: 'organization', unitId: village.id }),
      201,
    );
    const saved = ok(await call(admin, 'PATCH', `/api/weekly-reports/${started.id}`, { version: started.version, progress: '已开展自查' }));
    ok(await call(admin, 'POST', `/api/weekly-reports/${started.id}/submit`, { version: saved.version }));
    await archiveOrganization(t, admin, village.id);
    const subdistrict = await t.orgId('良田街道');
    const rowOf = async (week: string) =>
      (await call(admin, 'GET', `/api/weekly-reports?week=${week}&organizationId=${subdistrict}&pageSize=200`))
        .json<{ items: Array<{ unit: { id: string }; status: string; allowedActions: string[] }> }>()
        .items.find((i) => i.unit.id === village.id);
    // The week of 16 November ended before the archive: the village is listed with its filed report, read only.
    // Before: it was left out, while that week's figures count it.
    expect(await rowOf('2026-11-16')).toMatchObject({ status: 'submitted', allowedActions: [] });
    // The running week: it has left.
    expect(await rowOf('2026-11-23')).toBeUndefined();
  });
});
