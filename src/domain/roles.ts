/**
 * Roles and permissions. A user holds role assignments, each scoped to an
 * organization subtree. A permission holds at an organization when some
 * assignment whose role grants it is at that organization or an ancestor.
 * Adding a role (e.g. the liaison-group member) is one line in each table.
 */
export const ROLES = [
  'district_admin',
  'district_officer',
  'subdistrict_officer',
  'liaison_member',
  'village_secretary',
  'viewer',
  /** 财政局: reviews venue projects and keeps the special fund (清零行动), nothing else. */
  'finance_reviewer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'organization.read',
  'organization.manage',
  'user.read',
  'user.manage',
  'audit.read',
  'standard.read',
  'standard.manage',
  'liaison.manage',
  'inspection.manage',
  'inspection.record',
  'problem.read',
  'problem.create',
  'problem.edit',
  'problem.rectify',
  'problem.verify',
  'problem.close',
  /** 撤销 a problem recorded by mistake (open only, with a reason). */
  'problem.withdraw',
  'measure.manage',
  /** Propose a village as meeting the standard (达标) for a round, with a verification note. */
  'attainment.propose',
  /** Confirm a proposed 达标, send it back, or revoke a confirmed one. */
  'attainment.confirm',
  /** File this week's report for a village (or, in liaison-group mode, for one's group). */
  'report.file',
  /** Comment on weekly reports or send them back. */
  'report.review',
  /** Generate, edit and publish the monthly circular. */
  'circular.manage',
  /** Schedule and record interviews (约谈). */
  'interview.manage',
  /** Edit the cadence rules (RAG, ranking, interviews, reminders, report due time). */
  'settings.manage',
  /** Recompute a frozen weekly snapshot. */
  'snapshot.recompute',
  /** Record the 村两委会 review of a village's problem list (meeting and per-problem outcomes). */
  'review.record',
  /** Draft, edit and approve a village's 一村一策 rectification plan. */
  'plan.manage',
  /** Record leaders' supervision visits (调研督导) and follow up their assigned tasks (交办事项). */
  'visit.manage',
  /** Read the venue register, the clearance list and board, venue projects and the special fund (清零行动). */
  'venue.read',
  /** Keep the venue register (add and edit venues) and the campaign's settings and deadline. */
  'venue.manage',
  /** Draft a venue project (一村一案) and submit it to the subdistrict. */
  'venue_project.draft',
  /** Forward a submitted venue project to the finance bureau, or return it to the village. */
  'venue_project.forward',
  /** Review a venue project for the finance bureau: approve, or send back with a reason. */
  'venue_project.review',
  /** Start the works, record milestones with progress and photos, report them completed. */
  'venue_project.works',
  /** Accept completed works for the district (entering the venue's new figures), or reject them. */
  'venue_project.accept',
  /** Keep the special fund: allocations, spending with vouchers, overspend overrides, the export. */
  'fund.manage',
  /** Write, publish and unpublish work news (工作动态) and choose the evidence photos shown on the public portal. */
  'portal.publish',
  /** Moderate villagers' feedback (群众监督): publish, reply publicly, reject with a reason, record it as a problem. */
  'feedback.moderate',
  /** Read the regular Party life: member register (without phones), study plans and sessions, 三会一课, tours, duty rosters, coverage. */
  'study.read',
  /** Keep a branch's member register, study plans, sessions with attendance, 三会一课 records and tour take-aways. */
  'study.record',
  /** See and export members' phone numbers (never public). */
  'member.phone',
  /** Organize study tours (观摩学习) and register their participants. */
  'tour.manage',
  /** Keep a village's service hall and duty roster (坐班值班), and sign in for duty. */
  'duty.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ = ['organization.read', 'standard.read', 'problem.read', 'venue.read', 'study.read'] as const;

/**
 * Who may do what: the program's defaults from DOMAIN.md (the village
 * rectifies, the liaison group verifies, the district closes). A district
 * admin may do everything.
 */
export const ROLE_PERMISSIONS = {
  district_admin: PERMISSIONS,
  district_officer: [
    ...READ,
    'standard.manage',
    'liaison.manage',
    'inspection.manage',
    'problem.create',
    'problem.edit',
    'problem.close',
    'problem.withdraw',
    'measure.manage',
    'attainment.confirm',
    'report.review',
    'circular.manage',
    'interview.manage',
    'visit.manage',
    'venue.manage',
    'venue_project.draft',
    'venue_project.forward',
    'venue_project.works',
    'venue_project.accept',
    'portal.publish',
    'feedback.moderate',
    'tour.manage',
  ],
  subdistrict_officer: [...READ, 'problem.edit', 'report.review', 'venue_project.forward'],
  // The group and the 两委会 propose the measures (DOMAIN.md step 3), so members draft and edit them too.
  liaison_member: [
    ...READ,
    'inspection.record',
    'problem.create',
    'problem.verify',
    'problem.withdraw',
    'measure.manage',
    'attainment.propose',
    'review.record',
    'plan.manage',
    'report.file',
    'report.review',
  ],
  village_secretary: [
    ...READ,
    'problem.rectify',
    'measure.manage',
    'report.file',
    'venue_project.draft',
    'venue_project.works',
    'study.record',
    'member.phone',
    'duty.manage',
  ],
  viewer: READ,
  // Scoped to venue projects and funds only: no ledger, no organization tree.
  finance_reviewer: ['venue.read', 'venue_project.review', 'fund.manage'],
} as const satisfies Record<Role, readonly Permission[]>;

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  district_admin: { zh: '区级管理员', en: 'District admin' },
  district_officer: { zh: '区党群工作部干部', en: 'District officer' },
  subdistrict_officer: { zh: '街道干部', en: 'Subdistrict officer' },
  liaison_member: { zh: '包联组成员', en: 'Liaison group member' },
  village_secretary: { zh: '村（社区）党组织书记', en: 'Village secretary' },
  viewer: { zh: '只读用户', en: 'Read-only viewer' },
  finance_reviewer: { zh: '财政局评审人员', en: 'Finance bureau reviewer' },
};

/**
 * Who may take a liaison-group seat (separation of duties). A seat gives the
 * liaison role on the group's villages (record and verify problems, file the
 * group's reports), so it goes only to accounts meant for that work: district
 * and subdistrict officers, liaison members, or an account with no role of its
 * own (a department's liaison account). Every other role bars its holder, for
 * the reason given here. One entry per role, so a new role must be decided here.
 */
export const LIAISON_SEAT_BARS = {
  district_admin: {
    zh: '区级管理员已有全部权限且不受四眼原则约束，不宜再担任验收人',
    en: 'a district admin already holds every permission and is exempt from the four-eyes rule',
  },
  district_officer: null,
  subdistrict_officer: null,
  liaison_member: null,
  village_secretary: {
    zh: '村（社区）书记负责整改，不能同时验收整改',
    en: 'a village secretary rectifies and may not also verify',
  },
  viewer: {
    zh: '只读账号不能因担任包联组成员而获得登记、验收问题和填报周报的权限',
    en: 'a read-only account may not gain the power to record and accept problems or file reports',
  },
  finance_reviewer: {
    zh: '财政局评审账号只负责活动场所项目评审和专项经费，不能担任包联组成员',
    en: 'a finance-bureau reviewer works on venue projects and the special fund only',
  },
} as const satisfies Record<Role, { zh: string; en: string } | null>;

/** The roles that keep their holder out of a liaison seat. */
export const LIAISON_SEAT_BARRING_ROLES: readonly Role[] = ROLES.filter((r) => LIAISON_SEAT_BARS[r] !== null);

/** The roles among those an account holds that keep it out of a liaison seat (none: it may sit). */
export function rolesBarringLiaisonSeat(held: readonly string[]): Role[] {
  return LIAISON_SEAT_BARRING_ROLES.filter((r) => held.includes(r));
}

export function roleGrants(role: Role, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission);
}

export interface ScopedAssignment {
  role: Role;
  organizationPath: string;
}

/** True when any assignment grants `permission` over the organization at `path`. */
export function hasPermissionAt(assignments: readonly ScopedAssignment[], permission: Permission, path: string): boolean {
  return assignments.some((a) => roleGrants(a.role, permission) && path.startsWith(a.organizationPath));
}

/**
 * The subtree roots where `permission` holds, with nested roots removed
 * (a scope inside another adds nothing).
 */
export function scopeRoots(assignments: readonly ScopedAssignment[], permission: Permission): string[] {
  const paths = [...new Set(assignments.filter((a) => roleGrants(a.role, permission)).map((a) => a.organizationPath))].sort(
    (a, b) => a.length - b.length,
  );
  const roots: string[] = [];
  for (const p of paths) if (!roots.some((r) => p.startsWith(r))) roots.push(p);
  return roots;
}
