/**
 * 观摩学习: the roles a district invites on a study tour (the source: subdistrict secretaries and deputies,
 * Party affairs staff, village secretaries, organization members, college-graduate village officials). Pure, so
 * the web app reads the labels without loading zod.
 */
export const TOUR_ROLES = [
  'subdistrict_secretary',
  'subdistrict_deputy',
  'party_affairs_staff',
  'village_secretary',
  'organization_member',
  'graduate_official',
] as const;
export type TourRole = (typeof TOUR_ROLES)[number];

export const TOUR_ROLE_LABELS = {
  subdistrict_secretary: { zh: '街道党工委书记', en: 'Subdistrict secretary' },
  subdistrict_deputy: { zh: '街道党工委副书记', en: 'Subdistrict deputy secretary' },
  party_affairs_staff: { zh: '党务工作人员', en: 'Party affairs staff' },
  village_secretary: { zh: '村（社区）党组织书记', en: 'Village secretary' },
  organization_member: { zh: '组织委员', en: 'Organization member' },
  graduate_official: { zh: '大学生村官', en: 'College-graduate village official' },
} as const satisfies Record<TourRole, { zh: string; en: string }>;
