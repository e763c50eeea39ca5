/**
 * District-scale benchmark of the study program (两学一做, 三会一课, 坐班值班): `npm run bench:study`.
 *
 * Builds a fresh SQLite file (.tmp/bench/study.sqlite): one district of BENCH_SUBDISTRICTS subdistricts ×
 * BENCH_VILLAGES villages, each village with its Party branch of BENCH_MEMBERS members (a tenth working away),
 * a study plan, 12 weeks of sessions (two a week: evening schools, group study, broadcasts) with every member's
 * attendance (about one in eight absent with a reason, some made up), three months of branch committee meetings
 * (a few missed) and a service hall open Monday to Friday with a two-shift roster and 12 weeks of duty sign-ins
 * (about one day in twenty unstaffed). Then measures through the real app with `app.inject`, signed in as the
 * district admin, and prints p50/p95 per operation:
 *
 *   coverage roll-up      GET /api/study/coverage for the district (this month: every subdistrict, village, branch)
 *   branch sessions       GET /api/study-sessions?organizationId=<branch> (first page of 20, a different branch each call)
 *   record attendance     PUT /api/study-sessions/:id/attendance (re-record one member, with the session's version)
 *   record a session      POST /api/study-sessions (tonight's evening school, every member, two absent with reasons)
 *   duty roster gaps      GET /api/duty/coverage for the district over the last four weeks (days due, staffed, gap days)
 *   三会一课 rhythm       GET /api/party-meetings/rhythm as the first village's secretary and as the district admin
 *   dashboard card        GET /api/study/overview for the district (coverage, missed and due meetings, this week's gaps)
 *
 * Figures are printed, never asserted; docs/PERFORMANCE.md ("Study program") records them, with the calibration
 * figure of bench/calibration.ts to compare runs on other machines as ratios.
 *
 * Environment: BENCH_SUBDISTRICTS=12, BENCH_VILLAGES=25 (per subdistrict), BENCH_MEMBERS=40 (per branch),
 * BENCH_ITERATIONS=100 (measured calls of the fast operations; the roll-ups take a fifth of it, at least 10).
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { buildPath } from '../src/domain/organizations.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../src/domain/time.ts';
import { buildApp, type AppInstance } from '../src/server/app.ts';
import type {
  Database,
  DutyRosterTable,
  DutySigninsTable,
  OrganizationsTable,
  PartyMeetingsTable,
  PartyMembersTable,
  ServiceHallsTable,
  StudyAttendanceTable,
  StudyPlansTable,
  StudySessionsTable,
} from '../src/server/db/database.ts';
import { databaseVersion, openDatabase } from '../src/server/db/dialect.ts';
import { newId } from '../src/server/db/ids.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { GIVEN, random, SURNAMES } from '../src/server/demo/demo-text.ts';
import { hashPassword } from '../src/server/modules/sessions/passwords.ts';
import { benchConfig, fmt, log, login, ORIGIN, PASSWORD, ROOT, WORK_DIR } from './bench-app.ts';
import { calibrate, describeCalibration } from './calibration.ts';
import { emptySamples, type Figures, load, machine, memory, nowMs, run, seconds, summarize, table } from './measure.ts';

const SUBDISTRICTS = Number(process.env.BENCH_SUBDISTRICTS ?? '12');
const VILLAGES = Number(process.env.BENCH_VILLAGES ?? '25');
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? '40');
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? '100');
const WEEKS = 12;
const FILE = path.join(WORK_DIR, 'study.sqlite');

interface Branch {
  id: string;
  path: string;
  villageId: string;
  members: string[];
}

/** Inserts rows in chunks that stay under SQLite's bound-parameter limit. */
async function insertAll<T extends keyof Database>(k: Kysely<Database>, table: T, rows: readonly Database[T][]): Promise<void> {
  const columns = rows[0] ? Object.keys(rows[0]).length : 1;
  const chunk = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += chunk) {
    // One generic insert over the tables built here: Kysely cannot relate a generic table to its row type.
    await k
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
  }
}

const KINDS = ['evening_school', 'group_study', 'broadcast', 'evening_school', 'self_study', 'party_lecture'] as const;

async function build(now: Date): Promise<{ districtId: string; branches: Branch[]; rows: number }> {
  rmSync(FILE, { force: true });
  mkdirSync(WORK_DIR, { recursive: true });
  const db = openDatabase({ kind: 'sqlite', file: FILE });
  const rand = random(20261203);
  const pick = <X>(xs: readonly X[]) => xs[Math.floor(rand() * xs.length)]!;
  const today = shanghaiDate(now);
  const at = now.toISOString();
  let rows = 0;
  try {
    await migrateToLatest(db);
    const k = db.kysely;
    const org = (parent: OrganizationsTable | null, kind: string, name: string): OrganizationsTable => {
      const id = newId();
      return {
        id,
        parent_id: parent?.id ?? null,
        kind,
        name,
        code: null,
        path: buildPath(parent?.path ?? null, id),
        depth: parent ? parent.depth + 1 : 0,
        is_sample: 0,
        archived_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      };
    };
    const district = org(null, 'district', '基准区');
    const orgs: OrganizationsTable[] = [district];
    const branches: Branch[] = [];
    const members: PartyMembersTable[] = [];
    const plans: StudyPlansTable[] = [];
    const halls: ServiceHallsTable[] = [];
    const roster: DutyRosterTable[] = [];
    for (let s = 0; s < SUBDISTRICTS; s++) {
      const sub = org(district, 'subdistrict', `第${s + 1}街道`);
      orgs.push(sub);
      for (let v = 0; v < VILLAGES; v++) {
        const village = org(sub, 'village', `${sub.name}${v + 1}村`);
        const branch = org(village, 'branch', `${village.name}党支部`);
        orgs.push(village, branch);
        const ids: string[] = [];
        for (let m = 0; m < MEMBERS; m++) {
          const id = newId();
          ids.push(id);
          members.push({
            id,
            organization_id: branch.id,
            org_path: branch.path,
            name: `${pick(SURNAMES)}${pick(GIVEN)}`,
            gender: rand() < 0.7 ? 'male' : 'female',
            joined_on: `${1970 + Math.floor(rand() * 50)}-07-01`,
            status: rand() < 0.05 ? 'probationary' : 'full',
            works_away: rand() < 0.1 ? 1 : 0,
            phone: null,
            note: null,
            left_on: null,
            created_by: null,
            version: 1,
            created_at: at,
            updated_at: at,
          });
        }
        branches.push({ id: branch.id, path: branch.path, villageId: village.id, members: ids });
        plans.push({
          id: newId(),
          organization_id: branch.id,
          org_path: branch.path,
          title: `${today.slice(0, 4)}年“两学一做”学习计划`,
          starts_on: `${Number(today.slice(0, 4)) - 1}-01-01`,
          ends_on: `${today.slice(0, 4)}-12-31`,
          topics: JSON.stringify(['学党章党规', '学系列讲话']),
          forms: JSON.stringify(['evening_school', 'group_study', 'broadcast']),
          sessions_per_month: 8,
          note: null,
          created_by: null,
          version: 1,
          created_at: at,
          updated_at: at,
        });
        halls.push({
          organization_id: village.id,
          org_path: village.path,
          name: `${village.name}便民服务大厅`,
          opening_hours: '周一至周五 8:30-12:00，14:30-18:00',
          open_weekdays: JSON.stringify([1, 2, 3, 4, 5]),
          services: JSON.stringify(['社保代办', '证明开具']),
          tracked_from: addDays(today, -WEEKS * 7),
          updated_by: null,
          version: 1,
          created_at: at,
          updated_at: at,
        });
        for (let wd = 1; wd <= 5; wd++)
          for (const [i, shift] of (['am', 'pm'] as const).entries())
            roster.push({
              id: newId(),
              organization_id: village.id,
              weekday: wd,
              shift,
              person_name: `${pick(SURNAMES)}${pick(GIVEN)}`,
              user_id: null,
              sort_order: i,
            });
      }
    }
    const hash = await hashPassword(PASSWORD);
    const adminId = newId();
    await k.transaction().execute(async (trx) => {
      await insertAll(trx, 'organizations', orgs);
      /** An account with one role on one organization, signing in with the bench's password. */
      const account = async (id: string, username: string, displayName: string, role: string, organizationId: string) => {
        await trx
          .insertInto('users')
          .values({
            id,
            username,
            display_name: displayName,
            phone: null,
            email: null,
            password_hash: hash,
            disabled_at: null,
            version: 1,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await trx
          .insertInto('role_assignments')
          .values({ id: newId(), user_id: id, role, organization_id: organizationId, created_at: at })
          .execute();
      };
      await account(adminId, 'admin', '基准管理员', 'district_admin', district.id);
      // The first village's Party secretary: the village's own pages (they name no organization).
      await account(newId(), 'secretary', '基准村书记', 'village_secretary', branches[0]!.villageId);
      await insertAll(trx, 'party_members', members);
      await insertAll(trx, 'study_plans', plans);
      await insertAll(trx, 'service_halls', halls);
      await insertAll(trx, 'duty_roster', roster);
    });
    rows += orgs.length + 4 + members.length + plans.length + halls.length + roster.length;

    // Sessions with attendance, meetings and sign-ins: one transaction per subdistrict's worth of branches.
    const byId = new Map(members.map((m) => [m.id, m]));
    const villagePath = new Map(orgs.filter((o) => o.kind === 'village').map((o) => [o.id, o.path]));
    for (let i = 0; i < branches.length; i += VILLAGES) {
      const sessions: StudySessionsTable[] = [];
      const attendance: StudyAttendanceTable[] = [];
      const meetings: PartyMeetingsTable[] = [];
      const signins: DutySigninsTable[] = [];
      for (const b of branches.slice(i, i + VILLAGES)) {
        for (let d = WEEKS * 7; d >= 1; d--) {
          const day = addDays(today, -d);
          const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
          if (weekday === 2 || weekday === 5) {
            const kind = pick(KINDS);
            const id = newId();
            sessions.push({
              id,
              organization_id: b.id,
              org_path: b.path,
              plan_id: null,
              kind,
              starts_at: new Date(shanghaiDayStart(day).getTime() + 19.5 * 3_600_000).toISOString(),
              place: '村党员活动室',
              speaker: kind === 'party_lecture' ? '市委党校讲师' : null,
              topic: '学习《中国共产党章程》',
              summary: null,
              plays_count: kind === 'broadcast' ? 3 : null,
              created_by: adminId,
              version: 1,
              created_at: at,
              updated_at: at,
            });
            for (const memberId of b.members) {
              const away = byId.get(memberId)!.works_away === 1;
              const r = rand();
              const status = kind === 'broadcast' && away ? 'reached' : r < 0.12 || (away && r < 0.6) ? 'absent' : 'present';
              attendance.push({
                session_id: id,
                member_id: memberId,
                status,
                absence_reason: status === 'absent' ? (away ? 'away_work' : pick(['sick', 'other'] as const)) : null,
                note: null,
                made_up_on: status === 'absent' && rand() < 0.3 && addDays(day, 3) < today ? addDays(day, 3) : null,
                updated_at: at,
              });
            }
          }
          if (weekday <= 5 && rand() > 0.05)
            signins.push({
              id: newId(),
              organization_id: b.villageId,
              org_path: villagePath.get(b.villageId)!,
              on_date: day,
              at: new Date(shanghaiDayStart(day).getTime() + 8.5 * 3_600_000).toISOString(),
              user_id: adminId,
              person_name: '值班人员',
              shift: 'am',
              on_roster: 1,
              note: null,
            });
        }
        for (let m = 1; m <= 3; m++) {
          if (rand() < 0.1) continue; // a missed committee meeting
          const day = addDays(today, -m * 30);
          meetings.push({
            id: newId(),
            organization_id: b.id,
            org_path: b.path,
            kind: 'branch_committee',
            held_at: new Date(shanghaiDayStart(day).getTime() + 9 * 3_600_000).toISOString(),
            place: '村委会',
            attendees: '支委 5 人',
            expected_count: 5,
            present_count: 5,
            agenda: '研究本月工作',
            minutes: null,
            decisions: null,
            created_by: adminId,
            version: 1,
            created_at: at,
            updated_at: at,
          });
        }
      }
      await k.transaction().execute(async (trx) => {
        await insertAll(trx, 'study_sessions', sessions);
        await insertAll(trx, 'study_attendance', attendance);
        await insertAll(trx, 'party_meetings', meetings);
        await insertAll(trx, 'duty_signins', signins);
      });
      rows += sessions.length + attendance.length + meetings.length + signins.length;
    }
    return { districtId: district.id, branches, rows };
  } finally {
    await db.close();
  }
}

/** Signs `username` in (the bench's password): the headers of its session. */
async function signIn(app: AppInstance, username: string): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { origin: ORIGIN },
    payload: { username, password: PASSWORD },
  });
  const cookie = res.cookies.find((c) => c.name === 'tz_session');
  if (res.statusCode !== 200 || !cookie) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  return { cookie: `tz_session=${cookie.value}`, origin: ORIGIN };
}

async function call(app: AppInstance, headers: Record<string, string>, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await app.inject({ method, url, headers, payload });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res;
}

log(`bench:study — ${machine()}`);
log(`${SUBDISTRICTS} subdistricts × ${VILLAGES} villages, ${MEMBERS} members a branch, ${WEEKS} weeks of sessions; ${load()}`);
log(describeCalibration(calibrate()));
const started = nowMs();
const now = new Date();
const built = await build(now);
log(
  `built ${fmt(built.rows)} rows into ${path.relative(ROOT, FILE)} in ${seconds(started)} (${(statSync(FILE).size / 2 ** 20).toFixed(0)} MiB)`,
);

const db = openDatabase({ kind: 'sqlite', file: FILE });
log(`database: ${await databaseVersion(db)}`);
const app = await buildApp({ db, config: benchConfig({ kind: 'sqlite', file: FILE }), logger: false });
try {
  await app.ready();
  const headers = await login(app);
  const { districtId, branches } = built;
  const today = shanghaiDate(now);
  const slow = { warmup: 2, iterations: Math.max(10, Math.round(ITERATIONS / 5)) };
  const fast = { warmup: 10, iterations: ITERATIONS };
  const branchAt = (i: number) => branches[(i * 37) % branches.length]!;
  const rows: Figures[] = [];

  rows.push(
    await run(
      'coverage roll-up (district, this month)',
      () => call(app, headers, 'GET', `/api/study/coverage?organizationId=${districtId}`).then(() => undefined),
      slow,
    ),
  );
  rows.push(
    await run(
      'branch sessions (first page of 20)',
      (i) => call(app, headers, 'GET', `/api/study-sessions?organizationId=${branchAt(i).id}&page=1&pageSize=20`).then(() => undefined),
      fast,
    ),
  );

  // Re-recording: one member of a recent session of a different branch each call, alternately absent and present.
  const versions = new Map<string, number>();
  const sessionOf = new Map<string, string>();
  for (const b of branches) {
    const list = (await call(app, headers, 'GET', `/api/study-sessions?organizationId=${b.id}&page=1&pageSize=1`)).json<{
      items: Array<{ id: string }>;
    }>();
    const id = list.items[0]!.id;
    sessionOf.set(b.id, id);
    // The version read before timing, so that each measured call is the PUT alone.
    versions.set(id, (await call(app, headers, 'GET', `/api/study-sessions/${id}`)).json<{ version: number }>().version);
  }
  const rerecord = async (i: number) => {
    const b = branchAt(i);
    const id = sessionOf.get(b.id)!;
    const version = versions.get(id)!;
    const absent = Math.floor(i / branches.length) % 2 === 0;
    const res = await call(app, headers, 'PUT', `/api/study-sessions/${id}/attendance`, {
      version,
      entries: [{ memberId: b.members[0]!, status: absent ? 'absent' : 'present', reason: absent ? 'sick' : null }],
    });
    versions.set(id, res.json<{ version: number }>().version);
  };
  rows.push(await run('record attendance (re-record one member)', rerecord, fast));
  rows.push(
    await run(
      `record a session (${MEMBERS} members, two absent)`,
      (i) => {
        const b = branchAt(i);
        return call(app, headers, 'POST', '/api/study-sessions', {
          organizationId: b.id,
          kind: 'evening_school',
          startsAt: `${today}T00:30:00+08:00`,
          place: '村党员活动室',
          topic: '学习《中国共产党章程》',
          attendance: [
            { memberId: b.members[1]!, status: 'absent', reason: 'sick' },
            { memberId: b.members[2]!, status: 'absent', reason: 'away_work' },
          ],
        }).then(() => undefined);
      },
      fast,
    ),
  );
  rows.push(
    await run(
      'duty roster gaps (district, last 4 weeks)',
      () =>
        call(
          app,
          headers,
          'GET',
          `/api/duty/coverage?organizationId=${districtId}&from=${addDays(today, -28)}&to=${addDays(today, -1)}`,
        ).then(() => undefined),
      slow,
    ),
  );
  // 三会一课's page as a village secretary opens it (no organization named): before 2026-12-05 it counted every
  // branch of the database and kept the village's.
  const secretary = await signIn(app, 'secretary');
  rows.push(
    await run(
      '三会一课 rhythm, a village secretary (no organization named)',
      () => call(app, secretary, 'GET', '/api/party-meetings/rhythm').then(() => undefined),
      slow,
    ),
  );
  rows.push(
    await run(
      '三会一课 rhythm, the district admin (no organization named)',
      () => call(app, headers, 'GET', '/api/party-meetings/rhythm').then(() => undefined),
      slow,
    ),
  );
  // The district admin's rhythm is the month's figures, kept while the record is unchanged (2026-12-05): the line
  // above reads them again and again; here a member's attendance is re-recorded (not timed) before each reading,
  // so every reading counts the month again.
  {
    const s = emptySamples();
    for (let n = 0; n < slow.warmup + slow.iterations; n++) {
      await rerecord(1_000_000 + n);
      const c0 = process.cpuUsage();
      const t0 = nowMs();
      await call(app, headers, 'GET', '/api/party-meetings/rhythm');
      const dt = nowMs() - t0;
      const c = process.cpuUsage(c0);
      if (n < slow.warmup) continue;
      s.latenciesMs.push(dt);
      s.wallMs += dt;
      s.cpuMs += (c.user + c.system) / 1000;
    }
    rows.push(summarize('三会一课 rhythm, the district admin, right after a change each time', s));
  }
  rows.push(
    await run(
      'dashboard card (district overview)',
      () => call(app, headers, 'GET', `/api/study/overview?organizationId=${districtId}`).then(() => undefined),
      slow,
    ),
  );

  log();
  log(table(rows));
  log();
  log(memory('at the end'));
  log(load());
} finally {
  await app.close();
  await db.close();
}
