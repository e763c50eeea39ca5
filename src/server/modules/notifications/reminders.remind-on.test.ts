import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../../domain/time.ts';
import { up as addRemindOn } from '../../db/migrations/2026-12-04-09-problem-remind-on.ts';
import { type Headers, makeUser, userVersion } from '../../testing/factories.ts';
import { makeProblem, problemIn, transition } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import * as repo from './notifications.repository.ts';
import { createReminders, type ReminderRunStats } from './reminders.service.ts';

// The test clock starts on Friday 2026-11-27, 10:00 in Shanghai.
let t: TestApp;
let admin: Headers;
afterEach(() => t?.close());

async function start() {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
}

/** One reminders run at `at` (default: the test clock), with what it examined. */
async function run(at = t.clock.now()): Promise<{ created: number; examined: number }> {
  const stats: ReminderRunStats = { examined: 0 };
  const created = await createReminders(t.db.kysely, at, await loadCadenceRules(t.db.kysely), { stats });
  return { created, examined: stats.examined };
}

/** Runs a minute apart until one adds nothing. */
async function drain(at = t.clock.now()) {
  for (let minute = 0; minute < 20; minute++) if ((await run(new Date(at.getTime() + minute * 60_000))).created === 0) return;
  throw new Error('never quiet');
}

/** The deadline reminders told about a problem, to anyone (its `step:threshold:deadline`). */
async function keysOf(problemId: string): Promise<string[]> {
  const rows = await t.db.kysely
    .selectFrom('notifications')
    .select('dedupe_key')
    .distinct()
    .where('dedupe_key', 'like', `problem:${problemId}:%`)
    .execute();
  return rows
    .map((r) => r.dedupe_key.slice(`problem:${problemId}:`.length))
    .filter((k) => /^(due|overdue):/.test(k))
    .sort();
}

async function remindOn(problemId: string): Promise<string | null> {
  const row = await t.db.kysely.selectFrom('problems').select('remind_on').where('id', '=', problemId).executeTakeFirstOrThrow();
  return row.remind_on;
}

/** Problems the next run would examine on `day`. */
async function dueForALook(day: string): Promise<number> {
  const rows = await t.db.kysely.selectFrom('problems').select('id').where('remind_on', '<=', day).execute();
  return rows.length;
}

async function version(problemId: string): Promise<number> {
  const row = await t.db.kysely.selectFrom('problems').select('version').where('id', '=', problemId).executeTakeFirstOrThrow();
  return row.version;
}

describe('reminders read only what may be due (problems.remind_on)', () => {
  it('a quiet run after everything was told examines nothing; the next step is looked at on its day', async () => {
    await start();
    const today = shanghaiDate(t.clock.now());
    const soon = await makeProblem(t, admin, '大闵村', { dueOn: '2026-12-04' }); // due in 7 days: told today
    const later = await makeProblem(t, admin, '张东村', { dueOn: '2027-03-01' }); // months away
    const done = await problemIn(t, admin, '大闵村', 'closed');
    await drain();
    expect(await keysOf(soon.id)).toEqual(['due:7:2026-12-04']);
    // Nothing left worth a look today: a run reads no problem.
    expect(await dueForALook(today)).toBe(0);
    expect(await run()).toEqual({ created: 0, examined: 0 });
    expect(await remindOn(soon.id)).toBe('2026-12-01'); // its next step: due in 3 days
    expect(await remindOn(later.id)).toBe('2027-02-22');
    expect(await remindOn(done.id)).toBeNull();
    // On that day the next step is told.
    await run(new Date('2026-12-01T01:00:00.000Z'));
    expect(await keysOf(soon.id)).toEqual(['due:3:2026-12-04', 'due:7:2026-12-04']);
  });

  it('a new deadline or a reopening is looked at on the next run, which tells the new step', async () => {
    await start();
    const today = shanghaiDate(t.clock.now());
    const moved = await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-20' }); // 7 days overdue
    let closed = await problemIn(t, admin, '张东村', 'closed');
    await t.db.kysely.updateTable('problems').set({ due_on: '2026-11-26' }).where('id', '=', closed.id).execute();
    await drain();
    expect(await keysOf(moved.id)).toEqual(['overdue:7:2026-11-20']);
    expect(await keysOf(closed.id)).toEqual([]);
    expect(await dueForALook(today)).toBe(0);

    // The deadline moved to 3 days ahead; the closed problem reopened (1 day overdue).
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/problems/${moved.id}`,
      headers: admin,
      payload: { version: await version(moved.id), dueOn: '2026-11-30' },
    });
    expect(patch.statusCode).toBe(200);
    const reopened = await transition(t, admin, { id: closed.id, version: await version(closed.id) }, 'reopen', '回头看发现问题反弹');
    expect(reopened.statusCode).toBe(200);
    closed = { ...closed, version: reopened.json().version };
    expect(await remindOn(moved.id)).toBe(today);
    expect(await remindOn(closed.id)).toBe(today);

    const next = await run(new Date(t.clock.now().getTime() + 60_000));
    expect(next.examined).toBe(2);
    expect(await keysOf(moved.id)).toEqual(['due:3:2026-11-30', 'overdue:7:2026-11-20']);
    expect(await keysOf(closed.id)).toEqual(['overdue:1:2026-11-26']);
    expect(await dueForALook(today)).toBe(0);
  });

  it('a change of the reminder steps has every open problem looked at again, so that a new threshold is told', async () => {
    await start();
    const today = shanghaiDate(t.clock.now());
    const p = await makeProblem(t, admin, '大闵村', { dueOn: '2026-12-02' }); // 5 days left: step 7
    await drain();
    expect(await keysOf(p.id)).toEqual(['due:7:2026-12-02']);
    expect(await remindOn(p.id)).toBe('2026-11-29');

    const current = (await t.app.inject({ method: 'GET', url: '/api/settings/cadence', headers: admin })).json();
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/cadence',
      headers: admin,
      payload: { version: current.version, rules: { ...current.rules, reminders: { dueInDays: [5, 1], overdueDays: [1, 7, 14] } } },
    });
    expect(res.statusCode).toBe(200);
    expect(await remindOn(p.id)).toBe(today);
    await run(new Date(t.clock.now().getTime() + 60_000));
    expect(await keysOf(p.id)).toEqual(['due:5:2026-12-02', 'due:7:2026-12-02']);
    expect(await remindOn(p.id)).toBe('2026-12-01');

    // Other settings leave the problems alone.
    const again = (await t.app.inject({ method: 'GET', url: '/api/settings/cadence', headers: admin })).json();
    const other = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/cadence',
      headers: admin,
      payload: { version: again.version, rules: { ...again.rules, rag: { ...again.rules.rag, redOverdueDays: 20 } } },
    });
    expect(other.statusCode).toBe(200);
    expect(await remindOn(p.id)).toBe('2026-12-01');
  });

  it('a write between the run reading a problem and moving it on keeps its look (version guard), without a version bump', async () => {
    await start();
    const today = shanghaiDate(t.clock.now());
    const a = await makeProblem(t, admin, '大闵村', { dueOn: '2026-12-20' });
    const b = await makeProblem(t, admin, '张东村', { dueOn: '2026-12-20' });
    const read = await repo.listProblemsToExamine(t.db.kysely, today, 100);
    const rowA = read.find((r) => r.id === a.id)!;
    const rowB = read.find((r) => r.id === b.id)!;
    // Meanwhile a user moves a's deadline to tomorrow (remind_on: today, version + 1).
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/problems/${a.id}`,
      headers: admin,
      payload: { version: rowA.version, dueOn: '2026-11-28' },
    });
    expect(patch.statusCode).toBe(200);
    const moved = await repo.moveRemindOn(t.db.kysely, [
      { id: a.id, version: rowA.version, remindOn: rowA.remind_on!, next: '2026-12-13' },
      { id: b.id, version: rowB.version, remindOn: rowB.remind_on!, next: '2026-12-13' },
    ]);
    expect(moved).toBe(1);
    expect(await remindOn(a.id)).toBe(today);
    expect(await remindOn(b.id)).toBe('2026-12-13');
    expect(await version(b.id)).toBe(rowB.version);
    // The next run tells a's new step.
    await run();
    expect(await keysOf(a.id)).toEqual(['due:1:2026-11-28']);
  });

  it('while no liaison group covers anything a submission waits, unread, until one does', async () => {
    await start();
    const today = shanghaiDate(t.clock.now());
    const archive = (at: string | null) => t.db.kysely.updateTable('liaison_groups').set({ archived_at: at }).execute();
    await archive('2026-11-27T00:00:00.000Z');
    const p = await problemIn(t, admin, '大闵村', 'submitted');
    const told = async () => {
      const rows = await t.db.kysely
        .selectFrom('notifications')
        .select('id')
        .where('dedupe_key', 'like', `problem:${p.id}:submitted:%`)
        .execute();
      return rows.length;
    };
    // (The verifiers were told as it was submitted, under the same key: forgotten here, so that only the job tells.)
    await t.db.kysely.deleteFrom('notifications').where('dedupe_key', 'like', `problem:${p.id}:submitted:%`).execute();
    await drain();
    expect(await told()).toBe(0);
    expect(await remindOn(p.id)).toBe(repo.AWAITING_COVERAGE);
    expect(await dueForALook(today)).toBe(0);
    // A group covers its village again: the next run tells the group.
    await archive(null);
    await run(new Date(t.clock.now().getTime() + 60_000));
    expect(await told()).toBeGreaterThan(0);
    expect(await remindOn(p.id)).toBeNull();
  });

  it('a step nobody could hear waits for the next day, and reaches a secretary given the role today on the next run', async () => {
    await start();
    const today = shanghaiDate(t.clock.now());
    // 上庄村 has no secretary: its problem's step (due in 7 days, the village's) has nobody to hear it.
    const p = await makeProblem(t, admin, '上庄村', { dueOn: '2026-12-04' });
    await drain();
    expect(await keysOf(p.id)).toEqual([]);
    expect(await remindOn(p.id)).toBe('2026-11-28');
    expect(await dueForALook(today)).toBe(0);
    // A secretary is appointed today (a new account with the role): the next run, a minute later, tells them.
    const created = await makeUser(t, admin, [{ role: 'village_secretary', org: '上庄村' }]);
    expect(await remindOn(p.id)).toBe(today);
    await run(new Date(t.clock.now().getTime() + 60_000));
    expect(await keysOf(p.id)).toEqual(['due:7:2026-12-04']);
    const heard = await t.db.kysely
      .selectFrom('notifications')
      .select('user_id')
      .where('dedupe_key', 'like', `problem:${p.id}:due:%`)
      .execute();
    expect(heard.map((r) => r.user_id)).toEqual([created.id]);
    expect(await remindOn(p.id)).toBe('2026-12-01');
  });

  it('a role given to an existing account, or a disabled holder enabled again, also brings the step forward', async () => {
    await start();
    const today = shanghaiDate(t.clock.now());
    const p = await makeProblem(t, admin, '上庄村', { dueOn: '2026-12-04' });
    const q = await makeProblem(t, admin, '安家村', { dueOn: '2026-12-04' });
    await drain();
    expect([await remindOn(p.id), await remindOn(q.id)]).toEqual(['2026-11-28', '2026-11-28']);
    // The secretary of 大闵村 is also given 上庄村: only 上庄村's problem is looked at again.
    const secretary = await t.userId('secretary');
    const granted = await t.app.inject({
      method: 'POST',
      url: `/api/users/${secretary}/roles`,
      headers: admin,
      payload: { role: 'village_secretary', organizationId: await t.orgId('上庄村'), version: await userVersion(t.db, secretary) },
    });
    expect(granted.statusCode).toBe(200);
    expect([await remindOn(p.id), await remindOn(q.id)]).toEqual([today, '2026-11-28']);
    // 安家村 gets a secretary whose account is then disabled: a run finds nobody to hear its step (remind_on is
    // tomorrow again, set here as that run would); enabling the account brings the step forward.
    const made1 = await makeUser(t, admin, [{ role: 'village_secretary', org: '安家村' }]);
    const disabled = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${made1.id}`,
      headers: admin,
      payload: { disabled: true, version: made1.version },
    });
    expect(disabled.statusCode).toBe(200);
    await drain();
    expect(await remindOn(q.id)).toBe('2026-11-28');
    const enabled = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${made1.id}`,
      headers: admin,
      payload: { disabled: false, version: disabled.json<{ version: number }>().version },
    });
    expect(enabled.statusCode).toBe(200);
    expect(await remindOn(q.id)).toBe(today);
  });

  it('a submission in a village no group covers waits, and reaches the group given the village on the next run', async () => {
    await start();
    const today = shanghaiDate(t.clock.now());
    type Group = { id: string; name: string; version: number; villages: Array<{ id: string }> };
    const groupOne = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/liaison-groups', headers: admin }))
        .json<{ items: Group[] }>()
        .items.find((g) => g.name === '第一包联组')!;
    const setVillages = async (ids: string[]) => {
      const g = await groupOne();
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/liaison-groups/${g.id}`,
        headers: admin,
        payload: { version: g.version, villageIds: ids },
      });
      expect(res.statusCode).toBe(200);
    };
    const shangzhuang = await t.orgId('上庄村');
    const all = (await groupOne()).villages.map((v) => v.id);
    await setVillages(all.filter((id) => id !== shangzhuang));
    const p = await problemIn(t, admin, '上庄村', 'submitted');
    const told = async () =>
      (await t.db.kysely.selectFrom('notifications').select('id').where('dedupe_key', 'like', `problem:${p.id}:submitted:%`).execute())
        .length;
    await t.db.kysely.deleteFrom('notifications').where('dedupe_key', 'like', `problem:${p.id}:submitted:%`).execute();
    await drain();
    expect(await told()).toBe(0);
    expect(await remindOn(p.id)).toBe('2026-11-28');
    // The group takes 上庄村 back: its members hear of the submission on the next run, not tomorrow.
    await setVillages(all);
    expect(await remindOn(p.id)).toBe(today);
    await run(new Date(t.clock.now().getTime() + 60_000));
    expect(await told()).toBe(3);
    expect(await remindOn(p.id)).toBeNull();
  });

  it('the upgrade marks the problems that may have something to tell, and the first run tells each once', async () => {
    await start();
    const today = shanghaiDate(t.clock.now());
    const open = await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-30' });
    const submitted = await problemIn(t, admin, '大闵村', 'submitted');
    const closed = await problemIn(t, admin, '张东村', 'closed');
    const withdrawn = await problemIn(t, admin, '张东村', 'withdrawn');
    await drain();
    const before = await keysOf(open.id);
    expect(before).toEqual(['due:3:2026-11-30']);
    // The database as it was before the migration, then migrated.
    await sql`drop index problems_remind_idx`.execute(t.db.kysely);
    await sql`alter table problems drop column remind_on`.execute(t.db.kysely);
    await addRemindOn(t.db.kysely);
    expect(await remindOn(open.id)).toBe('0000-01-01');
    expect(await remindOn(submitted.id)).toBe('0000-01-01');
    expect(await remindOn(closed.id)).toBeNull();
    expect(await remindOn(withdrawn.id)).toBeNull();
    // The first run looks at them (nothing told twice), and moves them on.
    const first = await run(new Date(t.clock.now().getTime() + 60_000));
    expect(first.created).toBe(0);
    expect(first.examined).toBeGreaterThanOrEqual(2);
    expect(await keysOf(open.id)).toEqual(before);
    expect(await remindOn(open.id)).toBe('2026-11-29');
    expect(await remindOn(submitted.id)).toBeNull();
    expect(await dueForALook(today)).toBe(0);
  });
});
