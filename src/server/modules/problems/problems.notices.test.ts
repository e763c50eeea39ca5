import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VillageDashboard } from '../../../domain/contracts/dashboard.ts';
import type { Notification } from '../../../domain/contracts/notifications.ts';
import type { ProblemDetail } from '../../../domain/contracts/problems.ts';
import { renderNotification } from '../../../domain/notification-messages.ts';
import { submittedKey } from '../../../domain/reminders.ts';
import { makeUser, TEST_PASSWORD, type Headers } from '../../testing/factories.ts';
import { makeProblem, transition, uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createReminders } from '../notifications/reminders.service.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';

/**
 * The village hears when its work is sent back, the verifiers when work is
 * submitted, the village again when it is accepted or closed: in the
 * transition's transaction, once per event.
 */
let t: TestApp;
let admin: Headers;
let secretary: Headers;
let liaison: Headers;
let officer: Headers;
let owner: { id: string; headers: Headers };

const MINUTE = 60_000;
/** The liaison group covering 大闵村 in the demo; lg2-party sits in another group. */
const GROUP_1 = ['liaison', 'lg1-dept', 'lg1-sub'];

/** A user's notifications about one problem, as `kind dedupe_key` lines, oldest first. */
async function inbox(userId: string, problemId: string): Promise<string[]> {
  const rows = await t.db.kysely
    .selectFrom('notifications')
    .select(['kind', 'dedupe_key'])
    .where('user_id', '=', userId)
    .where('link', '=', `/ledger/${problemId}`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.kind} ${r.dedupe_key}`);
}
const inboxOf = async (username: string, problemId: string) => inbox(await t.userId(username), problemId);
const kinds = (lines: string[]) => lines.map((l) => l.split(' ')[0]);

async function get<T>(headers: Headers, url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

/** Fires an action and returns the new version; fails the test on anything but 200. */
async function fire(by: Headers, p: { id: string; version: number }, action: string, reason?: string): Promise<number> {
  const res = await transition(t, by, p, action, reason);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ProblemDetail>().version;
}

/** A 大闵村 problem owned by `owner`, started and submitted by the secretary (with a photo). */
async function submittedProblem(extra: Record<string, unknown> = {}) {
  const made = await makeProblem(t, admin, '大闵村', { ownerId: owner.id, ownerName: '王村委', ...extra });
  let version = await fire(secretary, made, 'start');
  expect((await uploadEvidence(t, secretary, { problemId: made.id })).statusCode).toBe(201);
  t.clock.advance(MINUTE);
  version = await fire(secretary, { id: made.id, version }, 'submit');
  return { id: made.id, version };
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  secretary = await t.login('secretary');
  liaison = await t.login('liaison');
  officer = await t.login('officer');
  // The owner is an account of the village (a committee member with read access), not only a name.
  const made = await makeUser(t, admin, [{ role: 'viewer', org: '大闵村' }], { displayName: '王村委' });
  owner = { id: made.id, headers: await t.login(made.username, TEST_PASSWORD) };
});
afterAll(() => t.close());

describe('notices of the problem workflow', () => {
  it('tells the covering liaison group of a submission at once, under the key the reminders job uses (the job adds none)', async () => {
    const p = await submittedProblem();
    const row = await t.db.kysely.selectFrom('problems').select('submitted_at').where('id', '=', p.id).executeTakeFirstOrThrow();
    const line = `problem_submitted ${submittedKey(p.id, row.submitted_at!)}`;
    for (const member of GROUP_1) expect(await inboxOf(member, p.id), member).toEqual([line]);
    for (const other of ['lg2-party', 'secretary', 'zhangdong', 'admin', 'officer']) expect(await inboxOf(other, p.id), other).toEqual([]);
    expect(await inbox(owner.id, p.id)).toEqual([]);

    await createReminders(t.db.kysely, t.clock.now(), await loadCadenceRules(t.db.kysely));
    for (const member of GROUP_1) expect(await inboxOf(member, p.id), member).toEqual([line]);
  });

  it('tells the owner and the village secretary of a send-back once, with the reason; a send-back of a later submission is a new notice', async () => {
    let p = await submittedProblem();
    t.clock.advance(MINUTE);
    p = { id: p.id, version: await fire(liaison, p, 'reject', '照片看不清制度内容，请补拍') };

    const first = await inboxOf('secretary', p.id);
    expect(kinds(first)).toEqual(['problem_rejected']);
    expect(await inbox(owner.id, p.id)).toEqual(first);
    // Not the verifier who sent it back, nor the rest of the group, nor another village.
    for (const other of ['liaison', 'lg1-dept', 'zhangdong'])
      expect(kinds(await inboxOf(other, p.id)), other).not.toContain('problem_rejected');

    // The same event is never told twice: a stale retry of the send-back is refused and adds nothing.
    const retry = await transition(t, liaison, { id: p.id, version: p.version - 1 }, 'reject', '照片看不清制度内容，请补拍');
    expect(retry.statusCode).toBe(409);
    expect(await inboxOf('secretary', p.id)).toEqual(first);

    // Resubmitted, sent back again: a second notice, and the group hears of the second submission.
    t.clock.advance(MINUTE);
    p = { id: p.id, version: await fire(secretary, p, 'submit') };
    expect(kinds(await inboxOf('lg1-dept', p.id))).toEqual(['problem_submitted', 'problem_submitted']);
    t.clock.advance(MINUTE);
    p = { id: p.id, version: await fire(liaison, p, 'reject', '标牌仍未悬挂') };
    const second = await inboxOf('secretary', p.id);
    expect(kinds(second)).toEqual(['problem_rejected', 'problem_rejected']);
    expect(new Set(second).size).toBe(2);
    expect(await inbox(owner.id, p.id)).toEqual(second);
  });

  it('shows the notice in the reader’s language from its parameters, and keeps the Chinese words for outbound channels', async () => {
    let p = await submittedProblem({ description: '党务公开栏内容过期' });
    p = { id: p.id, version: await fire(liaison, p, 'reject', '公开栏照片不清晰') };
    const list = await get<{ items: Notification[] }>(secretary, '/api/notifications?unreadOnly=true');
    const n = list.items.find((x) => x.link === `/ledger/${p.id}`)!;
    expect(n).toMatchObject({
      kind: 'problem_rejected',
      params: { reason: '公开栏照片不清晰', byName: '王卫东', organizationName: '大闵村' },
    });
    expect(n.title).toMatch(/^已退回：WT-/);
    expect(n.body).toContain('退回原因：公开栏照片不清晰（王卫东）');
    const zh = renderNotification(n.kind, n.params, 'zh')!;
    expect(zh).toEqual({ title: n.title, body: n.body });
    const en = renderNotification(n.kind, n.params, 'en')!;
    expect(en.title).toMatch(/^Sent back: WT-\S+ did not pass acceptance/);
    expect(en.body).toContain('Reason: 公开栏照片不清晰 (王卫东)');
    expect(`${en.title}${en.body}`.replace(/公开栏照片不清晰|王卫东|大闵村|党务公开栏内容过期/g, '')).not.toMatch(/[：（），。]/);
  });

  it('tells the village when its problem is accepted and when it is closed (and reopened), not the one who acted', async () => {
    let p = await submittedProblem();
    t.clock.advance(MINUTE);
    p = { id: p.id, version: await fire(liaison, p, 'accept', '现场查看，已整改到位') };
    t.clock.advance(MINUTE);
    p = { id: p.id, version: await fire(officer, p, 'close') };
    t.clock.advance(MINUTE);
    p = { id: p.id, version: await fire(officer, p, 'reopen', '回头看发现制度牌脱落') };
    const lines = await inboxOf('secretary', p.id);
    expect(kinds(lines)).toEqual(['problem_accepted', 'problem_closed', 'problem_reopened']);
    expect(await inbox(owner.id, p.id)).toEqual(lines);
    expect(kinds(await inboxOf('officer', p.id))).toEqual([]);
    const accepted = await t.db.kysely
      .selectFrom('notifications')
      .select(['title', 'body', 'params'])
      .where('user_id', '=', await t.userId('secretary'))
      .where('kind', '=', 'problem_accepted')
      .where('link', '=', `/ledger/${p.id}`)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(accepted.params!)).toMatchObject({ opinion: '现场查看，已整改到位', byName: '王卫东' });
    expect(accepted.body).toContain('验收意见：现场查看，已整改到位');
  });

  it('tells nobody when a transition is refused', async () => {
    const p = await makeProblem(t, admin, '大闵村', { ownerId: owner.id });
    const res = await transition(t, liaison, p, 'reject', '不应发生');
    expect(res.statusCode).toBe(422);
    expect(await inboxOf('secretary', p.id)).toEqual([]);
  });
});

describe('the send-back banner and the village dashboard', () => {
  it('carries the last send-back while the problem is rectifying again, and none once it is resubmitted', async () => {
    let p = await submittedProblem();
    const before = await get<ProblemDetail>(secretary, `/api/problems/${p.id}`);
    expect(before.lastRejection).toBeNull();
    t.clock.advance(MINUTE);
    const rejectedAt = t.clock.now().toISOString();
    p = { id: p.id, version: await fire(liaison, p, 'reject', '缺少整改前后对比照片') };

    for (const reader of [secretary, owner.headers, liaison]) {
      const d = await get<ProblemDetail>(reader, `/api/problems/${p.id}`);
      expect(d.status).toBe('rectifying');
      expect(d.lastRejection).toEqual({ reason: '缺少整改前后对比照片', at: rejectedAt, byName: '王卫东' });
    }
    // A progress note does not hide it: only a new submission does.
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/problems/${p.id}/progress`,
      headers: secretary,
      payload: { text: '已补拍' },
    });
    expect(note.statusCode, note.body).toBe(200);
    expect((await get<ProblemDetail>(secretary, `/api/problems/${p.id}`)).lastRejection).not.toBeNull();

    t.clock.advance(MINUTE);
    p = { id: p.id, version: await fire(secretary, p, 'submit') };
    expect((await get<ProblemDetail>(secretary, `/api/problems/${p.id}`)).lastRejection).toBeNull();
    // Reopened after closing is rectifying too, but not a send-back.
    p = { id: p.id, version: await fire(liaison, p, 'accept') };
    p = { id: p.id, version: await fire(officer, p, 'close') };
    p = { id: p.id, version: await fire(officer, p, 'reopen', '回头看') };
    expect((await get<ProblemDetail>(secretary, `/api/problems/${p.id}`)).lastRejection).toBeNull();
  });

  it('lists sent-back problems first on the village dashboard, with the reason', async () => {
    // An early deadline that would otherwise come first, and a later one that is sent back.
    // (Past the due-soon week: a due-soon problem is on its own card, not among 我的问题.)
    const early = await makeProblem(t, admin, '大闵村', { description: '早到期的问题', dueOn: '2026-12-20' });
    const soon = await makeProblem(t, admin, '大闵村', { description: '即将到期的问题', dueOn: '2026-11-28' });
    let p = await submittedProblem({ description: '被退回的问题', dueOn: '2027-06-30' });
    p = { id: p.id, version: await fire(liaison, p, 'reject', '整改不到位') };

    const v = await get<VillageDashboard>(secretary, '/api/dashboard/village');
    const sentBack = v.myProblems.filter((x) => x.sentBack !== null);
    expect(sentBack.length).toBeGreaterThan(0);
    // Every sent-back problem comes before every other one.
    const firstOther = v.myProblems.findIndex((x) => x.sentBack === null);
    expect(v.myProblems.slice(firstOther).every((x) => x.sentBack === null)).toBe(true);
    const mine = v.myProblems.find((x) => x.id === p.id)!;
    expect(mine).toMatchObject({ status: 'rectifying', sentBack: { reason: '整改不到位' } });
    expect(v.myProblems.findIndex((x) => x.id === p.id)).toBeLessThan(v.myProblems.findIndex((x) => x.id === early.id));
    expect(v.dueSoon.find((x) => x.id === soon.id)).toMatchObject({ sentBack: null });
  });
});
