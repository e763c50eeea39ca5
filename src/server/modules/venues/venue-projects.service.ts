import type {
  CreateVenueProjectBody,
  RecordMilestoneBody,
  UpdateVenueProjectBody,
  VenueProject,
  VenueProjectDetail,
  VenueProjectList,
  VenueProjectListQuery,
  VenueProjectTransitionBody,
} from '../../../domain/contracts/venues.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { campaignDeadline } from '../../../domain/venue-campaign.ts';
import {
  canVenueProjectTransition,
  isPlanEditable,
  takesMilestones,
  VENUE_PROJECT_ACTION_LABELS,
  VENUE_PROJECT_KIND_LABELS,
  VENUE_PROJECT_STATUS_LABELS,
  VENUE_PROJECT_WORKFLOW,
  type VenueProjectKind,
  type VenueProjectStatus,
} from '../../../domain/venue-project-workflow.ts';
import { parseVenueReasons, venueReasonsText } from '../../../domain/venue-rules.ts';
import type { VenueProjectsTable } from '../../db/database.ts';
import { isUniqueViolation, toBool } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import { notePublicVenueCleared } from '../portal/public-events.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import * as fundsRepo from './funds.repository.ts';
import * as repo from './venue-projects.repository.ts';
import { loadVenueSettings } from './venue-settings.ts';
import { canDraftProject, canReadVenues, projectAllowedActions, refuseArchivedVenue } from './venues.policy.ts';
import {
  fen,
  presentAllocation,
  presentFile,
  presentProject,
  presentSpending,
  reversalsOf,
  presentVenue,
  snapshotProject,
  snapshotVenue,
} from './venues.presenter.ts';
import * as venuesRepo from './venues.repository.ts';
import { factsOf, judgement, recordJudgement, refuseHallLargerThanBuilding } from './venues.service.ts';

const PROJECT = '活动场所整改项目';
const NONE = ['/-none-/'];

async function load(ctx: AuthedContext, db: Executor, id: string): Promise<repo.VenueProjectRow> {
  const p = await repo.findById(db, id);
  if (!p || !canReadVenues(ctx.actor, p.org_path)) throw notFound(PROJECT);
  return p;
}

async function allowed(ctx: AuthedContext, db: Executor, p: repo.VenueProjectRow) {
  const photos = p.status === 'in_works' ? await venuesRepo.countMilestonePhotos(db, p.id) : 0;
  return projectAllowedActions(ctx.actor, p, { progress: Number(p.progress), photos });
}

async function summary(ctx: AuthedContext, db: Executor, p: repo.VenueProjectRow, stalledWeeks: number): Promise<VenueProject> {
  return presentProject(p, ctx.actor, {
    today: shanghaiDate(ctx.now),
    now: ctx.now,
    stalledWeeks,
    allowedActions: await allowed(ctx, db, p),
  });
}

async function detail(ctx: AuthedContext, db: Executor, id: string): Promise<VenueProjectDetail> {
  const p = await load(ctx, db, id);
  const [settings, venue, history, milestones, files, allocations, spendings, venuePhotos] = await Promise.all([
    loadVenueSettings(db),
    venuesRepo.findById(db, p.venue_id),
    repo.listHistory(db, p.id),
    repo.listMilestones(db, p.id),
    venuesRepo.listFilesOfProject(db, p.id),
    fundsRepo.listAllocations(db, p.id),
    fundsRepo.listSpendings(db, p.id),
    venuesRepo.listFilesOfVenue(db, p.venue_id),
  ]);
  const today = shanghaiDate(ctx.now);
  const reversedAllocations = reversalsOf(allocations);
  const reversedSpendings = reversalsOf(spendings);
  const open = p.status === 'accepted' ? ((await repo.findOpenOfVenue(db, p.venue_id)) ?? null) : p;
  return {
    ...(await summary(ctx, db, p, settings.cadence.stalledWeeks)),
    venue: presentVenue(venue!, ctx.actor, { openProject: open, photos: venuePhotos, today }),
    history: history.map((h) => ({
      at: h.at,
      action: h.action,
      fromStatus: (h.from_status as VenueProjectStatus | null) ?? null,
      toStatus: h.to_status as VenueProjectStatus,
      reason: h.reason,
      actorName: h.actor_name,
    })),
    milestones: milestones.map((m) => ({
      id: m.id,
      title: m.title,
      progress: Number(m.progress),
      note: m.note,
      recordedAt: m.recorded_at,
      recordedByName: m.recorded_by_name,
      photos: files.filter((f) => f.milestone_id === m.id).map(presentFile),
    })),
    files: files.filter((f) => f.purpose === 'plan').map(presentFile),
    allocations: allocations.map((a) => presentAllocation(a, reversedAllocations)),
    spendings: spendings.map((s) =>
      presentSpending(
        s,
        files.filter((f) => f.spending_id === s.id),
        reversedSpendings,
      ),
    ),
  };
}

/** One project with its venue, steps, milestones, files and fund records. Throws NOT_FOUND. */
export function getProject(ctx: AuthedContext, id: string): Promise<VenueProjectDetail> {
  return detail(ctx, ctx.db.kysely, id);
}

/** Projects in the reader's scope (or an organization's subtree), by deadline. Throws NOT_FOUND. */
export async function listProjects(ctx: AuthedContext, query: VenueProjectListQuery): Promise<VenueProjectList> {
  const db = ctx.db.kysely;
  let roots = scopeRoots(ctx.actor.assignments, 'venue.read');
  if (query.organizationId) {
    const org = await orgRepo.findById(db, query.organizationId);
    if (!org || !canReadVenues(ctx.actor, org.path)) throw notFound('组织');
    roots = [org.path];
  }
  const { total, rows } = await repo.list(db, {
    scopeRoots: roots.length ? roots : NONE,
    status: query.status,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const { cadence } = await loadVenueSettings(db);
  const items: VenueProject[] = [];
  for (const p of rows) items.push(await summary(ctx, db, p, cadence.stalledWeeks));
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/**
 * Drafts a project for a venue on the clearance list (deadline: the campaign's by default).
 * Throws NOT_FOUND (venue outside scope), FORBIDDEN (not venue_project.draft there),
 * INVALID_TRANSITION (the venue passes), CONFLICT (a project is already under way).
 */
export async function createProject(ctx: AuthedContext, body: CreateVenueProjectBody): Promise<VenueProjectDetail> {
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const venue = await venuesRepo.findById(trx, body.venueId);
    if (!venue || !canReadVenues(ctx.actor, venue.org_path)) throw notFound('活动场所');
    if (!canDraftProject(ctx.actor, venue.org_path)) throw forbidden('只有本村（社区）书记或区级干部可以拟定场所整改项目');
    refuseArchivedVenue(venue);
    if (toBool(venue.passes))
      throw new AppError('INVALID_TRANSITION', '该活动场所已达标，不需要整改项目 (the venue already meets the rules)');
    if (await repo.findOpenOfVenue(trx, venue.id))
      throw new AppError('CONFLICT', '该活动场所已有正在进行的整改项目 (the venue already has a project under way)');
    const settings = await loadVenueSettings(trx);
    const at = ctx.now.toISOString();
    const row: VenueProjectsTable = {
      id: newId(),
      venue_id: venue.id,
      organization_id: venue.organization_id,
      org_path: venue.org_path,
      kind: body.kind,
      plan: body.plan,
      budget: fen(body.budget),
      planned_area: body.plannedArea,
      deadline: body.deadline ?? campaignDeadline(settings.campaign, ctx.now),
      status: 'drafted',
      progress: 0,
      last_moved_at: at,
      return_reason: null,
      accepted_at: null,
      accepted_by: null,
      allocated: 0,
      spent: 0,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    try {
      await repo.insert(trx, row);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('CONFLICT', '该活动场所已有正在进行的整改项目 (the venue already has a project under way)');
      throw err;
    }
    await repo.insertHistory(trx, {
      id: newId(),
      project_id: row.id,
      at,
      action: 'created',
      from_status: null,
      to_status: 'drafted',
      reason: null,
      actor_id: ctx.actor.userId,
    });
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'venue_project.created',
        after: {
          venueName: venue.name,
          organizationName: venue.organization_name,
          reasons: venueReasonsText(parseVenueReasons(venue.reasons), 'zh'),
          ...snapshotProject(row),
        },
      },
      { entityType: 'venue_project', entityId: row.id, organizationId: venue.organization_id },
    );
    return row.id;
  });
  return detail(ctx, ctx.db.kysely, id);
}

/** Edits a draft's plan (kind, text, budget, planned area, deadline). Throws NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_TRANSITION. */
export async function updateProject(ctx: AuthedContext, id: string, body: UpdateVenueProjectBody): Promise<VenueProjectDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await load(ctx, trx, id);
    if (!canDraftProject(ctx.actor, before.org_path)) throw forbidden('只有本村（社区）书记或区级干部可以修改整改方案');
    refuseArchivedVenue(before);
    if (Number(before.version) !== body.version) throw conflict(PROJECT);
    const status = before.status as VenueProjectStatus;
    if (!isPlanEditable(status))
      throw new AppError(
        'INVALID_TRANSITION',
        `项目${VENUE_PROJECT_STATUS_LABELS[status].zh}，方案不能再修改 (the plan is no longer a draft)`,
      );
    const at = ctx.now.toISOString();
    const ok = await repo.updateIfVersion(
      trx,
      id,
      body.version,
      status,
      {
        ...(body.kind !== undefined && { kind: body.kind }),
        ...(body.plan !== undefined && { plan: body.plan }),
        ...(body.budget !== undefined && { budget: fen(body.budget) }),
        ...(body.plannedArea !== undefined && { planned_area: body.plannedArea }),
        ...(body.deadline !== undefined && { deadline: body.deadline }),
      },
      at,
    );
    if (!ok) throw conflict(PROJECT);
    const after = (await repo.findById(trx, id))!;
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'venue_project.updated', before: snapshotProject(before), after: snapshotProject(after) },
      { entityType: 'venue_project', entityId: id, organizationId: before.organization_id },
    );
  });
  return detail(ctx, ctx.db.kysely, id);
}

const invalid = (message: string) => new AppError('INVALID_TRANSITION', message);

/**
 * One step of the workflow: guard (scope, permission, version, state, what the step needs), conditional write,
 * step history, audit event; acceptance also enters the venue's new figures and judges it again.
 * Throws NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_TRANSITION, VALIDATION_FAILED (reason or figures missing).
 */
export async function transitionProject(ctx: AuthedContext, id: string, body: VenueProjectTransitionBody): Promise<VenueProjectDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await load(ctx, trx, id);
    const step = VENUE_PROJECT_WORKFLOW[body.action];
    if (!actorCan(ctx.actor, step.permission, before.org_path))
      throw forbidden(`您没有“${VENUE_PROJECT_ACTION_LABELS[body.action].zh}”的权限 (not allowed to ${body.action})`);
    refuseArchivedVenue(before);
    if (Number(before.version) !== body.version) throw conflict(PROJECT);
    const status = before.status as VenueProjectStatus;
    if (!canVenueProjectTransition(body.action, status))
      throw invalid(
        `项目${VENUE_PROJECT_STATUS_LABELS[status].zh}，不能${VENUE_PROJECT_ACTION_LABELS[body.action].zh} (cannot ${body.action} a project that is ${status})`,
      );
    if (step.reasonRequired && !body.reason)
      throw new AppError('VALIDATION_FAILED', '请填写退回原因 (a reason is required)', {
        fields: [{ in: 'body', path: 'reason', message: 'required' }],
      });
    if (body.action === 'complete') {
      if (Number(before.progress) < 100) throw invalid(`施工进度为 ${before.progress}%，达到 100% 才能竣工 (works must reach 100 %)`);
      if ((await venuesRepo.countMilestonePhotos(trx, id)) === 0)
        throw invalid('竣工前请至少上传一张施工照片 (upload at least one photo of the works first)');
    }
    if (body.action === 'accept' && !body.figures)
      throw new AppError('VALIDATION_FAILED', '验收时请填写场所验收后的面积、产权等数据 (the venue figures are required)', {
        fields: [{ in: 'body', path: 'figures', message: 'required' }],
      });

    const at = ctx.now.toISOString();
    const sendsBack = body.action === 'return' || body.action === 'send_back' || body.action === 'reject_works';
    const ok = await repo.updateIfVersion(
      trx,
      id,
      body.version,
      status,
      {
        status: step.to,
        last_moved_at: at,
        ...(sendsBack && { return_reason: body.reason ?? null }),
        ...(body.action === 'submit' && { return_reason: null }),
        ...(body.action === 'accept' && { accepted_at: at, accepted_by: ctx.actor.userId }),
      },
      at,
    );
    if (!ok) throw conflict(PROJECT);
    await repo.insertHistory(trx, {
      id: newId(),
      project_id: id,
      at,
      action: body.action,
      from_status: status,
      to_status: step.to,
      reason: body.reason ?? null,
      actor_id: ctx.actor.userId,
    });

    let venue: { before: Record<string, unknown>; after: Record<string, unknown> } | undefined;
    let cleared: { id: string; name: string } | null = null;
    if (body.action === 'accept') {
      const f = body.figures!;
      const v = (await venuesRepo.findById(trx, before.venue_id))!;
      const { rules } = await loadVenueSettings(trx);
      const next = {
        building_area: f.buildingArea,
        ownership: f.ownership,
        current_use: f.currentUse,
        hall_area: f.hallArea,
        has_signage: f.hasSignage ? 1 : 0,
        rules_posted: f.rulesPosted ? 1 : 0,
      };
      refuseHallLargerThanBuilding(next, 'figures.hallArea');
      const j = judgement(factsOf(next, v.organization_kind), rules, v, at);
      if (
        !(await venuesRepo.updateIfVersion(
          trx,
          v.id,
          Number(v.version),
          { ...next, passes: j.passes, reasons: j.reasons, listed_at: j.listed_at },
          at,
        ))
      )
        throw conflict('活动场所');
      if (j.changed) await recordJudgement(trx, v.id, j, at, 'accepted');
      if (j.passes === 1) cleared = { id: v.id, name: v.name };
      venue = { before: snapshotVenue(v), after: snapshotVenue((await venuesRepo.findById(trx, v.id))!) };
    }
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'venue_project.transitioned',
        action: body.action,
        from: status,
        to: step.to,
        reason: body.reason ?? null,
        ...(venue && { venue }),
      },
      { entityType: 'venue_project', entityId: id, organizationId: before.organization_id },
    );
    // 清零: the accepted works left the venue passing every rule, a public event of the ledger (modules/portal).
    if (cleared) {
      await notePublicVenueCleared(trx, ctx, {
        village: { id: before.organization_id, name: before.organization_name },
        venue: cleared,
        projectKind: VENUE_PROJECT_KIND_LABELS[before.kind as VenueProjectKind]?.zh ?? null,
        clearedOn: shanghaiDate(ctx.now),
      });
    }
  });
  return detail(ctx, ctx.db.kysely, id);
}

/**
 * Records progress of the works (a milestone with its %); the project's progress becomes that %.
 * Throws NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_TRANSITION (not in works).
 */
export async function recordMilestone(ctx: AuthedContext, id: string, body: RecordMilestoneBody): Promise<VenueProjectDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await load(ctx, trx, id);
    if (!actorCan(ctx.actor, 'venue_project.works', before.org_path)) throw forbidden('只有本村（社区）书记或区级干部可以记录施工进度');
    refuseArchivedVenue(before);
    if (Number(before.version) !== body.version) throw conflict(PROJECT);
    const status = before.status as VenueProjectStatus;
    if (!takesMilestones(status))
      throw invalid(
        `项目${VENUE_PROJECT_STATUS_LABELS[status].zh}，不能记录施工进度（开工后才能记录）(progress is recorded while in works)`,
      );
    const at = ctx.now.toISOString();
    if (!(await repo.updateIfVersion(trx, id, body.version, status, { progress: body.progress, last_moved_at: at }, at)))
      throw conflict(PROJECT);
    await repo.insertMilestone(trx, {
      id: newId(),
      project_id: id,
      title: body.title,
      progress: body.progress,
      note: body.note || null,
      recorded_by: ctx.actor.userId,
      recorded_at: at,
    });
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'venue_project.milestone_recorded', title: body.title, progress: body.progress, note: body.note || null },
      { entityType: 'venue_project', entityId: id, organizationId: before.organization_id },
    );
  });
  return detail(ctx, ctx.db.kysely, id);
}
