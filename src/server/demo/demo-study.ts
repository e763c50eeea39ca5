import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addMonths, isoWeekday, monthOfDate, weekStartOfDate } from '../../domain/cadence.ts';
import { rhythmPeriodOf } from '../../domain/meeting-rhythm.ts';
import type { StudySessionKind } from '../../domain/study-coverage.ts';
import { addDays, shanghaiDate } from '../../domain/time.ts';
import type { TourRole } from '../../domain/contracts/tours.ts';
import type {
  DutyRosterTable,
  DutySigninsTable,
  OrganizationRow,
  PartyMeetingsTable,
  PartyMembersTable,
  StudyAttendanceTable,
  StudyFilesTable,
  StudySessionsTable,
  TourParticipantsTable,
} from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor } from '../http/context.ts';
import * as dutyRepo from '../modules/duty/duty.repository.ts';
import * as meetingsRepo from '../modules/meetings/meetings.repository.ts';
import * as settingsRepo from '../modules/settings/settings.repository.ts';
import { STUDY_SETTINGS_KEY } from '../modules/study/study-settings.ts';
import { StudyRulesSchema } from '../../domain/study-rules.ts';
import * as membersRepo from '../modules/members/members.repository.ts';
import * as studyRepo from '../modules/study/study.repository.ts';
import * as toursRepo from '../modules/tours/tours.repository.ts';
import * as users from '../modules/users/users.repository.ts';
import { demoProgramYear } from './demo-calendar.ts';

/**
 * The regular Party life of the demo (issue 13): a member register per branch, a 两学一做 study plan and 8–12
 * weeks of sessions with attendance (group study, evening schools, broadcast lessons with their plays, discussions;
 * 庙北村 with a lecture by the municipal Party school and an 一图解读 board photo placeholder), three months of
 * 三会一课 with a few missed, the study tour of 8 April to 华州区大明镇 with 70+ participants, and each village's
 * service hall with a weekly roster and four weeks of sign-ins with a few gaps. Dates are relative to the demo's
 * today (Shanghai); every person is fictional. Deterministic: the same day seeds the same data.
 */

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
];
const GIVEN = [
  '建国',
  '秀英',
  '志强',
  '桂兰',
  '海燕',
  '永红',
  '卫东',
  '春梅',
  '国庆',
  '玉珍',
  '新民',
  '淑芬',
  '红军',
  '丽娟',
  '宏伟',
  '晓燕',
  '振华',
  '金凤',
  '德胜',
  '文静',
  '保平',
  '彩霞',
  '长青',
  '小军',
  '明亮',
  '翠萍',
  '铁柱',
  '爱莲',
  '俊杰',
  '雪梅',
];

/** A small deterministic generator (mulberry32), so the demo is the same on every run of a day. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PNG_PLACEHOLDER = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** One second of silence as an 8 kHz mono WAV: the placeholder of a broadcast lesson's recording. */
function silentWav(): Buffer {
  const samples = 8000;
  const b = Buffer.alloc(44 + samples, 0x80);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + samples, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(8000, 28);
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(8, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(samples, 40);
  return b;
}

function storeDemoFile(dataDir: string | null, bytes: Buffer): string {
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (dataDir) {
    const file = path.join(dataDir, 'files', sha.slice(0, 2), sha);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
  }
  return sha;
}

/** An instant from a Shanghai date and a wall-clock time. */
const shanghaiAt = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();

const TOPICS = [
  '学习《中国共产党章程》总纲',
  '学习《中国共产党廉洁自律准则》',
  '学习《中国共产党纪律处分条例》',
  '学习习近平总书记系列重要讲话读本（一）',
  '学习习近平总书记系列重要讲话读本（二）',
  '做合格党员：讲政治、有信念',
  '做合格党员：讲规矩、有纪律',
  '做合格党员：讲道德、有品行',
  '做合格党员：讲奉献、有作为',
  '农村基层组织规范化建设标准解读',
  '学习身边的优秀共产党员事迹',
  '党员如何带头参与问题台账整改',
];

/** What a week's session is, by the week and the village: group study, evening school, broadcast, discussion. */
const WEEK_KINDS: StudySessionKind[] = ['group_study', 'evening_school', 'broadcast', 'discussion'];

const KIND_TIME: Record<StudySessionKind, { weekday: number; time: string; place: string }> = {
  self_study: { weekday: 6, time: '09:00', place: '党员家中' },
  group_study: { weekday: 4, time: '09:00', place: '村党员活动室' },
  party_lecture: { weekday: 3, time: '14:30', place: '村党群服务中心会议室' },
  evening_school: { weekday: 2, time: '19:30', place: '村党员活动室（夜校）' },
  broadcast: { weekday: 1, time: '07:00', place: '村广播站' },
  tour: { weekday: 5, time: '08:00', place: '观摩点' },
  discussion: { weekday: 5, time: '15:00', place: '村委会会议室' },
};

interface Village {
  village: OrganizationRow;
  branch: OrganizationRow;
  index: number;
  secretaryId: string | null;
  secretaryName: string | null;
}

export async function seedDemoStudy(
  trx: Executor,
  now: Date,
  byKey: ReadonlyMap<string, OrganizationRow>,
  dataDir: string | null,
): Promise<void> {
  const today = shanghaiDate(now);
  const at = now.toISOString();
  const rnd = generator(Number(today.replaceAll('-', '')));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const villages: Village[] = [];
  let index = 0;
  for (const o of byKey.values()) {
    if (o.kind !== 'village') continue;
    const branch = byKey.get(`${o.name}党支部`);
    if (!branch) continue;
    const secretaryId = await users.findUserIdWithRoleAt(trx, 'village_secretary', o.id);
    const secretary = secretaryId
      ? await trx.selectFrom('users').select('display_name').where('id', '=', secretaryId).executeTakeFirst()
      : undefined;
    villages.push({ village: o, branch, index: index++, secretaryId, secretaryName: secretary?.display_name ?? null });
  }

  // ── 党员名册 ──
  // Registered before the program's first plan, as a village's register is: entered at the seed's moment, every week
  // and month before it counted no member (a weekly report of three weeks ago read "党员 0 名" beside its 参学率).
  const registeredAt = shanghaiAt(`${monthOfDate(addDays(today, -90))}-01`, '08:00');
  const membersOf = new Map<string, PartyMembersTable[]>();
  for (const v of villages) {
    const n = 14 + ((v.index * 7) % 12);
    const used = new Set<string>();
    const rows: PartyMembersTable[] = [];
    while (rows.length < n) {
      const name = `${pick(SURNAMES)}${pick(GIVEN)}`;
      if (used.has(name) || name === v.secretaryName) continue;
      used.add(name);
      const year = 1972 + Math.floor(rnd() * 52);
      rows.push({
        id: newId(),
        organization_id: v.branch.id,
        org_path: v.branch.path,
        name,
        gender: rnd() < 0.3 ? 'female' : 'male',
        joined_on: `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-01`,
        status: year >= 2025 ? 'probationary' : 'full',
        works_away: rnd() < 0.2 ? 1 : 0,
        phone: rnd() < 0.6 ? `1${pick(['35', '39', '58', '87'])}0000${String(1000 + Math.floor(rnd() * 9000))}` : null,
        note: null,
        left_on: null,
        created_by: null,
        version: 1,
        created_at: registeredAt,
        updated_at: registeredAt,
      });
    }
    await membersRepo.insertMany(trx, rows);
    membersOf.set(v.branch.id, rows);
  }

  // ── 学习计划与学习活动 ──
  const year = Number(today.slice(0, 4));
  const planStart = `${monthOfDate(addDays(today, -90))}-01`;
  const planEnd = addDays(`${addMonths(monthOfDate(today), 2)}-01`, -1);
  const thisWeek = weekStartOfDate(today);
  const wav = silentWav();
  const wavSha = storeDemoFile(dataDir, wav);
  for (const v of villages) {
    const planId = newId();
    await studyRepo.insertPlan(trx, {
      id: planId,
      organization_id: v.branch.id,
      org_path: v.branch.path,
      title: `${year}年“两学一做”学习教育计划`,
      starts_on: planStart,
      ends_on: planEnd,
      topics: JSON.stringify(['学党章党规', '学系列讲话', '做合格党员']),
      forms: JSON.stringify(['group_study', 'evening_school', 'broadcast', 'discussion', 'party_lecture', 'self_study']),
      sessions_per_month: 4,
      note: '农忙时节以夜校和广播学习为主，外出务工党员通过广播和微信群参学。',
      created_by: v.secretaryId,
      version: 1,
      created_at: shanghaiAt(planStart, '09:00'),
      updated_at: shanghaiAt(planStart, '09:00'),
    });
    const members = membersOf.get(v.branch.id)!;
    // A few members away never reached: they were absent (外出务工) from every session and no broadcast reached them.
    const unreachable = new Set(
      members
        .filter((m) => m.works_away === 1)
        .slice(0, v.index % 3 === 0 ? 1 : 0)
        .map((m) => m.id),
    );
    const weeks = 8 + (v.index % 5);
    // Sample villages keep a thinner record: every third week is skipped.
    const thin = v.village.is_sample === 1;
    for (let w = weeks; w >= 0; w--) {
      if (thin && w % 3 === 1) continue;
      const kind = WEEK_KINDS[(w + v.index) % WEEK_KINDS.length]!;
      const slot = KIND_TIME[kind];
      const day = addDays(addDays(thisWeek, -7 * w), slot.weekday - 1);
      const startsAt = shanghaiAt(day, slot.time);
      if (startsAt >= at) continue;
      await addSession(
        v,
        members,
        unreachable,
        planId,
        kind,
        day,
        startsAt,
        pick(TOPICS),
        slot.place,
        null,
        kind === 'broadcast' ? 2 + Math.floor(rnd() * 4) : null,
      );
    }
    // Self-study each month, recorded on the month's last Saturday before today.
    for (const back of [2, 1]) {
      const monthEnd = addDays(`${addMonths(monthOfDate(today), 1 - back)}-01`, -1);
      let d = monthEnd;
      while (isoWeekday(d) !== 6) d = addDays(d, -1);
      if (d >= planStart && d < today)
        await addSession(
          v,
          members,
          unreachable,
          planId,
          'self_study',
          d,
          shanghaiAt(d, '09:00'),
          '自学《习近平总书记系列重要讲话读本》',
          KIND_TIME.self_study.place,
          null,
          null,
        );
    }
    if (v.village.name === '庙北村') {
      const d = addDays(thisWeek, -15);
      const s = await addSession(
        v,
        members,
        unreachable,
        planId,
        'party_lecture',
        d,
        shanghaiAt(d, '14:30'),
        '“两学一做”专题党课：学党章党规、学系列讲话，做合格党员',
        KIND_TIME.party_lecture.place,
        '市委党校讲师 许文澜',
        null,
        '市委党校讲师到村授课，结合本村问题台账讲解党员的责任；会后在村党群服务中心设立“一图解读”展板。',
      );
      await studyRepo.insertFile(trx, photoRow(s, '一图解读展板（示意图）.png', PNG_PLACEHOLDER, storeDemoFile(dataDir, PNG_PLACEHOLDER)));
    }
  }

  async function addSession(
    v: Village,
    members: readonly PartyMembersTable[],
    unreachable: ReadonlySet<string>,
    planId: string,
    kind: StudySessionKind,
    day: string,
    startsAt: string,
    topic: string,
    place: string,
    speaker: string | null,
    plays: number | null,
    summary: string | null = null,
  ): Promise<StudySessionsTable> {
    const row: StudySessionsTable = {
      id: newId(),
      organization_id: v.branch.id,
      org_path: v.branch.path,
      plan_id: planId,
      kind,
      starts_at: startsAt,
      place,
      speaker,
      topic,
      summary,
      plays_count: plays,
      created_by: v.secretaryId,
      version: 1,
      created_at: startsAt,
      updated_at: startsAt,
    };
    await studyRepo.insertSession(trx, row);
    const attendance: StudyAttendanceTable[] = members.map((m) => {
      const base = { session_id: row.id, member_id: m.id, note: null, updated_at: startsAt };
      if (unreachable.has(m.id)) return { ...base, status: 'absent', absence_reason: 'away_work', made_up_on: null };
      if (m.works_away === 1) {
        if (kind === 'broadcast' || kind === 'self_study') return { ...base, status: 'reached', absence_reason: null, made_up_on: null };
        return { ...base, status: 'absent', absence_reason: 'away_work', made_up_on: null };
      }
      if (rnd() < 0.88) return { ...base, status: 'present', absence_reason: null, made_up_on: null };
      const madeUp = addDays(day, 3);
      return {
        ...base,
        status: 'absent',
        absence_reason: rnd() < 0.6 ? 'sick' : 'other',
        made_up_on: rnd() < 0.4 && madeUp < today ? madeUp : null,
      };
    });
    await studyRepo.writeAttendance(trx, row.id, attendance);
    if (kind === 'broadcast' && v.village.name === '庙北村')
      await studyRepo.insertFile(trx, { ...photoRow(row, '广播学习录音.wav', wav, wavSha), purpose: 'recording', mime: 'audio/wav' });
    return row;
  }

  function photoRow(s: StudySessionsTable, name: string, bytes: Buffer, sha: string): StudyFilesTable {
    return {
      id: newId(),
      session_id: s.id,
      signin_id: null,
      purpose: 'photo',
      sha256: sha,
      size: bytes.length,
      mime: 'image/png',
      original_name: name,
      organization_id: s.organization_id,
      org_path: s.org_path,
      uploaded_by: s.created_by,
      uploaded_at: s.starts_at,
    };
  }

  // ── 三会一课: three months, a few missed ──
  // The demo's standard (党建活动) asks for a 党小组会 every month, so the demo district's rules owe one; the
  // product's default leaves it off (a district turns it on in 规则设置).
  const rulesBy = (await users.findByUsername(trx, 'officer'))?.id;
  if (rulesBy) {
    await settingsRepo.insert(trx, {
      key: STUDY_SETTINGS_KEY,
      value: JSON.stringify(StudyRulesSchema.parse({ meetings: { group_meeting: 'month' } })),
      updatedAt: at,
      updatedBy: rulesBy,
    });
  }
  const months = [2, 1, 0].map((k) => addMonths(monthOfDate(today), -k));
  const windowStart = `${months[0]}-01`;
  /** Branches that missed last month's committee meeting (flagged on the dashboard). */
  const missedLastMonth = new Set(['麻李村', '南寨村', '红星村']);
  for (const v of villages) {
    const rows: PartyMeetingsTable[] = [];
    const members = membersOf.get(v.branch.id)!.length;
    const meeting = (kind: string, date: string, time: string, agenda: string, decisions: string | null): void => {
      if (date > today || date < windowStart) return;
      const heldAt = shanghaiAt(date, time);
      if (heldAt >= at) return;
      const whole = kind !== 'branch_committee';
      const expected = whole ? members : 5;
      const present = whole ? expected - 1 - Math.floor(rnd() * 3) : 5 - Math.floor(rnd() * 2);
      rows.push({
        id: newId(),
        organization_id: v.branch.id,
        org_path: v.branch.path,
        kind,
        held_at: heldAt,
        place: '村党员活动室',
        attendees: whole ? `应到 ${expected} 人，实到 ${present} 人（缺席者为外出务工和病假）` : `支部委员 ${present} 人`,
        expected_count: expected,
        present_count: present,
        agenda,
        minutes: '会议由村党组织书记主持，逐项研究议题，形成决定事项。',
        decisions,
        created_by: v.secretaryId,
        version: 1,
        created_at: heldAt,
        updated_at: heldAt,
      });
    };
    for (const [k, month] of months.entries()) {
      if (k === 1 && missedLastMonth.has(v.village.name)) continue;
      meeting(
        'branch_committee',
        `${month}-${String(3 + (v.index % 8)).padStart(2, '0')}`,
        '09:00',
        '研究本月问题台账整改进度、学习安排和值班表',
        '按期完成本月整改事项；安排本月夜校两次、广播学习两次',
      );
    }
    // 党小组会 each month, every one held: the branch's groups meet after the committee has set the month's work.
    for (const month of months) {
      meeting(
        'group_meeting',
        `${month}-${String(12 + (v.index % 6)).padStart(2, '0')}`,
        '19:30',
        '学习本月学习计划篇目，党员认领整改任务',
        '每名党员认领一项整改任务，月底前完成',
      );
    }
    const quarters = new Map(months.map((m) => [rhythmPeriodOf('quarter', `${m}-01`).key, rhythmPeriodOf('quarter', `${m}-01`)]));
    for (const q of quarters.values()) {
      const from = q.firstDay > windowStart ? q.firstDay : windowStart;
      meeting(
        'member_assembly',
        addDays(from, 12 + (v.index % 5)),
        '15:00',
        '通报整改进展，讨论“两学一做”学习教育安排',
        '全体党员认领一项整改任务',
      );
      meeting('party_lesson', addDays(from, 20 + (v.index % 5)), '15:00', '书记讲党课：做合格党员，带头整改', null);
    }
    for (const r of rows) await meetingsRepo.insert(trx, r);
  }

  // ── 观摩学习: 8 April, 华州区大明镇, 70+ participants ──
  const district = byKey.get('district')!;
  const tourDate = `${demoProgramYear(today)}-04-08`;
  const tourId = newId();
  const tourAt = shanghaiAt(addDays(tourDate, -7), '10:00');
  const officerId = await trx.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'officer').executeTakeFirst();
  await toursRepo.insertTour(trx, {
    id: tourId,
    organization_id: district.id,
    org_path: district.path,
    title: '赴华州区大明镇观摩学习基层组织规范化建设',
    tour_date: tourDate,
    destination: '华州区大明镇',
    purpose: '学习大明镇村级活动场所建设、“三会一课”落实和便民服务大厅坐班值班的做法，对照查找差距，带回可用的经验。',
    invited_roles: JSON.stringify([
      'subdistrict_secretary',
      'subdistrict_deputy',
      'party_affairs_staff',
      'village_secretary',
      'organization_member',
      'graduate_official',
    ]),
    created_by: officerId?.id ?? null,
    version: 1,
    created_at: tourAt,
    updated_at: tourAt,
  });
  const participants: TourParticipantsTable[] = [];
  const add = (org: OrganizationRow, role: TourRole, name: string, memberId: string | null = null, userId: string | null = null) =>
    participants.push({
      id: newId(),
      tour_id: tourId,
      organization_id: org.id,
      org_path: org.path,
      name,
      role,
      member_id: memberId,
      user_id: userId,
      created_at: tourAt,
    });
  const typed = new Set<string>();
  const newName = () => {
    for (;;) {
      const n = `${pick(SURNAMES)}${pick(GIVEN)}`;
      if (!typed.has(n)) {
        typed.add(n);
        return n;
      }
    }
  };
  for (const key of ['liangtian', 'baiyang']) {
    const sub = byKey.get(key)!;
    add(sub, 'subdistrict_secretary', newName());
    add(sub, 'subdistrict_deputy', newName());
    add(sub, 'subdistrict_deputy', newName());
    add(sub, 'party_affairs_staff', newName());
    add(sub, 'party_affairs_staff', newName());
  }
  if (officerId) add(district, 'party_affairs_staff', officerId.display_name, null, officerId.id);
  add(district, 'party_affairs_staff', newName());
  add(district, 'party_affairs_staff', newName());
  for (const v of villages) {
    if (v.secretaryId && v.secretaryName) add(v.village, 'village_secretary', v.secretaryName, null, v.secretaryId);
    const home = membersOf.get(v.branch.id)!.filter((m) => m.works_away === 0);
    add(v.branch, 'organization_member', home[0]!.name, home[0]!.id);
    if (v.index < 12) add(v.branch, 'organization_member', home[1]!.name, home[1]!.id);
    add(v.village, 'graduate_official', newName());
  }
  await toursRepo.insertParticipants(trx, participants);
  const TAKEAWAYS: Record<string, string> = {
    大闵村: '学习大明镇“党员积分制”，本村把参加夜校、广播学习和认领整改任务纳入积分，每季度公示。',
    庙北村: '借鉴“一图解读”做法，把学习内容和问题台账做成展板，立在村党群服务中心门口。',
    良田村: '学习活动场所“一室多用”，把新建场所的党员活动室和夜校教室合用，晚上向群众开放。',
    张东村: '便民服务大厅推行“坐班+预约”，值班表上墙，值班人员手机签到。',
    上庄村: '“三会一课”按月建立提醒，支部委员会固定每月上旬召开。',
    安家村: '组织外出务工党员通过广播和微信群参学，每月统计参学情况。',
  };
  for (const v of villages) {
    const text = TAKEAWAYS[v.village.name];
    if (!text) continue;
    const when = shanghaiAt(addDays(tourDate, 5), '10:00');
    await toursRepo.insertTakeaway(trx, {
      id: newId(),
      tour_id: tourId,
      organization_id: v.village.id,
      org_path: v.village.path,
      text,
      recorded_by: v.secretaryId,
      version: 1,
      created_at: when,
      updated_at: when,
    });
  }

  // ── 便民服务大厅与坐班值班: four weeks of sign-ins, a few gaps ──
  const trackedFrom = addDays(today, -28);
  /** Villages with days nobody signed in on, and how many. */
  const GAPS: Record<string, number> = { 麻李村: 2, 南寨村: 3, 和平村: 1, 前进村: 2 };
  for (const v of villages) {
    // 大闵村's hall opens every day (duty rotates at weekends), so its secretary can always sign in.
    const everyDay = v.village.name === '大闵村';
    const open = everyDay ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5];
    await dutyRepo.insertHall(trx, {
      organization_id: v.village.id,
      org_path: v.village.path,
      name: `${v.village.name}便民服务大厅`,
      opening_hours: everyDay ? '周一至周五 8:30—12:00、14:30—18:00；周六、周日 9:00—12:00 轮流值班' : '周一至周五 8:30—12:00、14:30—18:00',
      open_weekdays: JSON.stringify(open),
      services: JSON.stringify(['社保、医保代办', '开具村级证明', '计生服务', '惠农补贴查询', '矛盾纠纷调解', '党员组织关系接转']),
      tracked_from: trackedFrom,
      updated_by: v.secretaryId,
      version: 1,
      created_at: shanghaiAt(trackedFrom, '09:00'),
      updated_at: shanghaiAt(trackedFrom, '09:00'),
    });
    const staff = [v.secretaryName ?? newName(), newName(), newName(), newName()];
    const roster: DutyRosterTable[] = open.map((weekday, i) => {
      const person = weekday === 1 || weekday === 4 ? 0 : 1 + (i % 3);
      return {
        id: newId(),
        organization_id: v.village.id,
        weekday,
        shift: 'full',
        person_name: staff[person]!,
        user_id: person === 0 ? v.secretaryId : null,
        sort_order: i,
      };
    });
    await dutyRepo.replaceRoster(trx, v.village.id, roster);
    if (!v.secretaryId) continue;
    const gapCount = GAPS[v.village.name] ?? 0;
    const dueDays: string[] = [];
    for (let d = trackedFrom; d < today; d = addDays(d, 1)) if (open.includes(isoWeekday(d))) dueDays.push(d);
    // The latest due day (so this week's gaps show on the dashboard), then one a week back from the start.
    const gaps = new Set(gapCount > 0 ? [dueDays.at(-1)!, ...dueDays.filter((_, i) => i % 5 === 3)].slice(0, gapCount) : []);
    const signins: DutySigninsTable[] = [];
    for (const d of dueDays) {
      if (gaps.has(d)) continue;
      const r = roster.find((x) => x.weekday === isoWeekday(d))!;
      signins.push({
        id: newId(),
        organization_id: v.village.id,
        org_path: v.village.path,
        on_date: d,
        at: shanghaiAt(d, `08:${String(15 + Math.floor(rnd() * 30)).padStart(2, '0')}`),
        user_id: v.secretaryId,
        person_name: r.person_name,
        shift: r.shift,
        on_roster: 1,
        note: r.user_id ? null : '值班人员无账号，由村党组织书记登记',
      });
    }
    for (const s of signins) await dutyRepo.insertSignin(trx, s);
  }
}
