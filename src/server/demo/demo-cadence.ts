import { lastCompletedWeek, reportDueAt, weekPeriod, weekStartOf } from '../../domain/cadence.ts';
import type { CadenceRules } from '../../domain/cadence-rules.ts';
import { addDays } from '../../domain/time.ts';
import type { OrganizationRow } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor } from '../http/context.ts';
import { computeFigures } from '../modules/statistics/figures.service.ts';
import { pickReportFigures } from '../modules/weekly-reports/weekly-reports.presenter.ts';
import * as users from '../modules/users/users.repository.ts';
import { random } from './demo-text.ts';

const PROGRESS = [
  '本周召开支委会专题研究整改工作，逐项对照问题清单推进，已更新问题整改台账。',
  '组织党员集中学习规范化建设标准，补齐“三会一课”记录，整改台账已更新。',
  '对照一村一策整改方案逐项推进，本周补齐了部分会议记录和档案资料。',
  '对照包联组反馈意见完善佐证材料，已提交验收申请两项。',
];
const DIFFICULTIES = ['部分整改资料需街道协助核实。', '党员年龄偏大，线上学习参与率不高。', '无', '外出务工党员多，集中学习难以组织。'];
const PLANS = [
  '下周完成剩余问题整改并申请验收，同步整理佐证材料。',
  '落实主题党日活动，按整改方案推进剩余问题整改。',
  '完成党员档案整理，配合包联组开展回头看。',
];

/**
 * Weekly reports of every completed week since the villages exist, for every village: mostly on
 * time, some late, a few missing — and one village that missed the last two
 * (red on the dashboard). The running week is left for the secretaries to file
 * until its report falls due (Friday 18:00); a demo seeded after that (at the
 * weekend) finds it filed by every village but the lagging one and 大闵村,
 * whose secretary (the demo's `secretary`) is left to file her own; else every
 * village would stand 未报 and any that missed last week would turn red.
 */
export async function seedDemoReports(trx: Executor, now: Date, villages: OrganizationRow[], rules: CadenceRules): Promise<number> {
  const rand = random(Date.parse(lastCompletedWeek(now)) / 86_400_000 + 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const lastWeek = lastCompletedWeek(now);
  const running = addDays(lastWeek, 7);
  // Every week a report was owed since the villages exist (their reports are expected from then: about eight
  // weeks, the tree predating the round), not only the last six: weeks left empty counted as missed for all.
  const since = villages.reduce((min, v) => (v.created_at < min ? v.created_at : min), now.toISOString());
  const weeks: string[] = [];
  for (let w = weekStartOf(new Date(since)); w <= lastWeek; w = addDays(w, 7))
    if (reportDueAt(w, rules.reports.dueWeekday, rules.reports.dueTime).toISOString() > since) weeks.push(w);
  if (reportDueAt(running, rules.reports.dueWeekday, rules.reports.dueTime).getTime() <= now.getTime()) weeks.push(running);
  const sorted = [...villages].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  // The alphabetically last village lags: its last two reports are missing.
  const laggard = sorted.at(-1)?.id;
  let count = 0;
  for (const week of weeks) {
    const figures = await computeFigures(trx, { period: weekPeriod(week), reportWeeks: [], rules, now });
    const due = reportDueAt(week, rules.reports.dueWeekday, rules.reports.dueTime);
    for (const v of villages) {
      const roll = rand();
      // In the running week only the laggard and 大闵村 (left to its secretary) are missing: a random miss there
      // would make two in a row.
      const missing =
        (v.id === laggard && week >= addDays(lastWeek, -7)) ||
        (week === running ? v.name === '大闵村' : v.name !== '大闵村' && roll < 0.08);
      if (missing) continue;
      const drawnLate = v.name !== '大闵村' && roll > 0.85;
      const drawn = due.getTime() + (drawnLate ? 1 : -1) * Math.floor((2 + rand() * 20) * 3_600_000);
      // Never after the seeding itself (a late report of the running week is filed by now).
      const filedAt = Math.min(drawn, now.getTime() - 1000);
      const late = filedAt > due.getTime();
      const submittedAt = new Date(filedAt).toISOString();
      const secretary = await users.findUserIdWithRoleAt(trx, 'village_secretary', v.id);
      const entry = figures.get(v.id);
      await trx
        .insertInto('weekly_reports')
        .values({
          id: newId(),
          week_start: week,
          unit_type: 'organization',
          unit_id: v.id,
          organization_id: v.id,
          liaison_group_id: null,
          org_path: v.path,
          status: 'submitted',
          figures: JSON.stringify(entry ? pickReportFigures(entry.figures) : {}),
          progress: pick(PROGRESS),
          difficulties: pick(DIFFICULTIES),
          next_plan: pick(PLANS),
          due_at: due.toISOString(),
          submitted_at: submittedAt,
          submitted_by: secretary ?? null,
          is_late: late ? 1 : 0,
          created_by: secretary ?? null,
          version: 2,
          created_at: submittedAt,
          updated_at: submittedAt,
        })
        .execute();
      count++;
    }
  }
  return count;
}
