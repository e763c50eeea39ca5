import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents, loginAs, makeOrg, makeUser, uniqueName, type Headers } from '../../testing/factories.ts';
import { makeProblem, PNG_1x1, uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

interface Event {
  id: string;
  at: string;
  type: string;
  actorId: string | null;
  actorName: string | null;
  organizationId: string | null;
  organizationName: string | null;
  entityType: string;
  entityId: string | null;
  entityLabel: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
}

async function audit(query: string, headers: Headers = admin): Promise<{ items: Event[]; total: number; page: number; pageSize: number }> {
  const res = await t.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const rename = (headers: Headers, id: string, version: number, name: string) =>
  t.app.inject({ method: 'PATCH', url: `/api/organizations/${id}`, headers, payload: { version, name } });

/** A fresh district admin, so that filtering by actor sees only this test's events. */
async function freshAdmin() {
  const u = await makeUser(t, admin, [{ role: 'district_admin', org: '渭南高新区' }]);
  return { ...u, headers: await loginAs(t, u.username, u.password) };
}

describe('audit filters', () => {
  it('filters by actor, and tells who acted by name', async () => {
    const actor = await freshAdmin();
    const org = await makeOrg(t, actor.headers, '白杨街道');
    await rename(actor.headers, org.id, org.version, `${org.name}改`);
    const res = await audit(`actorId=${actor.id}`);
    expect(res.items.map((e) => e.type)).toEqual(['organization.updated', 'organization.created', 'session.created']);
    expect(new Set(res.items.map((e) => e.actorName))).toEqual(new Set([`测试${actor.username}`]));
    expect(res.total).toBe(3);
  });

  it('filters by organization including its whole subtree', async () => {
    const actor = await freshAdmin();
    const village = await makeOrg(t, actor.headers, '白杨街道');
    const branch = await makeOrg(t, actor.headers, village.id, 'branch', `${village.name}党支部`);
    await rename(actor.headers, branch.id, branch.version, `${branch.name}（改）`);

    const underVillage = await audit(`organizationId=${village.id}&actorId=${actor.id}`);
    expect(underVillage.items.map((e) => [e.type, e.entityId])).toEqual([
      ['organization.updated', branch.id],
      ['organization.created', branch.id],
      ['organization.created', village.id],
    ]);
    const underBranch = await audit(`organizationId=${branch.id}`);
    expect(underBranch.items.map((e) => e.type)).toEqual(['organization.updated', 'organization.created']);
    expect(underBranch.items[0]!.organizationName).toBe(`${branch.name}（改）`);
    // 白杨街道's subtree holds them; 良田街道's does not.
    expect((await audit(`organizationId=${await t.orgId('白杨街道')}&actorId=${actor.id}`)).total).toBe(3);
    expect((await audit(`organizationId=${await t.orgId('良田街道')}&actorId=${actor.id}`)).total).toBe(0);
  });

  it('filters by entity type and event type', async () => {
    const actor = await freshAdmin();
    await makeOrg(t, actor.headers, '白杨街道');
    const sessions = await audit(`entityType=session&actorId=${actor.id}`);
    expect(sessions.items.map((e) => e.type)).toEqual(['session.created']);
    const orgs = await audit(`entityType=organization&actorId=${actor.id}`);
    expect(orgs.items.map((e) => e.type)).toEqual(['organization.created']);
    expect((await audit(`type=organization.created&actorId=${actor.id}`)).total).toBe(1);
    expect((await audit(`type=organization.archived&actorId=${actor.id}`)).total).toBe(0);
  });

  it('names a problem by its code (a UUIDv7’s first block is its time, the same for records made together)', async () => {
    const problem = await makeProblem(t, admin, '大闵村', { description: '审计日志里的问题' });
    const events = await audit(`entityType=problem&entityId=${problem.id}`);
    expect(events.items.length).toBeGreaterThan(0);
    expect(events.items.every((e) => e.entityLabel === problem.code)).toBe(true);
    const orgs = await audit('entityType=organization&pageSize=1');
    expect(orgs.items[0]!.entityLabel).toBeNull();
  });

  it('names a measure by its words (cut at 24 characters) and a file by its name, not by the end of an id', async () => {
    const problem = await makeProblem(t, admin, '大闵村', { description: '审计日志里的措施' });
    const words = '统一更新宣传栏和制度牌，并在村务公开栏公布整改结果，接受群众监督';
    const measure = await t.app.inject({
      method: 'POST',
      url: '/api/measures',
      headers: admin,
      payload: { organizationId: await t.orgId('大闵村'), description: words, problemIds: [problem.id] },
    });
    expect(measure.statusCode, measure.body).toBe(201);
    const up = await uploadEvidence(t, admin, { problemId: problem.id }, { name: '宣传栏整改后.png', bytes: PNG_1x1 });
    expect(up.statusCode, up.body).toBe(201);

    const measures = await audit(`entityType=measure&entityId=${measure.json().id}`);
    expect(measures.items.map((e) => e.entityLabel)).toEqual([`${[...words].slice(0, 24).join('')}…`]);
    const files = await audit(`entityType=evidence&entityId=${up.json().id}`);
    expect(files.items.map((e) => e.entityLabel)).toEqual(['宣传栏整改后.png']);
  });

  it('filters by calendar dates in Asia/Shanghai: 16:30 UTC on 27 November is 28 November', async () => {
    const org = await makeOrg(t, admin, '白杨街道');
    t.clock.current = new Date('2026-11-27T15:59:00.000Z');
    const h = await t.login('admin');
    expect((await rename(h, org.id, org.version, `${org.name}-1`)).statusCode).toBe(200);
    t.clock.current = new Date('2026-11-27T16:30:00.000Z');
    const late = await rename(h, org.id, org.version + 1, `${org.name}-2`);
    expect(late.statusCode).toBe(200);

    const on27 = await audit(`entityId=${org.id}&type=organization.updated&from=2026-11-27&to=2026-11-27`, h);
    expect(on27.items.map((e) => e.at)).toEqual(['2026-11-27T15:59:00.000Z']);
    const on28 = await audit(`entityId=${org.id}&type=organization.updated&from=2026-11-28&to=2026-11-28`, h);
    expect(on28.items.map((e) => e.at)).toEqual(['2026-11-27T16:30:00.000Z']);
    expect((await audit(`entityId=${org.id}&type=organization.updated&from=2026-11-28`, h)).total).toBe(1);
    expect((await audit(`entityId=${org.id}&type=organization.updated&to=2026-11-27`, h)).total).toBe(1);
    expect((await audit(`entityId=${org.id}&type=organization.updated&from=2026-11-27&to=2026-11-28`, h)).total).toBe(2);
    expect((await audit(`entityId=${org.id}&type=organization.updated&from=2026-11-29`, h)).total).toBe(0);
    admin = h;
  });

  it('refuses impossible dates with 400', async () => {
    for (const d of ['2026-13-45', '2026-02-30', '28/11/2026', '2026-11-28T00:00:00Z']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/audit?from=${encodeURIComponent(d)}`, headers: admin });
      expect(res.statusCode, d).toBe(400);
      expect(res.json().error.details.fields[0]).toMatchObject({ in: 'query', path: 'from' });
    }
  });

  it('pages newest first with a total, without gaps or repeats', async () => {
    const org = await makeOrg(t, admin, '白杨街道');
    for (let v = 1; v <= 4; v++) {
      t.clock.advance(1000);
      expect((await rename(admin, org.id, v, `${org.name}-${v}`)).statusCode).toBe(200);
    }
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(await audit(`entityId=${org.id}&pageSize=2&page=${page}`));
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    const all = pages.flatMap((p) => p.items);
    expect(new Set(all.map((e) => e.id)).size).toBe(5);
    expect(all.map((e) => e.type)).toEqual([
      'organization.updated',
      'organization.updated',
      'organization.updated',
      'organization.updated',
      'organization.created',
    ]);
    expect([...all.map((e) => e.at)].sort().reverse()).toEqual(all.map((e) => e.at));
    expect((await audit(`entityId=${org.id}&pageSize=2&page=4`)).items).toEqual([]);
  });
});

describe('who may read the audit log', () => {
  it('refuses every non-admin role with 403 and anonymous with 401', async () => {
    for (const who of ['officer', 'liangtian', 'secretary', 'zhangdong', 'viewer']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/audit', headers: await t.login(who) });
      expect(res.statusCode, who).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
  });

  it('shows a subdistrict-scoped admin only the events of its subtree', async () => {
    const lt = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
    const h = await loginAs(t, lt.username, lt.password);
    const inside = await makeOrg(t, admin, '良田街道');
    const outside = await makeOrg(t, admin, '白杨街道');
    const seen = await audit('pageSize=200', h);
    const ids = seen.items.map((e) => e.entityId);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    // Sign-ins and system events carry no organization: for whole-district readers only.
    expect(seen.items.filter((e) => e.organizationId === null)).toEqual([]);
    // Asking for an organization outside the scope finds nothing rather than revealing it.
    expect((await audit(`organizationId=${outside.id}`, h)).total).toBe(0);
  });

  it("files user edits and password resets under the user's organization, so a scoped admin sees them", async () => {
    const lt = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
    const h = await loginAs(t, lt.username, lt.password);
    const mine = await makeUser(t, h, [{ role: 'village_secretary', org: '麻李村' }]);
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${mine.id}`,
      headers: h,
      payload: { version: mine.version, displayName: '改名' },
    });
    expect(edited.statusCode).toBe(200);
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/users/${mine.id}/password-reset`,
      headers: h,
      payload: { version: edited.json().version, newPassword: 'another-long-pass' },
    });
    expect(reset.statusCode).toBe(204);
    const types = (await audit(`entityId=${mine.id}`, h)).items.map((e) => e.type).sort();
    expect(types).toEqual(['user.created', 'user.password_reset', 'user.updated']);
  });
});

describe('the audit log is append-only', () => {
  it('has no route that changes or removes events', async () => {
    const [event] = (await audit('pageSize=1')).items;
    const before = await countAuditEvents(t.db);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const url of ['/api/audit', `/api/audit/${event!.id}`]) {
        const res = await t.app.inject({ method, url, headers: admin, payload: {} });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
      }
    }
    expect(await countAuditEvents(t.db)).toBe(before);
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const auditPaths = Object.entries(spec.paths as Record<string, object>).filter(([p]) => p.startsWith('/api/audit'));
    expect(auditPaths.map(([p, ops]) => [p, Object.keys(ops)])).toEqual([['/api/audit', ['get']]]);
  });

  it('every mutation writes exactly one event of its type, tagged with the request id', async () => {
    const a = await t.login('admin');
    const once = async (type: string, act: () => Promise<LightMyRequestResponse>, status?: number) => {
      const before = await countAuditEvents(t.db);
      const res = await act();
      if (status) expect(res.statusCode).toBe(status);
      else expect(res.statusCode, `${type}: ${res.body}`).toBeLessThan(300);
      expect(await countAuditEvents(t.db), type).toBe(before + 1);
      const [last] = (await audit(`type=${type}&pageSize=1`, a)).items;
      expect(last!.requestId, type).toBe(res.headers['x-request-id']);
      return res;
    };
    const inject = (method: 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) => () =>
      t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

    const org = (
      await once(
        'organization.created',
        inject('POST', '/api/organizations', a, { parentId: await t.orgId('白杨街道'), kind: 'village', name: uniqueName('审计村') }),
      )
    ).json();
    await once('organization.updated', inject('PATCH', `/api/organizations/${org.id}`, a, { version: 1, name: `${org.name}改` }));
    await once(
      'organization.moved',
      inject('PATCH', `/api/organizations/${org.id}`, a, { version: 2, parentId: await t.orgId('良田街道') }),
    );
    await once('organization.archived', inject('PATCH', `/api/organizations/${org.id}`, a, { version: 3, archived: true }));
    await once('organization.restored', inject('PATCH', `/api/organizations/${org.id}`, a, { version: 4, archived: false }));

    const username = uniqueName('audit');
    const user = (
      await once(
        'user.created',
        inject('POST', '/api/users', a, {
          username,
          displayName: '审计',
          password: 'first-pass-2026',
          roles: [{ role: 'viewer', organizationId: org.id }],
        }),
      )
    ).json();
    await once('user.updated', inject('PATCH', `/api/users/${user.id}`, a, { version: 1, displayName: '审计改' }));
    const granted = (
      await once(
        'user.role_granted',
        inject('POST', `/api/users/${user.id}/roles`, a, { version: 2, role: 'viewer', organizationId: await t.orgId('良田村') }),
      )
    ).json();
    const extra = granted.roles.find((r: { organizationName: string }) => r.organizationName === '良田村');
    await once('user.role_revoked', inject('DELETE', `/api/users/${user.id}/roles/${extra.id}?version=3`, a));
    await once(
      'user.password_reset',
      inject('POST', `/api/users/${user.id}/password-reset`, a, { version: 4, newPassword: 'second-pass-2026' }),
    );

    const login = await once(
      'session.created',
      inject('POST', '/api/session', { origin: a.origin! }, { username, password: 'second-pass-2026' }),
    );
    const theirs = { cookie: `tz_session=${login.cookies.find((c) => c.name === 'tz_session')!.value}`, origin: a.origin! };
    const changed = await once(
      'user.password_changed',
      inject('POST', '/api/account/password', theirs, { currentPassword: 'second-pass-2026', newPassword: 'third-pass-2026' }),
    );
    // The session goes on under the new cookie the change set.
    const renewed = { cookie: `tz_session=${changed.cookies.find((c) => c.name === 'tz_session')!.value}`, origin: a.origin! };
    await once('session.ended', inject('DELETE', '/api/session', renewed));
    // A failed sign-in is recorded too.
    await once('session.login_failed', inject('POST', '/api/session', { origin: a.origin! }, { username, password: 'wrong-pass' }), 401);
  });

  it('a refused or stale change writes no event', async () => {
    const org = await makeOrg(t, admin, '白杨街道');
    const before = await countAuditEvents(t.db);
    expect((await rename(admin, org.id, org.version + 1, 'stale')).statusCode).toBe(409);
    expect((await rename(await t.login('officer'), org.id, org.version, 'forbidden')).statusCode).toBe(403);
    expect((await rename(admin, org.id, org.version, '')).statusCode).toBe(400);
    expect(await countAuditEvents(t.db)).toBe(before + 1); // the officer's sign-in
  });
});
