/**
 * 村级活动场所 (DOMAIN.md "Venue rules"): whether a venue meets the standard,
 * and if not, why, in words. Thresholds are data (program settings, key
 * `venues`), so a district may change them; the defaults are the program's:
 * village ≥ 200 ㎡, community ≥ 300 ㎡, service hall ≥ 40 ㎡, not rented,
 * mortgaged, transferred or put to other use, signage and rules posted.
 * A venue that fails any rule is on the clearance list (清零清单).
 */

/** 产权 / 使用性质: how the organization holds the building. */
export const VENUE_OWNERSHIPS = ['owned', 'rented', 'borrowed', 'mortgaged', 'transferred'] as const;
export type VenueOwnership = (typeof VENUE_OWNERSHIPS)[number];

export const VENUE_OWNERSHIP_LABELS = {
  owned: { zh: '自有', en: 'Owned' },
  rented: { zh: '租赁', en: 'Rented' },
  borrowed: { zh: '借用', en: 'Borrowed' },
  mortgaged: { zh: '抵押', en: 'Mortgaged' },
  transferred: { zh: '转让', en: 'Transferred' },
} as const satisfies Record<VenueOwnership, { zh: string; en: string }>;

/** 使用现状 */
export const VENUE_USES = ['in_use', 'other_use', 'idle', 'under_construction'] as const;
export type VenueUse = (typeof VENUE_USES)[number];

export const VENUE_USE_LABELS = {
  in_use: { zh: '正常使用', en: 'In use' },
  other_use: { zh: '挪作他用', en: 'Put to other use' },
  idle: { zh: '闲置', en: 'Idle' },
  under_construction: { zh: '在建', en: 'Under construction' },
} as const satisfies Record<VenueUse, { zh: string; en: string }>;

/**
 * The rule thresholds (validated by VenueRulesSchema in venue-campaign.ts; this
 * file stays free of zod, so the web app's venue pages can use its labels and
 * words without loading a schema library).
 */
export interface VenueRules {
  /** A village venue's building area must be at least this (㎡). */
  villageMinArea: number;
  /** A community venue's building area must be at least this (㎡). */
  communityMinArea: number;
  /** The service hall (便民服务大厅) must be at least this (㎡); 0 turns the rule off. */
  villageHallMinArea: number;
  communityHallMinArea: number;
  /** Holdings that fail the venue (租赁、抵押、转让 by default). */
  failingOwnerships: VenueOwnership[];
  /** A venue put to other use (挪作他用) fails. */
  otherUseFails: boolean;
  /** 标牌 must hang at the venue. */
  requireSignage: boolean;
  /** 制度上墙: the rules must be posted. */
  requireRulesPosted: boolean;
}

/** DOMAIN.md "Venue rules". */
export const DEFAULT_VENUE_RULES: VenueRules = {
  villageMinArea: 200,
  communityMinArea: 300,
  villageHallMinArea: 40,
  communityHallMinArea: 40,
  failingOwnerships: ['rented', 'mortgaged', 'transferred'],
  otherUseFails: true,
  requireSignage: true,
  requireRulesPosted: true,
};

/** What the rules look at. */
export interface VenueFacts {
  /** The holder's kind: 'community' has its own thresholds, anything else counts as a village. */
  orgKind: string;
  buildingArea: number;
  ownership: VenueOwnership;
  currentUse: VenueUse;
  hallArea: number;
  hasSignage: boolean;
  rulesPosted: boolean;
}

/** Why a venue fails, as data (the words come from venueReasonText). */
export type VenueReason =
  | { code: 'ownership'; ownership: VenueOwnership }
  | { code: 'area'; area: number; min: number }
  | { code: 'hall'; area: number; min: number }
  | { code: 'other_use' }
  | { code: 'no_signage' }
  | { code: 'rules_not_posted' };

export interface VenueEvaluation {
  passes: boolean;
  reasons: VenueReason[];
}

/**
 * Judges a venue against the rules. Edges pass: exactly 200 ㎡ meets "≥ 200 ㎡".
 * Areas are compared at 0.1 ㎡ (what the register keeps), so 199.96 read as 200.0 passes.
 */
export function evaluateVenue(facts: VenueFacts, rules: VenueRules): VenueEvaluation {
  const community = facts.orgKind === 'community';
  const minArea = community ? rules.communityMinArea : rules.villageMinArea;
  const minHall = community ? rules.communityHallMinArea : rules.villageHallMinArea;
  const tenth = (x: number) => Math.round(x * 10);
  const reasons: VenueReason[] = [];
  if (rules.failingOwnerships.includes(facts.ownership)) reasons.push({ code: 'ownership', ownership: facts.ownership });
  if (rules.otherUseFails && facts.currentUse === 'other_use') reasons.push({ code: 'other_use' });
  if (tenth(facts.buildingArea) < tenth(minArea)) reasons.push({ code: 'area', area: facts.buildingArea, min: minArea });
  if (minHall > 0 && tenth(facts.hallArea) < tenth(minHall)) reasons.push({ code: 'hall', area: facts.hallArea, min: minHall });
  if (rules.requireSignage && !facts.hasSignage) reasons.push({ code: 'no_signage' });
  if (rules.requireRulesPosted && !facts.rulesPosted) reasons.push({ code: 'rules_not_posted' });
  return { passes: reasons.length === 0, reasons };
}

/** 160 → "160", 180.5 → "180.5" */
export function areaText(area: number): string {
  return String(Math.round(area * 10) / 10);
}

/** A reason in words: "租赁场所", "面积 160 ㎡，不足 200 ㎡". */
export function venueReasonText(reason: VenueReason, lang: 'zh' | 'en'): string {
  switch (reason.code) {
    case 'ownership':
      return lang === 'zh'
        ? `${VENUE_OWNERSHIP_LABELS[reason.ownership].zh}场所`
        : `${VENUE_OWNERSHIP_LABELS[reason.ownership].en.toLowerCase()} premises`;
    case 'area':
      return lang === 'zh'
        ? `面积 ${areaText(reason.area)} ㎡，不足 ${areaText(reason.min)} ㎡`
        : `area ${areaText(reason.area)} m², under ${areaText(reason.min)} m²`;
    case 'hall':
      return lang === 'zh'
        ? `便民服务大厅 ${areaText(reason.area)} ㎡，不足 ${areaText(reason.min)} ㎡`
        : `service hall ${areaText(reason.area)} m², under ${areaText(reason.min)} m²`;
    case 'other_use':
      return lang === 'zh' ? '场所挪作他用' : 'put to other use';
    case 'no_signage':
      return lang === 'zh' ? '未悬挂标牌' : 'no signage';
    case 'rules_not_posted':
      return lang === 'zh' ? '制度未上墙' : 'rules not posted';
  }
}

/** "租赁场所；面积 160 ㎡，不足 200 ㎡" */
export function venueReasonsText(reasons: readonly VenueReason[], lang: 'zh' | 'en'): string {
  return reasons.map((r) => venueReasonText(r, lang)).join(lang === 'zh' ? '；' : '; ');
}

/** Stored JSON back to reasons; anything unreadable reads as none. */
export function parseVenueReasons(json: string | null): VenueReason[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as VenueReason[]) : [];
  } catch {
    return [];
  }
}
