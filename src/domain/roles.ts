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
