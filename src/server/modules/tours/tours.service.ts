import type {
  AddParticipantsBody,
  CreateTourBody,
  TakeawayBody,
  Tour,
  TourList,
  TourListQuery,
  TourRole,
  TourSummary,
  UpdateTourBody,
} from '../../../domain/contracts/tours.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import type { OrganizationRow, StudyToursTable, TourParticipantsTable } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as membersRepo from '../members/members.repository.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { canManageTours, canRecordStudy, studyReadRoots } from '../study/study.policy.ts';
import { loadStudyOrg, loadVillage, refuseArchived } from '../study/study-scope.ts';
import * as repo from './tours.repository.ts';
import { usersWithRoleIn } from '../users/users.repository.ts';

const TOUR = '观摩学习';

/**
 * A tour is organized by the district for its units: everyone reading the Party life somewhere inside the
 * organizing unit's subtree (or above it) sees it, its participants and the villages' take-aways.
 */
function canSeeTour(actor: Actor, tourPath: string): boolean {
  return studyReadRoots(actor).some((r) => r.startsWith(tourPath) || tourPath.startsWith(r));
}

const parseRoles = (json: string): TourRole[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as TourRole[]) : [];
  } catch {
    return [];
  }
};

function summary(
  t: { id: string; title: string; tour_date: string; destination: string; purpose: string; invited_roles: string },
  participants: number,
  takeaways: number,
): TourSummary {
  return {
    id: t.id,
    title: t.title,
    tourDate: t.tour_date,
    destination: t.destination,
    purpose: t.purpose,
    invitedRoles: parseRoles(t.invited_roles),
    participantCount: participants,
    takeawayCount: takeaways,
  };
}

/** Tours the reader may see, newest first. */
export async function listTours(ctx: AuthedContext, query: TourListQuery): Promise<TourList> {
  const all = (await repo.listTours(ctx.db.kysely)).filter((t) => canSeeTour(ctx.actor, t.org_path));
  const page = all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  return {
    items: page.map((t) => summary(t, t.participants, t.takeaways)),
    total: all.length,
    page: query.page,
    pageSize: query.pageSize,
    canCreate: scopeRoots(ctx.actor.assignments, 'tour.manage').length > 0,
  };
}

async function loadTour(ctx: AuthedContext, db: Executor, id: string): Promise<repo.TourRow> {
  const t = await repo.findTour(db, id);
  if (!t || !canSeeTour(ctx.actor, t.org_path)) throw notFound(TOUR);
  return t;
}

async function tourDetail(ctx: AuthedContext, db: Executor, t: repo.TourRow): Promise<Tour> {
  const [participants, takeaways] = await Promise.all([repo.listParticipants(db, t.id), repo.listTakeaways(db, t.id)]);
  // One row per village with participants or a take-away, in the reader's scope.
  const villageIds = [...new Set([...participants.map((p) => p.organization_id), ...takeaways.map((k) => k.organization_id)])];
  const villages = (await orgRepo.findByIds(db, villageIds)).filter(
    (o) => REPORTING_KINDS.includes(o.kind) && studyReadRoots(ctx.actor).some((r) => o.path.startsWith(r)),
  );
  const manage = canManageTours(ctx.actor, t.org_path);
  return {
    ...summary(t, participants.length, takeaways.length),
    organizationName: t.organization_name,
    participants: participants.map((p) => ({
      id: p.id,
      name: p.name,
      role: p.role as TourRole,
      organizationId: p.organization_id,
      organizationName: p.organization_name,
      memberId: p.member_id,
      userId: p.user_id,
    })),
    takeaways: villages
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((v) => {
        const k = takeaways.find((x) => x.organization_id === v.id);
        return {
          organizationId: v.id,
          organizationName: v.name,
          text: k?.text ?? null,
          version: k ? Number(k.version) : 0,
          updatedAt: k?.updated_at ?? null,
          recordedByName: k?.recorded_by_name ?? null,
          participants: participants.filter((p) => p.organization_id === v.id).length,
          // An archived village's take-away is kept as it was (loadVillage refuses the write).
          canEdit: canRecordStudy(ctx.actor, v.path) && v.archived_at === null,
        };
      }),
    version: Number(t.version),
    allowedActions: manage ? ['edit', 'participants'] : [],
  };
}

/** One tour with its participants and the villages' take-aways. Throws NOT_FOUND. */
export async function getTour(ctx: AuthedContext, id: string): Promise<Tour> {
  const db = ctx.db.kysely;
  return tourDetail(ctx, db, await loadTour(ctx, db, id));
}

const snapshotTour = (t: Pick<StudyToursTable, 'title' | 'tour_date' | 'destination' | 'purpose' | 'invited_roles'>) => ({
  title: t.title,
  tourDate: t.tour_date,
  destination: t.destination,
  purpose: t.purpose,
  invitedRoles: parseRoles(t.invited_roles),
});

/** Organizes a tour (by default for the reader's district). Throws NOT_FOUND, FORBIDDEN (no tour.manage). */
export async function createTour(ctx: AuthedContext, body: CreateTourBody): Promise<Tour> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    let org: OrganizationRow | undefined;
    if (body.organizationId) org = await loadStudyOrg(ctx, trx, body.organizationId);
    else {
      const root = scopeRoots(ctx.actor.assignments, 'tour.manage')[0];
      if (!root) throw forbidden('您没有组织观摩学习的权限（由区党群工作部组织）');
      org = await orgRepo.findById(trx, root.split('/').filter(Boolean).at(-1)!);
      if (!org) throw notFound('组织');
    }
    if (!canManageTours(ctx.actor, org.path)) throw forbidden('您没有组织观摩学习的权限（由区党群工作部组织）');
    refuseArchived(org);
    const at = ctx.now.toISOString();
    const row: StudyToursTable = {
      id: newId(),
      organization_id: org.id,
      org_path: org.path,
      title: body.title,
      tour_date: body.tourDate,
      destination: body.destination,
      purpose: body.purpose,
      invited_roles: JSON.stringify([...new Set(body.invitedRoles)]),
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insertTour(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'tour.created', after: snapshotTour(row) },
      { entityType: 'tour', entityId: row.id, organizationId: org.id },
    );
    return tourDetail(ctx, trx, { ...row, organization_name: org.name });
  });
}

/** Edits a tour. Throws NOT_FOUND, FORBIDDEN, CONFLICT. */
export async function updateTour(ctx: AuthedContext, id: string, body: UpdateTourBody): Promise<Tour> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadTour(ctx, trx, id);
    if (!canManageTours(ctx.actor, before.org_path)) throw forbidden('您没有修改观摩学习的权限');
    await refuseArchivedOrganizer(trx, before.organization_id);
    if (before.version !== body.version) throw conflict(TOUR);
    const changes: repo.TourChanges = {
      ...(body.title !== undefined && { title: body.title }),
      ...(body.tourDate !== undefined && { tour_date: body.tourDate }),
      ...(body.destination !== undefined && { destination: body.destination }),
      ...(body.purpose !== undefined && { purpose: body.purpose }),
      ...(body.invitedRoles !== undefined && { invited_roles: JSON.stringify([...new Set(body.invitedRoles)]) }),
    };
    if (!(await repo.updateTourIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(TOUR);
    const after = { ...before, ...changes, version: before.version + 1 };
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'tour.updated', before: snapshotTour(before), after: snapshotTour(after) },
      { entityType: 'tour', entityId: id, organizationId: before.organization_id },
    );
    return tourDetail(ctx, trx, after);
  });
}

/** The unit a participant counts under: a member's village (their branch's parent), else the given organization. */
/** The village (or other unit) a participant is listed under; an archived organization is refused. Throws CONFLICT. */
/** A tour whose organizer is archived (撤销) is kept as it was. Throws CONFLICT. */
async function refuseArchivedOrganizer(db: Executor, organizerId: string): Promise<void> {
  const organizer = await orgRepo.findById(db, organizerId);
  if (organizer) refuseArchived(organizer);
}

async function unitOf(db: Executor, orgId: string): Promise<OrganizationRow | undefined> {
  const org = await orgRepo.findById(db, orgId);
  if (org) refuseArchived(org);
  if (org?.kind === 'branch' && org.parent_id) {
    const parent = await orgRepo.findById(db, org.parent_id);
    if (parent && REPORTING_KINDS.includes(parent.kind)) {
      refuseArchived(parent);
      return parent;
    }
  }
  return org;
}

/**
 * Registers participants (from the member register, the user list, or by name with their unit); someone already
 * registered is left as they are. Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (a unit outside the tour's).
 */
export async function addParticipants(ctx: AuthedContext, id: string, body: AddParticipantsBody): Promise<Tour> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const tour = await loadTour(ctx, trx, id);
    if (!canManageTours(ctx.actor, tour.org_path)) throw forbidden('您没有登记观摩人员的权限');
    await refuseArchivedOrganizer(trx, tour.organization_id);
    const existing = await repo.listParticipants(trx, id);
    const members = new Set(existing.flatMap((p) => (p.member_id ? [p.member_id] : [])));
    const users = new Set(existing.flatMap((p) => (p.user_id ? [p.user_id] : [])));
    const names = new Map(
      (
        await repo.usersByIds(
          trx,
          body.participants.flatMap((p) => (p.userId ? [p.userId] : [])),
        )
      ).map((u) => [u.id, u.display_name]),
    );
    const at = ctx.now.toISOString();
    const rows: TourParticipantsTable[] = [];
    for (const [i, p] of body.participants.entries()) {
      const path = `participants.${i}`;
      const bad = (message: string, field: string) =>
        new AppError('VALIDATION_FAILED', message, { fields: [{ in: 'body', path: `${path}.${field}`, message }] });
      let name: string;
      let orgId: string;
      if (p.memberId) {
        if (members.has(p.memberId)) continue;
        const m = await membersRepo.findById(trx, p.memberId);
        if (!m || !m.org_path.startsWith(tour.org_path)) throw bad('找不到该党员，或其不在本次观摩的范围内', 'memberId');
        members.add(m.id);
        name = m.name;
        orgId = m.organization_id;
      } else if (p.userId) {
        if (users.has(p.userId)) continue;
        const n = names.get(p.userId);
        if (!n) throw bad('找不到该用户', 'userId');
        users.add(p.userId);
        name = n;
        orgId = p.organizationId!;
      } else {
        name = p.name!;
        orgId = p.organizationId!;
      }
      const unit = await unitOf(trx, orgId);
      if (!unit || !unit.path.startsWith(tour.org_path)) throw bad('所在单位不在本次观摩的组织范围内', 'organizationId');
      // An account is listed under a unit it belongs to (a role there or below), not any account of the system.
      if (p.userId && !(await usersWithRoleIn(trx, [p.userId], unit.path)).includes(p.userId))
        throw bad('该账号不在所选单位任职 (the account holds no role in that unit)', 'userId');
      rows.push({
        id: newId(),
        tour_id: id,
        organization_id: unit.id,
        org_path: unit.path,
        name,
        role: p.role,
        member_id: p.memberId ?? null,
        user_id: p.userId ?? null,
        created_at: at,
      });
    }
    if (rows.length === 0) return tourDetail(ctx, trx, tour);
    try {
      await repo.insertParticipants(trx, rows);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(TOUR);
      throw err;
    }
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'tour.participants_added', count: rows.length, names: rows.map((r) => r.name) },
      { entityType: 'tour', entityId: id, organizationId: tour.organization_id },
    );
    return tourDetail(ctx, trx, tour);
  });
}

/** Takes a participant off the list. Throws NOT_FOUND, FORBIDDEN, CONFLICT (the organizer or the participant's unit archived). */
export async function removeParticipant(ctx: AuthedContext, id: string, participantId: string): Promise<Tour> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const tour = await loadTour(ctx, trx, id);
    if (!canManageTours(ctx.actor, tour.org_path)) throw forbidden('您没有修改观摩人员的权限');
    await refuseArchivedOrganizer(trx, tour.organization_id);
    const p = await repo.findParticipant(trx, id, participantId);
    if (!p) throw notFound('观摩人员');
    // A participant of an archived (撤销) unit is kept as recorded, as adding one there is refused.
    if (p.organization_id) await unitOf(trx, p.organization_id);
    if (!(await repo.deleteParticipant(trx, p.id))) throw notFound('观摩人员');
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'tour.participant_removed', before: { name: p.name, role: p.role, organizationId: p.organization_id } },
      { entityType: 'tour', entityId: id, organizationId: tour.organization_id },
    );
    return tourDetail(ctx, trx, tour);
  });
}

/**
 * Records (version 0) or changes a village's take-aways from a tour: what it commits to apply.
 * Throws NOT_FOUND, VALIDATION_FAILED (not a village), FORBIDDEN (not study.record there), CONFLICT.
 */
export async function recordTakeaway(ctx: AuthedContext, id: string, organizationId: string, body: TakeawayBody): Promise<Tour> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const tour = await loadTour(ctx, trx, id);
    const village = await loadVillage(ctx, trx, organizationId);
    if (!village.path.startsWith(tour.org_path)) throw notFound('组织');
    if (!canRecordStudy(ctx.actor, village.path)) throw forbidden('您没有记录该村观摩学习收获的权限（由本村党组织书记记录）');
    const before = await repo.findTakeaway(trx, id, village.id);
    const at = ctx.now.toISOString();
    if (!before) {
      if (body.version !== 0) throw conflict('学习收获');
      try {
        await repo.insertTakeaway(trx, {
          id: newId(),
          tour_id: id,
          organization_id: village.id,
          org_path: village.path,
          text: body.text,
          recorded_by: ctx.actor.userId,
          version: 1,
          created_at: at,
          updated_at: at,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('学习收获');
        throw err;
      }
    } else if (
      before.version !== body.version ||
      !(await repo.updateTakeawayIfVersion(trx, before.id, body.version, body.text, ctx.actor.userId, at))
    ) {
      throw conflict('学习收获');
    }
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'tour.takeaway_recorded', before: before ? { text: before.text } : null, after: { text: body.text } },
      { entityType: 'tour', entityId: id, organizationId: village.id },
    );
    return tourDetail(ctx, trx, tour);
  });
}
