import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DutyCoverage, DutySignin, ServiceHall } from '../../../domain/contracts/duty.ts';
import type { StudyFile, StudyOverview } from '../../../domain/contracts/study.ts';
import { countAuditEvents, loginAs, makeOrg, makeUser } from '../../testing/factories.ts';
import { multipart, PNG_1x1 } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { publicDutyLine } from './duty.service.ts';

/**
 * 便民服务大厅与坐班值班 over HTTP: the village sets up its hall and roster, the person on duty signs in with a
 * tap, and coverage = days staffed ÷ days due (Shanghai days) per village and up the tree. The clock starts on
 * Friday 2026-11-27 10:00 Shanghai.
 */
let t: TestApp;
let damin: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  damin = await t.orgId('大闵村');
});
afterAll(() => t.close());

const at = (iso: string) => {
  t.clock.current = new Date(iso);
};
const call = async <T>(who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
  const r = await t.app.inject({ method, url, headers: await t.login(who), payload: payload as object });
  return { status: r.statusCode, body: r.json<T>(), raw: r.body };
};
const HALL = {
  name: '大闵村便民服务大厅',
  openingHours: '周一至周五 8:30—12:00、14:30—18:00',
  openWeekdays: [1, 2, 3, 4, 5],
  services: ['社保代办', '开具证明'],
};

describe('the service hall and its roster', () => {
  it('is set up by the village secretary (version 0), not by the district or another village', async () => {
    const before = await call<ServiceHall>('officer', 'GET', `/api/service-halls/${damin}`);
    expect(before.status, before.raw).toBe(200);
    expect(before.body).toMatchObject({ exists: false, version: 0, allowedActions: [] });
    expect((await call('officer', 'PUT', `/api/service-halls/${damin}`, { version: 0, ...HALL })).status).toBe(403);
    expect((await call('zhangdong', 'PUT', `/api/service-halls/${damin}`, { version: 0, ...HALL })).status).toBe(404);
    const made = await call<ServiceHall>('secretary', 'PUT', `/api/service-halls/${damin}`, { version: 0, ...HALL });
    expect(made.status, made.raw).toBe(200);
    expect(made.body).toMatchObject({ exists: true, version: 1, openWeekdays: [1, 2, 3, 4, 5] });
    expect((await call('secretary', 'PUT', `/api/service-halls/${damin}`, { version: 0, ...HALL })).status).toBe(409);

    const roster = await call<ServiceHall>('secretary', 'PUT', `/api/service-halls/${damin}/roster`, {
      version: 1,
      entries: [
        { weekday: 1, shift: 'full', personName: '王建国' },
        { weekday: 2, shift: 'full', personName: '李秀英' },
        { weekday: 5, shift: 'full', personName: '陈晓梅', userId: await t.userId('secretary') },
      ],
    });
    expect(roster.status, roster.raw).toBe(200);
    expect(roster.body.roster).toHaveLength(3);
    expect(roster.body.today).toMatchObject({ date: '2026-11-27', weekday: 5, open: true });
    expect(roster.body.today.onDuty).toEqual([
      { personName: '陈晓梅', shift: 'full', userId: await t.userId('secretary'), signedIn: false },
    ]);
  });

  it('refuses one person twice in a shift of a day (the same row, or 全天 beside 上午), naming the row; two people may share it', async () => {
    const hall = (await call<ServiceHall>('secretary', 'GET', `/api/service-halls/${damin}`)).body;
    const put = (entries: unknown[]) =>
      call<{ error: { message: string; details: { fields: Array<{ path: string }> } } }>(
        'secretary',
        'PUT',
        `/api/service-halls/${damin}/roster`,
        { version: hall.version, entries },
      );
    const twice = await put([
      { weekday: 1, shift: 'full', personName: '王建国' },
      { weekday: 1, shift: 'full', personName: '王建国' },
    ]);
    expect(twice.status, twice.raw).toBe(400);
    expect(twice.body.error.message).toContain('星期一王建国已排全天班（第 1 行）');
    expect(twice.body.error.details.fields[0]!.path).toBe('entries.1');
    const overlapping = await put([
      { weekday: 1, shift: 'am', personName: '王建国' },
      { weekday: 1, shift: 'full', personName: '王建国' },
    ]);
    expect(overlapping.status, overlapping.raw).toBe(400);
    // Nothing was stored: the roster is as it was.
    expect((await call<ServiceHall>('secretary', 'GET', `/api/service-halls/${damin}`)).body.version).toBe(hall.version);
    const shared = await put([
      { weekday: 1, shift: 'am', personName: '王建国' },
      { weekday: 1, shift: 'pm', personName: '王建国' },
      { weekday: 1, shift: 'am', personName: '李秀英' },
      ...hall.roster
        .filter((r) => r.weekday !== 1)
        .map((r) => ({ weekday: r.weekday, shift: r.shift, personName: r.personName, userId: r.userId })),
    ]);
    expect(shared.status, shared.raw).toBe(200);
    // The roster as it was, for the tests below.
    const restored = await call('secretary', 'PUT', `/api/service-halls/${damin}/roster`, {
      version: (shared.body as unknown as ServiceHall).version,
      entries: hall.roster.map((r) => ({ weekday: r.weekday, shift: r.shift, personName: r.personName, userId: r.userId })),
    });
    expect(restored.status, restored.raw).toBe(200);
  });

  it('refuses a disabled account on the roster, though its role in the village remains (400 naming the entry)', async () => {
    const admin = await t.login('admin');
    const cadre = await makeUser(t, admin, [{ role: 'village_secretary', org: '大闵村' }]);
    const user = (await t.app.inject({ method: 'GET', url: `/api/users/${cadre.id}`, headers: admin })).json<{ version: number }>();
    const disabled = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${cadre.id}`,
      headers: admin,
      payload: { version: user.version, disabled: true },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    const hall = (await call<ServiceHall>('secretary', 'GET', `/api/service-halls/${damin}`)).body;
    const res = await call<ServiceHall>('secretary', 'PUT', `/api/service-halls/${damin}/roster`, {
      version: hall.version,
      entries: [{ weekday: 3, shift: 'full', personName: '停用账号', userId: cadre.id }],
    });
    expect(res.status, res.raw).toBe(400);
    expect(res.raw).toContain('entries.0.userId');
  });

  it('takes a sign-in with one tap, once a day, and a photo after it', async () => {
    const before = await countAuditEvents(t.db, 'duty.signed_in');
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/duty-signins',
      headers: await t.login('secretary'),
      payload: { organizationId: damin },
    });
    expect(first.statusCode, first.body).toBe(201);
    const s = first.json<DutySignin>();
    expect(s).toMatchObject({ date: '2026-11-27', personName: '陈晓梅', onRoster: true, at: '2026-11-27T02:00:00.000Z' });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/duty-signins',
      headers: await t.login('secretary'),
      payload: { organizationId: damin },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<DutySignin>().id).toBe(s.id);
    expect(await countAuditEvents(t.db, 'duty.signed_in')).toBe(before + 1);

    expect((await call('officer', 'POST', '/api/duty-signins', { organizationId: damin })).status).toBe(403);
    expect((await call('zhangdong', 'POST', '/api/duty-signins', { organizationId: damin })).status).toBe(404);

    const body = multipart({ signinId: s.id, purpose: 'duty_photo' }, { name: '签到.png', bytes: PNG_1x1 });
    const photo = await t.app.inject({
      method: 'POST',
      url: '/api/study-files',
      headers: { ...(await t.login('secretary')), 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json<StudyFile>()).toMatchObject({ purpose: 'duty_photo', isImage: true });
    const hall = await call<ServiceHall>('officer', 'GET', `/api/service-halls/${damin}`);
    expect(hall.body.today.signIns[0]!.photos).toHaveLength(1);
    expect(hall.body.today.onDuty[0]!.signedIn).toBe(true);
  });

  it('counts days due and staffed in Shanghai days: a weekend is not due, a day without sign-in is a gap, today only once staffed', async () => {
    // Tuesday 1 December 10:00 Shanghai: Friday staffed, Monday 30 November a gap, today not yet due.
    at('2026-12-01T02:00:00.000Z');
    let cov = await call<DutyCoverage>('officer', 'GET', '/api/duty/coverage?from=2026-11-23&to=2026-12-06');
    expect(cov.status, cov.raw).toBe(200);
    let row = cov.body.rows.find((r) => r.organizationId === damin)!;
    expect(row).toMatchObject({ halls: 1, daysDue: 2, daysStaffed: 1, rate: 0.5, gaps: ['2026-11-30'] });
    expect(cov.body.rows.find((r) => r.organizationName === '良田街道')).toMatchObject({ halls: 1, daysDue: 2, daysStaffed: 1 });
    expect(cov.body.root).toMatchObject({ daysDue: 2, daysStaffed: 1 });

    const signed = await call<DutySignin>('secretary', 'POST', '/api/duty-signins', { organizationId: damin });
    expect(signed.status).toBe(201);
    // Standing in for 李秀英: recorded as off the roster.
    expect(signed.body.onRoster).toBe(false);
    cov = await call<DutyCoverage>('officer', 'GET', '/api/duty/coverage?from=2026-11-23&to=2026-12-06');
    row = cov.body.rows.find((r) => r.organizationId === damin)!;
    expect(row).toMatchObject({ daysDue: 3, daysStaffed: 2, gaps: ['2026-11-30'] });

    // The other village's secretary reads only their own subtree; another village's hall is not found.
    const zd = await call<DutyCoverage>('zhangdong', 'GET', '/api/duty/coverage');
    expect(zd.status).toBe(200);
    expect(zd.body.rows.map((r) => r.organizationId)).not.toContain(damin);
    expect((await call('zhangdong', 'GET', `/api/duty/coverage?organizationId=${damin}`)).status).toBe(404);
    expect((await call('zhangdong', 'GET', `/api/service-halls/${damin}`)).status).toBe(404);
  });

  it('keeps a `from` alone within a year of today, and gives a reader of several villages the first one alone', async () => {
    at('2026-12-01T02:00:00.000Z');
    for (const from of ['2025-11-01', '2000-01-01', '2026-12-02']) {
      const r = await call('officer', 'GET', `/api/duty/coverage?from=${from}`);
      expect(r.status, `${from}: ${r.raw}`).toBe(400);
      expect(r.raw).toContain('"in":"query"');
    }
    expect((await call('officer', 'GET', '/api/duty/coverage?from=2025-12-01')).status).toBe(200);
    // The liaison member's four villages: the first one's subtree, as the study coverage answers; the other three
    // were listed as its rows.
    const mine = await call<DutyCoverage>('liaison', 'GET', '/api/duty/coverage');
    expect(mine.status, mine.raw).toBe(200);
    expect(mine.body.root.kind).toBe('village');
    expect(mine.body.rows.filter((r) => r.kind === 'village')).toEqual([]);
  });

  it('gives the portal a public line: today’s person on duty with the name masked, and the opening hours', async () => {
    // Monday 7 December, 09:00 Shanghai: the roster names 王建国.
    const line = await publicDutyLine(t.db.kysely, damin, new Date('2026-12-07T01:00:00.000Z'));
    expect(line).toEqual({
      date: '2026-12-07',
      hallName: '大闵村便民服务大厅',
      openToday: true,
      openingHours: HALL.openingHours,
      openDays: '周一至周五',
      onDuty: [{ maskedName: '王*', shift: 'full' }],
    });
    // Sunday: closed, nobody named.
    const sunday = await publicDutyLine(t.db.kysely, damin, new Date('2026-12-06T01:00:00.000Z'));
    expect(sunday).toMatchObject({ openToday: false, onDuty: [] });
    expect(await publicDutyLine(t.db.kysely, await t.orgId('张东村'), new Date())).toBeNull();
  });

  it('shows that line on the village’s public portal page, the name masked', async () => {
    at('2026-12-07T01:00:00.000Z');
    const page = await t.app.inject({ method: 'GET', url: `/public/villages/${damin}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('今日值班：王*');
    expect(page.body).toContain('开放时间：周一至周五 8:30—12:00、14:30—18:00');
    expect(page.body).not.toContain('王建国');
  });

  it('refuses a sign-in on a day the hall is closed (400), and offers none that day', async () => {
    // Saturday 5 December, 10:00 Shanghai: the hall opens Monday to Friday.
    at('2026-12-05T02:00:00.000Z');
    const before = await countAuditEvents(t.db, 'duty.signed_in');
    const res = await call<{ error: { code: string; message: string } }>('secretary', 'POST', '/api/duty-signins', {
      organizationId: damin,
    });
    expect(res.status, res.raw).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain('今天（周六）不开放');
    expect(res.body.error.message).toContain('周一至周五');
    expect(await countAuditEvents(t.db, 'duty.signed_in')).toBe(before);
    const hall = await call<ServiceHall>('secretary', 'GET', `/api/service-halls/${damin}`);
    expect(hall.body.today).toMatchObject({ open: false, signIns: [] });
    expect(hall.body.allowedActions).toEqual(['edit', 'roster']);
    const card = await call<StudyOverview>('secretary', 'GET', '/api/study/overview');
    expect(card.body.duty).toMatchObject({ openToday: false, canSignIn: false });
    // Monday again: the tap is taken.
    at('2026-12-07T02:00:00.000Z');
    expect((await call('secretary', 'POST', '/api/duty-signins', { organizationId: damin })).status).toBe(201);
  });
});

describe('duty staff on the roster', () => {
  it('sign in with their own account without keeping the hall (duty.manage), and nobody else off the roster does', async () => {
    // Wednesday 9 December, 09:00 Shanghai.
    at('2026-12-09T01:00:00.000Z');
    const member = await makeUser(t, await t.login('admin'), [{ role: 'viewer', org: '大闵村' }], { displayName: '周值班' });
    let headers = await loginAs(t, member.username, member.password);
    const as = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const r = await t.app.inject({ method, url, headers, payload: payload as object });
      return { status: r.statusCode, body: r.json<T>(), raw: r.body };
    };
    // Not on the roster: a reader, no more.
    expect((await as('POST', '/api/duty-signins', { organizationId: damin })).status).toBe(403);
    expect((await as<ServiceHall>('GET', `/api/service-halls/${damin}`)).body.allowedActions).toEqual([]);
    // The secretary puts them on Thursdays.
    const hall = await call<ServiceHall>('secretary', 'GET', `/api/service-halls/${damin}`);
    const roster = await call<ServiceHall>('secretary', 'PUT', `/api/service-halls/${damin}/roster`, {
      version: hall.body.version,
      entries: [
        ...hall.body.roster.map((r) => ({
          weekday: r.weekday,
          shift: r.shift,
          personName: r.personName,
          ...(r.userId && { userId: r.userId }),
        })),
        { weekday: 4, shift: 'full', personName: '周值班', userId: member.id },
      ],
    });
    expect(roster.status, roster.raw).toBe(200);
    // On Wednesday they stand in (off the roster that day); they may not keep the hall or its roster.
    const mine = await as<ServiceHall>('GET', `/api/service-halls/${damin}`);
    expect(mine.body.allowedActions).toEqual(['signIn']);
    // The card says beforehand that a sign-in today is a stand-in's, and afterwards that it was.
    expect((await as<StudyOverview>('GET', '/api/study/overview')).body.duty).toMatchObject({
      canSignIn: true,
      rosteredToday: false,
      signedInAt: null,
      signedInAsStandIn: false,
    });
    const signed = await as<DutySignin>('POST', '/api/duty-signins', { organizationId: damin });
    expect(signed.status, signed.raw).toBe(201);
    expect(signed.body).toMatchObject({ personName: '周值班', onRoster: false });
    expect((await as<StudyOverview>('GET', '/api/study/overview')).body.duty).toMatchObject({
      rosteredToday: false,
      signedInAt: signed.body.at,
      signedInAsStandIn: true,
    });
    // Thursday: on the roster that day.
    at('2026-12-10T01:00:00.000Z');
    headers = await loginAs(t, member.username, member.password);
    expect((await as<StudyOverview>('GET', '/api/study/overview')).body.duty).toMatchObject({ rosteredToday: true });
    const thursday = await as<DutySignin>('POST', '/api/duty-signins', { organizationId: damin });
    expect(thursday.status, thursday.raw).toBe(201);
    expect(thursday.body.onRoster).toBe(true);
    expect((await as<StudyOverview>('GET', '/api/study/overview')).body.duty).toMatchObject({ signedInAsStandIn: false });
    expect((await as('PUT', `/api/service-halls/${damin}/roster`, { version: roster.body.version, entries: [] })).status).toBe(403);
  });
});

describe('an archived (撤销) village', () => {
  it('keeps its hall and sign-ins to read, and refuses every write to them with 409', async () => {
    at('2026-12-08T02:00:00.000Z');
    const admin = await t.login('admin');
    const village = await makeOrg(t, admin, '良田街道');
    const cadre = await makeUser(t, admin, [{ role: 'village_secretary', org: village.id }]);
    const headers = await loginAs(t, cadre.username, cadre.password);
    const as = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const r = await t.app.inject({ method, url, headers, payload: payload as object });
      return { status: r.statusCode, body: r.json<T>(), raw: r.body };
    };
    const hall = await as<ServiceHall>('PUT', `/api/service-halls/${village.id}`, { version: 0, ...HALL, name: '测试村便民服务大厅' });
    expect(hall.status, hall.raw).toBe(200);
    const signin = await as<DutySignin>('POST', '/api/duty-signins', { organizationId: village.id });
    expect(signin.status, signin.raw).toBe(201);
    const archived = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${village.id}`,
      headers: admin,
      payload: { version: village.version, archived: true },
    });
    expect(archived.statusCode, archived.body).toBe(200);

    const events = await countAuditEvents(t.db);
    const refused = (r: { status: number; raw: string }) => {
      expect(r.status, r.raw).toBe(409);
      expect(r.raw).toContain('已撤销（归档），不能再修改其记录');
    };
    const body = multipart({ signinId: signin.body.id, purpose: 'duty_photo' }, { name: '签到.png', bytes: PNG_1x1 });
    const photo = await t.app.inject({
      method: 'POST',
      url: '/api/study-files',
      headers: { ...headers, 'content-type': body.contentType },
      payload: body.payload,
    });
    refused({ status: photo.statusCode, raw: photo.body });
    refused(await as('PUT', `/api/service-halls/${village.id}`, { version: hall.body.version, ...HALL }));
    refused(await as('PUT', `/api/service-halls/${village.id}/roster`, { version: hall.body.version, entries: [] }));
    refused(await as('POST', '/api/duty-signins', { organizationId: village.id }));
    expect(await countAuditEvents(t.db)).toBe(events);

    const read = await as<ServiceHall>('GET', `/api/service-halls/${village.id}`);
    expect(read.status, read.raw).toBe(200);
    expect(read.body.today.signIns.map((s) => s.id)).toEqual([signin.body.id]);
    expect(read.body.allowedActions).toEqual([]);
  });
});
