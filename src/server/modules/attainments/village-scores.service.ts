import { ATTAINMENT_STATUSES, type AttainmentStatus } from '../../../domain/attainment-workflow.ts';
import type { OrganizationKind } from '../../../domain/organizations.ts';
import { type AppliesTo, checkItemApplies } from '../../../domain/standards.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import {
  type ItemInput,
  type ItemStanding,
  itemScore,
  itemStanding,
  type VillageScore,
  villageScore,
} from '../../../domain/village-score.ts';
import type { Executor } from '../../http/context.ts';
import * as repo from './village-scores.repository.ts';

/** One check item of a village's standing, for the detail view. */
export interface ScoredItem {
  checkItem: repo.CheckItemRow;
  input: ItemInput;
  standing: ItemStanding;
  score: number;
}

/** A village's standing against the standard in one inspection round, as at an instant. */
export interface VillageStanding {
  checklist: repo.ChecklistRow;
  /** The checklist was completed (as at the instant). */
  checklistDone: boolean;
  score: VillageScore;
  /** Present when asked for (`withItems`). */
  items: ScoredItem[];
  /** Problems of the round at the village that are neither closed nor withdrawn. */
  unsettledProblems: number;
  attainment: { status: AttainmentStatus; confirmedOn: string | null };
}

export interface StandingsRequest extends repo.AsAt {
  /**
   * This round's checklists; by default each village's latest completed inspection (by period, then creation)
   * as at the instant, or its latest round when none is completed yet.
   */
  roundId?: string;
  withItems?: boolean;
}

const isAttainmentStatus = (s: string): s is AttainmentStatus => (ATTAINMENT_STATUSES as readonly string[]).includes(s);

/**
 * Every village's standing (in the subtree, if given) as at `end`: the score
 * of its latest completed inspection (else its latest round) by the rule of src/domain/village-score.ts,
 * whether that round left anything unsettled there, and its 达标 state.
 * A handful of set-based queries, whatever the number of villages. Keyed by
 * organization id; villages never inspected are absent.
 */
export async function computeVillageStandings(db: Executor, req: StandingsRequest): Promise<Map<string, VillageStanding>> {
  const all = await repo.listChecklists(db, req);
  const done = (c: repo.ChecklistRow) => c.status === 'done' && c.completed_at !== null && c.completed_at < req.end;
  // A village stands by its latest completed inspection: a later round still being inspected there
  // (a 回头看 re-check, say) takes over once its checklist is done. Without a completed one, the latest.
  const newestFirst = [...all].sort(
    (a, b) =>
      Number(done(b)) - Number(done(a)) ||
      b.period_start.localeCompare(a.period_start) ||
      b.round_created_at.localeCompare(a.round_created_at) ||
      b.round_id.localeCompare(a.round_id),
  );
  const chosen = new Map<string, repo.ChecklistRow>();
  for (const c of newestFirst) {
    if (req.roundId !== undefined && c.round_id !== req.roundId) continue;
    if (!chosen.has(c.organization_id)) chosen.set(c.organization_id, c);
  }
  if (chosen.size === 0) return new Map();

  const checklists = [...chosen.values()];
  const checklistIds = checklists.map((c) => c.id);
  const roundIds = [...new Set(checklists.map((c) => c.round_id))];
  const [items, results, unsettled, attainments] = await Promise.all([
    repo.listCheckItems(db, [...new Set(checklists.map((c) => c.standard_version_id))]),
    repo.listResults(db, checklistIds, req.end),
    repo.countUnsettledProblems(db, roundIds, req),
    repo.listAttainmentStates(db, checklistIds, req),
  ]);

  const itemsByVersion = new Map<string, repo.CheckItemRow[]>();
  for (const i of items) itemsByVersion.set(i.standard_version_id, [...(itemsByVersion.get(i.standard_version_id) ?? []), i]);
  const resultOf = new Map(results.map((r) => [`${r.checklist_id}|${r.check_item_id}`, r.result]));
  const unsettledOf = new Map<string, number>();
  const unsettledInRound = new Map<string, number>();
  for (const u of unsettled) {
    const round = `${u.organization_id}|${u.round_id}`;
    unsettledInRound.set(round, (unsettledInRound.get(round) ?? 0) + u.n);
    if (u.check_item_id !== null) unsettledOf.set(`${round}|${u.check_item_id}`, u.n);
  }
  const attainmentOf = new Map(attainments.map((a) => [a.checklist_id, a]));

  const out = new Map<string, VillageStanding>();
  for (const c of checklists) {
    const round = `${c.organization_id}|${c.round_id}`;
    const scored: ScoredItem[] = (itemsByVersion.get(c.standard_version_id) ?? []).map((i) => {
      const result = resultOf.get(`${c.id}|${i.id}`);
      const input: ItemInput = {
        weight: i.weight,
        applicable: checkItemApplies(i.applies_to as AppliesTo, c.organization_kind as OrganizationKind),
        result: result === 'meets' || result === 'fails' || result === 'na' ? result : null,
        unsettledProblems: unsettledOf.get(`${round}|${i.id}`) ?? 0,
      };
      return { checkItem: i, input, standing: itemStanding(input), score: itemScore(input) };
    });
    const a = attainmentOf.get(c.id);
    const status: AttainmentStatus = a && isAttainmentStatus(a.status) ? a.status : 'none';
    const confirmedOn = status !== 'confirmed' ? null : (a?.confirmed_on ?? (a?.since ? shanghaiDate(new Date(a.since)) : null));
    out.set(c.organization_id, {
      checklist: c,
      checklistDone: done(c),
      score: villageScore(scored.map((s) => s.input)),
      items: req.withItems ? scored : [],
      unsettledProblems: unsettledInRound.get(round) ?? 0,
      attainment: { status, confirmedOn },
    });
  }
  return out;
}

/** Standings now (the instant just after `now`, so what was recorded at it counts). */
export function currentStandings(db: Executor, now: Date, options: Omit<StandingsRequest, 'end' | 'asAt'> = {}) {
  return computeVillageStandings(db, { ...options, end: new Date(now.getTime() + 1).toISOString(), asAt: 'now' });
}
