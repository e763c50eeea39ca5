/**
 * A village's score against the standard for one inspection round (对标得分).
 * Pure: the server reads each check item's weight, the inspection result and
 * how many problems found under the item in that round are still unsettled,
 * and this file scores them.
 *
 * A check item scores its full weight when
 *   - it passed at inspection (达标), or
 *   - it does not apply to the organization, or was recorded 不适用: it counts
 *     as met, so every village's score is out of the standard's total weight
 *     (100 in the demo) and a village is not marked down for items that are
 *     not its to meet, or
 *   - it failed and every problem found under it in that round is settled:
 *     closed (销号) or withdrawn as wrongly recorded (撤销);
 * otherwise 0: it failed and a problem under it is still open, being
 * rectified, waiting for acceptance or accepted but not yet closed, or it has
 * not been recorded yet (the checklist is unfinished).
 */

/** How an item stands, in the order a reader scans a checklist. */
export const ITEM_STANDINGS = ['met', 'not_applicable', 'rectified', 'failing', 'pending'] as const;
export type ItemStanding = (typeof ITEM_STANDINGS)[number];

export const ITEM_STANDING_LABELS = {
  met: { zh: '排查时达标', en: 'Met at inspection' },
  not_applicable: { zh: '不适用（按达标计）', en: 'Not applicable (counts as met)' },
  rectified: { zh: '问题已全部销号', en: 'Problems all closed' },
  failing: { zh: '问题未销号', en: 'Problems not yet closed' },
  pending: { zh: '尚未排查', en: 'Not yet inspected' },
} as const satisfies Record<ItemStanding, { zh: string; en: string }>;

export interface ItemInput {
  weight: number;
  /** Whether the item applies to the organization's kind (village / community). */
  applicable: boolean;
  /** The inspection result, null when not recorded (yet). */
  result: 'meets' | 'fails' | 'na' | null;
  /** Problems found under the item in the round that are neither closed nor withdrawn. */
  unsettledProblems: number;
}

export function itemStanding(item: ItemInput): ItemStanding {
  if (!item.applicable || item.result === 'na') return 'not_applicable';
  switch (item.result) {
    case 'meets':
      return 'met';
    case 'fails':
      return item.unsettledProblems === 0 ? 'rectified' : 'failing';
    case null:
      return 'pending';
  }
}

/** The weight an item scores: all of it, or nothing. */
export function itemScore(item: ItemInput): number {
  const standing = itemStanding(item);
  return standing === 'failing' || standing === 'pending' ? 0 : item.weight;
}

export interface VillageScore {
  /** The sum of the items' scores. */
  score: number;
  /** The standard's total weight: what a village scores when every item stands. */
  max: number;
  /** Items scoring their weight / all items. */
  itemsScoring: number;
  items: number;
  /** Items failing now (a problem under them is not settled). */
  failing: number;
  /** Applicable items not recorded yet. */
  pending: number;
}

export function villageScore(items: readonly ItemInput[]): VillageScore {
  const out: VillageScore = { score: 0, max: 0, itemsScoring: 0, items: items.length, failing: 0, pending: 0 };
  for (const item of items) {
    const standing = itemStanding(item);
    out.score += itemScore(item);
    out.max += item.weight;
    if (standing === 'failing') out.failing++;
    else if (standing === 'pending') out.pending++;
    else out.itemsScoring++;
  }
  return out;
}

/** Score ÷ total, 0–1; null without a standard to measure against. */
export function scoreShare(s: Pick<VillageScore, 'score' | 'max'>): number | null {
  return s.max > 0 ? s.score / s.max : null;
}

/** "86 / 100" */
export function scoreText(s: Pick<VillageScore, 'score' | 'max'>): string {
  return `${s.score} / ${s.max}`;
}
