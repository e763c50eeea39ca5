import ExcelJS from 'exceljs';
import { DEFAULT_STUDY_RULES } from '../../../domain/study-rules.ts';
import { uniqueName } from '../../testing/factories.ts';
import { multipart, PNG_1x1 } from '../../testing/ledger-factories.ts';
import { type AccessEnv, type AccessRow, statuses, type Who } from '../../testing/access-table.ts';

/**
 * The regular Party life (党员名册, 两学一做, 三会一课, 观摩学习, 坐班值班) × users. Everyone signed in reads it in
 * their scope (zhangdong: not 大闵村); a village secretary records for their own branch and keeps their own
 * village's hall; district admins (ltadmin within 良田街道) may do both; district officers organize tours;
 * only district-wide admins change the rules.
 */
export function studyAccessRows(env: AccessEnv): AccessRow[] {
  const t = () => env.t();
  const branch = () => t().orgId('大闵村党支部');
  const village = () => t().orgId('大闵村');
  /** Who records for 大闵村党支部 (study.record), and keeps 大闵村's hall (duty.manage). */
  const RECORD = (ok: number) => statuses(403, { admin: ok, ltadmin: ok, secretary: ok, zhangdong: 404 });
  const READ = statuses(200, { zhangdong: 404 });
  const member = async () =>
    env.ok(
      {
        method: 'POST',
        url: '/api/party-members',
        payload: { organizationId: await branch(), name: uniqueName('权限测试党员'), gender: 'female' },
      },
      201,
    );
  const plan = async () =>
    env.ok(
      {
        method: 'POST',
        url: '/api/study-plans',
        payload: {
          organizationId: await branch(),
          title: '权限测试计划',
          startsOn: '2026-11-01',
          endsOn: '2026-12-31',
          topics: ['学党章党规'],
          forms: ['self_study'],
          sessionsPerMonth: 2,
        },
      },
      201,
    );
  const session = async () =>
    env.ok(
      {
        method: 'POST',
        url: '/api/study-sessions',
        payload: {
          organizationId: await branch(),
          kind: 'evening_school',
          startsAt: '2026-11-26T19:30:00+08:00',
          place: '活动室',
          topic: '夜校',
        },
      },
      201,
    );
  const meeting = async () =>
    env.ok(
      {
        method: 'POST',
        url: '/api/party-meetings',
        payload: {
          organizationId: await branch(),
          kind: 'branch_committee',
          heldAt: '2026-11-20T09:00:00+08:00',
          place: '村委会',
          attendees: '支委 3 人',
          agenda: '研究工作',
        },
      },
      201,
    );
  const tour = async () =>
    env.ok(
      {
        method: 'POST',
        url: '/api/study-tours',
        payload: {
          title: '权限测试观摩',
          tourDate: '2026-04-08',
          destination: '华州区大明镇',
          purpose: '观摩',
          invitedRoles: ['village_secretary'],
        },
      },
      201,
    );
  /** 大闵村's hall, set up once by admin; each request reads its current version. */
  const hall = async () => {
    const h = await env.ok({ method: 'GET', url: `/api/service-halls/${await village()}` });
    if (h.exists) return h;
    return env.ok({
      method: 'PUT',
      url: `/api/service-halls/${await village()}`,
      payload: {
        version: 0,
        name: '便民服务大厅',
        openingHours: '周一至周五 8:30—18:00',
        openWeekdays: [1, 2, 3, 4, 5, 6, 7],
        services: ['代办'],
      },
    });
  };
  const file = async () => {
    const s = await session();
    const body = multipart({ sessionId: s.id, purpose: 'photo' }, { name: '照片.png', bytes: PNG_1x1 });
    const res = await t().app.inject({
      method: 'POST',
      url: '/api/study-files',
      headers: { ...env.session.admin, 'content-type': body.contentType },
      payload: body.payload,
    });
    if (res.statusCode !== 201) throw new Error(`setup upload: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>();
  };
  const registerSheet = async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党员名册');
    ws.addRow(['序号', '姓名', '性别', '入党时间', '党员类别', '是否流动党员']);
    ws.addRow([1, '导入测试', '男', '2010-07-01', '正式党员', '否']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const upload = async (who: Who, url: string, fields: Record<string, string>, f: { name: string; bytes: Buffer }) => {
    const body = multipart(fields, f);
    return { method: 'POST' as const, url, payload: body.payload, headers: { ...env.session[who], 'content-type': body.contentType } };
  };

  return [
    // ── 党员名册 ──
    {
      route: 'GET /api/party-members',
      target: "members in the reader's scope",
      request: async () => ({ method: 'GET', url: '/api/party-members' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/party-members',
      target: '?organizationId=大闵村党支部',
      request: async () => ({ method: 'GET', url: `/api/party-members?organizationId=${await branch()}` }),
      expect: READ,
    },
    {
      route: 'POST /api/party-members',
      target: 'a member of 大闵村党支部',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/party-members',
        payload: { organizationId: await branch(), name: uniqueName('权限测试'), gender: 'male' },
      }),
      expect: RECORD(201),
    },
    {
      route: 'PATCH /api/party-members/{id}',
      target: 'a member of 大闵村党支部',
      writes: 'on-success',
      request: async () => {
        const m = await member();
        return { method: 'PATCH', url: `/api/party-members/${m.id}`, payload: { version: m.version, worksAway: true } };
      },
      expect: RECORD(200),
    },
    {
      route: 'GET /api/party-members/export.xlsx',
      target: '大闵村党支部',
      request: async () => ({ method: 'GET', url: `/api/party-members/export.xlsx?organizationId=${await branch()}` }),
      expect: READ,
    },
    {
      route: 'POST /api/party-members/import',
      target: 'a dry run of a one-row register for 大闵村党支部',
      request: async (who) =>
        upload(
          who,
          `/api/party-members/import?dryRun=1&organizationId=${await branch()}`,
          {},
          { name: '名册.xlsx', bytes: await registerSheet() },
        ),
      expect: RECORD(200),
    },
    // ── 学习计划与学习活动 ──
    {
      route: 'GET /api/study-plans',
      target: "plans in the reader's scope",
      request: async () => ({ method: 'GET', url: '/api/study-plans' }),
      expect: statuses(200, {}),
    },
    {
      route: 'POST /api/study-plans',
      target: 'a plan of 大闵村党支部',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/study-plans',
        payload: {
          organizationId: await branch(),
          title: '计划',
          startsOn: '2026-11-01',
          endsOn: '2026-11-30',
          topics: ['学系列讲话'],
          forms: ['broadcast'],
          sessionsPerMonth: 1,
        },
      }),
      expect: RECORD(201),
    },
    {
      route: 'PATCH /api/study-plans/{id}',
      target: 'a plan of 大闵村党支部',
      writes: 'on-success',
      request: async () => {
        const p = await plan();
        return { method: 'PATCH', url: `/api/study-plans/${p.id}`, payload: { version: p.version, sessionsPerMonth: 3 } };
      },
      expect: RECORD(200),
    },
    {
      route: 'GET /api/study-sessions',
      target: "sessions in the reader's scope",
      request: async () => ({ method: 'GET', url: '/api/study-sessions' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/study-sessions/{id}',
      target: 'a session of 大闵村党支部',
      request: async () => ({ method: 'GET', url: `/api/study-sessions/${(await session()).id}` }),
      expect: READ,
    },
    {
      route: 'POST /api/study-sessions',
      target: 'an evening school of 大闵村党支部',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/study-sessions',
        payload: {
          organizationId: await branch(),
          kind: 'evening_school',
          startsAt: '2026-11-26T19:30:00+08:00',
          place: '活动室',
          topic: '夜校',
        },
      }),
      expect: RECORD(201),
    },
    {
      route: 'PATCH /api/study-sessions/{id}',
      target: 'a session of 大闵村党支部',
      writes: 'on-success',
      request: async () => {
        const s = await session();
        return { method: 'PATCH', url: `/api/study-sessions/${s.id}`, payload: { version: s.version, place: '村广场' } };
      },
      expect: RECORD(200),
    },
    {
      route: 'PUT /api/study-sessions/{id}/attendance',
      target: 'a session of 大闵村党支部 (one member marked absent)',
      writes: 'on-success',
      request: async () => {
        const m = await member();
        const s = await session();
        return {
          method: 'PUT',
          url: `/api/study-sessions/${s.id}/attendance`,
          payload: { version: s.version, entries: [{ memberId: m.id, status: 'absent', reason: 'sick' }] },
        };
      },
      expect: RECORD(200),
    },
    {
      route: 'POST /api/study-files',
      target: 'a photo of a session of 大闵村党支部',
      writes: 'on-success',
      request: async (who) =>
        upload(who, '/api/study-files', { sessionId: (await session()).id, purpose: 'photo' }, { name: '照片.png', bytes: PNG_1x1 }),
      expect: RECORD(201),
    },
    {
      route: 'GET /api/study-files/{id}',
      target: 'a photo of a session of 大闵村党支部',
      request: async () => ({ method: 'GET', url: `/api/study-files/${(await file()).id}` }),
      expect: READ,
    },
    // ── 覆盖、周统计、工作台、规则 ──
    {
      route: 'GET /api/study/coverage',
      target: "the reader's scope",
      request: async () => ({ method: 'GET', url: '/api/study/coverage' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/study/coverage',
      target: '?organizationId=大闵村',
      request: async () => ({ method: 'GET', url: `/api/study/coverage?organizationId=${await village()}` }),
      expect: READ,
    },
    {
      route: 'GET /api/study/coverage.xlsx',
      target: "the reader's scope",
      request: async () => ({ method: 'GET', url: '/api/study/coverage.xlsx' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/study/coverage.xlsx',
      target: '?organizationId=大闵村',
      request: async () => ({ method: 'GET', url: `/api/study/coverage.xlsx?organizationId=${await village()}` }),
      expect: READ,
    },
    {
      route: 'GET /api/study/weeks',
      target: "the reader's scope, last week",
      request: async () => ({ method: 'GET', url: '/api/study/weeks' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/study/overview',
      target: "the reader's dashboard card",
      request: async () => ({ method: 'GET', url: '/api/study/overview' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/study/settings',
      target: 'the rules',
      request: async () => ({ method: 'GET', url: '/api/study/settings' }),
      expect: statuses(200, {}),
    },
    {
      route: 'PUT /api/study/settings',
      target: 'the rules, saved unchanged',
      writes: 'on-success',
      request: async () => {
        const s = await env.ok({ method: 'GET', url: '/api/study/settings' });
        return { method: 'PUT', url: '/api/study/settings', payload: { version: s.version, rules: DEFAULT_STUDY_RULES } };
      },
      expect: statuses(403, { admin: 200 }),
    },
    // ── 三会一课 ──
    {
      route: 'GET /api/party-meetings',
      target: "meetings in the reader's scope",
      request: async () => ({ method: 'GET', url: '/api/party-meetings' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/party-meetings/rhythm',
      target: '?organizationId=大闵村',
      request: async () => ({ method: 'GET', url: `/api/party-meetings/rhythm?organizationId=${await village()}` }),
      expect: READ,
    },
    {
      route: 'POST /api/party-meetings',
      target: 'a branch committee meeting of 大闵村党支部',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/party-meetings',
        payload: {
          organizationId: await branch(),
          kind: 'party_lesson',
          heldAt: '2026-11-21T15:00:00+08:00',
          place: '村委会',
          attendees: '全体党员',
          agenda: '专题党课',
        },
      }),
      expect: RECORD(201),
    },
    {
      route: 'GET /api/party-meetings/{id}',
      target: 'a meeting of 大闵村党支部 with its record',
      request: async () => ({ method: 'GET', url: `/api/party-meetings/${(await meeting()).id}` }),
      expect: READ,
    },
    {
      route: 'PATCH /api/party-meetings/{id}',
      target: 'a meeting of 大闵村党支部',
      writes: 'on-success',
      request: async () => {
        const m = await meeting();
        return { method: 'PATCH', url: `/api/party-meetings/${m.id}`, payload: { version: m.version, decisions: '通过' } };
      },
      expect: RECORD(200),
    },
    // ── 观摩学习 ──
    {
      route: 'GET /api/study-tours',
      target: "tours in the reader's district",
      request: async () => ({ method: 'GET', url: '/api/study-tours' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/study-tours/{id}',
      target: "a tour of the district's",
      request: async () => ({ method: 'GET', url: `/api/study-tours/${(await tour()).id}` }),
      expect: statuses(200, {}),
    },
    {
      route: 'POST /api/study-tours',
      target: "a tour of the organizer's unit",
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/study-tours',
        payload: {
          title: '观摩',
          tourDate: '2026-04-08',
          destination: '华州区大明镇',
          purpose: '观摩',
          invitedRoles: ['party_affairs_staff'],
        },
      }),
      expect: statuses(403, { admin: 201, officer: 201, ltadmin: 201 }),
    },
    {
      route: 'PATCH /api/study-tours/{id}',
      target: 'a district tour',
      writes: 'on-success',
      request: async () => {
        const x = await tour();
        return { method: 'PATCH', url: `/api/study-tours/${x.id}`, payload: { version: x.version, destination: '华州区大明镇政府' } };
      },
      expect: statuses(403, { admin: 200, officer: 200 }),
    },
    {
      route: 'POST /api/study-tours/{id}/participants',
      target: 'a district tour, one participant by name',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: `/api/study-tours/${(await tour()).id}/participants`,
        payload: { participants: [{ role: 'village_secretary', name: '参观者', organizationId: await village() }] },
      }),
      expect: statuses(403, { admin: 200, officer: 200 }),
    },
    {
      route: 'DELETE /api/study-tours/{id}/participants/{participantId}',
      target: 'a participant of a district tour',
      writes: 'on-success',
      request: async () => {
        const x = await tour();
        const withOne = await env.ok({
          method: 'POST',
          url: `/api/study-tours/${x.id}/participants`,
          payload: { participants: [{ role: 'village_secretary', name: '参观者', organizationId: await village() }] },
        });
        return { method: 'DELETE', url: `/api/study-tours/${x.id}/participants/${withOne.participants[0].id}` };
      },
      expect: statuses(403, { admin: 200, officer: 200 }),
    },
    {
      route: 'PUT /api/study-tours/{id}/takeaways/{organizationId}',
      target: "大闵村's take-aways of a district tour",
      writes: 'on-success',
      request: async () => ({
        method: 'PUT',
        url: `/api/study-tours/${(await tour()).id}/takeaways/${await village()}`,
        payload: { version: 0, text: '建立党员积分制' },
      }),
      expect: RECORD(200),
    },
    // ── 便民服务大厅与坐班值班 ──
    {
      route: 'GET /api/service-halls/{organizationId}',
      target: "大闵村's hall",
      request: async () => ({ method: 'GET', url: `/api/service-halls/${await village()}` }),
      expect: READ,
    },
    {
      route: 'PUT /api/service-halls/{organizationId}',
      target: "大闵村's hall, at its current version",
      writes: 'on-success',
      request: async () => {
        const h = await hall();
        return {
          method: 'PUT',
          url: `/api/service-halls/${await village()}`,
          payload: { version: h.version, name: h.name, openingHours: h.openingHours, openWeekdays: h.openWeekdays, services: h.services },
        };
      },
      expect: RECORD(200),
    },
    {
      route: 'PUT /api/service-halls/{organizationId}/roster',
      target: "大闵村's roster",
      writes: 'on-success',
      request: async () => {
        const h = await hall();
        return {
          method: 'PUT',
          url: `/api/service-halls/${await village()}/roster`,
          payload: { version: h.version, entries: [{ weekday: 1, shift: 'full', personName: '王建国' }] },
        };
      },
      expect: RECORD(200),
    },
    {
      route: 'POST /api/duty-signins',
      target: "today's duty at 大闵村 (open every day)",
      writes: 'on-success',
      request: async () => {
        await hall();
        return { method: 'POST', url: '/api/duty-signins', payload: { organizationId: await village() } };
      },
      expect: RECORD(201),
    },
    {
      route: 'GET /api/duty/coverage',
      target: "the reader's scope, this month",
      request: async () => ({ method: 'GET', url: '/api/duty/coverage' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/duty/coverage',
      target: '?organizationId=大闵村',
      request: async () => ({ method: 'GET', url: `/api/duty/coverage?organizationId=${await village()}` }),
      expect: READ,
    },
  ];
}
