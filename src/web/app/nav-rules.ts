import type { SessionUser } from '../../domain/contracts/session.ts';
import type { Permission } from '../../domain/roles.ts';

/** The menu's entries, by key (the route each opens lives in NavMenu). */
export const NAV_KEYS = [
  'dashboard',
  'organizations',
  'ledger',
  'inspections',
  'reviews',
  'attainments',
  'statistics',
  'weeklyReports',
  'rankings',
  'circulars',
  'articles',
  'feedback',
  'venues',
  'funds',
  'study',
  'interviews',
  'visits',
  'standards',
  'liaisonGroups',
  'users',
  'settings',
  'audit',
  'notifications',
  'help',
  'account',
] as const;
export type NavKey = (typeof NAV_KEYS)[number];

const VILLAGE_KINDS: readonly string[] = ['village', 'community', 'branch'];

/**
 * True when every role the user holds sits on a village, community or branch:
 * a village secretary, or a liaison member whose roles are derived on the
 * group's villages. Such users work on a few villages and need no district
 * tools (the tree, weekly tables of everyone, interview management…).
 */
export function worksOnVillagesOnly(user: Pick<SessionUser, 'roles'>): boolean {
  return user.roles.length > 0 && user.roles.every((r) => VILLAGE_KINDS.includes(r.organizationKind));
}

/**
 * Which entries a user sees: each role only what it can use. The server still
 * checks every request; this only keeps the menu short (a village secretary:
 * 工作台, 问题台账, 每周汇报, 红黄绿与排名, 月度通报, 我的账号).
 */
export function visibleNavKeys(user: Pick<SessionUser, 'roles' | 'permissions'>): NavKey[] {
  const can = (...any: Permission[]) => any.some((p) => user.permissions.includes(p));
  const wide = !worksOnVillagesOnly(user);
  const rules: Record<NavKey, boolean> = {
    dashboard: can('problem.read'),
    organizations: can('organization.manage', 'user.read') || (wide && can('organization.read')),
    ledger: can('problem.read'),
    inspections: can('inspection.manage', 'inspection.record') || (wide && can('problem.read')),
    // 两委会核实 and 一村一策: the liaison group's work; district staff follow it.
    reviews: can('review.record', 'plan.manage') || (wide && can('problem.read')),
    // 达标验收: the liaison group proposes, the district confirms; a village sees its standing on its dashboard.
    attainments: can('attainment.propose', 'attainment.confirm') || (wide && can('problem.read')),
    statistics: can('problem.read') && (wide || can('report.review')),
    weeklyReports: can('report.file', 'report.review') || (wide && can('problem.read')),
    rankings: can('problem.read'),
    circulars: can('problem.read'),
    // The public portal's officers: work news (工作动态) and the feedback queue (群众监督).
    articles: can('portal.publish'),
    feedback: can('feedback.moderate'),
    // 清零行动: everyone who reads venues (the village drafts its project there); the fund for its keepers.
    venues: can('venue.read'),
    funds: can('fund.manage', 'venue.manage'),
    // 两学一做、三会一课、坐班值班: everyone who reads the Party life (a village records and signs in there).
    study: can('study.read'),
    interviews: can('interview.manage') || (wide && can('problem.read')),
    // 调研督导: recorded by the district; a village sees its tasks on its dashboard.
    visits: can('visit.manage') || (wide && can('problem.read')),
    standards: can('standard.manage', 'inspection.record') || (wide && can('standard.read')),
    liaisonGroups: can('liaison.manage', 'inspection.record') || (wide && can('problem.read')),
    users: can('user.read'),
    settings: can('settings.manage'),
    audit: can('audit.read'),
    // 提醒 (the bell's page) and 使用说明 for everyone: the bell alone was the only way to the notices.
    notifications: true,
    help: true,
    account: true,
  };
  return NAV_KEYS.filter((k) => rules[k]);
}
