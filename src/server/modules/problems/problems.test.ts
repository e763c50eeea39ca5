import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROBLEM_ACTIONS,
  PROBLEM_STATUSES,
  PROBLEM_WORKFLOW,
  type ProblemAction,
  type ProblemStatus,
} from '../../../domain/problem-workflow.ts';
import { roleGrants, type Role } from '../../../domain/roles.ts';
import { countAuditEvents, makeOrg, makeUser, TEST_PASSWORD, uniqueName, type Headers } from '../../testing/factories.ts';
import {
  makeProblem,
  type MadeProblem,
  multipart,
  PNG_1x1,
  problemIn,
  transition,
  uploadEvidence,
} from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Headers;
const as: Record<string, Headers> = {};

/** Who acts in the matrix, with the role that decides what they may do on 大闵村. */
const ACTORS: Array<{ name: string; role: Role | null }> = [
  { name: 'admin', role: 'district_admin' },
  { name: 'officer', role: 'district_officer' },
  { name: 'liangtian', role: 'subdistrict_officer' },
  { name: 'liaison', role: 'liaison_member' },
  { name: 'secretary', role: 'village_secretary' },
  { name: 'viewer', role: 'viewer' },
  { name: 'zhangdong', role: null }, // a secretary of another village: 大闵村 is invisible to him
];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const liaison = await makeUser(t, admin, [{ role: 'liaison_member', org: '大闵村' }], { username: 'matrix-liaison' });
  for (const a of ACTORS) as[a.name] = a.name === 'liaison' ? await t.login(liaison.username, TEST_PASSWORD) : await t.login(a.name);
});
afterAll(() => t.close());

function expectedStatus(role: Role | null, status: ProblemStatus, action: ProblemAction): number {
  if (role === null) return 404;
  const rule = PROBLEM_WORKFLOW[action];
  if (!roleGrants(role, rule.permission)) return 403;
  if (rule.from !== status) return 422;
  return 200;
}

describe('the workflow matrix: every status × action × role', () => {
  const cases = PROBLEM_STATUSES.flatMap((status) =>
    PROBLEM_ACTIONS.flatMap((action) => ACTORS.map((a) => ({ status, action, actor: a.name, role: a.role }))),
  );
  it.each(cases)('$actor fires $action on a $status problem', async ({ status, action, actor, role }) => {
    const p = await problemIn(t, admin, '大闵村', status);
    if (action === 'submit') await uploadEvidence(t, admin, { problemId: p.id });
    const before = await countAuditEvents(t.db);
    const res = await transition(t, as[actor]!, p, action, PROBLEM_WORKFLOW[action].reasonRequired ? '材料不全，请补充' : undefined);
    const expected = expectedStatus(role, status, action);
    expect(res.statusCode, res.body).toBe(expected);
    const after = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: admin })).json();
    if (expected === 200) {
      expect(after.status).toBe(PROBLEM_WORKFLOW[action].to);
      expect(after.version).toBe(p.version + 1);
      expect(await countAuditEvents(t.db)).toBe(before + 1);
      expect(after.timeline.at(-1)).toMatchObject({ kind: 'history', action, fromStatus: status, toStatus: PROBLEM_WORKFLOW[action].to });
    } else {
      expect(after.status).toBe(status);
      expect(after.version).toBe(p.version);
      expect(await countAuditEvents(t.db)).toBe(before);
    }
  });

  it('shows each actor exactly the actions the matrix allows (allowedActions)', async () => {
    for (const status of PROBLEM_STATUSES) {
      const p = await problemIn(t, admin, '大闵村', status);
      for (const a of ACTORS.filter((x) => x.role !== null)) {
        const res = await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: as[a.name]! });
        const workflow = (res.json().allowedActions as string[]).filter((x) => (PROBLEM_ACTIONS as readonly string[]).includes(x));
        const expected = PROBLEM_ACTIONS.filter((act) => expectedStatus(a.role, status, act) === 200);
        expect(workflow.sort(), `${a.name} on ${status}`).toEqual([...expected].sort());
      }
    }
  });
});

describe('transition rules', () => {
  it('answers 409 to a stale version and changes nothing; 422 to an action the status does not allow', async () => {
    const p = await makeProblem(t, admin, '大闵村');
    expect((await transition(t, as.secretary!, p, 'start')).statusCode).toBe(200);
    const before = await countAuditEvents(t.db);
    const stale = await transition(t, as.secretary!, p, 'start');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    expect(await countAuditEvents(t.db)).toBe(before);
    const current = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: admin })).json();
    expect(current).toMatchObject({ status: 'rectifying', version: p.version + 1 });
    const wrong = await transition(t, as.secretary!, { id: p.id, version: current.version }, 'start');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.message).toContain('整改中');
  });

  it('lets exactly one of two simultaneous transitions win', async () => {
    for (let round = 0; round < 3; round++) {
      const p = await problemIn(t, admin, '大闵村', 'submitted');
      const before = await countAuditEvents(t.db);
      const [a, b] = await Promise.all([transition(t, as.liaison!, p, 'accept'), transition(t, admin, p, 'reject', '照片不清晰')]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      expect(await countAuditEvents(t.db)).toBe(before + 1);
      const history = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: admin })).json().timeline;
      expect(history.filter((h: { action: string }) => h.action === 'accept' || h.action === 'reject')).toHaveLength(1);
    }
  });

  it('requires a reason to send back or reopen', async () => {
    const p = await problemIn(t, admin, '大闵村', 'submitted');
    const res = await transition(t, as.liaison!, p, 'reject');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('理由');
    const closed = await problemIn(t, admin, '大闵村', 'closed');
    expect((await transition(t, as.officer!, closed, 'reopen')).statusCode).toBe(400);
    const reopened = await transition(t, as.officer!, closed, 'reopen', '回头看发现问题反弹');
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'rectifying', closedAt: null, acceptedAt: null });
  });

  it('refuses to submit without evidence, then accepts once a photo is attached', async () => {
    const p = await problemIn(t, admin, '大闵村', 'rectifying');
    const refused = await transition(t, as.secretary!, p, 'submit');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain('佐证材料');
    expect((await uploadEvidence(t, as.secretary!, { problemId: p.id })).statusCode).toBe(201);
    const ok = await transition(t, as.secretary!, p, 'submit');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().submittedAt).not.toBeNull();
  });

  it('records the whole story on the timeline, with reasons and progress notes in order', async () => {
    let p = await makeProblem(t, admin, '大闵村');
    const step = async (who: string, action: string, reason?: string) => {
      const res = await transition(t, as[who]!, p, action, reason);
      expect(res.statusCode, res.body).toBe(200);
      p = { ...p, version: res.json().version };
    };
    await step('secretary', 'start');
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/problems/${p.id}/progress`,
      headers: as.secretary!,
      payload: { text: '已订制制度牌，下周上墙' },
    });
    expect(note.statusCode).toBe(200);
    await uploadEvidence(t, as.secretary!, { problemId: p.id });
    await step('secretary', 'submit');
    await step('liaison', 'reject', '照片看不清制度内容');
    await step('secretary', 'submit');
    await step('liaison', 'accept', '制度已上墙，合格');
    await step('officer', 'close');
    const detail = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: as.secretary! })).json();
    expect(detail.timeline.map((e: { kind: string; action: string | null }) => e.action ?? e.kind)).toEqual([
      'create',
      'start',
      'progress',
      'submit',
      'reject',
      'submit',
      'accept',
      'close',
    ]);
    expect(detail.timeline.find((e: { action: string }) => e.action === 'reject').text).toBe('照片看不清制度内容');
    expect(detail).toMatchObject({ status: 'closed', acceptanceOpinion: '制度已上墙，合格' });
  });
});

describe('withdraw (撤销): a problem recorded by mistake', () => {
  it('needs a reason, only from open; counts nowhere but stays in the ledger under its own filter and in the history', async () => {
    const org = await t.orgId('南寨村');
    const keep = await makeProblem(t, admin, org, { description: '撤销测试：保留' });
    const p = await makeProblem(t, admin, org, { description: '撤销测试：误登记' });
    const before = (await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${org}`, headers: admin })).json().counts;
    const overviewBefore = (
      await t.app.inject({ method: 'GET', url: `/api/dashboard/overview?organizationId=${org}`, headers: admin })
    ).json();

    expect((await transition(t, as.liaison!, await makeProblem(t, admin, '大闵村'), 'withdraw')).statusCode).toBe(400);
    const started = await problemIn(t, admin, '大闵村', 'rectifying');
    expect((await transition(t, as.officer!, started, 'withdraw', '误登记')).statusCode).toBe(422);
    const res = await transition(t, admin, p, 'withdraw', '两委会核实：制度已上墙，属误登记');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', allowedActions: [] });
    expect(res.json().timeline.at(-1)).toMatchObject({
      action: 'withdraw',
      toStatus: 'withdrawn',
      text: '两委会核实：制度已上墙，属误登记',
    });

    // The ledger leaves it out (list, total, Excel) unless asked for by status; its count stands apart.
    const list = (await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${org}&pageSize=200`, headers: admin })).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(p.id);
    expect(list.items.map((i: { id: string }) => i.id)).toContain(keep.id);
    expect(list.counts).toMatchObject({ total: before.total - 1, open: before.open - 1, withdrawn: before.withdrawn + 1 });
    const shown = (
      await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${org}&status=withdrawn`, headers: admin })
    ).json();
    expect(shown.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
    // Dashboards and the week's figures count it nowhere.
    const overview = (await t.app.inject({ method: 'GET', url: `/api/dashboard/overview?organizationId=${org}`, headers: admin })).json();
    expect(overview.statusCounts.total).toBe(overviewBefore.statusCounts.total - 1);
    const week = (await t.app.inject({ method: 'GET', url: `/api/statistics/weeks?organizationId=${org}`, headers: admin })).json();
    expect(week.organization.figures).toMatchObject({ total: overview.statusCounts.total, open: overview.statusCounts.open });
    expect(week.organization.figures.newCount).toBe(overview.statusCounts.total);
    // Nothing more can be done with it.
    const note = await t.app.inject({ method: 'POST', url: `/api/problems/${p.id}/progress`, headers: admin, payload: { text: 'x' } });
    expect(note.statusCode).toBe(422);
  });
});

describe('four eyes: whoever accepted a problem does not also close it', () => {
  // Two district officers; `accepting` also sits in a liaison group over a new village, as the
  // issue had it (an officer seating himself), with two department accounts that hold no role.
  let accepting: Headers;
  let other: Headers;
  let member: Headers;
  let village: string;

  beforeAll(async () => {
    const a = await makeUser(t, admin, [{ role: 'district_officer', org: '渭南高新区' }]);
    const b = await makeUser(t, admin, [{ role: 'district_officer', org: '渭南高新区' }]);
    const m = await makeUser(t, admin, []);
    const n = await makeUser(t, admin, []);
    village = (await makeOrg(t, admin, '良田街道')).id;
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/liaison-groups',
      headers: admin,
      payload: {
        name: uniqueName('四眼测试组'),
        departmentName: '区审计局',
        members: [
          { seat: 'party_office', userId: a.id },
          { seat: 'department', userId: m.id },
          { seat: 'subdistrict', userId: n.id },
        ],
        villageIds: [village],
      },
    });
    expect(group.statusCode, group.body).toBe(201);
    accepting = await t.login(a.username, TEST_PASSWORD);
    other = await t.login(b.username, TEST_PASSWORD);
    member = await t.login(m.username, TEST_PASSWORD);
  });

  /** Fires `action` as `by`, expecting `status`; returns the problem at its new version. */
  async function fire(by: Headers, p: MadeProblem, action: string, status = 200): Promise<MadeProblem> {
    const res = await transition(t, by, p, action, PROBLEM_WORKFLOW[action as ProblemAction].reasonRequired ? '回头看发现反弹' : undefined);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(status);
    return status === 200 ? { id: p.id, version: res.json().version, status: res.json().status } : p;
  }

  const allowed = async (by: Headers, p: MadeProblem): Promise<string[]> =>
    (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: by })).json().allowedActions;

  it('refuses the acceptor the close (403 naming the rule), offers them no close, and lets another officer close', async () => {
    let p = await problemIn(t, admin, village, 'submitted');
    p = await fire(accepting, p, 'accept');
    expect(await allowed(accepting, p)).not.toContain('close');
    const listed = (await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${village}`, headers: accepting })).json();
    expect(listed.items.find((i: { id: string }) => i.id === p.id).allowedActions).not.toContain('close');
    expect(await allowed(other, p)).toContain('close');

    const before = await countAuditEvents(t.db);
    const refused = await transition(t, accepting, p, 'close');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect(refused.json().error.message).toContain('四眼原则：此问题由您验收，验收人不能同时销号，请由其他区级干部销号');
    expect(refused.json().error.message).toContain('four-eyes rule');
    expect(await countAuditEvents(t.db)).toBe(before);

    const closed = await fire(other, p, 'close');
    expect(closed.status).toBe('closed');
  });

  it('counts the latest acceptance: after 回头看 the new acceptor may not close, the earlier one may', async () => {
    let p = await problemIn(t, admin, village, 'submitted');
    p = await fire(member, p, 'accept');
    p = await fire(accepting, p, 'close');
    p = await fire(accepting, p, 'reopen');
    p = await fire(admin, p, 'submit');
    p = await fire(accepting, p, 'accept');
    await fire(accepting, p, 'close', 403);
    p = await fire(other, p, 'close');
    p = await fire(other, p, 'reopen');
    p = await fire(admin, p, 'submit');
    p = await fire(member, p, 'accept');
    expect(await allowed(accepting, p)).toContain('close');
    p = await fire(accepting, p, 'close');
    expect(p.status).toBe('closed');
  });

  it('does not hold a district admin, the whole district or a part of it', async () => {
    const lt = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
    for (const by of [admin, await t.login(lt.username, TEST_PASSWORD)]) {
      let p = await problemIn(t, admin, village, 'submitted');
      p = await fire(by, p, 'accept');
      expect(await allowed(by, p)).toContain('close');
      await fire(by, p, 'close');
    }
  });

  it('is a rule the district admin may switch off (规则设置), and is on again when switched back', async () => {
    const put = async (fourEyes: boolean) => {
      const current = (await t.app.inject({ method: 'GET', url: '/api/settings/cadence', headers: admin })).json();
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/settings/cadence',
        headers: admin,
        payload: { version: current.version, rules: { ...current.rules, problems: { ...current.rules.problems, fourEyes } } },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().rules.problems.fourEyes).toBe(fourEyes);
    };
    expect((await t.app.inject({ method: 'GET', url: '/api/settings/cadence', headers: admin })).json().rules.problems).toMatchObject({
      fourEyes: true,
    });
    await put(false);
    try {
      let p = await problemIn(t, admin, village, 'submitted');
      p = await fire(accepting, p, 'accept');
      expect(await allowed(accepting, p)).toContain('close');
      await fire(accepting, p, 'close');
    } finally {
      await put(true);
    }
    let p = await problemIn(t, admin, village, 'submitted');
    p = await fire(accepting, p, 'accept');
    await fire(accepting, p, 'close', 403);
  });
});

describe('overdue and the ledger list', () => {
  it('counts overdue by Shanghai calendar day and filters on it, with counts by status', async () => {
    const org = await t.orgId('麻李村');
    const yesterday = '2026-11-26';
    await makeProblem(t, admin, org, { dueOn: yesterday, description: '逾期问题A' });
    await makeProblem(t, admin, org, { dueOn: '2026-11-27', description: '今天到期问题B' });
    const waiting = await problemIn(t, admin, org, 'submitted');
    await t.app.inject({
      method: 'PATCH',
      url: `/api/problems/${waiting.id}`,
      headers: admin,
      payload: { version: waiting.version, dueOn: yesterday },
    });

    const res = await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${org}&overdue=1`, headers: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Submitted on time and waiting for acceptance is not overdue; due today is not overdue yet.
    expect(body.items.map((i: { description: string }) => i.description)).toEqual(['逾期问题A']);
    expect(body.items[0]).toMatchObject({ overdue: true, daysOverdue: 1 });
    expect(body.total).toBe(1);
    // The counts are the tabs' numbers: they leave the 已逾期 tab out as they leave the status out.
    expect(body.counts).toMatchObject({ open: 2, submitted: 1, total: 3, overdue: 1 });

    const all = (await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${org}`, headers: admin })).json();
    expect(all.counts).toMatchObject({ open: 2, submitted: 1, total: 3, overdue: 1 });
    const onlySubmitted = (
      await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${org}&status=submitted`, headers: admin })
    ).json();
    expect(onlySubmitted.total).toBe(1);
    // The counts ignore the status part of the filter, so the tabs keep their numbers.
    expect(onlySubmitted.counts.total).toBe(3);
  });

  it("shows a village secretary only her village, and hides other villages' problems (404)", async () => {
    const other = await makeProblem(t, admin, '张东村');
    const mine = (await t.app.inject({ method: 'GET', url: '/api/problems?pageSize=200', headers: as.secretary! })).json();
    expect(mine.items.every((i: { organizationName: string }) => i.organizationName === '大闵村')).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/problems/${other.id}`, headers: as.secretary! })).statusCode).toBe(404);
    expect((await transition(t, as.secretary!, other, 'start')).statusCode).toBe(404);
  });

  it('paginates and sorts by deadline, and searches the description', async () => {
    const org = await t.orgId('西塬村');
    for (const d of ['2026-12-03', '2026-12-01', '2026-12-02']) await makeProblem(t, admin, org, { dueOn: d, description: `排序测试${d}` });
    const page1 = (
      await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${org}&pageSize=2&sort=dueOn`, headers: admin })
    ).json();
    expect(page1.items.map((i: { dueOn: string }) => i.dueOn)).toEqual(['2026-12-01', '2026-12-02']);
    expect(page1.total).toBe(3);
    const page2 = (
      await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${org}&pageSize=2&page=2&sort=dueOn`, headers: admin })
    ).json();
    expect(page2.items.map((i: { dueOn: string }) => i.dueOn)).toEqual(['2026-12-03']);
    const found = (
      await t.app.inject({ method: 'GET', url: `/api/problems?q=${encodeURIComponent('测试2026-12-02')}`, headers: admin })
    ).json();
    expect(found.items).toHaveLength(1);
  });
});

describe('bulk owner and deadline', () => {
  it('updates all or nothing, one audit event per problem', async () => {
    const a = await makeProblem(t, admin, '南寨村');
    const b = await makeProblem(t, admin, '南寨村');
    const before = await countAuditEvents(t.db);
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/problems/bulk',
      headers: as.officer!,
      payload: {
        items: [
          { id: a.id, version: a.version },
          { id: b.id, version: b.version + 5 },
        ],
        ownerName: '王*',
        dueOn: '2027-01-15',
      },
    });
    expect(stale.statusCode).toBe(409);
    expect(await countAuditEvents(t.db)).toBe(before);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/problems/bulk',
      headers: as.officer!,
      payload: {
        items: [
          { id: a.id, version: a.version },
          { id: b.id, version: b.version },
        ],
        ownerName: '村委会副主任',
        dueOn: '2027-01-15',
      },
    });
    expect(ok.json()).toEqual({ updated: 2 });
    expect(await countAuditEvents(t.db)).toBe(before + 2);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/problems/${b.id}`, headers: admin })).json();
    expect(detail).toMatchObject({ ownerName: '村委会副主任', dueOn: '2027-01-15' });
    const mine = await makeProblem(t, admin, '大闵村');
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/problems/bulk',
      headers: as.secretary!,
      payload: { items: [{ id: mine.id, version: mine.version }], dueOn: '2027-02-01' },
    });
    expect(denied.statusCode).toBe(403);
    // Problems out of her scope do not exist for her.
    const hidden = await t.app.inject({
      method: 'POST',
      url: '/api/problems/bulk',
      headers: as.secretary!,
      payload: { items: [{ id: a.id, version: 2 }], dueOn: '2027-02-01' },
    });
    expect(hidden.statusCode).toBe(404);
  });
});

describe('measures', () => {
  it('lets one measure serve several problems, and shows it on each', async () => {
    const p1 = await makeProblem(t, admin, '大闵村');
    const p2 = await makeProblem(t, admin, '大闵村');
    const org = await t.orgId('大闵村');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/measures',
      headers: as.secretary!,
      payload: {
        organizationId: org,
        description: '统一制作制度牌并上墙',
        ownerName: '陈*梅',
        dueOn: '2026-12-20',
        problemIds: [p1.id, p2.id],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    for (const p of [p1, p2]) {
      const d = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: as.secretary! })).json();
      expect(d.measures.map((m: { description: string }) => m.description)).toEqual(['统一制作制度牌并上墙']);
    }
    const m = res.json();
    const upd = await t.app.inject({
      method: 'PATCH',
      url: `/api/measures/${m.id}`,
      headers: as.secretary!,
      payload: { version: m.version, progress: 60 },
    });
    expect(upd.json().progress).toBe(60);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/measures/${m.id}`,
      headers: as.secretary!,
      payload: { version: m.version, progress: 80 },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses to link a problem of another village, and hides measures out of scope', async () => {
    const foreign = await makeProblem(t, admin, '张东村');
    const org = await t.orgId('大闵村');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/measures',
      headers: admin,
      payload: { organizationId: org, description: 'x', problemIds: [foreign.id] },
    });
    expect(res.statusCode).toBe(400);
    const bySecretary = await t.app.inject({
      method: 'POST',
      url: '/api/measures',
      headers: as.secretary!,
      payload: { organizationId: org, description: 'x', problemIds: [foreign.id] },
    });
    expect(bySecretary.statusCode).toBe(404);
  });
});

describe('evidence', () => {
  it('stores by content, checks the type from the bytes, and serves only to readers', async () => {
    const p = await makeProblem(t, admin, '大闵村');
    const renamed = await uploadEvidence(
      t,
      as.secretary!,
      { problemId: p.id },
      { name: 'photo.jpg', bytes: Buffer.from('MZ this is really a program') },
    );
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const png = await uploadEvidence(t, as.secretary!, { problemId: p.id }, { name: 'IMG_0001.bin', bytes: PNG_1x1 });
    expect(png.statusCode).toBe(201);
    expect(png.json()).toMatchObject({ mime: 'image/png', isImage: true, originalName: 'IMG_0001.bin.png' });
    const id = png.json().id as string;
    const get = await t.app.inject({ method: 'GET', url: `/api/evidence/${id}`, headers: as.secretary! });
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(get.rawPayload, PNG_1x1)).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: `/api/evidence/${id}`, headers: as.zhangdong! })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/evidence/${id}` })).statusCode).toBe(401);
  });

  it('refuses files over the size limit with 413, and uploads by people who may not', async () => {
    const p = await makeProblem(t, admin, '大闵村');
    const big = Buffer.concat([PNG_1x1, Buffer.alloc(300 * 1024)]);
    const res = await uploadEvidence(t, as.secretary!, { problemId: p.id }, { name: 'big.png', bytes: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await uploadEvidence(t, as.viewer!, { problemId: p.id })).statusCode).toBe(403);
    expect((await uploadEvidence(t, as.zhangdong!, { problemId: p.id })).statusCode).toBe(404);
    const noTarget = multipart({}, { name: 'a.png', bytes: PNG_1x1 });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/evidence',
      headers: { ...as.secretary!, 'content-type': noTarget.contentType },
      payload: noTarget.payload,
    });
    expect(bad.statusCode).toBe(400);
  });
});
