import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subtreeUpperBound } from '../../../domain/organizations.ts';
import { addDays, shanghaiDate } from '../../../domain/time.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Headers } from '../../testing/factories.ts';
import { uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { listCounters, recountFromProblems } from './problem-counters.repository.ts';
import { recountProblemCounters } from './problem-counters.service.ts';
import { countByStatus, list, type ResolvedFilter } from './problems.repository.ts';
import { seededRandom } from '../../testing/seeded-random.ts';

// problem_counters (kept by triggers) against a full recount of the problems,
// after a few hundred random writes through the API: creations, every
// transition (withdraw, reject, reopen included), deadline edits one by one and
// in bulk, and a village moved to the other subdistrict.

let t: TestApp;
let admin: Headers;

const ACTIONS_FROM: Record<string, string[]> = {
  open: ['start', 'withdraw'],
  rectifying: ['submit'],
  submitted: ['accept', 'reject'],
  accepted: ['close'],
  closed: ['reopen'],
  withdrawn: [],
};

beforeAll(async () => {
  t = await createTestApp({ demoLedger: true });
  admin = await t.login('admin');
});
afterAll(() => t.close());

async function post(url: string, payload: object, method: 'POST' | 'PATCH' = 'POST') {
  return t.app.inject({ method, url, headers: admin, payload });
}

/** Nonzero counter rows as a sorted list, to compare with a recount. */
async function countersNow() {
  return (await listCounters(t.db.kysely))
    .filter((r) => r.n !== 0)
    .map((r) => `${r.scope_id} ${r.status} ${r.due_on} ${r.n}`)
    .sort();
}
async function recounted() {
  return [...(await recountFromProblems(t.db.kysely)).values()].map((r) => `${r.scope_id} ${r.status} ${r.due_on} ${r.n}`).sort();
}

/** Counts straight from the problems: the query the counters replace. */
async function directCounts(roots: string[], today: string) {
  const rows = await t.db.kysely
    .selectFrom('problems as p')
    .select((eb) => ['p.status', eb.fn.countAll().as('n'), eb.fn.count(eb.case().when('p.due_on', '<', today).then(1).end()).as('late')])
    .where((eb) => eb.or(roots.map((r) => eb.and([eb('p.org_path', '>=', r), eb('p.org_path', '<', subtreeUpperBound(r))]))))
    .groupBy('p.status')
    .execute();
  const c = { open: 0, rectifying: 0, submitted: 0, accepted: 0, closed: 0, withdrawn: 0, total: 0, overdue: 0 };
  for (const r of rows) {
    c[r.status as 'open'] = toNumber(r.n);
    if (r.status !== 'withdrawn') c.total += toNumber(r.n);
    if (r.status === 'open' || r.status === 'rectifying') c.overdue += toNumber(r.late);
  }
  return c;
}

async function paths() {
  const orgs = await t.db.kysely.selectFrom('organizations').select(['id', 'path', 'kind', 'version', 'parent_id']).execute();
  return {
    root: orgs.find((o) => o.parent_id === null)!,
    subdistricts: orgs.filter((o) => o.kind === 'subdistrict'),
    villages: orgs.filter((o) => o.kind === 'village').sort((a, b) => a.path.localeCompare(b.path)),
  };
}

async function expectCountersMatch(label: string) {
  expect(await countersNow(), label).toEqual(await recounted());
  const { root, subdistricts, villages } = await paths();
  const today = shanghaiDate(t.clock.now());
  const scopes = [[root.path], ...subdistricts.map((s) => [s.path]), [villages[0]!.path], [villages[3]!.path, villages[9]!.path]];
  for (const day of [addDays(today, -40), today, addDays(today, 25), '2027-06-30']) {
    for (const roots of scopes) {
      const f: ResolvedFilter = { scopeRoots: roots, today: day };
      const direct = await directCounts(roots, day);
      expect(await countByStatus(t.db.kysely, t.db.kind, f), `${label}: ${roots.join('+')} on ${day}`).toEqual(direct);
      // The overdue filter: counts and the list's total.
      const overdue = await countByStatus(t.db.kysely, t.db.kind, { ...f, overdue: true });
      expect(overdue.overdue).toBe(direct.overdue);
      expect(overdue.total).toBe(direct.overdue);
      const page = await list(t.db.kysely, t.db.kind, { ...f, statuses: ['open', 'rectifying'], overdue: true }, 'dueOn', 5, 0);
      expect(page.total).toBe(direct.overdue);
      expect((await list(t.db.kysely, t.db.kind, f, 'dueOn', 5, 0)).total).toBe(direct.total);
    }
  }
}

describe('problem counters', () => {
  it('equal a full recount after a few hundred random writes, for every scope and any day', async () => {
    const random = seededRandom(14);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const today = shanghaiDate(t.clock.now());
    const someDay = () => (random() < 0.1 ? null : addDays(today, Math.floor(random() * 90) - 45));
    let done = 0;
    let moved = 0;
    for (let op = 0; op < 220; op++) {
      const roll = random();
      const problems = await t.db.kysely.selectFrom('problems').select(['id', 'version', 'status']).orderBy('id').execute();
      // Deadlines are edited while the work is not done.
      const editable = problems.filter((p) => p.status === 'open' || p.status === 'rectifying');
      if (roll < 0.2) {
        const { villages } = await paths();
        const res = await post('/api/problems', {
          organizationId: pick(villages).id,
          description: `随机问题 ${op}`,
          severity: 'minor',
          // A problem may be recorded without a deadline (omitted, not null).
          ...(random() < 0.1 ? {} : { dueOn: addDays(today, Math.floor(random() * 90) - 45) }),
        });
        expect(res.statusCode, res.body).toBe(201);
      } else if (roll < 0.8) {
        const movable = problems.filter((p) => ACTIONS_FROM[p.status]!.length > 0);
        const p = pick(movable);
        const action = pick(ACTIONS_FROM[p.status]!);
        if (action === 'submit') expect((await uploadEvidence(t, admin, { problemId: p.id })).statusCode).toBe(201);
        const res = await post(`/api/problems/${p.id}/transitions`, {
          action,
          version: p.version,
          ...(['reject', 'reopen', 'withdraw'].includes(action) ? { reason: '核查后处理（随机测试）' } : {}),
          ...(action === 'close' || action === 'submit' ? { completeMeasures: true } : {}),
        });
        expect(res.statusCode, `${action} from ${p.status}: ${res.body}`).toBe(200);
      } else if (roll < 0.93) {
        const p = pick(editable);
        const res = await post(`/api/problems/${p.id}`, { version: p.version, dueOn: someDay() }, 'PATCH');
        expect(res.statusCode, res.body).toBe(200);
      } else if (roll < 0.98) {
        const chosen = editable.filter(() => random() < 0.1).slice(0, 20);
        if (chosen.length === 0) continue;
        const res = await post('/api/problems/bulk', {
          items: chosen.map((p) => ({ id: p.id, version: p.version })),
          dueOn: someDay() ?? today,
        });
        expect(res.statusCode, res.body).toBe(200);
      } else if (moved < 3) {
        // A village (with its problems' paths) moves to the other subdistrict.
        const { subdistricts, villages } = await paths();
        const v = pick(villages);
        const to = subdistricts.find((s) => s.id !== v.parent_id)!;
        const res = await post(`/api/organizations/${v.id}`, { version: v.version, parentId: to.id }, 'PATCH');
        expect(res.statusCode, res.body).toBe(200);
        moved++;
      } else continue;
      done++;
      if (op % 40 === 39) {
        // Days pass (overdue moves with them); the session would idle out.
        t.clock.advance(24 * 3600 * 1000);
        admin = await t.login('admin');
      }
    }
    expect(done).toBeGreaterThan(170);
    expect(moved).toBeGreaterThan(0);
    await expectCountersMatch('after random writes');
  });

  it('lose nothing under concurrent transitions, creations and bulk deadline changes', async () => {
    const open = await t.db.kysely.selectFrom('problems').select(['id', 'version']).where('status', '=', 'open').limit(16).execute();
    const rectifying = await t.db.kysely
      .selectFrom('problems')
      .select(['id', 'version'])
      .where('status', '=', 'rectifying')
      .orderBy('id')
      .limit(24)
      .execute();
    const village = (await paths()).villages[0]!;
    const bulk = (items: typeof rectifying, dueOn: string) =>
      post('/api/problems/bulk', { items: items.map((p) => ({ id: p.id, version: p.version })), dueOn });
    const results = await Promise.all([
      // Two bulk edits moving deadlines in opposite directions: each changes counter rows problem by problem.
      bulk(rectifying.slice(0, 12), '2026-12-20'),
      bulk(rectifying.slice(12), '2026-11-02'),
      ...open.map((p) => post(`/api/problems/${p.id}/transitions`, { action: 'start', version: p.version })),
      ...Array.from({ length: 8 }, (_, i) =>
        post('/api/problems', { organizationId: village.id, description: `并发登记 ${i}`, severity: 'minor', dueOn: '2026-12-01' }),
      ),
    ]);
    expect(results.map((r) => r.statusCode).filter((c) => c >= 300)).toEqual([]);
    await expectCountersMatch('after concurrent writes');
  });

  it('are repaired by recount, which names what it changed', async () => {
    const [a, b] = (await listCounters(t.db.kysely)).filter((r) => r.n > 0);
    await t.db.kysely
      .updateTable('problem_counters')
      .set({ n: a!.n + 5 })
      .where('scope_id', '=', a!.scope_id)
      .where('status', '=', a!.status)
      .where('due_on', '=', a!.due_on)
      .execute();
    await t.db.kysely
      .deleteFrom('problem_counters')
      .where('scope_id', '=', b!.scope_id)
      .where('status', '=', b!.status)
      .where('due_on', '=', b!.due_on)
      .execute();
    await t.db.kysely.insertInto('problem_counters').values({ scope_id: 'nobody', status: 'open', due_on: '', n: 3 }).execute();
    expect(await countersNow()).not.toEqual(await recounted());

    const changes = await recountProblemCounters(t.db);
    expect(changes).toHaveLength(3);
    expect(changes).toEqual(
      expect.arrayContaining([
        { scope_id: a!.scope_id, status: a!.status, due_on: a!.due_on, was: a!.n + 5, now: a!.n },
        { scope_id: b!.scope_id, status: b!.status, due_on: b!.due_on, was: 0, now: b!.n },
        { scope_id: 'nobody', status: 'open', due_on: '', was: 3, now: 0 },
      ]),
    );
    await expectCountersMatch('after recount');
    const recorded = () => t.db.kysely.selectFrom('audit_events').select('data').where('type', '=', 'problem_counters.recounted').execute();
    expect((await recorded()).map((e) => JSON.parse(e.data) as unknown)).toEqual([{ corrected: 3 }]);
    // Nothing to correct: nothing changed, nothing recorded.
    expect(await recountProblemCounters(t.db)).toEqual([]);
    expect(await recorded()).toHaveLength(1);
  });
});
