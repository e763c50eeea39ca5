import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROBLEM_ACTORS, PROBLEM_ACTIONS, PROBLEM_WORKFLOW } from '../../../domain/problem-workflow.ts';
import { ROLES, roleGrants } from '../../../domain/roles.ts';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { type MadeProblem, problemIn, transition, uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * DOMAIN.md: "Who acts is configurable per program; the table gives the defaults." The roles that may fire each
 * problem action are a program rule (规则设置, cadence rules `problems.actors`): the buttons, the transition's
 * check, the 两委会's withdrawal and who is told of a submission or a send-back all follow it. A district admin
 * may fire every action whatever is set.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let liaison: Headers;
let liangtian: Headers;
let secretary: Headers;
const village = '大闵村';

beforeAll(async () => {
  t = await createTestApp({ demoLedger: true });
  admin = await t.login('admin');
  officer = await t.login('officer');
  liaison = await t.login('liaison');
  liangtian = await t.login('liangtian');
  secretary = await t.login('secretary');
});
afterAll(() => t?.close());

async function settings() {
  const res = await t.app.inject({ method: 'GET', url: '/api/settings/cadence', headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function setActors(actors: Record<string, string[]> | null) {
  const current = await settings();
  // null: back to the defaults (sent whole: rules left out are refused, not reset).
  const problems = actors
    ? { ...current.rules.problems, actors: { ...current.rules.problems.actors, ...actors } }
    : { fourEyes: true, actors: DEFAULT_PROBLEM_ACTORS };
  return t.app.inject({
    method: 'PUT',
    url: '/api/settings/cadence',
    headers: admin,
    payload: { version: current.version, rules: { ...current.rules, problems } },
  });
}

const allowed = async (who: Headers, p: MadeProblem): Promise<string[]> =>
  (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: who })).json().allowedActions;

async function fire(who: Headers, p: MadeProblem, action: string, expected = 200): Promise<MadeProblem> {
  const res = await transition(t, who, p, action, action === 'reject' || action === 'reopen' ? '照片不清楚，请补拍' : undefined);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(expected);
  return expected === 200 ? { id: p.id, version: res.json().version, status: res.json().status } : p;
}

async function toldOf(problemId: string): Promise<string[]> {
  const rows = await t.db.kysely
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select('u.username')
    .where('n.link', '=', `/ledger/${problemId}`)
    .execute();
  return [...new Set(rows.map((r) => r.username))].sort();
}

describe('who acts on a problem', () => {
  it('defaults to DOMAIN.md’s table, the same roles as the permissions gave before', async () => {
    expect((await settings()).rules.problems.actors).toEqual(DEFAULT_PROBLEM_ACTORS);
    for (const action of PROBLEM_ACTIONS) {
      const byPermission = ROLES.filter((r) => r !== 'district_admin' && roleGrants(r, PROBLEM_WORKFLOW[action].permission));
      expect([...DEFAULT_PROBLEM_ACTORS[action]].sort(), action).toEqual([...byPermission].sort());
    }
  });

  it('follows the program when the sub-district accepts instead of the liaison group: buttons, checks and notices', async () => {
    const res = await setActors({ accept: ['subdistrict_officer'], reject: ['subdistrict_officer'] });
    expect(res.statusCode, res.body).toBe(200);
    try {
      let p = await problemIn(t, admin, village, 'rectifying');
      expect(await uploadEvidence(t, secretary, { problemId: p.id }).then((r) => r.statusCode)).toBe(201);
      p = await fire(secretary, p, 'submit');
      // The sub-district officer is told of the submission, the liaison group no longer.
      expect(await toldOf(p.id)).toEqual(['liangtian']);
      expect(await allowed(liaison, p)).not.toContain('accept');
      expect(await allowed(liangtian, p)).toEqual(expect.arrayContaining(['accept', 'reject']));
      const audited = await countAuditEvents(t.db);
      await fire(liaison, p, 'accept', 403);
      expect(await countAuditEvents(t.db)).toBe(audited);
      // Sent back by the sub-district: the village hears of it.
      p = await fire(liangtian, p, 'reject');
      expect(await toldOf(p.id)).toEqual(['liangtian', 'secretary']);
      p = await fire(secretary, p, 'submit');
      p = await fire(liangtian, p, 'accept');
      expect(p.status).toBe('accepted');
    } finally {
      expect((await setActors(null)).statusCode).toBe(200);
    }
    // Back to the defaults: the liaison group accepts again.
    const q = await problemIn(t, admin, village, 'submitted');
    expect(await allowed(liangtian, q)).not.toContain('accept');
    await fire(liaison, q, 'accept');
  });

  it('leaves an action to district admins when no role is chosen', async () => {
    expect((await setActors({ close: [] })).statusCode).toBe(200);
    try {
      const p = await problemIn(t, admin, village, 'accepted');
      expect(await allowed(officer, p)).not.toContain('close');
      await fire(officer, p, 'close', 403);
      expect(await allowed(admin, p)).toContain('close');
      await fire(admin, p, 'close');
    } finally {
      expect((await setActors(null)).statusCode).toBe(200);
    }
  });

  it('refuses a role that does not work the ledger and a role twice (400), changing nothing', async () => {
    const before = await settings();
    for (const actors of [{ accept: ['viewer'] }, { accept: ['finance_reviewer'] }, { accept: ['liaison_member', 'liaison_member'] }]) {
      const res = await setActors(actors);
      expect(res.statusCode, JSON.stringify(actors)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await settings()).version).toBe(before.version);
  });
});
