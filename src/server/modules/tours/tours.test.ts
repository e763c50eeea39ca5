import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartyMember } from '../../../domain/contracts/members.ts';
import type { Tour, TourList } from '../../../domain/contracts/tours.ts';
import { countAuditEvents } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** 观摩学习 over HTTP: the district organizes, participants come from the register, the user list or by name; each village records its take-aways. */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(() => t.close());

const call = async <T>(who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
  const r = await t.app.inject({ method, url, headers: await t.login(who), payload: payload as object });
  return { status: r.statusCode, body: r.json<T>(), raw: r.body };
};
const TOUR = {
  title: '赴华州区大明镇观摩学习',
  tourDate: '2026-04-08',
  destination: '华州区大明镇',
  purpose: '学习基层组织规范化建设经验',
  invitedRoles: ['subdistrict_secretary', 'village_secretary', 'graduate_official'],
};

describe('study tours', () => {
  it('are organized by the district, not by a village; everyone in the district reads them', async () => {
    expect((await call('secretary', 'POST', '/api/study-tours', TOUR)).status).toBe(403);
    expect((await call('viewer', 'POST', '/api/study-tours', TOUR)).status).toBe(403);
    const before = await countAuditEvents(t.db, 'tour.created');
    const made = await call<Tour>('officer', 'POST', '/api/study-tours', TOUR);
    expect(made.status, made.raw).toBe(201);
    expect(made.body).toMatchObject({ organizationName: '渭南高新区', participantCount: 0, allowedActions: ['edit', 'participants'] });
    expect(await countAuditEvents(t.db, 'tour.created')).toBe(before + 1);
    const list = await call<TourList>('secretary', 'GET', '/api/study-tours');
    expect(list.body.items.map((i) => i.id)).toContain(made.body.id);
    expect(list.body.canCreate).toBe(false);
    const seen = await call<Tour>('secretary', 'GET', `/api/study-tours/${made.body.id}`);
    expect(seen.body.allowedActions).toEqual([]);
  });

  it('registers participants from the register, the users and by name, and takes the village’s take-aways (own village only)', async () => {
    const tour = (await call<Tour>('officer', 'POST', '/api/study-tours', TOUR)).body;
    const member = await call<PartyMember>('secretary', 'POST', '/api/party-members', {
      organizationId: await t.orgId('大闵村党支部'),
      name: '观摩甲',
      gender: 'male',
    });
    const added = await call<Tour>('officer', 'POST', `/api/study-tours/${tour.id}/participants`, {
      participants: [
        { role: 'organization_member', memberId: member.body.id },
        { role: 'village_secretary', userId: await t.userId('secretary'), organizationId: await t.orgId('大闵村') },
        { role: 'graduate_official', name: '观摩乙', organizationId: await t.orgId('张东村') },
      ],
    });
    expect(added.status, added.raw).toBe(200);
    expect(added.body.participantCount).toBe(3);
    expect(added.body.participants.map((p) => p.name).sort()).toEqual(['观摩乙', '观摩甲', '陈晓梅'].sort());
    expect(
      (await call('secretary', 'POST', `/api/study-tours/${tour.id}/participants`, { participants: [{ role: 'other', name: 'x' }] }))
        .status,
    ).toBe(400);
    expect(
      (
        await call('secretary', 'POST', `/api/study-tours/${tour.id}/participants`, {
          participants: [{ role: 'graduate_official', name: '某', organizationId: await t.orgId('大闵村') }],
        })
      ).status,
    ).toBe(403);

    const damin = await t.orgId('大闵村');
    const take = await call<Tour>('secretary', 'PUT', `/api/study-tours/${tour.id}/takeaways/${damin}`, {
      version: 0,
      text: '学习大明镇“党建+产业”做法，建立党员积分制',
    });
    expect(take.status, take.raw).toBe(200);
    expect(take.body.takeaways.find((k) => k.organizationId === damin)).toMatchObject({ version: 1, recordedByName: '陈晓梅' });
    expect((await call('secretary', 'PUT', `/api/study-tours/${tour.id}/takeaways/${damin}`, { version: 0, text: '重复' })).status).toBe(
      409,
    );
    expect((await call('zhangdong', 'PUT', `/api/study-tours/${tour.id}/takeaways/${damin}`, { version: 1, text: '越权' })).status).toBe(
      404,
    );
    expect((await call('officer', 'PUT', `/api/study-tours/${tour.id}/takeaways/${damin}`, { version: 1, text: '代填' })).status).toBe(403);

    // An account is listed under a unit it holds a role in: another village's secretary is not 大闵村's participant.
    const foreign = await call<Tour>('officer', 'POST', `/api/study-tours/${tour.id}/participants`, {
      participants: [{ role: 'village_secretary', userId: await t.userId('zhangdong'), organizationId: await t.orgId('大闵村') }],
    });
    expect(foreign.status, foreign.raw).toBe(400);
    expect(foreign.raw).toContain('participants.0.userId');

    const p = added.body.participants.find((x) => x.name === '观摩乙')!;
    const removed = await call<Tour>('officer', 'DELETE', `/api/study-tours/${tour.id}/participants/${p.id}`);
    expect(removed.status, removed.raw).toBe(200);
    expect(removed.body.participantCount).toBe(2);
  });
  it('takes no participant from an archived (撤销) unit, offers no take-away there, and an archived unit organizes none', async () => {
    const admin = await t.login('admin');
    // A village of its own (with its branch) under 良田街道, archived: the branch first, then the village.
    const make = async (parentId: string, kind: string, name: string) => {
      const r = await t.app.inject({ method: 'POST', url: '/api/organizations', headers: admin, payload: { parentId, kind, name } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json<{ id: string; version: number }>();
    };
    const village = await make(await t.orgId('良田街道'), 'village', '观摩撤销村');
    const branch = await make(village.id, 'branch', '观摩撤销村党支部');
    const tour = (await call<Tour>('officer', 'POST', '/api/study-tours', TOUR)).body;
    const before = await call<Tour>('officer', 'POST', `/api/study-tours/${tour.id}/participants`, {
      participants: [{ role: 'graduate_official', name: '撤销前', organizationId: village.id }],
    });
    expect(before.status, before.raw).toBe(200);
    for (const o of [branch, village]) {
      const cur = (await t.app.inject({ method: 'GET', url: `/api/organizations/${o.id}`, headers: admin })).json<{ version: number }>();
      const r = await t.app.inject({
        method: 'PATCH',
        url: `/api/organizations/${o.id}`,
        headers: admin,
        payload: { version: cur.version, archived: true },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    for (const organizationId of [village.id, branch.id]) {
      const added = await call<Tour>('officer', 'POST', `/api/study-tours/${tour.id}/participants`, {
        participants: [{ role: 'graduate_official', name: '撤销后', organizationId }],
      });
      expect(added.status, added.raw).toBe(409);
      expect(added.raw).toContain('已撤销（归档）');
    }
    // Nor is one taken off: the archived unit's participant stays as recorded.
    const kept = before.body.participants.find((x) => x.name === '撤销前')!;
    const removed = await call<Tour>('officer', 'DELETE', `/api/study-tours/${tour.id}/participants/${kept.id}`);
    expect(removed.status, removed.raw).toBe(409);
    expect(removed.raw).toContain('已撤销（归档）');
    expect((await call<Tour>('officer', 'GET', `/api/study-tours/${tour.id}`)).body.participants.map((x) => x.name)).toContain('撤销前');
    const seen = await call<Tour>('admin', 'GET', `/api/study-tours/${tour.id}`);
    const row = seen.body.takeaways.find((k) => k.organizationId === village.id);
    expect(row?.canEdit).toBe(false);
    const organized = await call('admin', 'POST', '/api/study-tours', { ...TOUR, organizationId: village.id });
    expect(organized.status, organized.raw).toBe(409);
  });
});
