/**
 * 达标验收 as data: the program's end condition ("验收一个、合格一个、销号一个
 * … 直至全部村达到规范化要求为止"). Per inspection round and village, the
 * liaison group proposes the village as meeting the standard once every
 * problem of the round there is settled, with a short verification note; the
 * district confirms it or sends it back with a reason. A confirmed village
 * shows as 达标 with the date, until one of its problems is reopened (回头看):
 * that revokes the 达标 in the same transaction, with the reopening's reason (a pending proposal is sent back).
 * Adding a status or an action breaks the build until every `satisfies`
 * table and switch handles it.
 */
export const ATTAINMENT_STATUSES = ['none', 'proposed', 'confirmed', 'returned', 'revoked'] as const;
export type AttainmentStatus = (typeof ATTAINMENT_STATUSES)[number];

export const ATTAINMENT_ACTIONS = ['propose', 'confirm', 'reject', 'revoke'] as const;
export type AttainmentAction = (typeof ATTAINMENT_ACTIONS)[number];

export type AttainmentPermission = 'attainment.propose' | 'attainment.confirm';

export interface AttainmentTransition {
  from: readonly AttainmentStatus[];
  to: AttainmentStatus;
  permission: AttainmentPermission;
  /** The proposal's verification note (核验情况). */
  noteRequired: boolean;
  /** A send-back or a revocation says why. */
  reasonRequired: boolean;
  /** The village must still qualify (checklist done, no unsettled problem of the round). */
  needsEligible: boolean;
}

export const ATTAINMENT_WORKFLOW = {
  /** 申报达标: by the liaison group, with what they verified (and optionally the evidence it rests on). */
  propose: {
    from: ['none', 'returned', 'revoked'],
    to: 'proposed',
    permission: 'attainment.propose',
    noteRequired: true,
    reasonRequired: false,
    needsEligible: true,
  },
  /** 确认达标: by the district. Checked again: a problem may have been reopened since the proposal. */
  confirm: {
    from: ['proposed'],
    to: 'confirmed',
    permission: 'attainment.confirm',
    noteRequired: false,
    reasonRequired: false,
    needsEligible: true,
  },
  /** 退回: by the district, with the reason. */
  reject: {
    from: ['proposed'],
    to: 'returned',
    permission: 'attainment.confirm',
    noteRequired: false,
    reasonRequired: true,
    needsEligible: false,
  },
  /** 撤销达标: fired by 回头看 (reopening a problem of the round), or by the district by hand, with the reason. */
  revoke: {
    from: ['confirmed'],
    to: 'revoked',
    permission: 'attainment.confirm',
    noteRequired: false,
    reasonRequired: true,
    needsEligible: false,
  },
} as const satisfies Record<AttainmentAction, AttainmentTransition>;

export const ATTAINMENT_STATUS_LABELS = {
  none: { zh: '未申报', en: 'Not proposed' },
  proposed: { zh: '待确认', en: 'Proposed' },
  confirmed: { zh: '已达标', en: 'Meets the standard' },
  returned: { zh: '已退回', en: 'Sent back' },
  revoked: { zh: '已撤销达标', en: 'Revoked' },
} as const satisfies Record<AttainmentStatus, { zh: string; en: string }>;

export const ATTAINMENT_ACTION_LABELS = {
  propose: { zh: '申报达标', en: 'Propose' },
  confirm: { zh: '确认达标', en: 'Confirm' },
  reject: { zh: '退回', en: 'Send back' },
  revoke: { zh: '撤销达标', en: 'Revoke' },
} as const satisfies Record<AttainmentAction, { zh: string; en: string }>;

export function canAttainmentTransition(action: AttainmentAction, status: AttainmentStatus): boolean {
  return (ATTAINMENT_WORKFLOW[action].from as readonly AttainmentStatus[]).includes(status);
}

/** The actions a status allows (before permission and eligibility), in the workflow's order. */
export function attainmentActionsFrom(status: AttainmentStatus): AttainmentAction[] {
  return ATTAINMENT_ACTIONS.filter((a) => canAttainmentTransition(a, status));
}

/** Counts as meeting the standard (达标). */
export function isAttained(status: AttainmentStatus): boolean {
  switch (status) {
    case 'confirmed':
      return true;
    case 'none':
    case 'proposed':
    case 'returned':
    case 'revoked':
      return false;
  }
}

/**
 * Why a village cannot (yet) be proposed or confirmed as 达标; empty when it can. A venue on the clearance list
 * (清零行动: it fails a venue rule, src/domain/venue-rules.ts) keeps its village from 达标 as an unsettled problem
 * does: the standard's venue items are the same rules, and the program ends when every village meets all of it.
 */
export type AttainmentBlocker =
  { code: 'checklist_unfinished' } | { code: 'unsettled_problems'; count: number } | { code: 'venue_on_list'; count: number };

export function attainmentBlockers(v: { checklistDone: boolean; unsettledProblems: number; venuesOnList: number }): AttainmentBlocker[] {
  const out: AttainmentBlocker[] = [];
  if (!v.checklistDone) out.push({ code: 'checklist_unfinished' });
  if (v.unsettledProblems > 0) out.push({ code: 'unsettled_problems', count: v.unsettledProblems });
  if (v.venuesOnList > 0) out.push({ code: 'venue_on_list', count: v.venuesOnList });
  return out;
}

export function attainmentBlockerText(b: AttainmentBlocker, lang: 'zh' | 'en'): string {
  switch (b.code) {
    case 'checklist_unfinished':
      return lang === 'zh' ? '本轮检查表尚未完成' : "the round's checklist is not complete";
    case 'unsettled_problems':
      return lang === 'zh'
        ? `本轮还有 ${b.count} 个问题未销号（待整改、整改中、待验收或已验收未销号）`
        : `${b.count} ${b.count === 1 ? 'problem' : 'problems'} of the round ${b.count === 1 ? 'is' : 'are'} not closed yet`;
    case 'venue_on_list':
      return lang === 'zh'
        ? `活动场所仍在清零台账上（${b.count} 处未达标，区级验收后销账）`
        : `${b.count === 1 ? 'a venue is' : `${b.count} venues are`} still on the clearance list (off it after the district's acceptance)`;
  }
}
