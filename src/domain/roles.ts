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
  'measure.manage',
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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ = ['organization.read', 'standard.read', 'problem.read'] as const;

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
    'measure.manage',
    'report.review',
    'circular.manage',
    'interview.manage',
  ],
  subdistrict_officer: [...READ, 'problem.edit', 'report.review'],
  liaison_member: [...READ, 'inspection.record', 'problem.create', 'problem.verify', 'report.file', 'report.review'],
  village_secretary: [...READ, 'problem.rectify', 'measure.manage', 'report.file'],
  viewer: READ,
} as const satisfies Record<Role, readonly Permission[]>;

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  district_admin: { zh: '区级管理员', en: 'District admin' },
  district_officer: { zh: '区党群工作部干部', en: 'District officer' },
  subdistrict_officer: { zh: '街道干部', en: 'Subdistrict officer' },
  liaison_member: { zh: '包联组成员', en: 'Liaison group member' },
  village_secretary: { zh: '村（社区）党组织书记', en: 'Village secretary' },
  viewer: { zh: '只读用户', en: 'Read-only viewer' },
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
