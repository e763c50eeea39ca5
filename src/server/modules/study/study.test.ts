import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberList, PartyMember } from '../../../domain/contracts/members.ts';
import type {
  StudyCoverage,
  StudyOverview,
  StudyPlan,
  StudyPlanList,
  StudySession,
  StudySessionList,
} from '../../../domain/contracts/study.ts';
import ExcelJS from 'exceljs';
import { archiveOrg, countAuditEvents, type Headers, makeOrg } from '../../testing/factories.ts';
import { multipart, PNG_1x1 } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * 两学一做 through the API on a real database: the member register, plans, sessions with attendance, and the
 * coverage figures rolled up the tree. The clock stands at Friday 2026-11-27 10:00 Shanghai.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let secretary: Headers;
let zhangdong: Headers;
let liangtian: Headers;
let viewer: Headers;
let daminBranch: string;
let zhangdongBranch: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  officer = await t.login('officer');
  secretary = await t.login('secretary');
  zhangdong = await t.login('zhangdong');
  liangtian = await t.login('liangtian');
  viewer = await t.login('viewer');
  daminBranch = await t.orgId('大闵村党支部');
  zhangdongBranch = await t.orgId('张东村党支部');
});
afterAll(() => t.close());

const call = <T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
  t.app
    .inject({ method, url, headers, payload: payload as object })
    .then((r) => ({ status: r.statusCode, body: r.json<T>(), raw: r.body }));

async function addMember(
  headers: Headers,
  organizationId: string,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<PartyMember> {
  const res = await call<PartyMember>('POST', '/api/party-members', headers, {
    organizationId,
    name,
    gender: 'male',
    joinedOn: '2001-07-01',
    ...extra,
  });
  expect(res.status, res.raw).toBe(201);
  return res.body;
}

describe('the member register', () => {
  it('is kept by the village secretary for their own branch only; the district reads all, phones only with member.phone', async () => {
    const m = await addMember(secretary, daminBranch, '测甲', {
      phone: '139 0000 1111',
      worksAway: true,
      gender: 'female',
      status: 'probationary',
      joinedOn: null, // a 预备党员 of 2001 would be refused (below); the tests further on count who was in the register in 2010
    });
    expect(m).toMatchObject({
      organizationName: '大闵村党支部',
      worksAway: true,
      status: 'probationary',
      phone: '139 0000 1111',
      phoneHidden: false,
    });

    const other = await call('POST', '/api/party-members', secretary, { organizationId: zhangdongBranch, name: '测乙', gender: 'male' });
    expect(other.status).toBe(404);
    const byOfficer = await call('POST', '/api/party-members', officer, { organizationId: daminBranch, name: '测乙', gender: 'male' });
    expect(byOfficer.status).toBe(403);
    const notBranch = await call('POST', '/api/party-members', secretary, {
      organizationId: await t.orgId('大闵村'),
      name: '测乙',
      gender: 'male',
    });
    expect(notBranch.status).toBe(400);

    const seen = await call<MemberList>('GET', `/api/party-members?organizationId=${daminBranch}&q=测甲`, officer);
    expect(seen.status).toBe(200);
    expect(seen.body.items).toHaveLength(1);
    expect(seen.body.items[0]).toMatchObject({ name: '测甲', phone: null, phoneHidden: true, allowedActions: [] });
    expect(seen.body.canRecord).toBe(false);

    const zd = await call<MemberList>('GET', `/api/party-members?q=测甲`, zhangdong);
    expect(zd.body.items).toHaveLength(0);
    const zdDirect = await call('GET', `/api/party-members?organizationId=${daminBranch}`, zhangdong);
    expect(zdDirect.status).toBe(404);
  });

  it('takes edits version-guarded, and a secretary of another village may not edit', async () => {
    const m = await addMember(secretary, daminBranch, '测丙');
    const ok = await call<PartyMember>('PATCH', `/api/party-members/${m.id}`, secretary, { version: m.version, worksAway: true });
    expect(ok.status, ok.raw).toBe(200);
    expect(ok.body).toMatchObject({ worksAway: true, version: m.version + 1 });
    const stale = await call('PATCH', `/api/party-members/${m.id}`, secretary, { version: m.version, worksAway: false });
    expect(stale.status).toBe(409);
    const foreign = await call('PATCH', `/api/party-members/${m.id}`, zhangdong, { version: ok.body.version, worksAway: false });
    expect(foreign.status).toBe(404);
  });

  it('refuses a member who left before joining (400 naming the field), whichever date moves', async () => {
    const m = await addMember(secretary, daminBranch, '测日期', { joinedOn: '2010-07-01' });
    type Refusal = { error: { code: string; details: { fields: Array<{ path: string }> } } };
    const early = await call<Refusal>('PATCH', `/api/party-members/${m.id}`, secretary, { version: m.version, leftOn: '2009-12-31' });
    expect(early.status, early.raw).toBe(400);
    expect(early.body.error.code).toBe('VALIDATION_FAILED');
    expect(early.body.error.details.fields.map((f) => f.path)).toEqual(['leftOn']);
    const left = await call<PartyMember>('PATCH', `/api/party-members/${m.id}`, secretary, { version: m.version, leftOn: '2020-01-01' });
    expect(left.status, left.raw).toBe(200);
    const late = await call<Refusal>('PATCH', `/api/party-members/${m.id}`, secretary, {
      version: left.body.version,
      joinedOn: '2021-07-01',
    });
    expect(late.status, late.raw).toBe(400);
    expect(late.body.error.details.fields.map((f) => f.path)).toEqual(['joinedOn']);
    const both = await call<Refusal>('PATCH', `/api/party-members/${m.id}`, secretary, {
      version: left.body.version,
      joinedOn: '2015-07-01',
      leftOn: '2014-01-01',
    });
    expect(both.status, both.raw).toBe(400);
    const kept = await call<MemberList>('GET', `/api/party-members?organizationId=${daminBranch}&q=测日期&includeLeft=1`, secretary);
    expect(kept.body.items[0]).toMatchObject({ joinedOn: '2010-07-01', leftOn: '2020-01-01', version: left.body.version });
  });

  it('exports the branch’s register as .xlsx, and the export re-imports with every row skipped', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/party-members/export.xlsx?organizationId=${daminBranch}`,
      headers: secretary,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const boundary = '----study-test';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      res.rawPayload,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const before = await countAuditEvents(t.db, 'members.imported');
    const imp = await t.app.inject({
      method: 'POST',
      url: `/api/party-members/import?organizationId=${daminBranch}`,
      headers: { ...secretary, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(imp.statusCode, imp.body).toBe(200);
    const result = imp.json<{ created: number; skipped: number; errors: unknown[] }>();
    expect(result.errors).toEqual([]);
    expect(result.created).toBe(0);
    expect(result.skipped).toBeGreaterThanOrEqual(2);
    expect(await countAuditEvents(t.db, 'members.imported')).toBe(before);
  });
});

describe("a member's dates", () => {
  it('refuse 入党 in the future or before 1921, and 转出 in the future, on their field; today is fine', async () => {
    for (const [joinedOn, words] of [
      // The date given, then the rule: "不能晚于今天（2030-01-01）" read as if that were today.
      ['2030-01-01', '入党时间（2030-01-01）不能晚于今天'],
      ['9999-12-31', '入党时间（9999-12-31）不能晚于今天'],
      ['1900-07-01', '入党时间（1900-07-01）不能早于 1921 年'],
    ] as const) {
      const res = await call<{ error: { message: string; details: { fields: Array<{ path: string }> } } }>(
        'POST',
        '/api/party-members',
        secretary,
        {
          organizationId: daminBranch,
          name: '测日期',
          gender: 'male',
          joinedOn,
        },
      );
      expect(res.status, res.raw).toBe(400);
      expect(res.body.error.message).toContain(words);
      expect(res.body.error.details.fields[0]!.path).toBe('joinedOn');
    }
    const m = await addMember(secretary, daminBranch, '测日期', { joinedOn: '2026-11-27' });
    const left = await call('PATCH', `/api/party-members/${m.id}`, secretary, { version: m.version, leftOn: '2026-12-25' });
    expect(left.status, left.raw).toBe(400);
    expect(left.raw).toContain('转出日期（2026-12-25）不能晚于今天');
  });
});

describe("a plan's and a tour's dates", () => {
  it('lie from 2000 to 2999 (1900 and 9999 were taken)', async () => {
    for (const [startsOn, endsOn] of [
      ['1900-01-01', '2026-12-31'],
      ['2026-11-01', '9999-12-31'],
    ]) {
      const res = await call('POST', '/api/study-plans', secretary, {
        organizationId: daminBranch,
        title: '年代有误的计划',
        startsOn,
        endsOn,
        topics: ['学党章党规'],
        forms: ['self_study'],
        sessionsPerMonth: 1,
      });
      expect(res.status, res.raw).toBe(400);
      expect(res.raw).toContain('日期应在 2000 年至 2999 年之间');
    }
    const tour = await call('POST', '/api/study-tours', officer, {
      title: '年代有误的观摩',
      tourDate: '9999-01-01',
      destination: '某镇',
      purpose: '学习',
      invitedRoles: ['village_secretary'],
    });
    expect(tour.status, tour.raw).toBe(400);
    expect(tour.raw).toContain('日期应在 2000 年至 2999 年之间');
  });
});

describe('the same member registered twice', () => {
  it('is refused with 409 (the import skips such a row too); the same name with another 入党 date is another person', async () => {
    const first = await addMember(secretary, daminBranch, '测重复', { joinedOn: '2003-07-01' });
    const again = await call<{ error: { code: string; message: string } }>('POST', '/api/party-members', secretary, {
      organizationId: daminBranch,
      name: '测重复',
      gender: 'male',
      joinedOn: '2003-07-01',
    });
    expect(again.status, again.raw).toBe(409);
    expect(again.body.error.message).toContain('本支部已有党员“测重复”（2003-07-01 入党）');
    const other = await addMember(secretary, daminBranch, '测重复', { joinedOn: '2005-07-01' });
    expect(other.id).not.toBe(first.id);
  });
});

describe('importing a register', () => {
  it('names every bad row by row and column and writes nothing; a clean sheet adds its rows in one event', async () => {
    const sheet = async (rows: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('名册');
      ws.addRow(['序号', '党员姓名', '性别', '入党日期', '身份', '外出务工', '村民小组']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const upload = (bytes: Buffer, query = '') => {
      const body = multipart({}, { name: '名册.xlsx', bytes });
      return t.app.inject({
        method: 'POST',
        url: `/api/party-members/import?organizationId=${daminBranch}${query}`,
        headers: { ...secretary, 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const before = await countAuditEvents(t.db, 'members.imported');
    const bad = await upload(
      await sheet([
        [1, '导入一', '男', '2001-07-01', '正式党员', '否', '一组'],
        [2, '导入二', '未知', '2001-07-01', '正式党员', '否', '二组'],
        [3, '', '女'],
        // 入党 in the future, or before the Party existed (a 2030 date was taken).
        [4, '导入三', '女', '2030-01-01', '正式党员', '否', '三组'],
        [5, '导入四', '男', '1900-07-01', '正式党员', '否', '三组'],
        // A 预备党员 of 2001: the date or the status is wrong.
        [6, '导入五', '女', '2001-07-01', '预备党员', '否', '三组'],
      ]),
    );
    expect(bad.statusCode, bad.body).toBe(200);
    const badResult = bad.json<{ created: number; errors: Array<{ row: number; column: string }>; unknownHeaders: string[] }>();
    expect(badResult.created).toBe(0);
    expect(badResult.errors).toContainEqual(expect.objectContaining({ row: 3, column: '性别' }));
    expect(badResult.errors).toContainEqual(
      expect.objectContaining({ row: 5, column: '入党日期', message: '入党时间（2030-01-01）不能晚于今天' }),
    );
    expect(badResult.errors).toContainEqual(
      expect.objectContaining({ row: 6, column: '入党日期', message: '入党时间（1900-07-01）不能早于 1921 年' }),
    );
    expect(badResult.errors).toContainEqual(
      expect.objectContaining({
        row: 7,
        column: '入党日期',
        message: expect.stringContaining('预备党员的入党时间（2001-07-01）距今已超过两年'),
      }),
    );
    expect(badResult.unknownHeaders).toContain('村民小组');
    expect(await countAuditEvents(t.db, 'members.imported')).toBe(before);

    // No 入党 date: a 预备党员's date is checked only when there is one.
    const good = await upload(await sheet([[1, '导入一', '男', '', '预备党员', '是', '一组']]));
    expect(good.json<{ created: number }>().created).toBe(1);
    expect(await countAuditEvents(t.db, 'members.imported')).toBe(before + 1);
    const list = await call<MemberList>('GET', `/api/party-members?organizationId=${daminBranch}&q=导入一`, secretary);
    expect(list.body.items[0]).toMatchObject({ status: 'probationary', worksAway: true });
    // Another village's secretary may not import into this branch.
    const body = multipart({}, { name: '名册.xlsx', bytes: await sheet([[1, '越权', '男']]) });
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/party-members/import?organizationId=${daminBranch}`,
      headers: { ...zhangdong, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('plans, sessions and attendance', () => {
  let members: PartyMember[];
  let plan: StudyPlan;

  beforeAll(async () => {
    members = [];
    for (const [i, name] of ['学一', '学二', '学三', '学四', '学五'].entries())
      members.push(await addMember(secretary, daminBranch, name, { worksAway: i === 4 }));
    const res = await call<StudyPlan>('POST', '/api/study-plans', secretary, {
      organizationId: daminBranch,
      title: '2026年“两学一做”学习计划',
      startsOn: '2026-11-01',
      endsOn: '2026-12-31',
      topics: ['学党章党规', '学系列讲话'],
      forms: ['self_study', 'evening_school', 'broadcast'],
      sessionsPerMonth: 4,
    });
    expect(res.status, res.raw).toBe(201);
    plan = res.body;
  });

  it('records tonight’s evening school: everyone not listed is present, two absent with reasons; one audit event', async () => {
    const before = await countAuditEvents(t.db, 'study_session.recorded');
    const res = await call<StudySession>('POST', '/api/study-sessions', secretary, {
      organizationId: daminBranch,
      planId: plan.id,
      kind: 'evening_school',
      startsAt: '2026-11-26T19:30:00+08:00',
      place: '村党员活动室',
      topic: '学习新修订的《中国共产党纪律处分条例》',
      attendance: [
        { memberId: members[0]!.id, status: 'absent', reason: 'sick' },
        { memberId: members[1]!.id, status: 'absent', reason: 'away_work' },
      ],
    });
    expect(res.status, res.raw).toBe(201);
    const s = res.body;
    const total = s.counts.members;
    expect(total).toBeGreaterThanOrEqual(5);
    expect(s.counts).toMatchObject({ absent: 2, present: total - 2 });
    expect(s.attendance.find((a) => a.memberId === members[0]!.id)).toMatchObject({ status: 'absent', reason: 'sick', attended: false });
    expect(s.allowedActions).toContain('attendance');
    expect(await countAuditEvents(t.db, 'study_session.recorded')).toBe(before + 1);

    const noReason = await call('POST', '/api/study-sessions', secretary, {
      organizationId: daminBranch,
      kind: 'self_study',
      startsAt: '2026-11-26T09:00:00+08:00',
      place: '家中',
      topic: '自学',
      attendance: [{ memberId: members[0]!.id, status: 'absent' }],
    });
    expect(noReason.status).toBe(400);
    const foreignMember = await call('POST', '/api/study-sessions', zhangdong, {
      organizationId: zhangdongBranch,
      kind: 'self_study',
      startsAt: '2026-11-26T09:00:00+08:00',
      place: '家中',
      topic: '自学',
      attendance: [{ memberId: members[0]!.id, status: 'absent', reason: 'other' }],
    });
    expect(foreignMember.status).toBe(400);

    // A member who left the branch before the day, or joined after it, was not in the register that day: no
    // attendance for them (it moved the branch's attendance rate), on a new session or recorded again later.
    const joined = await addMember(secretary, daminBranch, '测已转出');
    const moved = await call<PartyMember>('PATCH', `/api/party-members/${joined.id}`, secretary, {
      version: joined.version,
      leftOn: '2026-10-31',
    });
    expect(moved.status, moved.raw).toBe(200);
    const left = moved.body;
    const joinedLater = await addMember(secretary, daminBranch, '测新转入', { joinedOn: '2026-11-27' });
    for (const m of [left, joinedLater]) {
      const refused = await call<{ error: { code: string; details: { fields: Array<{ path: string }> } } }>(
        'POST',
        '/api/study-sessions',
        secretary,
        {
          organizationId: daminBranch,
          kind: 'evening_school',
          startsAt: '2026-11-26T19:30:00+08:00',
          place: '村党员活动室',
          topic: '学习党章',
          attendance: [{ memberId: m.id, status: 'present' }],
        },
      );
      expect(refused.status, refused.raw).toBe(400);
      expect(refused.body.error.details.fields[0]!.path).toBe('attendance.0.memberId');
      const again = await call('PUT', `/api/study-sessions/${s.id}/attendance`, secretary, {
        version: s.version,
        entries: [{ memberId: m.id, status: 'present' }],
      });
      expect(again.status, again.raw).toBe(400);
    }
    expect((await call<StudySession>('GET', `/api/study-sessions/${s.id}`, secretary)).body.counts.members).toBe(total);
    // A member listed twice is named where the body lists it: `entries` here (it said `attendance.1.memberId`).
    const twice = await call<{ error: { details: { fields: Array<{ path: string }> } } }>(
      'PUT',
      `/api/study-sessions/${s.id}/attendance`,
      secretary,
      {
        version: s.version,
        entries: [
          { memberId: members[2]!.id, status: 'present' },
          { memberId: members[2]!.id, status: 'present' },
        ],
      },
    );
    expect(twice.status, twice.raw).toBe(400);
    expect(twice.body.error.details.fields[0]!.path).toBe('entries.1.memberId');

    // 补学: the sick member makes it up; the attendance counts move, the session's version guards the write.
    const made = await call<StudySession>('PUT', `/api/study-sessions/${s.id}/attendance`, secretary, {
      version: s.version,
      entries: [{ memberId: members[0]!.id, status: 'absent', reason: 'sick', madeUpOn: '2026-11-27' }],
    });
    expect(made.status, made.raw).toBe(200);
    // Still recorded absent (with its reason), now made up: it counts as attended.
    expect(made.body.counts).toMatchObject({ absent: 2, madeUp: 1 });
    expect(made.body.attendance.find((a) => a.memberId === members[0]!.id)).toMatchObject({ attended: true, madeUpOn: '2026-11-27' });
    // The audit event says whose entry changed, from what to what, besides the totals.
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('data')
      .where('type', '=', 'study_attendance.updated')
      .where('entity_id', '=', s.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data)).toMatchObject({
      changed: 1,
      entries: [
        {
          memberId: members[0]!.id,
          name: members[0]!.name,
          before: { status: 'absent', reason: 'sick', madeUpOn: null },
          after: { status: 'absent', reason: 'sick', madeUpOn: '2026-11-27' },
        },
      ],
    });
    const stale = await call('PUT', `/api/study-sessions/${s.id}/attendance`, secretary, {
      version: s.version,
      entries: [{ memberId: members[1]!.id, status: 'present' }],
    });
    expect(stale.status).toBe(409);

    const list = await call<StudySessionList>('GET', `/api/study-sessions?organizationId=${daminBranch}`, officer);
    expect(list.body.items.map((i) => i.id)).toContain(s.id);
    expect(list.body.canRecord).toBe(false);
    expect((await call<StudySession>('GET', `/api/study-sessions/${s.id}`, officer)).body.allowedActions).toEqual([]);
    expect((await call('GET', `/api/study-sessions/${s.id}`, zhangdong)).status).toBe(404);
    expect((await call('GET', `/api/study-sessions/${s.id}`, liangtian)).status).toBe(200);
  });

  it('marks members away as reached by a broadcast lesson', async () => {
    const res = await call<StudySession>('POST', '/api/study-sessions', secretary, {
      organizationId: daminBranch,
      kind: 'broadcast',
      startsAt: '2026-11-25T07:00:00+08:00',
      place: '村广播',
      topic: '广播：习近平总书记系列重要讲话选读',
      playsCount: 3,
      attendance: [{ memberId: members[4]!.id, status: 'reached' }],
    });
    expect(res.status, res.raw).toBe(201);
    expect(res.body.playsCount).toBe(3);
    expect(res.body.counts.reached).toBe(1);
    expect(res.body.attendance.find((a) => a.memberId === members[4]!.id)).toMatchObject({ attended: true, worksAway: true });
  });

  it('keeps a broadcast lesson’s recording (typed by its bytes), and refuses one that is not audio', async () => {
    const list = await call<StudySessionList>('GET', `/api/study-sessions?organizationId=${daminBranch}&kind=broadcast`, secretary);
    const id = list.body.items[0]!.id;
    const wav = Buffer.alloc(44 + 800, 0x80);
    wav.write('RIFF', 0, 'ascii');
    wav.writeUInt32LE(36 + 800, 4);
    wav.write('WAVEfmt ', 8, 'ascii');
    const send = async (bytes: Buffer, name: string, who = secretary) => {
      const body = multipart({ sessionId: id, purpose: 'recording' }, { name, bytes });
      return t.app.inject({
        method: 'POST',
        url: '/api/study-files',
        headers: { ...who, 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const ok = await send(wav, '广播.wav');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<{ isAudio: boolean; mime: string }>()).toMatchObject({ isAudio: true, mime: 'audio/wav' });
    expect((await send(PNG_1x1, '不是录音.wav')).statusCode).toBe(415);
    expect((await send(wav, '广播.wav', zhangdong)).statusCode).toBe(404);
    const s = await call<StudySession>('GET', `/api/study-sessions/${id}`, officer);
    expect(s.body.hasRecording).toBe(true);
    const play = await t.app.inject({ method: 'GET', url: `/api/study-files/${s.body.files[0]!.id}`, headers: officer });
    expect(play.statusCode).toBe(200);
    expect(play.headers['content-type']).toContain('audio/wav');
  });

  it('checks who may attach a file before reading its body: an oversized upload by an outsider or a reader is refused as such', async () => {
    const list = await call<StudySessionList>('GET', `/api/study-sessions?organizationId=${daminBranch}&kind=broadcast`, secretary);
    const id = list.body.items[0]!.id;
    // Over the upload limit (256 KB in tests): read first, it answered 413 to anyone.
    const big = Buffer.alloc(300 * 1024, 0x80);
    const send = (who: Headers) => {
      const body = multipart({ sessionId: id, purpose: 'material' }, { name: '大文件.pdf', bytes: big });
      return t.app.inject({
        method: 'POST',
        url: '/api/study-files',
        headers: { ...who, 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    const outsider = await send(zhangdong);
    expect(outsider.statusCode, outsider.body).toBe(404);
    const reader = await send(officer);
    expect(reader.statusCode, reader.body).toBe(403);
    // The recorder is told the file is too large.
    expect((await send(secretary)).statusCode).toBe(413);
  });

  it('sums coverage per branch and up the tree: sessions held against the plan, attendance rate, members never reached', async () => {
    const res = await call<StudyCoverage>('GET', `/api/study/coverage?organizationId=${await t.orgId('大闵村')}&month=2026-11`, officer);
    expect(res.status, res.raw).toBe(200);
    const c = res.body;
    expect(c.running).toBe(true);
    const branch = c.rows.find((r) => r.organizationId === daminBranch)!;
    expect(branch).toMatchObject({ sessionsHeld: 2, sessionsPlanned: 4, heldRate: 0.5 });
    // Two sessions over every member: two absences, one of them made up (补学), which counts as attended.
    expect(branch).toMatchObject({ absent: 2, madeUp: 1 });
    expect(branch.attendanceRecords).toBe(branch.attended + branch.absent - branch.madeUp);
    expect(branch.attendanceRate).toBeCloseTo(branch.attended / branch.attendanceRecords, 6);
    expect(c.root).toMatchObject({ sessionsHeld: 2, sessionsPlanned: 4 });

    const district = await call<StudyCoverage>('GET', '/api/study/coverage?month=2026-11', officer);
    expect(district.status).toBe(200);
    const liangtianRow = district.body.rows.find((r) => r.organizationName === '良田街道')!;
    expect(liangtianRow.sessionsHeld).toBeGreaterThanOrEqual(2);
    expect(district.body.root.sessionsHeld).toBeGreaterThanOrEqual(liangtianRow.sessionsHeld);

    // The secretary of another village sees its own subtree only.
    expect((await call('GET', `/api/study/coverage?organizationId=${daminBranch}`, zhangdong)).status).toBe(404);
    const own = await call<StudyCoverage>('GET', '/api/study/coverage', zhangdong);
    expect(own.status).toBe(200);
    expect(own.body.rows.map((r) => r.organizationName)).not.toContain('大闵村党支部');
  });

  it('rolls the held rate up as Σ min(held, planned) ÷ Σ planned: one branch’s extra sessions do not cover another’s none', async () => {
    // 张东村党支部 has no plan (the default asks for none) and holds a session: it is behind nobody's plan, and it
    // lifts nobody else's rate either.
    const extra = await call('POST', '/api/study-sessions', zhangdong, {
      organizationId: zhangdongBranch,
      kind: 'group_study',
      startsAt: '2026-11-20T19:30:00+08:00',
      place: '村委会',
      topic: '集中学习（计划外）',
    });
    expect(extra.status, extra.raw).toBe(201);
    const district = await call<StudyCoverage>('GET', '/api/study/coverage?month=2026-11', officer);
    expect(district.status, district.raw).toBe(200);
    const branches = district.body.rows.filter((r) => r.kind === 'branch');
    const zd = branches.find((r) => r.organizationId === zhangdongBranch)!;
    expect(zd).toMatchObject({ sessionsPlanned: 0, heldRate: null });
    expect(zd.sessionsHeld).toBeGreaterThan(0);
    const planned = branches.reduce((n, r) => n + r.sessionsPlanned, 0);
    const within = branches.reduce((n, r) => n + Math.min(r.sessionsHeld, r.sessionsPlanned), 0);
    expect(planned).toBe(district.body.root.sessionsPlanned);
    expect(within).toBeLessThan(planned);
    // Held beyond some plan, so Σ held ÷ Σ planned would say more than was done.
    expect(district.body.root.sessionsHeld).toBeGreaterThan(within);
    expect(district.body.root.heldRate).toBeCloseTo(within / planned, 9);
  });

  it('counts a member never reached when no session in the window reached them', async () => {
    const lonely = await addMember(secretary, daminBranch, '未学者');
    const res = await call<StudyCoverage>('GET', `/api/study/coverage?organizationId=${daminBranch}`, secretary);
    expect(res.body.neverReached.map((m) => m.name)).toContain('未学者');
    expect(res.body.neverReached.map((m) => m.name)).not.toContain('学一');
    expect(lonely.id).toBeTruthy();
  });

  it('exports 学习覆盖 as .xlsx: the rows and figures the page answers, the never-reached by name, in scope only', async () => {
    const village = await t.orgId('大闵村');
    const download = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
    const json = await call<StudyCoverage>('GET', `/api/study/coverage?organizationId=${village}&month=2026-11`, officer);
    const res = await download(`/api/study/coverage.xlsx?organizationId=${village}&month=2026-11`, officer);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('学习覆盖-大闵村-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('学习覆盖')!;
    expect(ws.getCell(1, 1).value).toBe('大闵村党建学习情况（2026年11月）');
    expect(ws.getCell(2, 1).text).toContain('本月进行中，统计截至 2026-11-27');
    const rows = [json.body.root, ...json.body.rows];
    rows.forEach((r, i) => {
      const cells = ws.getRow(4 + i).values as ExcelJS.CellValue[];
      // values[0] is unused: ExcelJS rows are 1-based.
      expect(cells.slice(1, 7)).toEqual([
        r.organizationName,
        r.sessionsHeld,
        r.sessionsPlanned,
        // No one to attend (no session): an empty cell, not 0 %.
        r.attendanceRate ?? undefined,
        r.neverReached,
        r.meetingsMissed,
      ]);
      if (r.kind === 'branch') expect([cells[7], cells[8]]).toEqual([undefined, undefined]);
      else expect([cells[7], cells[8]]).toEqual([r.dutyDaysStaffed, r.dutyDaysDue]);
    });
    expect(ws.getRow(4 + rows.length).values).toEqual([]);
    expect(ws.getCell(4, 4).numFmt).toBe('0.0%');
    const names = wb.getWorksheet('未参学党员')!;
    expect(json.body.neverReached.length).toBeGreaterThan(0);
    expect(json.body.neverReached.map((m, i) => names.getCell(2 + i, 2).value)).toEqual(json.body.neverReached.map((m) => m.name));

    // The same refusals as the page: another village's secretary, a month to come, a month that is no month.
    expect((await download(`/api/study/coverage.xlsx?organizationId=${village}`, zhangdong)).statusCode).toBe(404);
    const future = await download('/api/study/coverage.xlsx?month=2027-01', officer);
    expect(future.statusCode, future.body).toBe(400);
    expect(future.json().error.message).toContain('尚未到来');
    expect((await download('/api/study/coverage.xlsx?month=2026-13', officer)).statusCode).toBe(400);
  });

  it('gives the dashboard card: this month’s coverage, branches to record for', async () => {
    const res = await call<StudyOverview>('GET', '/api/study/overview', secretary);
    expect(res.status, res.raw).toBe(200);
    expect(res.body.canRecord).toBe(true);
    expect(res.body.branches.map((b) => b.name)).toEqual(['大闵村党支部']);
    const district = await call<StudyOverview>('GET', '/api/study/overview', officer);
    expect(district.status).toBe(200);
    expect(district.body.canRecord).toBe(false);
    expect(district.body.villages.length).toBeGreaterThanOrEqual(7);
    expect((await call('GET', '/api/study/overview', viewer)).status).toBe(200);
  });

  it('keeps the rules with district admins', async () => {
    const s = await call<{ version: number; rules: unknown }>('GET', '/api/study/settings', officer);
    expect(s.status).toBe(200);
    expect((await call('PUT', '/api/study/settings', officer, { version: s.body.version, rules: s.body.rules })).status).toBe(403);
    const ok = await call<{ version: number }>('PUT', '/api/study/settings', admin, { version: s.body.version, rules: s.body.rules });
    expect(ok.status, ok.raw).toBe(200);
  });

  it('is recorded once it has begun: a start later today is refused, as a meeting’s is (coverage left it out till then)', async () => {
    // The test clock reads 10:00 in Shanghai on 2026-11-27.
    const body = (startsAt: string) => ({
      organizationId: daminBranch,
      kind: 'group_study',
      startsAt,
      place: '村党员活动室',
      topic: '学习党章第二章',
      attendance: [],
    });
    const later = await call<{ error: { message: string; details: { fields: Array<{ path: string }> } } }>(
      'POST',
      '/api/study-sessions',
      secretary,
      body('2026-11-27T19:30:00+08:00'),
    );
    expect(later.status, later.raw).toBe(400);
    expect(later.body.error.message).toContain('开始时间不能晚于现在');
    expect(later.body.error.details.fields[0]!.path).toBe('startsAt');
    const begun = await call<StudySession>('POST', '/api/study-sessions', secretary, body('2026-11-27T09:30:00+08:00'));
    expect(begun.status, begun.raw).toBe(201);
    const moved = await call('PATCH', `/api/study-sessions/${begun.body.id}`, secretary, {
      version: begun.body.version,
      startsAt: '2026-11-27T10:30:00+08:00',
    });
    expect(moved.status, moved.raw).toBe(400);
  });
});

describe('the rules', () => {
  it('are sent whole, as read: a section or a rule left out is refused with 400 naming it, not reset to its default', async () => {
    type Rules = { meetings: Record<string, unknown>; ranking: { weight: number }; rag: Record<string, unknown> };
    const read = async () => (await call<{ version: number; rules: Rules }>('GET', '/api/study/settings', admin)).body;
    const put = (version: number, rules: unknown) => call<{ version: number }>('PUT', '/api/study/settings', admin, { version, rules });
    // As read, they save (GET gives every rule).
    const current = await read();
    const asRead = await put(current.version, current.rules);
    expect(asRead.status, asRead.raw).toBe(200);
    // Off their defaults, so a rule reset to its default would show.
    const rules = { ...current.rules, ranking: { weight: 15 }, meetings: { ...current.rules.meetings, lookbackMonths: 9 } };
    const saved = await put(asRead.body.version, rules);
    expect(saved.status, saved.raw).toBe(200);
    try {
      const { ranking: _ranking, ...withoutRanking } = rules;
      const { lookbackMonths: _lookback, ...meetingsWithoutLookback } = rules.meetings;
      for (const [partial, missing] of [
        [withoutRanking, ['ranking']],
        [{ ...rules, meetings: meetingsWithoutLookback }, ['meetings.lookbackMonths']],
        [{ ...rules, rag: {} }, ['rag.amberOnMissedMeeting', 'rag.redMissedInRow']],
      ] as const) {
        const res = await call<{ error: { code: string; message: string; details: { fields: { path: string }[] } } }>(
          'PUT',
          '/api/study/settings',
          admin,
          { version: saved.body.version, rules: partial },
        );
        expect(res.status, missing.join()).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        expect(res.body.error.message).toContain(
          `设置不完整，缺少：${missing.join('、')} (every setting is sent, as read: missing ${missing.join(', ')})`,
        );
        expect(res.body.error.details.fields).toEqual([expect.objectContaining({ path: 'rules' })]);
      }
      const after = await read();
      expect(after.version).toBe(saved.body.version);
      expect(after.rules).toEqual(rules);
    } finally {
      const back = await put((await read()).version, current.rules);
      expect(back.status, back.raw).toBe(200);
    }
  });
});

describe('the study plans list', () => {
  it('is paged like every list: total, page and pageSize, every plan on some page', async () => {
    const branch = await makeOrg(t, admin, '大闵村', 'branch', '大闵村第二党支部');
    const made: string[] = [];
    for (const month of ['01', '02', '03']) {
      const res = await call<StudyPlan>('POST', '/api/study-plans', secretary, {
        organizationId: branch.id,
        title: `2026年${month}月学习计划`,
        startsOn: `2026-${month}-01`,
        endsOn: `2026-${month}-28`,
        topics: ['学党章党规'],
        forms: ['self_study'],
        sessionsPerMonth: 1,
      });
      expect(res.status, res.raw).toBe(201);
      made.push(res.body.id);
    }
    const page = (n: number) => call<StudyPlanList>('GET', `/api/study-plans?organizationId=${branch.id}&pageSize=2&page=${n}`, officer);
    const first = await page(1);
    expect(first.status, first.raw).toBe(200);
    expect(first.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.body.items.map((p) => p.title)).toEqual(['2026年03月学习计划', '2026年02月学习计划']);
    const second = await page(2);
    expect(second.body).toMatchObject({ total: 3, page: 2 });
    expect([...first.body.items, ...second.body.items].map((p) => p.id).sort()).toEqual([...made].sort());
    expect((await call('GET', '/api/study-plans?pageSize=201', officer)).status).toBe(400);
  });
});

describe('an archived (撤销) branch', () => {
  it('keeps its records to read, and refuses every write to them with 409', async () => {
    const branch = await makeOrg(t, admin, '大闵村', 'branch', '大闵村临时党支部');
    const member = await addMember(secretary, branch.id, '归档前党员');
    const plan = await call<StudyPlan>('POST', '/api/study-plans', secretary, {
      organizationId: branch.id,
      title: '临时党支部学习计划',
      startsOn: '2026-11-01',
      endsOn: '2026-12-31',
      topics: ['学党章党规'],
      forms: ['self_study'],
      sessionsPerMonth: 1,
    });
    expect(plan.status, plan.raw).toBe(201);
    const session = await call<StudySession>('POST', '/api/study-sessions', secretary, {
      organizationId: branch.id,
      kind: 'group_study',
      startsAt: '2026-11-20T19:30:00+08:00',
      place: '村委会',
      topic: '集中学习',
    });
    expect(session.status, session.raw).toBe(201);
    const archived = await call('PATCH', `/api/organizations/${branch.id}`, admin, { version: branch.version, archived: true });
    expect(archived.status, archived.raw).toBe(200);

    const events = await countAuditEvents(t.db);
    type Refusal = { error: { code: string; message: string } };
    const refused = async (res: Promise<{ status: number; body: unknown; raw: string }>) => {
      const r = await res;
      expect(r.status, r.raw).toBe(409);
      expect((r.body as Refusal).error.code).toBe('CONFLICT');
      expect((r.body as Refusal).error.message).toContain('已撤销（归档），不能再修改其记录');
    };
    const s = session.body;
    await refused(call('PATCH', `/api/study-plans/${plan.body.id}`, secretary, { version: plan.body.version, sessionsPerMonth: 2 }));
    await refused(call('PATCH', `/api/study-sessions/${s.id}`, secretary, { version: s.version, topic: '改过的主题' }));
    await refused(
      call('PUT', `/api/study-sessions/${s.id}/attendance`, secretary, {
        version: s.version,
        entries: [{ memberId: member.id, status: 'absent', reason: 'sick' }],
      }),
    );
    await refused(
      call('POST', '/api/study-plans', secretary, {
        organizationId: branch.id,
        title: '归档后的计划',
        startsOn: '2026-12-01',
        endsOn: '2026-12-31',
        topics: ['学系列讲话'],
        forms: ['self_study'],
        sessionsPerMonth: 1,
      }),
    );
    await refused(
      call('POST', '/api/study-sessions', secretary, {
        organizationId: branch.id,
        kind: 'self_study',
        startsAt: '2026-11-26T09:00:00+08:00',
        place: '家中',
        topic: '自学',
      }),
    );
    await refused(call('POST', '/api/party-members', secretary, { organizationId: branch.id, name: '归档后党员', gender: 'male' }));
    await refused(call('PATCH', `/api/party-members/${member.id}`, secretary, { version: member.version, worksAway: true }));
    const body = multipart({ sessionId: s.id, purpose: 'photo' }, { name: '照片.png', bytes: PNG_1x1 });
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/study-files',
      headers: { ...secretary, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(upload.statusCode, upload.body).toBe(409);
    expect(await countAuditEvents(t.db)).toBe(events);

    // Reads stay, without the buttons that would fail.
    const read = await call<StudySession>('GET', `/api/study-sessions/${s.id}`, secretary);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ topic: '集中学习', allowedActions: [] });
    const register = await call<MemberList>('GET', `/api/party-members?organizationId=${branch.id}`, secretary);
    expect(register.status, register.raw).toBe(200);
    expect(register.body.items.find((x) => x.id === member.id)).toMatchObject({ name: '归档前党员', allowedActions: [] });
    const plans = await call<StudyPlanList>('GET', `/api/study-plans?organizationId=${branch.id}`, secretary);
    expect(plans.status).toBe(200);
    expect(plans.body.items).toEqual([expect.objectContaining({ id: plan.body.id, sessionsPerMonth: 1, allowedActions: [] })]);
  });
});

describe('dates and lists that must agree', () => {
  it('refuses to move a session to a day its recorded members were not yet in the branch', async () => {
    await addMember(secretary, daminBranch, '二〇年转入', { joinedOn: '2020-03-01' });
    const session = await call<StudySession>('POST', '/api/study-sessions', secretary, {
      organizationId: daminBranch,
      kind: 'group_study',
      startsAt: '2026-11-24T19:30:00+08:00',
      place: '村党员活动室',
      topic: '集中学习',
    });
    expect(session.status, session.raw).toBe(201);
    const before = session.body;
    // 二〇年转入 joined in 2020: present on the recorded day, not in the register in 2010.
    const moved = await call('PATCH', `/api/study-sessions/${before.id}`, secretary, {
      version: before.version,
      startsAt: '2010-01-01T19:00:00+08:00',
    });
    expect(moved.status, moved.raw).toBe(400);
    expect(moved.raw).toContain('二〇年转入在 2010-01-01 不在本支部名册中');
    const seen = await call<StudySession>('GET', `/api/study-sessions/${before.id}`, secretary);
    expect(seen.body.startsAt).toBe(before.startsAt);
    expect(seen.body.version).toBe(before.version);
    // A day when all of them were in the register is fine.
    const ok = await call<StudySession>('PATCH', `/api/study-sessions/${before.id}`, secretary, {
      version: before.version,
      startsAt: '2026-11-25T19:30:00+08:00',
    });
    expect(ok.status, ok.raw).toBe(200);
  });

  it('refuses a topic listed twice, and plays counted on a session that is not a broadcast (they were kept, or dropped unsaid)', async () => {
    const twice = await call('POST', '/api/study-plans', secretary, {
      organizationId: daminBranch,
      title: '专题重复的计划',
      startsOn: '2026-11-01',
      endsOn: '2026-11-30',
      topics: ['学党章党规', '学党章党规'],
      forms: ['self_study'],
      sessionsPerMonth: 2,
    });
    expect(twice.status, twice.raw).toBe(400);
    expect(twice.raw).toContain('学习专题重复');
    const session = {
      organizationId: daminBranch,
      kind: 'group_study',
      startsAt: '2026-11-23T19:30:00+08:00',
      place: '村党员活动室',
      topic: '集中学习',
    };
    const plays = await call('POST', '/api/study-sessions', secretary, { ...session, playsCount: 5 });
    expect(plays.status, plays.raw).toBe(400);
    expect(plays.raw).toContain('只有广播学习填写播放次数');
    const made = await call<StudySession>('POST', '/api/study-sessions', secretary, session);
    expect(made.status, made.raw).toBe(201);
    const edited = await call('PATCH', `/api/study-sessions/${made.body.id}`, secretary, { version: made.body.version, playsCount: 3 });
    expect(edited.status, edited.raw).toBe(400);
    // A broadcast keeps its plays.
    const broadcast = await call<StudySession>('POST', '/api/study-sessions', secretary, { ...session, kind: 'broadcast', playsCount: 2 });
    expect(broadcast.status, broadcast.raw).toBe(201);
    expect(broadcast.body.playsCount).toBe(2);
  });

  it('answers 400, not 500, for a month before 2000', async () => {
    for (const month of ['0000-01', '0000-03', '1999-12']) {
      const r = await call('GET', `/api/study/coverage?month=${month}`, officer);
      expect(r.status, `${month}: ${r.raw}`).toBe(400);
    }
  });

  it('lists no never-reached member of an archived branch, as it counts none', async () => {
    const branch = await makeOrg(t, admin, '大闵村', 'branch', '大闵村撤销党支部');
    await addMember(secretary, branch.id, '撤销支部党员');
    await archiveOrg(t, admin, branch);
    const cov = await call<StudyCoverage>('GET', `/api/study/coverage?organizationId=${await t.orgId('大闵村')}`, officer);
    expect(cov.status, cov.raw).toBe(200);
    expect(cov.body.neverReached.map((m) => m.name)).not.toContain('撤销支部党员');
    expect(cov.body.neverReached).toHaveLength(cov.body.root.neverReached);
  });
});

// Last in the file: the members it adds to 大闵村党支部 joined recently, and the tests above count who was in the
// register on a day.
describe('a probationary member (预备党员)', () => {
  // The test clock's today is 2026-11-27: a probation of one year, extended by one at most, began on 2024-11-27 or later.
  const refusal = (res: { status: number; raw: string; body: unknown }, path: string) => {
    expect(res.status, res.raw).toBe(400);
    const error = (res.body as { error: { message: string; details: { fields: Array<{ path: string; message: string }> } } }).error;
    expect(error.message).toContain('距今已超过两年：预备期一年，最长延长一年');
    expect(error.details.fields[0]).toMatchObject({ path, message: error.message });
  };

  it('who joined over two years ago is refused on its field (1990 was taken); two years to the day is fine', async () => {
    const before = await countAuditEvents(t.db, 'member.created');
    for (const joinedOn of ['1990-07-01', '2024-11-26']) {
      const res = await call('POST', '/api/party-members', secretary, {
        organizationId: daminBranch,
        name: '测预备',
        gender: 'female',
        joinedOn,
        status: 'probationary',
      });
      refusal(res, 'joinedOn');
      expect(res.raw).toContain(`预备党员的入党时间（${joinedOn}）`);
    }
    expect(await countAuditEvents(t.db, 'member.created')).toBe(before);
    const m = await addMember(secretary, daminBranch, '测预备', { joinedOn: '2024-11-27', status: 'probationary' });
    expect(m.status).toBe('probationary');
    // The same date as a full member: nothing to check.
    expect((await addMember(secretary, daminBranch, '测正式', { joinedOn: '1990-07-01' })).status).toBe('full');
  });

  it('is checked when an edit changes the status or the date, on the field changed; other edits pass', async () => {
    const old = await addMember(secretary, daminBranch, '测转预备', { joinedOn: '2003-07-01' });
    refusal(await call('PATCH', `/api/party-members/${old.id}`, secretary, { version: old.version, status: 'probationary' }), 'status');
    const young = await addMember(secretary, daminBranch, '测改日期', { joinedOn: '2026-07-01', status: 'probationary' });
    refusal(
      await call('PATCH', `/api/party-members/${young.id}`, secretary, { version: young.version, joinedOn: '2001-07-01' }),
      'joinedOn',
    );
    // Both at once, as a correction would: the status with a recent date.
    const fixed = await call<PartyMember>('PATCH', `/api/party-members/${old.id}`, secretary, {
      version: old.version,
      status: 'probationary',
      joinedOn: '2026-07-01',
    });
    expect(fixed.status, fixed.raw).toBe(200);
    expect(fixed.body).toMatchObject({ status: 'probationary', joinedOn: '2026-07-01' });
    // A probation that ran out while nobody updated the register (written here as such a register would hold it)
    // does not stop a change of the note.
    await t.db.kysely.updateTable('party_members').set({ joined_on: '2019-07-01' }).where('id', '=', young.id).execute();
    const note = await call<PartyMember>('PATCH', `/api/party-members/${young.id}`, secretary, { version: young.version, note: '已外出' });
    expect(note.status, note.raw).toBe(200);
    expect(note.body.note).toBe('已外出');
  });
});
