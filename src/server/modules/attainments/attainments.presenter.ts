import {
  type AttainmentAction,
  type AttainmentBlocker,
  attainmentBlockerText,
  type AttainmentStatus,
} from '../../../domain/attainment-workflow.ts';
import type { AttainmentDetail, VillageStanding as VillageStandingDto } from '../../../domain/contracts/attainments.ts';
import type { RectificationPeriodDto } from '../../../domain/contracts/inspections.ts';
import { daysLeftInPeriod, type RectificationPeriod } from '../../../domain/rectification.ts';
import type { VillageAttainmentsTable } from '../../db/database.ts';
import type { listHistory } from './attainments.repository.ts';
import type { VillageStanding } from './village-scores.service.ts';

/** Everything one village's standing is drawn from. */
export interface StandingInput {
  checklist: { id: string; organization_id: string; organization_name: string; group_name: string | null };
  round: { id: string; name: string };
  subdistrictName: string | null;
  /** Undefined only in the instant a checklist appears (nothing recorded yet). */
  standing: VillageStanding | undefined;
  row: (VillageAttainmentsTable & { proposed_by_name?: string | null }) | undefined;
  blockers: AttainmentBlocker[];
  status: AttainmentStatus;
  allowedActions: AttainmentAction[];
}

export function presentPeriod(period: RectificationPeriod, today: string): RectificationPeriodDto {
  return { ...period, daysLeft: daysLeftInPeriod(period, today) };
}

export function presentRound(
  r: { id: string; name: string; status: string; closed_at: string | null },
  period: RectificationPeriod,
  today: string,
) {
  return {
    id: r.id,
    name: r.name,
    status: r.status === 'closed' ? ('closed' as const) : ('open' as const),
    closedAt: r.closed_at,
    rectification: presentPeriod(period, today),
  };
}

export function presentStanding(s: StandingInput): VillageStandingDto {
  const score = s.standing?.score ?? { score: 0, max: 0, itemsScoring: 0, items: 0, failing: 0, pending: 0 };
  return {
    checklistId: s.checklist.id,
    roundId: s.round.id,
    roundName: s.round.name,
    organizationId: s.checklist.organization_id,
    organizationName: s.checklist.organization_name,
    subdistrictName: s.subdistrictName,
    liaisonGroupName: s.checklist.group_name,
    score,
    checklistDone: s.standing?.checklistDone ?? false,
    unsettledProblems: s.standing?.unsettledProblems ?? 0,
    blockers: s.blockers.map((b) => ({
      code: b.code,
      count: b.code === 'checklist_unfinished' ? null : b.count,
      textZh: attainmentBlockerText(b, 'zh'),
      textEn: attainmentBlockerText(b, 'en'),
    })),
    status: s.status,
    confirmedOn: s.status === 'confirmed' ? (s.row?.confirmed_on ?? null) : null,
    proposedAt: s.row?.proposed_at ?? null,
    proposedByName: s.row?.proposed_by_name ?? null,
    note: s.row?.note ?? null,
    reason: s.row?.reason ?? null,
    version: s.row?.version ?? 0,
    allowedActions: s.allowedActions,
  };
}

type HistoryRow = Awaited<ReturnType<typeof listHistory>>[number];

export function presentAttainmentDetail(
  s: StandingInput,
  extra: {
    history: HistoryRow[];
    evidence: Array<{ id: string; original_name: string; mime: string }>;
    available: Array<{ id: string; original_name: string; mime: string; problem_code: string }>;
  },
): AttainmentDetail {
  return {
    ...presentStanding(s),
    scoredItems: (s.standing?.items ?? []).map((i) => ({
      checkItemId: i.checkItem.id,
      code: i.checkItem.code,
      title: i.checkItem.title,
      areaName: i.checkItem.area_name,
      weight: i.checkItem.weight,
      standing: i.standing,
      score: i.score,
      unsettledProblems: i.input.unsettledProblems,
    })),
    evidence: extra.evidence.map((e) => ({ id: e.id, originalName: e.original_name, isImage: e.mime.startsWith('image/') })),
    availableEvidence: extra.available.map((e) => ({
      id: e.id,
      originalName: e.original_name,
      isImage: e.mime.startsWith('image/'),
      problemCode: e.problem_code,
    })),
    history: extra.history.map((h) => ({
      id: h.id,
      action: h.action as AttainmentAction,
      fromStatus: h.from_status as AttainmentStatus,
      toStatus: h.to_status as AttainmentStatus,
      at: h.at,
      actorName: h.actor_name ?? null,
      text: h.text,
      problem: h.problem_id ? { id: h.problem_id, code: h.problem_code ?? '' } : null,
    })),
  };
}
