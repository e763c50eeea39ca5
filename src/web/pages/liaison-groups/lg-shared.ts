/** The three seats of a liaison group, in their fixed order (copied from the contract, which imports zod). */
export const SEATS = ['party_office', 'department', 'subdistrict'] as const;
export type Seat = (typeof SEATS)[number];

export const SEAT_LABELS: Record<Seat, { zh: string; en: string }> = {
  party_office: { zh: '区党群工作部', en: 'District Party-masses office' },
  department: { zh: '包联部门', en: 'Liaison department' },
  subdistrict: { zh: '街道办', en: 'Sub-district office' },
};
