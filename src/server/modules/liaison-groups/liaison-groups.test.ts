import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents, makeOrg, makeUser, TEST_PASSWORD, uniqueName, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Headers;
let officer: Headers;
let liaison: Headers;
let ltadmin: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  liaison = await t.login('liaison');
  const lt = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
  ltadmin = await t.login(lt.username, TEST_PASSWORD);
});
afterAll(() => t.close());

/** Responses as loose JSON, the way the tests read them. */
type Json = ReturnType<typeof JSON.parse>;

const get = (url: string, headers = admin) => t.app.inject({ method: 'GET', url, headers });
const send = (method: 'POST' | 'PATCH', url: string, payload: object, headers = admin) => t.app.inject({ method, url, headers, payload });

function ok(res: LightMyRequestResponse, status = 200): Json {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function groupNamed(name: string): Promise<Json> {
  return ok(await get('/api/liaison-groups')).items.find((g: Json) => g.name === name);
}

/** Three fresh accounts (no roles of their own) for the three seats. */
async function seats(): Promise<{ members: Array<{ seat: string; userId: string }>; users: Array<{ username: string }> }> {
  const users = await Promise.all([0, 1, 2].map(() => makeUser(t, admin, [])));
  return {
    users,
    members: (['party_office', 'department', 'subdistrict'] as const).map((seat, i) => ({ seat, userId: users[i]!.id })),
  };
}

async function createGroup(extra: Json = {}): Promise<Json> {
  const { members, users } = await seats();
  const village = await makeOrg(t, admin, '良田街道');
  const g = ok(
    await send('POST', '/api/liaison-groups', {
      name: uniqueName('测试包联组'),
      departmentName: '区审计局',
      members,
      villageIds: [village.id],
      ...extra,
    }),
    201,
  );
  return { ...g, users };
}

const sessionOf = async (headers: Headers) => ok(await get('/api/session', headers)).user;

describe('the demo groups', () => {
  it('are four groups of three covering each of the 16 villages exactly once', async () => {
    const list = ok(await get('/api/liaison-groups'));
    expect(list.allowedActions).toEqual(['create']);
    expect(list.items.map((g: Json) => g.name)).toEqual(['第一包联组', '第二包联组', '第三包联组', '第四包联组']);
    const villages = list.items.flatMap((g: Json) => g.villages.map((v: Json) => v.name));
    expect(villages).toHaveLength(16);
    expect(new Set(villages).size).toBe(16);
    for (const g of list.items) {
      expect(g.members.map((m: Json) => m.seat)).toEqual(['party_office', 'department', 'subdistrict']);
      expect(g.allowedActions).toEqual(['edit', 'archive']);
    }
    const first = list.items[0];
    expect(first).toMatchObject({ departmentName: '区财政局', archived: false, version: 1 });
    expect(first.members[0]).toMatchObject({ username: 'liaison', displayName: '王卫东' });
    expect(first.villages.map((v: Json) => v.name)).toContain('大闵村');
    // Each village with its subdistrict: 大闵村 of 良田街道, 良田村 of 白杨街道 (as DOMAIN.md groups the source's places).
    const parent = new Map(first.villages.map((v: Json) => [v.name, v.parentName]));
    expect(parent.get('大闵村')).toBe('良田街道');
    expect(parent.get('良田村')).toBe('白杨街道');
  });

  it('give `liaison` the liaison role on exactly its four villages', async () => {
    const user = await sessionOf(liaison);
    const group = await groupNamed('第一包联组');
    expect(user.roles.map((r: Json) => r.organizationName).sort()).toEqual(['上庄村', '大闵村', '安家村', '良田村'].sort());
    const damin = await t.orgId('大闵村');
    expect(user.roles).toContainEqual({
      id: `liaison:${group.id}:${damin}`,
      role: 'liaison_member',
      organizationId: damin,
      organizationName: '大闵村',
      organizationKind: 'village',
    });
    expect(user.roles.some((r: Json) => r.organizationName === '张东村')).toBe(false);
    expect(user.permissions).toEqual(
      expect.arrayContaining(['problem.verify', 'inspection.record', 'problem.create', 'organization.read']),
    );
    expect(user.permissions).not.toContain('liaison.manage');
    expect(user.permissions).not.toContain('problem.close');
    // The role scopes what the member sees.
    expect((await get(`/api/organizations/${damin}`, liaison)).statusCode).toBe(200);
    expect((await get(`/api/organizations/${await t.orgId('张东村')}`, liaison)).statusCode).toBe(404);
    expect((await get(`/api/organizations/${await t.orgId('良田街道')}`, liaison)).statusCode).toBe(404);
  });

  it('let a member see only their own groups', async () => {
    const list = ok(await get('/api/liaison-groups', liaison));
    expect(list.items.map((g: Json) => g.name)).toEqual(['第一包联组']);
    expect(list.items[0].allowedActions).toEqual([]);
    expect(list.allowedActions).toEqual([]);
    const third = await groupNamed('第三包联组');
    expect((await get(`/api/liaison-groups/${third.id}`, liaison)).statusCode).toBe(404);
    // A village secretary sits in no group and sees none.
    expect(ok(await get('/api/liaison-groups', await t.login('secretary'))).items).toEqual([]);
  });

  it('are not role grants: the user list shows only directly granted roles', async () => {
    const user = ok(await get(`/api/users/${await t.userId('liaison')}`));
    expect(user.roles).toEqual([]);
  });
});

describe('creating a group', () => {
  it('seats three people on a set of villages and gives them the liaison role there; one audit event', async () => {
    const { members, users } = await seats();
    const v1 = await makeOrg(t, admin, '白杨街道');
    const v2 = await makeOrg(t, admin, '白杨街道', 'community', uniqueName('测试社区'));
    const before = await countAuditEvents(t.db);
    const g = ok(
      await send(
        'POST',
        '/api/liaison-groups',
        { name: '第五包联组', departmentName: '区卫健局', members, villageIds: [v1.id, v2.id] },
        officer,
      ),
      201,
    );
    expect(g).toMatchObject({
      name: '第五包联组',
      departmentName: '区卫健局',
      version: 1,
      archived: false,
      allowedActions: ['edit', 'archive'],
    });
    expect(g.villages.map((v: Json) => v.kind).sort()).toEqual(['community', 'village']);
    expect(await countAuditEvents(t.db)).toBe(before + 1);
    const log = ok(await get(`/api/audit?entityId=${g.id}`)).items;
    expect(log).toEqual([
      expect.objectContaining({
        type: 'liaison_group.created',
        entityType: 'liaison_group',
        data: { after: expect.objectContaining({ name: '第五包联组', villageIds: [v1.id, v2.id].sort() }) },
      }),
    ]);
    const member = await t.login(users[1]!.username, TEST_PASSWORD);
    const roles = (await sessionOf(member)).roles;
    expect(roles.map((r: Json) => r.organizationId).sort()).toEqual([v1.id, v2.id].sort());
    expect(ok(await get(`/api/liaison-groups/${g.id}`, member)).name).toBe('第五包联组');
  });

  it('refuses a village that another active group covers (409 naming that group)', async () => {
    const { members } = await seats();
    const damin = await t.orgId('大闵村');
    const before = await countAuditEvents(t.db);
    const res = await send('POST', '/api/liaison-groups', { name: '重复组', departmentName: '区审计局', members, villageIds: [damin] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('大闵村已由“第一包联组”包联');
    expect(res.json().error.details.conflicts[0]).toMatchObject({ organizationName: '大闵村', groupName: '第一包联组' });
    expect(await countAuditEvents(t.db)).toBe(before);
  });

  it('validates the seats: exactly three, one per seat, three different enabled people (400)', async () => {
    const { members } = await seats();
    const village = await makeOrg(t, admin, '良田街道');
    const body = (m: unknown) => ({ name: '校验组', departmentName: '区审计局', members: m, villageIds: [village.id] });
    const cases = [
      members.slice(0, 2),
      [...members, { seat: 'department', userId: members[1]!.userId }],
      [members[0], { ...members[1]!, seat: 'party_office' }, members[2]],
      [members[0], { ...members[1]!, userId: members[0]!.userId }, members[2]],
      [members[0], members[1], { seat: 'subdistrict', userId: '01900000-0000-7000-8000-000000000000' }],
    ];
    for (const m of cases) {
      const res = await send('POST', '/api/liaison-groups', body(m));
      expect(res.statusCode, JSON.stringify(m)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const disabled = await makeUser(t, admin, []);
    ok(await send('PATCH', `/api/users/${disabled.id}`, { version: disabled.version, disabled: true }));
    const res = await send('POST', '/api/liaison-groups', body([members[0], members[1], { seat: 'subdistrict', userId: disabled.id }]));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('已停用');
  });

  it('validates the villages: villages or communities only (400), not archived (409), known (404)', async () => {
    const { members } = await seats();
    const body = (villageIds: string[]) => ({ name: '校验组', departmentName: '区审计局', members, villageIds });
    const sub = await send('POST', '/api/liaison-groups', body([await t.orgId('良田街道')]));
    expect(sub.statusCode).toBe(400);
    expect(sub.json().error.message).toContain('不是村或社区');
    const branch = await send('POST', '/api/liaison-groups', body([await t.orgId('大闵村党支部')]));
    expect(branch.statusCode).toBe(400);
    const archived = await makeOrg(t, admin, '良田街道');
    ok(await send('PATCH', `/api/organizations/${archived.id}`, { version: archived.version, archived: true }));
    const arch = await send('POST', '/api/liaison-groups', body([archived.id]));
    expect(arch.statusCode).toBe(409);
    expect(arch.json().error).toMatchObject({ code: 'CONFLICT', details: { reason: 'archived' } });
    expect(arch.json().error.message).toContain('已归档');
    expect((await send('POST', '/api/liaison-groups', body(['01900000-0000-7000-8000-000000000000']))).statusCode).toBe(404);
    expect((await send('POST', '/api/liaison-groups', body([]))).statusCode).toBe(400);
  });

  it('is district-wide: a scoped admin and a member are refused (403)', async () => {
    const { members } = await seats();
    const village = await makeOrg(t, admin, '良田街道');
    for (const who of [ltadmin, liaison]) {
      const res = await send(
        'POST',
        '/api/liaison-groups',
        { name: '越权组', departmentName: '区审计局', members, villageIds: [village.id] },
        who,
      );
      expect(res.statusCode).toBe(403);
    }
    expect((await get('/api/liaison-groups/member-candidates', ltadmin)).statusCode).toBe(403);
  });

  it('two groups claiming one village at once: one 201, one 409', async () => {
    for (let round = 0; round < 3; round++) {
      const { members } = await seats();
      const village = await makeOrg(t, admin, '白杨街道');
      const rs = await Promise.all(
        [admin, officer].map((h, i) =>
          send(
            'POST',
            '/api/liaison-groups',
            { name: `竞争组${round}-${i}`, departmentName: '区审计局', members, villageIds: [village.id] },
            h,
          ),
        ),
      );
      expect(rs.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    }
  });
});

describe('changing a group', () => {
  it('replaces a seat: the old member loses the role at once, the new one gains it', async () => {
    const g = await createGroup();
    const oldMember = await t.login(g.users[2]!.username, TEST_PASSWORD);
    expect((await sessionOf(oldMember)).roles).toHaveLength(1);
    const newcomer = await makeUser(t, admin, []);
    const members = g.members.map((m: Json) => ({ seat: m.seat, userId: m.seat === 'subdistrict' ? newcomer.id : m.userId }));
    const before = await countAuditEvents(t.db);
    const after = ok(await send('PATCH', `/api/liaison-groups/${g.id}`, { version: g.version, members }));
    expect(after.members[2]).toMatchObject({ seat: 'subdistrict', userId: newcomer.id });
    expect(after.version).toBe(g.version + 1);
    expect(await countAuditEvents(t.db)).toBe(before + 1);
    expect((await sessionOf(oldMember)).roles).toEqual([]);
    expect((await get(`/api/liaison-groups/${g.id}`, oldMember)).statusCode).toBe(404);
    expect((await sessionOf(await t.login(newcomer.username, TEST_PASSWORD))).roles).toHaveLength(1);
  });

  it('swaps two members between seats', async () => {
    const g = await createGroup();
    const [a, b, c] = g.members.map((m: Json) => m.userId);
    const after = ok(
      await send('PATCH', `/api/liaison-groups/${g.id}`, {
        version: g.version,
        members: [
          { seat: 'party_office', userId: b },
          { seat: 'department', userId: a },
          { seat: 'subdistrict', userId: c },
        ],
      }),
    );
    expect(after.members.map((m: Json) => m.userId)).toEqual([b, a, c]);
  });

  it('moves a village between groups only once the first group lets it go', async () => {
    const g1 = await createGroup();
    const g2 = await createGroup();
    const village = g1.villages[0].id;
    const take = await send('PATCH', `/api/liaison-groups/${g2.id}`, { version: g2.version, villageIds: [g2.villages[0].id, village] });
    expect(take.statusCode).toBe(409);
    expect(take.json().error.message).toContain(`“${g1.name}”`);
    const extra = await makeOrg(t, admin, '良田街道');
    const released = ok(await send('PATCH', `/api/liaison-groups/${g1.id}`, { version: g1.version, villageIds: [extra.id] }));
    expect(released.villages.map((v: Json) => v.id)).toEqual([extra.id]);
    const taken = ok(
      await send('PATCH', `/api/liaison-groups/${g2.id}`, { version: g2.version, villageIds: [g2.villages[0].id, village] }),
    );
    expect(taken.villages).toHaveLength(2);
    // Keeping its own villages is not a clash with itself.
    ok(
      await send('PATCH', `/api/liaison-groups/${g2.id}`, {
        version: taken.version,
        name: '改名组',
        villageIds: taken.villages.map((v: Json) => v.id),
      }),
    );
  });

  it('answers 409 to a stale version and changes nothing', async () => {
    const g = await createGroup();
    ok(await send('PATCH', `/api/liaison-groups/${g.id}`, { version: g.version, name: '甲组' }));
    const before = await countAuditEvents(t.db);
    const stale = await send('PATCH', `/api/liaison-groups/${g.id}`, { version: g.version, name: '乙组' });
    expect(stale.statusCode).toBe(409);
    expect((await send('POST', `/api/liaison-groups/${g.id}/archive`, { version: g.version })).statusCode).toBe(409);
    expect(await countAuditEvents(t.db)).toBe(before);
    expect(ok(await get(`/api/liaison-groups/${g.id}`)).name).toBe('甲组');
  });

  it('archiving ends the role and frees the villages; restoring fails (409) once a village is taken', async () => {
    const g = await createGroup();
    const member = await t.login(g.users[0]!.username, TEST_PASSWORD);
    expect((await sessionOf(member)).roles).toHaveLength(1);
    const archived = ok(await send('POST', `/api/liaison-groups/${g.id}/archive`, { version: g.version }));
    expect(archived).toMatchObject({ archived: true, allowedActions: ['restore'] });
    expect((await sessionOf(member)).roles).toEqual([]);
    expect(ok(await get('/api/liaison-groups')).items.some((x: Json) => x.id === g.id)).toBe(false);
    expect(ok(await get('/api/liaison-groups?includeArchived=1')).items.some((x: Json) => x.id === g.id)).toBe(true);
    const log = ok(await get(`/api/audit?entityId=${g.id}&type=liaison_group.updated`)).items;
    expect(log[0].data).toMatchObject({ before: { archived: false }, after: { archived: true } });

    const edit = await send('PATCH', `/api/liaison-groups/${g.id}`, { version: archived.version, name: '改' });
    expect(edit.statusCode).toBe(422);
    expect((await send('POST', `/api/liaison-groups/${g.id}/archive`, { version: archived.version })).statusCode).toBe(422);

    const { members } = await seats();
    const successor = ok(
      await send('POST', '/api/liaison-groups', {
        name: uniqueName('接替组'),
        departmentName: '区审计局',
        members,
        villageIds: [g.villages[0].id],
      }),
      201,
    );
    const restore = await send('POST', `/api/liaison-groups/${g.id}/restore`, { version: archived.version });
    expect(restore.statusCode).toBe(409);
    expect(restore.json().error.message).toContain(successor.name);
    ok(await send('POST', `/api/liaison-groups/${successor.id}/archive`, { version: successor.version }));
    const restored = ok(await send('POST', `/api/liaison-groups/${g.id}/restore`, { version: archived.version }));
    expect(restored).toMatchObject({ archived: false, allowedActions: ['edit', 'archive'] });
    expect((await sessionOf(member)).roles).toHaveLength(1);
  });

  it('is refused to a scoped admin (403) who can still see groups working in their area', async () => {
    const g = await groupNamed('第一包联组');
    expect(ok(await get(`/api/liaison-groups/${g.id}`, ltadmin)).allowedActions).toEqual([]);
    expect((await send('PATCH', `/api/liaison-groups/${g.id}`, { version: g.version, name: '越权' }, ltadmin)).statusCode).toBe(403);
    expect((await send('PATCH', `/api/liaison-groups/${g.id}`, { version: g.version, name: '越权' }, liaison)).statusCode).toBe(403);
    const third = await groupNamed('第三包联组');
    expect((await send('PATCH', `/api/liaison-groups/${third.id}`, { version: third.version, name: '越权' }, ltadmin)).statusCode).toBe(
      404,
    );
    expect(ok(await get('/api/liaison-groups', ltadmin)).items.map((x: Json) => x.name)).toEqual(
      expect.arrayContaining(['第一包联组', '第二包联组']),
    );
  });
});

describe('who may sit (separation of duties)', () => {
  /** A create body seating `userId` in the subdistrict seat, beside two role-less accounts. */
  async function bodyWith(userId: string): Promise<Json> {
    const { members } = await seats();
    const village = await makeOrg(t, admin, '良田街道');
    return {
      name: uniqueName('席位组'),
      departmentName: '区审计局',
      members: [members[0], members[1], { seat: 'subdistrict', userId }],
      villageIds: [village.id],
    };
  }

  it('refuses a read-only viewer a seat (400 naming the person and the seat); nothing is written, no role is gained', async () => {
    const viewer = await makeUser(t, admin, [{ role: 'viewer', org: '渭南高新区' }], { displayName: '只读甲' });
    const body = await bodyWith(viewer.id);
    const before = await countAuditEvents(t.db);
    const res = await send('POST', '/api/liaison-groups', body, officer);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.message).toContain('“只读甲”持有“只读用户”角色，不能担任包联组成员');
    expect(res.json().error.message).toContain('may not take a liaison seat');
    expect(res.json().error.details.fields).toEqual([{ in: 'body', path: 'members.2.userId', message: expect.stringContaining('viewer') }]);
    expect(await countAuditEvents(t.db)).toBe(before);
    const session = await sessionOf(await t.login(viewer.username, TEST_PASSWORD));
    expect(session.permissions).not.toContain('problem.verify');
    expect(session.permissions).not.toContain('report.file');
  });

  it('refuses a viewer the seat however scoped, and a village secretary and a district admin too', async () => {
    const barred = await Promise.all([
      makeUser(t, admin, [{ role: 'viewer', org: '大闵村' }]),
      makeUser(t, admin, [
        { role: 'district_officer', org: '渭南高新区' },
        { role: 'viewer', org: '良田街道' },
      ]),
      makeUser(t, admin, [{ role: 'village_secretary', org: '良田村' }]),
      makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]),
    ]);
    for (const [i, u] of barred.entries()) {
      const res = await send('POST', '/api/liaison-groups', await bodyWith(u.id));
      expect(res.statusCode, `account ${i}`).toBe(400);
      expect(res.json().error.message).toContain('不能担任包联组成员');
    }
  });

  it('seats district officers, subdistrict cadres, liaison members and accounts with no role of their own', async () => {
    const allowed = await Promise.all([
      makeUser(t, admin, [{ role: 'district_officer', org: '渭南高新区' }]),
      makeUser(t, admin, [{ role: 'subdistrict_officer', org: '白杨街道' }]),
      makeUser(t, admin, [{ role: 'liaison_member', org: '张东村' }]),
      makeUser(t, admin, []),
    ]);
    for (const u of allowed) ok(await send('POST', '/api/liaison-groups', await bodyWith(u.id)), 201);
  });

  it('refuses a viewer put into a seat of an existing group (400), and the group keeps its members', async () => {
    const g = await createGroup();
    const viewer = await makeUser(t, admin, [{ role: 'viewer', org: '渭南高新区' }]);
    const members = g.members.map((m: Json) => ({ seat: m.seat, userId: m.seat === 'department' ? viewer.id : m.userId }));
    const res = await send('PATCH', `/api/liaison-groups/${g.id}`, { version: g.version, members });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('members.1.userId');
    const now = ok(await get(`/api/liaison-groups/${g.id}`));
    expect(now.version).toBe(g.version);
    expect(now.members.map((m: Json) => m.userId)).toEqual(g.members.map((m: Json) => m.userId));
  });

  it('refuses to restore a group whose member was given a barring role while it was archived (422), and it stays archived', async () => {
    const g = await createGroup();
    const village = g.villages[0].id as string;
    const archived = ok(await send('POST', `/api/liaison-groups/${g.id}/archive`, { version: g.version }));
    // While archived the seat is empty of powers, so the grant itself is allowed: the member becomes the village's secretary.
    const member = g.members.find((m: Json) => m.seat === 'subdistrict');
    const user = ok(await get(`/api/users/${member.userId}`));
    ok(
      await send('POST', `/api/users/${member.userId}/roles`, {
        version: user.version,
        role: 'village_secretary',
        organizationId: village,
      }),
    );

    const before = await countAuditEvents(t.db);
    const res = await send('POST', `/api/liaison-groups/${g.id}/restore`, { version: archived.version });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('INVALID_TRANSITION');
    expect(res.json().error.message).toContain('不能恢复该包联组');
    expect(res.json().error.message).toContain('不能担任包联组成员');
    expect(await countAuditEvents(t.db)).toBe(before);
    expect(ok(await get(`/api/liaison-groups/${g.id}`))).toMatchObject({ archived: true, version: archived.version });
    // The secretary of the village does not also verify there.
    const session = await sessionOf(await t.login(g.users[2].username, TEST_PASSWORD));
    expect(session.permissions).not.toContain('problem.verify');
  });

  it('audits a seat change with who sat there before and after', async () => {
    const g = await createGroup();
    const newcomer = await makeUser(t, admin, [{ role: 'subdistrict_officer', org: '良田街道' }], { displayName: '街道新干部' });
    const members = g.members.map((m: Json) => ({ seat: m.seat, userId: m.seat === 'subdistrict' ? newcomer.id : m.userId }));
    ok(await send('PATCH', `/api/liaison-groups/${g.id}`, { version: g.version, members }));
    const [event] = ok(await get(`/api/audit?entityId=${g.id}&type=liaison_group.updated`)).items;
    const leaver = g.members[2];
    expect(event.data.before.members[2]).toEqual({
      seat: 'subdistrict',
      userId: leaver.userId,
      username: leaver.username,
      displayName: leaver.displayName,
    });
    expect(event.data.after.members[2]).toEqual({
      seat: 'subdistrict',
      userId: newcomer.id,
      username: newcomer.username,
      displayName: '街道新干部',
    });
    expect(event.data.after.members.slice(0, 2)).toEqual(event.data.before.members.slice(0, 2));
  });
});

describe('member candidates', () => {
  it('lists enabled accounts with the groups they already sit in', async () => {
    const res = ok(await get('/api/liaison-groups/member-candidates?q=liaison', officer));
    expect(res.items).toContainEqual({ id: await t.userId('liaison'), username: 'liaison', displayName: '王卫东', groups: ['第一包联组'] });
  });

  it('does not offer accounts whose role keeps them out of a seat', async () => {
    const viewer = await makeUser(t, admin, [{ role: 'viewer', org: '渭南高新区' }]);
    const cadre = await makeUser(t, admin, [{ role: 'subdistrict_officer', org: '良田街道' }]);
    const ids = (q: string) => get(`/api/liaison-groups/member-candidates?q=${q}`, officer).then((r) => ok(r).items.map((c: Json) => c.id));
    expect(await ids(viewer.username)).toEqual([]);
    expect(await ids(cadre.username)).toEqual([cadre.id]);
    // The demo's read-only account, its secretaries and its admin are not offered; its officers are.
    const demo = await ids('');
    for (const name of ['viewer', 'secretary', 'admin']) expect(demo).not.toContain(await t.userId(name));
    expect(demo).toContain(await t.userId('officer'));
  });
});
