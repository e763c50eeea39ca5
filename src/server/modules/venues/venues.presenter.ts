import type {
  FundAllocation,
  FundSpending,
  Venue,
  VenueFile,
  VenueProject,
  VenueProjectAllowedAction,
} from '../../../domain/contracts/venues.ts';
import { isStalled, type VenueProjectKind, type VenueProjectStatus, venueDaysOverdue } from '../../../domain/venue-project-workflow.ts';
import { parseVenueReasons, type VenueOwnership, type VenueReason, venueReasonText, type VenueUse } from '../../../domain/venue-rules.ts';
import { toBool } from '../../db/dialect.ts';
import type { Actor } from '../../http/context.ts';
import type * as fundsRepo from './funds.repository.ts';
import { canDraftProject, canManageVenues } from './venues.policy.ts';
import type { VenueProjectRow } from './venue-projects.repository.ts';
import type { VenueFileRow, VenueRow } from './venues.repository.ts';

export const yuan = (fen: number | string) => Number(fen) / 100;
export const fen = (yuanAmount: number) => Math.round(yuanAmount * 100);

export function presentReasons(reasons: readonly VenueReason[]) {
  return reasons.map((r) => ({ reason: r, zh: venueReasonText(r, 'zh'), en: venueReasonText(r, 'en') }));
}

export function presentFile(f: VenueFileRow): VenueFile {
  return {
    id: f.id,
    purpose: f.purpose as VenueFile['purpose'],
    originalName: f.original_name,
    mime: f.mime,
    size: Number(f.size),
    isImage: f.mime.startsWith('image/'),
    uploadedAt: f.uploaded_at,
    uploadedByName: f.uploaded_by_name,
  };
}

export function presentVenue(
  v: VenueRow,
  actor: Actor,
  extra: { openProject: VenueProjectRow | null; photos: VenueFileRow[]; today: string },
): Venue {
  const passes = toBool(v.passes);
  const p = extra.openProject;
  return {
    id: v.id,
    organizationId: v.organization_id,
    organizationName: v.organization_name,
    organizationKind: v.organization_kind,
    subdistrictName: v.parent_name,
    name: v.name,
    address: v.address,
    buildingArea: Number(v.building_area),
    ownership: v.ownership as VenueOwnership,
    currentUse: v.current_use as VenueUse,
    hallArea: Number(v.hall_area),
    hasSignage: toBool(v.has_signage),
    rulesPosted: toBool(v.rules_posted),
    notes: v.notes,
    passes,
    reasons: presentReasons(parseVenueReasons(v.reasons)),
    listedAt: v.listed_at,
    openProject: p
      ? {
          id: p.id,
          kind: p.kind as VenueProjectKind,
          status: p.status as VenueProjectStatus,
          progress: Number(p.progress),
          deadline: p.deadline,
          daysOverdue: venueDaysOverdue({ status: p.status as VenueProjectStatus, deadline: p.deadline }, extra.today),
        }
      : null,
    photos: extra.photos.map(presentFile),
    version: Number(v.version),
    createdAt: v.created_at,
    updatedAt: v.updated_at,
    // An archived village's venue is read only (refuseArchivedVenue).
    allowedActions:
      v.organization_archived_at !== null
        ? []
        : [
            ...(canManageVenues(actor, v.org_path) ? (['edit', 'upload'] as const) : []),
            ...(!passes && !p && canDraftProject(actor, v.org_path) ? (['createProject'] as const) : []),
          ],
  };
}

/** What the audit log keeps of a venue. */
export function snapshotVenue(
  v: Pick<
    VenueRow,
    | 'name'
    | 'address'
    | 'building_area'
    | 'ownership'
    | 'current_use'
    | 'hall_area'
    | 'has_signage'
    | 'rules_posted'
    | 'notes'
    | 'passes'
    | 'reasons'
  >,
) {
  return {
    name: v.name,
    address: v.address,
    buildingArea: Number(v.building_area),
    ownership: v.ownership,
    currentUse: v.current_use,
    hallArea: Number(v.hall_area),
    hasSignage: toBool(v.has_signage),
    rulesPosted: toBool(v.rules_posted),
    notes: v.notes,
    passes: toBool(v.passes),
    reasons: parseVenueReasons(v.reasons).map((r) => venueReasonText(r, 'zh')),
  };
}

export function presentProject(
  p: VenueProjectRow,
  actor: Actor,
  extra: { today: string; now: Date; stalledWeeks: number; allowedActions: VenueProjectAllowedAction[] },
): VenueProject {
  const status = p.status as VenueProjectStatus;
  return {
    id: p.id,
    venueId: p.venue_id,
    venueName: p.venue_name,
    organizationId: p.organization_id,
    organizationName: p.organization_name,
    subdistrictName: p.parent_name,
    kind: p.kind as VenueProjectKind,
    plan: p.plan,
    budget: yuan(p.budget),
    plannedArea: Number(p.planned_area),
    deadline: p.deadline,
    status,
    progress: Number(p.progress),
    daysOverdue: venueDaysOverdue({ status, deadline: p.deadline }, extra.today),
    stalled: isStalled({ status, lastMovedAt: p.last_moved_at }, extra.now, extra.stalledWeeks),
    lastMovedAt: p.last_moved_at,
    returnReason: status === 'drafted' ? p.return_reason : null,
    acceptedAt: p.accepted_at,
    allocated: yuan(p.allocated),
    spent: yuan(p.spent),
    balance: yuan(Number(p.allocated) - Number(p.spent)),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    version: Number(p.version),
    allowedActions: extra.allowedActions,
  };
}

/** What the audit log keeps of a project's plan. */
export function snapshotProject(p: Pick<VenueProjectRow, 'kind' | 'plan' | 'budget' | 'planned_area' | 'deadline' | 'status'>) {
  return {
    kind: p.kind,
    plan: p.plan,
    budget: yuan(p.budget),
    plannedArea: Number(p.planned_area),
    deadline: p.deadline,
    status: p.status,
  };
}

type AllocationRow = Awaited<ReturnType<typeof fundsRepo.listAllocations>>[number];
type SpendingRow = Awaited<ReturnType<typeof fundsRepo.listSpendings>>[number];

/** Which entry reverses which (冲销), from a project's list of allocations or spends: reversed id → reversal id. */
export function reversalsOf(rows: ReadonlyArray<{ id: string; reverses_id: string | null }>): Map<string, string> {
  return new Map(rows.flatMap((r) => (r.reverses_id ? [[r.reverses_id, r.id] as const] : [])));
}

export function presentAllocation(a: AllocationRow, reversals: ReadonlyMap<string, string>): FundAllocation {
  return {
    id: a.id,
    projectId: a.project_id,
    amount: yuan(a.amount),
    allocatedOn: a.allocated_on,
    documentNo: a.document_no,
    note: a.note,
    createdByName: a.created_by_name,
    createdAt: a.created_at,
    reversesId: a.reverses_id,
    reversalReason: a.reversal_reason,
    reversedById: reversals.get(a.id) ?? null,
  };
}

export function presentSpending(s: SpendingRow, vouchers: VenueFileRow[], reversals: ReadonlyMap<string, string>): FundSpending {
  return {
    reversesId: s.reverses_id,
    reversalReason: s.reversal_reason,
    reversedById: reversals.get(s.id) ?? null,
    id: s.id,
    projectId: s.project_id,
    amount: yuan(s.amount),
    spentOn: s.spent_on,
    payee: s.payee,
    purpose: s.purpose,
    voucherNo: s.voucher_no,
    overrideReason: s.override_reason,
    vouchers: vouchers.map(presentFile),
    createdByName: s.created_by_name,
    createdAt: s.created_at,
  };
}
