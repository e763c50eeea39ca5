/** URL builders, so links and redirects agree on one spelling. */
export const paths = {
  home: '/',
  login: '/login',
  organizations: '/organizations',
  organization: (id: string) => `/organizations/${encodeURIComponent(id)}`,
  users: '/users',
  audit: '/audit',
  auditOf: (query: Record<string, string>) => `/audit?${new URLSearchParams(query).toString()}`,
  account: '/account',
  standards: '/standards',
  liaisonGroups: '/liaison-groups',
  ledger: '/ledger',
  ledgerOf: (query: Record<string, string>) => `/ledger?${new URLSearchParams(query).toString()}`,
  problem: (id: string) => `/ledger/${encodeURIComponent(id)}`,
  inspections: '/inspections',
  inspectionRound: (id: string) => `/inspections/${encodeURIComponent(id)}`,
  checklist: (id: string) => `/inspections/checklists/${encodeURIComponent(id)}`,
  dashboard: '/dashboard',
  statistics: '/statistics',
  weeklyReports: '/weekly-reports',
  rankings: '/rankings',
  interviews: '/interviews',
  settings: '/settings',
  circulars: '/circulars',
  circular: (id: string) => `/circulars/${encodeURIComponent(id)}`,
  circularPrint: (id: string) => `/circulars/${encodeURIComponent(id)}/print`,
  notifications: '/notifications',
  apiDocs: '/api/docs',
};

/** Only same-site paths may be a post-login destination (no `//evil.example`). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return paths.dashboard;
  return next;
}
