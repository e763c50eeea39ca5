/**
 * The 村"两委"会 review (DOMAIN.md step 3): the liaison group takes a
 * village's problem list to the village's two committees, which verify every
 * problem one by one (逐一核实研究). Each problem is confirmed, or disputed
 * with a reason; a disputed problem the group agrees was wrongly recorded is
 * withdrawn (the problem action `withdraw`), the others stand.
 */
export const REVIEW_OUTCOMES = ['confirmed', 'disputed'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const REVIEW_OUTCOME_LABELS = {
  confirmed: { zh: '核实属实', en: 'Confirmed' },
  disputed: { zh: '有异议', en: 'Disputed' },
} as const satisfies Record<ReviewOutcome, { zh: string; en: string }>;

/** The longest minutes, dispute reason or other free text of a review, in characters. */
export const REVIEW_TEXT_MAX = 4000;

/** A disputed problem needs its reason in words; a confirmed one takes none (a stray reason is dropped). */
export function normaliseOutcome(o: {
  outcome: ReviewOutcome;
  reason?: string | null;
}): { outcome: ReviewOutcome; reason: string | null } | null {
  const reason = o.reason?.trim() || null;
  switch (o.outcome) {
    case 'confirmed':
      return { outcome: 'confirmed', reason: null };
    case 'disputed':
      return reason ? { outcome: 'disputed', reason } : null;
  }
}

/**
 * Where a problem of the reviewed list stands for the 一村一策 plan:
 * `withdrawn` (wrongly recorded, left out), `unreviewed` (no outcome yet: the
 * plan waits for it), or `verified` (confirmed, or disputed and upheld by the
 * group: it stays in the ledger, so it is in the plan).
 */
export type PlanStanding = 'verified' | 'withdrawn' | 'unreviewed';

export function planStanding(p: { status: string; outcome: ReviewOutcome | null }): PlanStanding {
  if (p.status === 'withdrawn') return 'withdrawn';
  return p.outcome === null ? 'unreviewed' : 'verified';
}

export interface ReviewCountsOf {
  problems: number;
  confirmed: number;
  disputed: number;
  unreviewed: number;
  withdrawn: number;
}

/** Counts a review's problems; the classes do not overlap (a withdrawn problem counts only as withdrawn). */
export function countReview(rows: ReadonlyArray<{ withdrawn: boolean; outcome: ReviewOutcome | null; n?: number }>): ReviewCountsOf {
  const c: ReviewCountsOf = { problems: 0, confirmed: 0, disputed: 0, unreviewed: 0, withdrawn: 0 };
  for (const r of rows) {
    const n = r.n ?? 1;
    c.problems += n;
    if (r.withdrawn) c.withdrawn += n;
    else if (r.outcome === null) c.unreviewed += n;
    else c[r.outcome] += n;
  }
  return c;
}
