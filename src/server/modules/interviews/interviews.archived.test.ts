import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Interview, InterviewList } from '../../../domain/contracts/interviews.ts';
import { countAuditEvents, type Headers, makeOrg } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { archiveOrganization } from '../reviews/reviews.test-support.ts';

/**
 * An archived (撤销) village's interviews are kept as they were: read by its readers, offered to nobody, and none
 * scheduled, rescheduled, recorded, closed or cancelled (409, nothing written), once the writer has been told whether
 * it may see or write there at all.
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

const schedule = (organizationId: string) => ({
  organizationId,
  scheduledAt: '2026-12-03T09:30:00+08:00',
  location: '区委组织部三楼会议室',
  interviewer: '区党群工作部 王部长',
  attendees: '村党支部书记、村委会主任',
  notice: '请于 12 月 3 日上午到会，汇报问题整改进展。',
});

async function ok(res: Awaited<ReturnType<typeof call>>, status = 200): Promise<Interview> {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<Interview>();
}

describe("an archived village's interviews", () => {
  it('are read only: no action offered, every write 409 with nothing written', async () => {
    const village = await makeOrg(t, admin, '良田街道');
    const scheduled = await ok(await call(admin, 'POST', '/api/interviews', schedule(village.id)), 201);
    const other = await ok(await call(admin, 'POST', '/api/interviews', schedule(village.id)), 201);
    const held = await ok(
      await call(admin, 'POST', `/api/interviews/${other.id}/record`, {
        version: other.version,
        talkingPoints: '通报问题整改进展',
        commitments: '月底前整改到位',
        commitmentDueOn: '2026-12-31',
      }),
    );
    await archiveOrganization(t, admin, village.id);

    for (const id of [scheduled.id, held.id]) {
      const iv = await ok(await call(admin, 'GET', `/api/interviews/${id}`));
      expect(iv).toMatchObject({ organizationName: village.name, allowedActions: [] });
    }
    const list = (await call(admin, 'GET', `/api/interviews?organizationId=${village.id}`)).json<InterviewList>();
    expect(list.items.map((i) => i.allowedActions)).toEqual([[], []]);

    // Who may not see the village, or not write there, is answered as before.
    const move = { version: scheduled.version, location: '街道办会议室' };
    expect((await call(zhangdong, 'PATCH', `/api/interviews/${scheduled.id}`, move)).statusCode).toBe(404);
    expect((await call(viewer, 'PATCH', `/api/interviews/${scheduled.id}`, move)).statusCode).toBe(403);
    expect((await call(viewer, 'POST', '/api/interviews', schedule(village.id))).statusCode).toBe(403);

    const audited = await countAuditEvents(t.db);
    const writes = [
      await call(admin, 'POST', '/api/interviews', schedule(village.id)),
      await call(admin, 'PATCH', `/api/interviews/${scheduled.id}`, move),
      await call(admin, 'POST', `/api/interviews/${scheduled.id}/record`, {
        version: scheduled.version,
        talkingPoints: '通报问题整改进展',
        commitments: '月底前整改到位',
        commitmentDueOn: '2026-12-31',
      }),
      await call(admin, 'POST', `/api/interviews/${scheduled.id}/cancel`, { version: scheduled.version, reason: '不需要' }),
      await call(admin, 'POST', `/api/interviews/${held.id}/close`, { version: held.version, followUp: '已整改到位' }),
    ];
    for (const res of writes) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'CONFLICT' });
      expect(res.json().error.message).toContain(`“${village.name}”已撤销（归档）`);
    }
    expect(await countAuditEvents(t.db)).toBe(audited);
    expect((await call(admin, 'GET', `/api/interviews?organizationId=${village.id}`)).json<InterviewList>().total).toBe(2);
    expect(await ok(await call(admin, 'GET', `/api/interviews/${scheduled.id}`))).toMatchObject({
      status: 'scheduled',
      version: scheduled.version,
      location: scheduled.location,
    });
  });
});
