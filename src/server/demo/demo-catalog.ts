import type { LiaisonSeat } from '../../domain/contracts/liaison-groups.ts';
import type { OrganizationRow } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor, ServiceContext } from '../http/context.ts';
import * as liaisonGroups from '../modules/liaison-groups/liaison-groups.repository.ts';
import * as standards from '../modules/standards/standards.repository.ts';
import * as users from '../modules/users/users.repository.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../domain/time.ts';
import { DEMO_NOTICE_TITLE, demoNoticeDate, demoProgramYear } from './demo-calendar.ts';
import { DEMO_STANDARD_AREAS, demoStandard } from './demo-standard-data.ts';

/**
 * Four liaison groups covering the 16 demo villages. Members are fictional;
 * they hold no role of their own: membership gives them the liaison role on
 * the group's villages. `liaison` sits in the group that covers 大闵村.
 */
interface DemoMember {
  seat: LiaisonSeat;
  username: string;
  displayName: string;
}
interface DemoGroup {
  name: string;
  departmentName: string;
  villages: string[];
  members: DemoMember[];
}

export const DEMO_LIAISON_GROUPS: DemoGroup[] = [
  {
    name: '第一包联组',
    departmentName: '区财政局',
    villages: ['良田村', '上庄村', '安家村', '大闵村'],
    members: [
      { seat: 'party_office', username: 'liaison', displayName: '王卫东' },
      { seat: 'department', username: 'lg1-dept', displayName: '李静' },
      { seat: 'subdistrict', username: 'lg1-sub', displayName: '张海军' },
    ],
  },
  {
    name: '第二包联组',
    departmentName: '区住建局',
    villages: ['麻李村', '庙北村', '东坡村', '西塬村'],
    members: [
      { seat: 'party_office', username: 'lg2-party', displayName: '杨帆' },
      { seat: 'department', username: 'lg2-dept', displayName: '马晓峰' },
      { seat: 'subdistrict', username: 'lg2-sub', displayName: '郭丽' },
    ],
  },
  {
    name: '第三包联组',
    departmentName: '区农业农村局',
    villages: ['张东村', '南寨村', '北坊村', '新民村'],
    members: [
      { seat: 'party_office', username: 'lg3-party', displayName: '何志强' },
      { seat: 'department', username: 'lg3-dept', displayName: '韩雪梅' },
      { seat: 'subdistrict', username: 'lg3-sub', displayName: '冯建军' },
    ],
  },
  {
    name: '第四包联组',
    departmentName: '区教育局',
    villages: ['和平村', '兴旺村', '红星村', '前进村'],
    members: [
      { seat: 'party_office', username: 'lg4-party', displayName: '吴敏' },
      { seat: 'department', username: 'lg4-dept', displayName: '许文博' },
      { seat: 'subdistrict', username: 'lg4-sub', displayName: '田秀兰' },
    ],
  },
];

/** The liaison-group login printed beside DEMO_USERS. */
export const DEMO_LIAISON_LOGIN = { username: 'liaison', note: '包联组成员 · 第一包联组（大闵村、良田村、上庄村、安家村）' };

/** Seeds the demo standard (version 1, published under the notice) and the liaison groups with their members. */
export async function seedDemoCatalog(
  trx: Executor,
  ctx: ServiceContext,
  orgs: Map<string, OrganizationRow>,
  passwordHash: string,
): Promise<void> {
  const at = ctx.now.toISOString();
  await seedStandard(trx, ctx.now);

  for (const g of DEMO_LIAISON_GROUPS) {
    const groupId = newId();
    await liaisonGroups.insertGroup(trx, {
      id: groupId,
      name: g.name,
      department_name: g.departmentName,
      archived_at: null,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    const members = [];
    for (const m of g.members) {
      const userId = newId();
      await users.insert(trx, {
        id: userId,
        username: m.username,
        display_name: m.displayName,
        phone: null,
        email: null,
        password_hash: passwordHash,
        disabled_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      });
      members.push({ id: newId(), group_id: groupId, user_id: userId, seat: m.seat, created_at: at });
    }
    await liaisonGroups.insertMembers(trx, members);
    await liaisonGroups.insertVillages(
      trx,
      g.villages.map((name) => ({ id: newId(), group_id: groupId, organization_id: orgs.get(name)!.id, created_at: at })),
    );
  }
}

/** The standard, issued on the notice's day (28 April of the program year) under its title. */
async function seedStandard(trx: Executor, now: Date): Promise<void> {
  const standardId = newId();
  const versionId = newId();
  const admin = await users.findByUsername(trx, 'admin');
  const today = shanghaiDate(now);
  const noticeDate = demoNoticeDate(today);
  const std = demoStandard(demoProgramYear(today));
  // Drafted a week before the notice, published with it (09:00 Shanghai).
  const drafted = new Date(shanghaiDayStart(addDays(noticeDate, -7)).getTime() + 9 * 3_600_000).toISOString();
  const published = new Date(shanghaiDayStart(noticeDate).getTime() + 9 * 3_600_000).toISOString();
  await standards.insertStandard(trx, {
    id: standardId,
    name: std.name,
    description: std.description,
    created_at: drafted,
    updated_at: published,
  });
  await standards.insertVersion(trx, {
    id: versionId,
    standard_id: standardId,
    version_no: 1,
    status: 'published',
    title: std.title,
    notes: std.notes,
    notice_title: DEMO_NOTICE_TITLE,
    notice_date: noticeDate,
    based_on_version_id: null,
    published_at: published,
    published_by: admin?.id ?? null,
    version: 2,
    created_at: drafted,
    updated_at: published,
  });
  const areas = DEMO_STANDARD_AREAS.map((a, i) => ({
    id: newId(),
    standard_version_id: versionId,
    code: a.code,
    name: a.name,
    sort_order: i + 1,
  }));
  await standards.insertAreas(trx, areas);
  await standards.insertItems(
    trx,
    DEMO_STANDARD_AREAS.flatMap((a, i) =>
      a.items.map((item, j) => ({
        id: newId(),
        standard_version_id: versionId,
        area_id: areas[i]!.id,
        code: item.code,
        title: item.title,
        criterion: item.criterion,
        weight: item.weight,
        expected_evidence: item.evidence,
        applies_to: item.appliesTo ?? 'both',
        sort_order: j + 1,
      })),
    ),
  );
}
