import { demoRectificationDaysLeft } from './demo-calendar.ts';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addDays, shanghaiDate } from '../../domain/time.ts';
import { VenueSettingsSchema } from '../../domain/venue-campaign.ts';
import type { VenueProjectKind, VenueProjectStatus } from '../../domain/venue-project-workflow.ts';
import { DEFAULT_VENUE_RULES, evaluateVenue, type VenueOwnership } from '../../domain/venue-rules.ts';
import type { OrganizationRow, VenueProjectsTable, VenuesTable } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor } from '../http/context.ts';
import * as settingsRepo from '../modules/settings/settings.repository.ts';
import * as users from '../modules/users/users.repository.ts';
import * as fundsRepo from '../modules/venues/funds.repository.ts';
import * as projectsRepo from '../modules/venues/venue-projects.repository.ts';
import { VENUE_SETTINGS_KEY } from '../modules/venues/venue-settings.ts';
import * as venuesRepo from '../modules/venues/venues.repository.ts';

/**
 * 清零行动 in the demo, as the source reports it. The campaign began eight
 * weeks ago and ends with the round's 集中整改期, in about four weeks (so the
 * countdown is live; in the source both end with June). Of the 16
 * villages, 8 venues failed at its start: 5 rented (良田村, 上庄村, 大闵村,
 * 麻李村, 张东村) and 3 under 200 ㎡ (安家村, 庙北村, 北坊村). Today:
 * 良田村 rebuilt, accepted and in use (off the list); 上庄村 plan approved,
 * interior works under way; 安家村 anti-theft bars fitted, the square being
 * greened and paved; 大闵村 expansion plan at the finance bureau for review;
 * 麻李村 a plan drafted and not moved since (stalled); 张东村 works begun and
 * past the deadline its subdistrict set (overdue); 庙北村 completed, waiting
 * for the district's acceptance; 北坊村 plan approved, works not yet begun.
 * The special fund holds allocations and some spending. Steps are backdated,
 * so the weekly snapshot and the burn-down show the history.
 */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const DAY = 86_400_000;
/** The campaign began this many days ago; it ends with the demo round's 集中整改期 (demoRectificationDaysLeft). */
export const DEMO_CAMPAIGN_DAYS_AGO = 56;

interface DemoVenue {
  village: string;
  name: string;
  address: string;
  area: number;
  ownership: VenueOwnership;
  hall: number;
}

const PASSING: DemoVenue[] = [
  ['东坡村', 236, 48],
  ['西塬村', 212, 42],
  ['南寨村', 268, 56],
  ['新民村', 305, 60],
  ['和平村', 224, 45],
  ['兴旺村', 251, 50],
  ['红星村', 208, 40],
  ['前进村', 286, 52],
].map(([village, area, hall]) => ({
  village: village as string,
  name: `${village as string}党群服务中心`,
  address: `${village as string}村委会院内`,
  area: area as number,
  ownership: 'owned',
  hall: hall as number,
}));

/** A failing venue and what its project has done, in days since the campaign began (negative: days before today). */
interface DemoProject {
  venue: DemoVenue;
  kind: VenueProjectKind;
  plan: string;
  budget: number;
  plannedArea: number;
  /** Days before today (null: the campaign's deadline). */
  deadlineDaysAgo?: number;
  steps: Array<[action: string, to: VenueProjectStatus, daysSinceStart: number]>;
  milestones?: Array<[progress: number, title: string, daysSinceStart: number]>;
  accepted?: { area: number; hall: number };
  allocations?: Array<[amount: number, daysSinceStart: number]>;
  spendings?: Array<[amount: number, purpose: string, payee: string, daysSinceStart: number]>;
}

const failing = (village: string, area: number, ownership: VenueOwnership, hall: number, address: string): DemoVenue => ({
  village,
  name: ownership === 'rented' ? `${village}租用办公用房` : `${village}党员活动室`,
  address,
  area,
  ownership,
  hall,
});

const TODAY = DEMO_CAMPAIGN_DAYS_AGO; // "days since start" of today

const PROJECTS: DemoProject[] = [
  {
    venue: failing('良田村', 210, 'rented', 40, '良田村二组（租用村民住房）'),
    kind: 'new_build',
    plan: '在村委会原址新建两层党群服务中心，一层为便民服务大厅，二层为党员活动室和会议室，配套室外文化广场。',
    budget: 680000,
    plannedArea: 320,
    steps: [
      ['submit', 'submitted', 5],
      ['forward', 'under_review', 7],
      ['approve', 'approved', 12],
      ['start', 'in_works', 14],
      ['complete', 'completed', 38],
      ['accept', 'accepted', 42],
    ],
    milestones: [
      [30, '基础和主体结构施工', 20],
      [70, '主体封顶，内部装修', 30],
      [100, '竣工，办公设施和标牌制度上墙到位', 37],
    ],
    accepted: { area: 320, hall: 80 },
    allocations: [
      [400000, 13],
      [250000, 33],
    ],
    spendings: [
      [200000, '主体工程预付款', '渭南华远建筑工程有限公司', 16],
      [260000, '主体工程进度款', '渭南华远建筑工程有限公司', 31],
      [152000, '装修及办公设备', '渭南高新区鑫达装饰有限公司', 40],
    ],
  },
  {
    venue: failing('上庄村', 240, 'rented', 45, '上庄村中街（租用原供销社门店）'),
    kind: 'conversion',
    plan: '将村集体闲置小学校舍改建为党群服务中心，加固主体、重新布置便民服务大厅和活动室。',
    budget: 420000,
    plannedArea: 280,
    steps: [
      ['submit', 'submitted', 6],
      ['forward', 'under_review', 9],
      ['approve', 'approved', 20],
      ['start', 'in_works', 25],
    ],
    milestones: [
      [40, '主体加固改造完成', 35],
      [65, '方案已批复，室内装修施工中', TODAY - 5],
    ],
    allocations: [[300000, 21]],
    spendings: [[126000, '主体加固工程款', '陕西秦川建设有限公司', 37]],
  },
  {
    venue: failing('安家村', 150, 'owned', 40, '安家村村委会'),
    kind: 'expansion',
    plan: '在原活动室东侧扩建 100 平方米，扩大便民服务大厅，整治室外广场。',
    budget: 260000,
    plannedArea: 250,
    steps: [
      ['submit', 'submitted', 4],
      ['forward', 'under_review', 6],
      ['approve', 'approved', 15],
      ['start', 'in_works', 18],
    ],
    milestones: [
      [50, '扩建部分主体完工', 30],
      [80, '防盗窗已安装，室外广场正在绿化硬化', TODAY - 3],
    ],
    allocations: [[200000, 16]],
    spendings: [
      [90000, '扩建主体工程款', '渭南安泰建筑有限公司', 31],
      [60000, '门窗及防盗窗', '渭南安泰建筑有限公司', TODAY - 4],
    ],
  },
  {
    venue: failing('大闵村', 220, 'rented', 42, '大闵村东组（租用村民住房）'),
    kind: 'expansion',
    plan: '收回村集体原农机站用房，在其基础上扩建为党群服务中心，设便民服务大厅。',
    budget: 185000,
    plannedArea: 240,
    steps: [
      ['submit', 'submitted', 20],
      ['forward', 'under_review', TODAY - 6],
    ],
  },
  {
    venue: failing('麻李村', 205, 'rented', 40, '麻李村南组（租用厂房）'),
    kind: 'new_build',
    plan: '选址村小学旧址新建党群服务中心（方案起草中）。',
    budget: 500000,
    plannedArea: 300,
    steps: [],
  },
  {
    venue: failing('张东村', 230, 'rented', 48, '张东村（租用企业办公楼）'),
    kind: 'new_build',
    plan: '在村集体建设用地新建党群服务中心，街道要求提前完成。',
    budget: 560000,
    plannedArea: 300,
    deadlineDaysAgo: 9,
    steps: [
      ['submit', 'submitted', 8],
      ['forward', 'under_review', 10],
      ['approve', 'approved', 18],
      ['start', 'in_works', 22],
    ],
    milestones: [[30, '基础施工', 28]],
    allocations: [[300000, 19]],
    spendings: [[168000, '基础工程款', '渭南白杨建设工程有限公司', 29]],
  },
  {
    venue: failing('庙北村', 185, 'owned', 40, '庙北村村委会'),
    kind: 'expansion',
    plan: '加建二层，扩大活动室和便民服务大厅。',
    budget: 150000,
    plannedArea: 230,
    steps: [
      ['submit', 'submitted', 3],
      ['forward', 'under_review', 5],
      ['approve', 'approved', 11],
      ['start', 'in_works', 13],
      ['complete', 'completed', TODAY - 2],
    ],
    milestones: [
      [60, '二层主体完工', 30],
      [100, '竣工，等待区级验收', TODAY - 2],
    ],
    allocations: [[150000, 12]],
    spendings: [[142000, '加建工程款', '渭南庙北建筑队', TODAY - 1]],
  },
  {
    venue: failing('北坊村', 170, 'owned', 40, '北坊村村委会'),
    kind: 'conversion',
    plan: '将相邻的村集体仓库改建并入活动场所。',
    budget: 120000,
    plannedArea: 240,
    steps: [
      ['submit', 'submitted', 30],
      ['forward', 'under_review', 36],
      ['approve', 'approved', TODAY - 10],
    ],
    allocations: [[60000, TODAY - 8]],
  },
];

export async function seedDemoVenues(
  trx: Executor,
  now: Date,
  byKey: ReadonlyMap<string, OrganizationRow>,
  dataDir: string | null,
): Promise<void> {
  const today = shanghaiDate(now);
  const at = (daysSinceStart: number) => new Date(now.getTime() - (DEMO_CAMPAIGN_DAYS_AGO - daysSinceStart) * DAY).toISOString();
  const date = (daysSinceStart: number) => shanghaiDate(new Date(at(daysSinceStart)));
  const id = async (username: string) => (await users.findByUsername(trx, username))?.id ?? null;
  const officer = await id('officer');
  const finance = (await id('finance')) ?? officer;
  const liangtian = (await id('liangtian')) ?? officer;
  const villageActor: Record<string, string | null> = { 大闵村: await id('secretary'), 张东村: await id('zhangdong') };
  const year = today.slice(0, 4);

  await settingsRepo.insert(trx, {
    key: VENUE_SETTINGS_KEY,
    value: JSON.stringify(
      VenueSettingsSchema.parse({
        campaign: { startedOn: date(0), deadline: addDays(today, demoRectificationDaysLeft(today)) },
      }),
    ),
    updatedAt: at(0),
    updatedBy: officer as string,
  });

  const sha = createHash('sha256').update(PHOTO).digest('hex');
  let photos = 0;
  let docNo = 40;
  let voucher = 1;

  const addVenue = async (v: DemoVenue, subdistrictOfficer: string | null) => {
    const org = byKey.get(v.village)!;
    const e = evaluateVenue(
      {
        orgKind: org.kind,
        buildingArea: v.area,
        ownership: v.ownership,
        currentUse: 'in_use',
        hallArea: v.hall,
        hasSignage: true,
        rulesPosted: true,
      },
      DEFAULT_VENUE_RULES,
    );
    const created = at(-1);
    const row: VenuesTable = {
      id: newId(),
      organization_id: org.id,
      org_path: org.path,
      name: v.name,
      address: v.address,
      building_area: v.area,
      ownership: v.ownership,
      current_use: 'in_use',
      hall_area: v.hall,
      has_signage: 1,
      rules_posted: 1,
      notes: v.ownership === 'rented' ? '租期至年底，需新建或改建自有场所' : null,
      passes: e.passes ? 1 : 0,
      reasons: JSON.stringify(e.reasons),
      listed_at: e.passes ? null : created,
      created_by: subdistrictOfficer ?? officer,
      version: 1,
      created_at: created,
      updated_at: created,
    };
    await venuesRepo.insert(trx, row);
    await venuesRepo.insertStatus(trx, {
      id: newId(),
      venue_id: row.id,
      at: created,
      passes: row.passes,
      reasons: row.reasons,
      cause: 'created',
    });
    return row;
  };

  for (const v of PASSING) await addVenue(v, officer);

  for (const d of PROJECTS) {
    const venue = await addVenue(d.venue, officer);
    const org = byKey.get(d.venue.village)!;
    const baiyang = org.path.startsWith(byKey.get('baiyang')?.path ?? '\u0000');
    const village = villageActor[d.venue.village] ?? officer;
    const actorOf = (action: string): string | null =>
      action === 'forward' ? (baiyang ? officer : liangtian) : action === 'approve' ? finance : action === 'accept' ? officer : village;
    const last = d.steps.at(-1);
    const lastMilestone = d.milestones?.at(-1);
    const status: VenueProjectStatus = last ? last[1] : 'drafted';
    const created = at(d.venue.village === '麻李村' ? 5 : 2);
    const allocated = (d.allocations ?? []).reduce((s, [a]) => s + a * 100, 0);
    const spent = (d.spendings ?? []).reduce((s, [a]) => s + a * 100, 0);
    const movedAt = [created, ...(last ? [at(last[2])] : []), ...(lastMilestone ? [at(lastMilestone[2])] : [])].sort().at(-1)!;
    const project: VenueProjectsTable = {
      id: newId(),
      venue_id: venue.id,
      organization_id: org.id,
      org_path: org.path,
      kind: d.kind,
      plan: d.plan,
      budget: d.budget * 100,
      planned_area: d.plannedArea,
      deadline: d.deadlineDaysAgo !== undefined ? addDays(today, -d.deadlineDaysAgo) : addDays(today, demoRectificationDaysLeft(today)),
      status,
      progress: lastMilestone?.[0] ?? 0,
      last_moved_at: movedAt,
      return_reason: null,
      accepted_at: status === 'accepted' ? at(last![2]) : null,
      accepted_by: status === 'accepted' ? officer : null,
      allocated,
      spent,
      created_by: village,
      version: 1 + d.steps.length + (d.milestones?.length ?? 0),
      created_at: created,
      updated_at: movedAt,
    };
    await projectsRepo.insert(trx, project);
    let from: VenueProjectStatus = 'drafted';
    await projectsRepo.insertHistory(trx, {
      id: newId(),
      project_id: project.id,
      at: created,
      action: 'created',
      from_status: null,
      to_status: 'drafted',
      reason: null,
      actor_id: village,
    });
    for (const [action, to, day] of d.steps) {
      await projectsRepo.insertHistory(trx, {
        id: newId(),
        project_id: project.id,
        at: at(day),
        action,
        from_status: from,
        to_status: to,
        reason: null,
        actor_id: actorOf(action),
      });
      from = to;
    }
    for (const [progress, title, day] of d.milestones ?? []) {
      const m = { id: newId(), project_id: project.id, title, progress, note: null, recorded_by: village, recorded_at: at(day) };
      await projectsRepo.insertMilestone(trx, m);
      await venuesRepo.insertFile(trx, {
        id: newId(),
        venue_id: venue.id,
        project_id: project.id,
        milestone_id: m.id,
        spending_id: null,
        purpose: 'milestone_photo',
        sha256: sha,
        size: PHOTO.length,
        mime: 'image/png',
        original_name: `施工照片-${progress}%.png`,
        organization_id: org.id,
        org_path: org.path,
        uploaded_by: village,
        uploaded_at: at(day),
      });
      photos++;
    }
    for (const [amount, day] of d.allocations ?? [])
      await fundsRepo.insertAllocation(trx, {
        id: newId(),
        project_id: project.id,
        organization_id: org.id,
        org_path: org.path,
        amount: amount * 100,
        allocated_on: date(day),
        document_no: `高新财〔${year}〕${docNo++}号`,
        note: '区级财政专项：村级活动场所建设',
        created_by: finance,
        created_at: at(day),
      });
    for (const [amount, purpose, payee, day] of d.spendings ?? [])
      await fundsRepo.insertSpending(trx, {
        id: newId(),
        project_id: project.id,
        organization_id: org.id,
        org_path: org.path,
        amount: amount * 100,
        spent_on: date(day),
        payee,
        purpose,
        voucher_no: `记-${String(voucher++).padStart(4, '0')}`,
        override_reason: null,
        created_by: finance,
        created_at: at(day),
      });
    if (d.accepted) {
      const e = evaluateVenue(
        {
          orgKind: org.kind,
          buildingArea: d.accepted.area,
          ownership: 'owned',
          currentUse: 'in_use',
          hallArea: d.accepted.hall,
          hasSignage: true,
          rulesPosted: true,
        },
        DEFAULT_VENUE_RULES,
      );
      const when = at(last![2]);
      await venuesRepo.updateIfVersion(
        trx,
        venue.id,
        1,
        {
          name: `${d.venue.village}党群服务中心`,
          address: `${d.venue.village}村委会新址`,
          building_area: d.accepted.area,
          ownership: 'owned',
          hall_area: d.accepted.hall,
          notes: '新建场所已通过区级验收并投入使用',
          passes: e.passes ? 1 : 0,
          reasons: JSON.stringify(e.reasons),
        },
        when,
      );
      await venuesRepo.insertStatus(trx, {
        id: newId(),
        venue_id: venue.id,
        at: when,
        passes: e.passes ? 1 : 0,
        reasons: JSON.stringify(e.reasons),
        cause: 'accepted',
      });
    }
  }

  if (dataDir && photos > 0) {
    const file = path.join(dataDir, 'files', sha.slice(0, 2), sha);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, PHOTO);
    }
  }
}
