import { addDays } from '../../domain/time.ts';
import type { OrganizationRow, VisitTasksTable } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor } from '../http/context.ts';
import * as visits from '../modules/visits/visits.repository.ts';

/**
 * Leaders' supervision visits (调研督导) as the source tells them: the
 * district's Party secretary at 大闵村, then a visit to 大闵、麻李 and two
 * more villages (张东村, 北坊村: venues on the clearance list) urging a venue
 * plan per village. The leaders are fictional;
 * dates are relative to today like the rest of the demo (see
 * demo-calendar.ts). Their tasks (交办事项) are in every state: done, open
 * and overdue (so the village dashboard and the circular's overdue list show
 * one), open and due soon, and found not done.
 */
interface DemoTask {
  village: string;
  instruction: string;
  ownerUnit: string;
  /** Deadline, days from today. */
  due: number;
  outcome: { status: 'done' | 'not_done'; day: number; note: string | null } | null;
}

interface DemoVisit {
  day: number;
  leaderName: string;
  leaderTitle: string;
  villages: string[];
  observations: string;
  instructions: string;
  tasks: DemoTask[];
}

const DEMO_VISITS: DemoVisit[] = [
  {
    day: -30,
    leaderName: '刘振华',
    leaderTitle: '区党工委书记',
    villages: ['大闵村'],
    observations: '实地察看大闵村租用的活动场所和便民服务大厅，听取村党支部书记关于排查问题整改情况的汇报，查阅问题台账。',
    instructions:
      '一要把活动场所建设作为整改的重中之重，尽快确定建设方案；二要在村务公开栏亮出问题台账，接受群众监督；三要每周向街道报告整改进展。',
    tasks: [
      {
        village: '大闵村',
        instruction: '在村务公开栏亮出问题台账和整改措施',
        ownerUnit: '大闵村党支部',
        due: -25,
        outcome: { status: 'done', day: -26, note: '问题台账已在村务公开栏公示' },
      },
      {
        village: '大闵村',
        instruction: '确定活动场所建设方案，报区财政局评审',
        ownerUnit: '大闵村党支部、良田街道',
        due: -12,
        outcome: { status: 'done', day: -13, note: '建设方案已报区财政局评审' },
      },
    ],
  },
  {
    day: -22,
    leaderName: '孙建平',
    leaderTitle: '区党工委副书记',
    villages: ['大闵村', '麻李村', '张东村', '北坊村'],
    observations: '先后到大闵村、麻李村、张东村、北坊村调研村级活动场所建设，听取良田街道、白杨街道和包联组的汇报，察看拟建场所选址。',
    instructions: '活动场所“清零”要一村一案，逐村制定建设方案、明确时间节点；街道要加强督导，包联组要跟踪问效，每周报告进展。',
    tasks: [
      {
        village: '麻李村',
        instruction: '拿出村级活动场所新建方案，明确选址、面积和时间节点',
        ownerUnit: '麻李村党支部、良田街道',
        due: -6,
        outcome: null,
      },
      {
        village: '北坊村',
        instruction: '改建方案批复后尽快组织施工',
        ownerUnit: '北坊村党支部、白杨街道',
        due: -8,
        outcome: { status: 'not_done', day: -7, note: '施工队尚未进场' },
      },
      {
        village: '张东村',
        instruction: '加快新建工程进度，每周报告施工进展',
        ownerUnit: '张东村党支部、白杨街道',
        due: 5,
        outcome: null,
      },
      {
        village: '大闵村',
        instruction: '跟进扩建方案评审，评审通过后一周内开工',
        ownerUnit: '大闵村党支部、区财政局',
        due: 20,
        outcome: null,
      },
    ],
  },
];

export async function seedDemoVisits(
  trx: Executor,
  s: { villages: OrganizationRow[]; officer: string | null; today: string; day: (offset: number, hour?: number) => string },
): Promise<number> {
  const byName = new Map(s.villages.map((v) => [v.name, v]));
  let count = 0;
  for (const d of DEMO_VISITS) {
    const orgs = d.villages.flatMap((name) => (byName.has(name) ? [byName.get(name)!] : []));
    if (orgs.length === 0) continue;
    const id = newId();
    const at = s.day(d.day, 18);
    await visits.insertVisit(trx, {
      id,
      visited_on: addDays(s.today, d.day),
      leader_name: d.leaderName,
      leader_title: d.leaderTitle,
      observations: d.observations,
      instructions: d.instructions,
      created_by: s.officer,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    await visits.insertVisitOrganizations(trx, id, orgs);
    for (const t of d.tasks) {
      const org = byName.get(t.village);
      if (!org) continue;
      const outcomeAt = t.outcome ? s.day(t.outcome.day, 17) : null;
      const row: VisitTasksTable = {
        id: newId(),
        visit_id: id,
        organization_id: org.id,
        org_path: org.path,
        instruction: t.instruction,
        owner_unit: t.ownerUnit,
        due_on: addDays(s.today, t.due),
        status: t.outcome?.status ?? 'open',
        outcome_note: t.outcome?.note ?? null,
        outcome_at: outcomeAt,
        outcome_by: t.outcome ? s.officer : null,
        done_at: t.outcome?.status === 'done' ? outcomeAt : null,
        created_by: s.officer,
        version: t.outcome ? 2 : 1,
        created_at: at,
        updated_at: outcomeAt ?? at,
      };
      await visits.insertTask(trx, row);
      count++;
    }
  }
  return count;
}
