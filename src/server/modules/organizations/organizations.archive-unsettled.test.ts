import { afterEach, describe, expect, it } from 'vitest';
import { countAuditEvents, type Headers, makeOrg } from '../../testing/factories.ts';
import { makeProblem, problemIn, transition } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { newId } from '../../db/ids.ts';
import { lockHead } from '../audit/audit-chain.repository.ts';

/**
 * Archiving (撤并) a village leaves nobody to finish its problems: refused while one is not settled (closed or
 * withdrawn), and an archived village takes no new problem and reopens none. Once archived, it keeps its place in
 * the months it took part in: last month's ranking is not rewritten by this month's archive.
 */
let t: TestApp;
afterEach(() => t?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, asserted field by field
type Entry = Record<string, any>;

async function call(headers: Headers, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  t.clock.advance(1000);
  return t.app.inject({ method, url, headers, payload });
}

async function orgVersion(id: string): Promise<number> {
  const row = await t.db.kysely.selectFrom('organizations').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return Number(row.version);
}

const archive = async (admin: Headers, id: string) =>
  call(admin, 'PATCH', `/api/organizations/${id}`, { version: await orgVersion(id), archived: true });

async function novemberVillages(admin: Headers): Promise<Map<string, Entry>> {
  const res = await call(admin, 'GET', '/api/rankings/monthly?month=2026-11');
  expect(res.statusCode, res.body).toBe(200);
  return new Map(res.json().villages.map((v: Entry) => [v.organizationName, v]));
}

describe('archiving a village', () => {
  it('is refused while a problem there is not settled, and names what is left', async () => {
    t = await createTestApp({ demo: true });
    const admin = await t.login('admin');
    const village = await makeOrg(t, admin, '良田街道');
    await problemIn(t, admin, village.id, 'open');
    await problemIn(t, admin, village.id, 'accepted');
    await problemIn(t, admin, village.id, 'closed');
    await problemIn(t, admin, village.id, 'withdrawn');

    const audited = await countAuditEvents(t.db);
    const refused = await archive(admin, village.id);
    expect(refused.statusCode, refused.body).toBe(422);
    const error = refused.json().error;
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.message).toContain('还有 2 个问题未销号（待整改 1，已验收 1）');
    expect(error.details).toEqual({ unsettledProblems: 2 });
    // Nothing written: still active, no audit event.
    const row = await t.db.kysely.selectFrom('organizations').select('archived_at').where('id', '=', village.id).executeTakeFirstOrThrow();
    expect(row.archived_at).toBeNull();
    expect(await countAuditEvents(t.db)).toBe(audited);
  });

  it('is allowed once every problem is settled; then no new problem and no 回头看 there', async () => {
    t = await createTestApp({ demo: true });
    const admin = await t.login('admin');
    const village = await makeOrg(t, admin, '良田街道');
    const closed = await problemIn(t, admin, village.id, 'closed');
    const open = await makeProblem(t, admin, village.id);
    expect((await archive(admin, village.id)).statusCode).toBe(422);
    const withdrawn = await transition(t, admin, open, 'withdraw', '误登记，经核实撤销');
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);

    const archived = await archive(admin, village.id);
    expect(archived.statusCode, archived.body).toBe(200);

    const created = await call(admin, 'POST', '/api/problems', {
      organizationId: village.id,
      description: '活动场所制度未上墙',
      severity: 'minor',
      dueOn: '2026-12-31',
    });
    // 409 with reason "archived", as for every refusal because of an archived organization (archived-refusals.test.ts).
    expect(created.statusCode, created.body).toBe(409);
    expect(created.json().error).toMatchObject({ code: 'CONFLICT', details: { reason: 'archived' } });
    expect(created.json().error.message).toContain('已归档，不能登记问题');

    const reopened = await call(admin, 'POST', `/api/problems/${closed.id}/transitions`, {
      action: 'reopen',
      version: closed.version,
      reason: '回头看发现制度又被撕掉',
    });
    expect(reopened.statusCode, reopened.body).toBe(409);
    expect(reopened.json().error.message).toContain('已归档，不能回头看重新整改');
    const after = await t.db.kysely
      .selectFrom('problems')
      .select(['status', 'version'])
      .where('id', '=', closed.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'closed', version: closed.version });
  });

  it("keeps the village in last month's ranking, and leaves it out of this month's and of the interview candidates", async () => {
    t = await createTestApp({ demo: true });
    let admin = await t.login('admin');
    const village = await makeOrg(t, admin, '良田街道');
    // Overdue through November: the village ranks last of the month, read once it has ended.
    const late = await makeProblem(t, admin, village.id, { dueOn: '2026-11-01' });
    // A leader's 交办事项 there, late since 18 November and never done.
    const officerThen = await t.login('officer');
    const visit = await call(officerThen, 'POST', '/api/visits', {
      visitedOn: '2026-11-10',
      leaderName: '刘振华',
      leaderTitle: '区党工委书记',
      organizationIds: [village.id],
      observations: '实地察看活动场所。',
      instructions: '尽快拿出建设方案。',
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const task = await call(officerThen, 'POST', `/api/visits/${visit.json().id}/tasks`, {
      organizationId: village.id,
      instruction: '撤并前交办的事项',
      ownerUnit: '村党支部',
      dueOn: '2026-11-18',
    });
    expect(task.statusCode, task.body).toBe(201);
    t.clock.current = new Date('2026-12-02T02:00:00.000Z');
    admin = await t.login('admin');
    const before = await novemberVillages(admin);
    expect(before.size).toBe(17);
    const entry = before.get(village.name)!;
    expect(entry).toMatchObject({ rank: 17, figures: { total: 1, overdue: 1 }, rag: { colour: 'red' } });

    const candidates = async () =>
      (await call(admin, 'GET', '/api/interviews/candidates?month=2026-11')).json().items.map((c: Entry) => c.organizationName);
    expect(await candidates()).toContain(village.name);

    // December: the problem is withdrawn (it was wrongly recorded) and the village merged away.
    expect((await transition(t, admin, late, 'withdraw', '误登记，经核实撤销')).statusCode).toBe(200);
    expect((await archive(admin, village.id)).statusCode).toBe(200);

    // November as it was: the same seventeen, the village with the same rank, score and figures.
    const november = await novemberVillages(admin);
    expect([...november.keys()].sort()).toEqual([...before.keys()].sort());
    const kept = november.get(village.name)!;
    expect(kept).toMatchObject({ rank: entry.rank, of: 17, score: entry.score, figures: entry.figures, rag: { colour: 'red' } });
    for (const [name, e] of before) expect(november.get(name)!.rank, name).toBe(e.rank);

    // Nobody to interview there any more.
    expect(await candidates()).not.toContain(village.name);
    // November's circular lists its overdue problem, as its ranking row counts it (the annex contradicted itself).
    const officer = await t.login('officer');
    const circular = await call(officer, 'POST', '/api/circulars', { month: '2026-11' });
    expect(circular.statusCode, circular.body).toBe(201);
    const annex = circular.json().annex;
    expect(annex.ranking.villages.map((v: Entry) => v.name)).toContain(village.name);
    expect(annex.overdue.map((o: Entry) => o.organization)).toContain(village.name);
    expect(annex.overdueTasks.map((o: Entry) => o.organization)).toContain(village.name);

    // December, running: the village has left.
    const december = await call(admin, 'GET', '/api/rankings/monthly?month=2026-12');
    const names = december.json().villages.map((v: Entry) => v.organizationName);
    expect(names).toHaveLength(16);
    expect(names).not.toContain(village.name);

    // December's circular, drafted in January: the village left on 2 December, and so did its late task (before,
    // it stayed in every later month's annex, with nobody left to finish it).
    t.clock.current = new Date('2027-01-05T02:00:00.000Z');
    const officerLater = await t.login('officer');
    const decemberCircular = await call(officerLater, 'POST', '/api/circulars', { month: '2026-12' });
    expect(decemberCircular.statusCode, decemberCircular.body).toBe(201);
    expect(decemberCircular.json().annex.overdueTasks.map((o: Entry) => o.organization)).not.toContain(village.name);
    expect(decemberCircular.json().annex.ranking.villages.map((v: Entry) => v.name)).not.toContain(village.name);
  });

  it('waits, on PostgreSQL, for a problem being written there, and counts it', async () => {
    t = await createTestApp({ demo: true });
    if (t.db.kind !== 'postgres') return; // SQLite runs one write transaction at a time.
    const admin = await t.login('admin');
    const village = await makeOrg(t, admin, '良田街道');
    const template = await makeProblem(t, admin, '大闵村');
    const row = await t.db.kysely.selectFrom('problems').selectAll().where('id', '=', template.id).executeTakeFirstOrThrow();
    const org = await t.db.kysely
      .selectFrom('organizations')
      .select(['path', 'version'])
      .where('id', '=', village.id)
      .executeTakeFirstOrThrow();
    // A write recording a problem in the village (an inspection, say): it holds the audit chain from its first event.
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let chained!: () => void;
    const holdsChain = new Promise<void>((resolve) => (chained = resolve));
    const recording = t.db.kysely.transaction().execute(async (trx) => {
      await lockHead(trx, 'postgres');
      chained();
      await finished;
      const { remind_on: _r, ...copy } = row;
      await trx
        .insertInto('problems')
        .values({ ...copy, id: newId(), code: 'WT-2611-9999', organization_id: village.id, org_path: org.path, status: 'open', version: 1 })
        .execute();
    });
    await holdsChain;
    t.clock.advance(1000);
    let settled = false;
    const archiving = t.app
      .inject({
        method: 'PATCH',
        url: `/api/organizations/${village.id}`,
        headers: admin,
        payload: { version: Number(org.version), archived: true },
      })
      .finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    const waited = !settled;
    finish();
    await recording;
    const archived = await archiving;
    expect(waited).toBe(true);
    // Before: it counted nothing (the problem was not committed yet), then archived a village with an open problem.
    expect(archived.statusCode, archived.body).toBe(422);
    expect(archived.json().error.details).toEqual({ unsettledProblems: 1 });
  });

  it('is seen, on PostgreSQL, by a problem written there at the same moment, which is refused', async () => {
    t = await createTestApp({ demo: true });
    if (t.db.kind !== 'postgres') return;
    const admin = await t.login('admin');
    const village = await makeOrg(t, admin, '良田街道');
    // An archive in progress: it has written the village and taken the audit chain, and not committed yet.
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let written!: () => void;
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    const archiving = t.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('organizations').set({ archived_at: '2026-11-27T02:00:00.000Z' }).where('id', '=', village.id).execute();
      await lockHead(trx, 'postgres');
      written();
      await held;
    });
    await isWritten;
    let settled = false;
    const creating = call(admin, 'POST', '/api/problems', {
      organizationId: village.id,
      description: '活动场所制度未上墙',
      severity: 'minor',
      dueOn: '2026-12-31',
    }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    const waited = !settled;
    commit();
    await archiving;
    const created = await creating;
    expect(waited).toBe(true);
    // Before: it read the village as active before the archive committed, and recorded its problem there.
    expect(created.statusCode, created.body).toBe(409);
    expect(created.json().error.message).toContain('已归档');
    const n = await t.db.kysely
      .selectFrom('problems')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', village.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it("and a write that holds the village's row, then its audit event, do not wait on each other (PostgreSQL)", async () => {
    t = await createTestApp({ demo: true });
    if (t.db.kind !== 'postgres') return;
    const admin = await t.login('admin');
    const village = await makeOrg(t, admin, '良田街道');
    const version = await orgVersion(village.id);
    // A write of the village's row in progress (a liaison group taking it on: its row, then its audit event).
    let go!: () => void;
    const proceed = new Promise<void>((resolve) => (go = resolve));
    let locked!: () => void;
    const holdsRow = new Promise<void>((resolve) => (locked = resolve));
    const writing = t.db.kysely.transaction().execute(async (trx) => {
      await trx
        .updateTable('organizations')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', village.id)
        .execute();
      locked();
      await proceed;
      await lockHead(trx, 'postgres');
    });
    await holdsRow;
    t.clock.advance(1000);
    const archiving = t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${village.id}`,
      headers: admin,
      payload: { version, archived: true },
    });
    await new Promise((r) => setTimeout(r, 300));
    go();
    await writing;
    // Before: the archive took the chain, then waited for the row; the write, holding the row, waited for the
    // chain: a deadlock, the archive refused with 409 after a second.
    const archived = await archiving;
    expect(archived.statusCode, archived.body).toBe(200);
  });
});
