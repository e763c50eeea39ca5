import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meeting, MeetingList, Rhythm } from '../../../domain/contracts/meetings.ts';
import type { StudyOverview } from '../../../domain/contracts/study.ts';
import { countAuditEvents, makeOrg } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * 三会一课 over HTTP: the rhythm's flags move at 00:00 Shanghai of the day after a month or quarter ends, and a
 * meeting counts in the Shanghai month of its time, whatever its UTC date. The demo branches were created on
 * 2026-11-27 (the test clock's start), so only periods from the earliest recorded meeting on are owed.
 */
let t: TestApp;
let branch: string;
let village: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  branch = await t.orgId('大闵村党支部');
  village = await t.orgId('大闵村');
});
afterAll(() => t.close());

const at = (iso: string) => {
  t.clock.current = new Date(iso);
};
const call = async <T>(who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
  const r = await t.app.inject({ method, url, headers: await t.login(who), payload: payload as object });
  return { status: r.statusCode, body: r.json<T>(), raw: r.body };
};
const meeting = (kind: string, heldAt: string, extra: Record<string, unknown> = {}) => ({
  organizationId: branch,
  kind,
  heldAt,
  place: '村党员活动室',
  attendees: '支委 3 人',
  agenda: '研究本月党建工作',
  ...extra,
});
async function record(kind: string, heldAt: string) {
  const r = await call<Meeting>('secretary', 'POST', '/api/party-meetings', meeting(kind, heldAt));
  expect(r.status, r.raw).toBe(201);
  return r.body;
}
async function kindOf(kind: string) {
  const r = await call<Rhythm>('officer', 'GET', `/api/party-meetings/rhythm?organizationId=${village}`);
  expect(r.status, r.raw).toBe(200);
  const row = r.body.rows.find((x) => x.organizationId === branch)!;
  return row.kinds.find((k) => k.kind === kind)!;
}

describe('recording 三会一课', () => {
  it('is for the village secretary of the branch; the district reads all; other villages see nothing', async () => {
    const before = await countAuditEvents(t.db, 'meeting.recorded');
    // Shanghai 1 October 06:00 is still 30 September in UTC: it counts in October and in Q4.
    const m = await record('branch_committee', '2026-10-01T06:00:00+08:00');
    await record('party_lesson', '2026-10-01T06:00:00+08:00');
    // Shanghai 30 September 20:00: Q3.
    await record('member_assembly', '2026-09-30T20:00:00+08:00');
    expect(await countAuditEvents(t.db, 'meeting.recorded')).toBe(before + 3);
    expect(m).toMatchObject({ organizationName: '大闵村党支部', allowedActions: ['edit'] });

    expect((await call('zhangdong', 'POST', '/api/party-meetings', meeting('branch_committee', '2026-11-02T09:00:00+08:00'))).status).toBe(
      404,
    );
    expect((await call('officer', 'POST', '/api/party-meetings', meeting('branch_committee', '2026-11-02T09:00:00+08:00'))).status).toBe(
      403,
    );
    expect((await call('viewer', 'POST', '/api/party-meetings', meeting('branch_committee', '2026-11-02T09:00:00+08:00'))).status).toBe(
      403,
    );

    const byOfficer = await call<MeetingList>('officer', 'GET', `/api/party-meetings?organizationId=${branch}`);
    expect(byOfficer.body.items).toHaveLength(3);
    expect(byOfficer.body.items[0]!.allowedActions).toEqual([]);
    const byLiangtian = await call<MeetingList>('liangtian', 'GET', `/api/party-meetings?organizationId=${branch}`);
    expect(byLiangtian.body.items).toHaveLength(3);
    expect((await call('zhangdong', 'GET', `/api/party-meetings?organizationId=${branch}`)).status).toBe(404);
    const zdAll = await call<MeetingList>('zhangdong', 'GET', '/api/party-meetings');
    expect(zdAll.body.items.map((i) => i.organizationId)).not.toContain(branch);

    const edit = await call<Meeting>('secretary', 'PATCH', `/api/party-meetings/${m.id}`, {
      version: m.version,
      decisions: '确定冬季夜校安排',
    });
    expect(edit.status, edit.raw).toBe(200);
    expect((await call('secretary', 'PATCH', `/api/party-meetings/${m.id}`, { version: m.version, decisions: '旧版本' })).status).toBe(409);
    expect((await call('zhangdong', 'PATCH', `/api/party-meetings/${m.id}`, { version: edit.body.version, decisions: 'x' })).status).toBe(
      404,
    );
  });
});

describe('the rhythm across month and quarter boundaries (Shanghai time)', () => {
  it('flags nothing while each period has its meeting or is still running', async () => {
    const committee = await kindOf('branch_committee');
    expect(committee.missed).toEqual([]);
    expect(committee.current).toMatchObject({ key: '2026-11', held: false, daysLeft: 3 });
    expect(committee.lastHeldOn).toBe('2026-10-01');
    const lesson = await kindOf('party_lesson');
    expect(lesson.current).toMatchObject({ key: '2026-Q4', held: true });
    const assembly = await kindOf('member_assembly');
    expect(assembly.current).toMatchObject({ key: '2026-Q4', held: false });
    expect(assembly.missed).toEqual([]);
  });

  it('keeps November open until 23:59 Shanghai on 30 November, and flags it missed at 00:00 on 1 December', async () => {
    at('2026-11-30T15:59:59.000Z');
    expect((await kindOf('branch_committee')).missed).toEqual([]);
    expect((await kindOf('branch_committee')).current).toMatchObject({ key: '2026-11', daysLeft: 0 });

    at('2026-11-30T16:00:00.000Z');
    const k = await kindOf('branch_committee');
    expect(k.missed.map((p) => p.key)).toEqual(['2026-11']);
    expect(k.missed[0]!.zh).toBe('2026年11月');
    expect(k.missedInRow).toBe(1);
    expect(k.current).toMatchObject({ key: '2026-12', held: false });
  });

  it('counts a meeting at 07:00 Shanghai on 1 December in December, though its UTC date is 30 November', async () => {
    at('2026-11-30T23:30:00.000Z');
    await record('branch_committee', '2026-12-01T07:00:00+08:00');
    const k = await kindOf('branch_committee');
    expect(k.missed.map((p) => p.key)).toEqual(['2026-11']);
    expect(k.current).toMatchObject({ key: '2026-12', held: true });
    expect(k.lastHeldOn).toBe('2026-12-01');
  });

  it('shows the missed meeting on the dashboard card of the district and of the village', async () => {
    const district = await call<StudyOverview>('officer', 'GET', '/api/study/overview');
    expect(district.status, district.raw).toBe(200);
    expect(district.body.missedMeetings).toContainEqual(
      expect.objectContaining({ organizationId: branch, kind: 'branch_committee', period: '2026-11', villageName: '大闵村' }),
    );
    expect(district.body.coverage.meetingsMissed).toBeGreaterThanOrEqual(1);
    const own = await call<StudyOverview>('secretary', 'GET', '/api/study/overview');
    expect(own.body.missedMeetings.map((m) => m.period)).toContain('2026-11');
    const other = await call<StudyOverview>('zhangdong', 'GET', '/api/study/overview');
    expect(other.body.missedMeetings.map((m) => m.organizationId)).not.toContain(branch);
  });

  it('flags the quarter’s member assembly at 00:00 Shanghai on 1 January, not a second before', async () => {
    at('2026-12-31T15:59:59.000Z');
    await record('branch_committee', '2026-12-31T20:00:00+08:00');
    expect((await kindOf('member_assembly')).missed).toEqual([]);
    at('2026-12-31T16:00:00.000Z');
    const assembly = await kindOf('member_assembly');
    expect(assembly.missed.map((p) => p.key)).toEqual(['2026-Q4']);
    expect(assembly.missed[0]!.zh).toBe('2026年第四季度');
    expect(assembly.current).toMatchObject({ key: '2027-Q1', held: false });
    // The Party lesson of Q4 was held on Shanghai 1 October (UTC 30 September): Q4 is not missed, Q3 was never owed.
    expect((await kindOf('party_lesson')).missed).toEqual([]);
    // December's committee was held: only November stays missed, and the run is broken.
    const committee = await kindOf('branch_committee');
    expect(committee.missed.map((p) => p.key)).toEqual(['2026-11']);
    expect(committee.missedInRow).toBe(0);
  });

  it('refuses a meeting in the future', async () => {
    const r = await call('secretary', 'POST', '/api/party-meetings', meeting('party_lesson', '2027-03-01T09:00:00+08:00'));
    expect(r.status).toBe(400);
  });
});

describe('the rhythm of a reader who names no organization', () => {
  it('counts only the reader’s own subtrees, and answers each of them as the district’s rhythm does', async () => {
    const district = await call<Rhythm>('admin', 'GET', '/api/party-meetings/rhythm');
    expect(district.status, district.raw).toBe(200);
    expect(district.body.rows.length).toBeGreaterThan(4);
    const byId = new Map(district.body.rows.map((r) => [r.organizationId, r]));
    // A village secretary (one village), a liaison member (four villages in two subdistricts), a subdistrict cadre.
    for (const who of ['secretary', 'liaison', 'liangtian']) {
      const own = await call<Rhythm>(who, 'GET', '/api/party-meetings/rhythm');
      expect(own.status, own.raw).toBe(200);
      expect(own.body.rows.length, who).toBeGreaterThan(0);
      expect(own.body.rows.length, who).toBeLessThan(district.body.rows.length);
      // Each row as the district sees it, parent's name included (a subtree's root has its parent outside it).
      for (const row of own.body.rows) expect(row, `${who}: ${row.organizationName}`).toEqual(byId.get(row.organizationId));
    }
    // A branch asked for by itself: its parent (the village) lies outside what was counted, and is still named.
    const own = await call<Rhythm>('secretary', 'GET', `/api/party-meetings/rhythm?organizationId=${branch}`);
    expect(own.body.rows).toEqual([byId.get(branch)]);
    expect(own.body.rows[0]!.parentName).toBe('大闵村');
    const liaison = await call<Rhythm>('liaison', 'GET', '/api/party-meetings/rhythm');
    expect(new Set(liaison.body.rows.map((r) => r.parentName))).toEqual(new Set(['大闵村', '良田村', '上庄村', '安家村']));
  });
});

describe('the district’s whole rhythm', () => {
  it('is the month’s figures kept while the record is unchanged, and counted again after a meeting is recorded', async () => {
    // 10 February 2027, 10:00 Shanghai: no branch committee of 大闵村 yet this month.
    at('2027-02-10T02:00:00.000Z');
    // One sign-in (a sign-in is itself a change of the record).
    const admin = await t.login('admin');
    const rhythm = async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/party-meetings/rhythm', headers: admin });
      return { status: r.statusCode, body: r.json<Rhythm>(), raw: r.body };
    };
    const first = await rhythm();
    expect(first.status, first.raw).toBe(200);
    const committee = (r: Rhythm) => r.rows.find((x) => x.organizationId === branch)!.kinds.find((k) => k.kind === 'branch_committee')!;
    expect(committee(first.body).current).toMatchObject({ held: false });
    t.clock.advance(5_000);
    const again = await rhythm();
    // Nothing changed: the same counting, which says when it was made.
    expect(again.body.figuresAt).toBe(first.body.figuresAt);
    expect(again.body.rows).toEqual(first.body.rows);
    t.clock.advance(5_000);
    await record('branch_committee', '2027-02-10T09:00:00+08:00');
    const after = await rhythm();
    expect(after.body.figuresAt).not.toBe(first.body.figuresAt);
    expect(committee(after.body).current).toMatchObject({ held: true });
    expect(committee(after.body).lastHeldOn).toBe('2027-02-10');
  });
});

describe('an archived (撤销) branch', () => {
  it('keeps its meetings to read, and refuses to record or edit them (409)', async () => {
    const admin = await t.login('admin');
    const temp = await makeOrg(t, admin, '大闵村', 'branch', '大闵村临时党支部');
    const m = await call<Meeting>(
      'secretary',
      'POST',
      '/api/party-meetings',
      meeting('branch_committee', '2026-12-01T19:00:00+08:00', { organizationId: temp.id }),
    );
    expect(m.status, m.raw).toBe(201);
    const archived = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${temp.id}`,
      headers: admin,
      payload: { version: temp.version, archived: true },
    });
    expect(archived.statusCode, archived.body).toBe(200);
    const edit = await call('secretary', 'PATCH', `/api/party-meetings/${m.body.id}`, { version: m.body.version, place: '村委会' });
    expect(edit.status, edit.raw).toBe(409);
    expect(edit.raw).toContain('已撤销（归档），不能再修改其记录');
    const again = await call(
      'secretary',
      'POST',
      '/api/party-meetings',
      meeting('party_lesson', '2026-12-01T19:00:00+08:00', { organizationId: temp.id }),
    );
    expect(again.status, again.raw).toBe(409);
    const list = await call<MeetingList>('officer', 'GET', `/api/party-meetings?organizationId=${temp.id}`);
    expect(list.status, list.raw).toBe(200);
    expect(list.body.items.map((x) => [x.id, x.place])).toEqual([[m.body.id, '村党员活动室']]);
    // The secretary, who recorded it, is offered no button that would fail.
    const own = await call<MeetingList>('secretary', 'GET', `/api/party-meetings?organizationId=${temp.id}`);
    expect(own.body.items.map((x) => [x.id, x.allowedActions])).toEqual([[m.body.id, []]]);
  });
});

describe('a meeting dated long ago', () => {
  it('is refused before 2000, and one of years back counts as held without owing every period since', async () => {
    at('2026-12-05T02:00:00.000Z');
    const zd = await t.orgId('张东村党支部');
    const zdVillage = await t.orgId('张东村');
    const committee = async () => {
      const r = await call<Rhythm>('officer', 'GET', `/api/party-meetings/rhythm?organizationId=${zdVillage}`);
      expect(r.status, r.raw).toBe(200);
      return r.body.rows.find((x) => x.organizationId === zd)!.kinds.find((k) => k.kind === 'branch_committee')!;
    };
    const recordAt = (heldAt: string) =>
      call('zhangdong', 'POST', '/api/party-meetings', meeting('branch_committee', heldAt, { organizationId: zd }));
    const ancient = await recordAt('0001-01-01T08:00:00+08:00');
    expect(ancient.status, ancient.raw).toBe(400);
    expect(ancient.raw).toContain('2000');
    expect((await committee()).missedInRow).toBe(0);

    // A mistyped year (2016 for 2026): held then, but the branch (created 2026-11-27) owes from May 2026 at most,
    // six months before its creation, not every month since 2016 (121 in a row).
    const typo = await recordAt('2016-10-10T09:00:00+08:00');
    expect(typo.status, typo.raw).toBe(201);
    const after = await committee();
    expect(after.lastHeldOn).toBe('2016-10-10');
    expect(after.missedInRow).toBe(7);
  });
});
