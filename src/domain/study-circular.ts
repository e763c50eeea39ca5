import { chineseDate } from './time.ts';
import { MEETING_KIND_LABELS, type MeetingKind, rhythmPeriodLabel } from './meeting-rhythm.ts';
import { STUDY_SESSION_KIND_LABELS, type StudySessionKind } from './study-coverage.ts';

/**
 * The circular's study section (一月一通报: “两学一做”学习教育和组织生活): the
 * month's sessions against the plans, attendance, members never reached,
 * 三会一课 missed, the service halls' duty and the study tours, in the register
 * of an official circular. Pure: the server gathers the annex
 * (src/server/modules/study/study-integration.ts), this file words it.
 */
export interface CircularStudyAnnex {
  month: string;
  branches: number;
  sessionsHeld: number;
  sessionsPlanned: number;
  /** Sessions of the month by kind (only kinds held). */
  byKind: Partial<Record<StudySessionKind, number>>;
  attendanceRecords: number;
  attended: number;
  members: number;
  neverReached: number;
  neverReachedMonths: number;
  /** Branches that held fewer sessions than their plan asks, by name. */
  behindPlan: string[];
  /** Meetings of the rhythm whose period ended in the month without them. */
  missedMeetings: Array<{ organization: string; kind: MeetingKind; period: string }>;
  duty: { daysDue: number; daysStaffed: number; gaps: Array<{ organization: string; days: number }> };
  tours: Array<{ title: string; date: string; destination: string; participants: number }>;
}

const pct = (n: number, d: number) => `${Math.round((1000 * n) / d) / 10}%`;
const KIND_ORDER: readonly StudySessionKind[] = [
  'group_study',
  'party_lecture',
  'evening_school',
  'broadcast',
  'discussion',
  'self_study',
  'tour',
];

/** The section's default text; a sentence per topic, each only when there is something to say. */
export function studySectionText(a: CircularStudyAnnex | undefined): string {
  if (!a) return '本月未统计“两学一做”学习教育情况。';
  const out: string[] = [];
  if (a.branches === 0) return '辖区内尚无党支部登记学习教育情况。';
  const kinds = KIND_ORDER.filter((k) => (a.byKind[k] ?? 0) > 0).map((k) => `${STUDY_SESSION_KIND_LABELS[k].zh}${a.byKind[k]}次`);
  out.push(
    `本月${a.branches}个党支部共开展“两学一做”学习${a.sessionsHeld}次` +
      (a.sessionsPlanned ? `（学习计划要求${a.sessionsPlanned}次）` : '') +
      (kinds.length ? `，其中${kinds.join('、')}` : '') +
      (a.attendanceRecords
        ? `；应参学${a.attendanceRecords}人次，实际参学${a.attended}人次，参学率${pct(a.attended, a.attendanceRecords)}`
        : '') +
      '。',
  );
  if (a.behindPlan.length) out.push(`未完成本月学习计划的有：${a.behindPlan.join('、')}，要抓紧补课，确保学习不断档。`);
  if (a.neverReached)
    out.push(
      `全区${a.members}名党员中，仍有${a.neverReached}名党员近${a.neverReachedMonths}个月未参加任何学习，各支部要通过夜校、广播、送学上门等方式组织补学，做到学习教育全覆盖。`,
    );
  if (a.missedMeetings.length) {
    const list = a.missedMeetings.map((m) => `${m.organization}（${rhythmPeriodLabel(m.period, 'zh')}${MEETING_KIND_LABELS[m.kind].zh}）`);
    out.push(`“三会一课”方面，以下党支部未按期召开会议：${list.join('、')}，要立即补开并如实记录。`);
  } else out.push('“三会一课”均按期召开。');
  if (a.duty.daysDue) {
    const gaps = a.duty.gaps.map((g) => `${g.organization}${g.days}天`);
    out.push(
      `便民服务大厅坐班值班应值${a.duty.daysDue}天，实值${a.duty.daysStaffed}天，在岗率${pct(a.duty.daysStaffed, a.duty.daysDue)}` +
        (gaps.length ? `；存在空岗的有：${gaps.join('、')}，要严格落实坐班值班制度，确保群众办事有地可去、有人可寻。` : '。'),
    );
  }
  for (const t of a.tours)
    out.push(
      `${chineseDate(t.date).slice(5)}，组织${t.participants}名同志赴${t.destination}开展“${t.title}”观摩学习，各村要把学到的经验转化为落实举措。`,
    );
  return out.join('\n');
}
