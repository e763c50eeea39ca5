import type { PlanDetail, PlanSummary } from '../../../domain/contracts/plans.ts';
import type { PlanContent, PlanStatus } from '../../../domain/village-plan.ts';
import type { Actor } from '../../http/context.ts';
import { planAllowedActions } from './plans.policy.ts';
import type { PlanRow } from './plans.repository.ts';

const EMPTY: PlanContent = { asAt: '', areas: [], totals: { problems: 0, measures: 0, withdrawn: 0 } };

export function parseContent(json: string): PlanContent {
  try {
    const v = JSON.parse(json) as PlanContent;
    return v && Array.isArray(v.areas) ? v : EMPTY;
  } catch {
    return EMPTY;
  }
}

export function presentPlanSummary(row: PlanRow, actor: Actor): PlanSummary {
  return {
    id: row.id,
    reviewId: row.review_id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    roundName: row.round_name,
    versionNo: Number(row.version_no),
    status: row.status as PlanStatus,
    title: row.title,
    approvedAt: row.approved_at,
    approvedByName: row.approved_by_name,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    allowedActions: planAllowedActions(actor, row),
  };
}

export function presentPlanDetail(
  row: PlanRow,
  versions: ReadonlyArray<{ id: string; version_no: number; status: string; created_at: string }>,
  actor: Actor,
): PlanDetail {
  return {
    ...presentPlanSummary(row, actor),
    preamble: row.preamble,
    closing: row.closing,
    content: parseContent(row.content),
    liaisonGroupName: row.group_name,
    reviewHeldOn: row.review_held_on,
    versions: versions.map((v) => ({ id: v.id, versionNo: Number(v.version_no), status: v.status as PlanStatus, createdAt: v.created_at })),
  };
}

/** What the audit log keeps of a version's text (the body is summed up by its totals). */
export function snapshotPlan(r: { title: string; preamble: string; closing: string; content: string; status: string }) {
  return { status: r.status, title: r.title, preamble: r.preamble, closing: r.closing, totals: parseContent(r.content).totals };
}
