import { weekPeriod, weekStartOf } from '../../../domain/cadence.ts';
import type {
  CreateVenueBody,
  UpdateVenueBody,
  UpdateVenueSettingsBody,
  Venue,
  VenueBoard,
  VenueBoardQuery,
  VenueList,
  VenueListQuery,
  VenueSettingsDto,
} from '../../../domain/contracts/venues.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { campaignDeadline, campaignWeeks, daysLeft, idealLeft, venueStateText } from '../../../domain/venue-campaign.ts';
import { VENUE_PROJECT_STATUS_LABELS, type VenueProjectStatus } from '../../../domain/venue-project-workflow.ts';
import { evaluateVenue, type VenueOwnership, type VenueRules, type VenueUse } from '../../../domain/venue-rules.ts';
import type { VenuesTable } from '../../db/database.ts';
import { isUniqueViolation, toBool } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor, ServiceContext } from '../../http/context.ts';
import { AppError, archivedOrganization, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import * as settingsRepo from '../settings/settings.repository.ts';
import { actorCanDistrictWide } from '../settings/settings.service.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { asAtOf, loadVenueHistory, statesAt, type VenueState } from './venue-figures.ts';
import * as projectsRepo from './venue-projects.repository.ts';
import { loadVenueSettings, VENUE_SETTINGS_KEY } from './venue-settings.ts';
import { canManageVenues, canReadVenues, refuseArchivedVenue } from './venues.policy.ts';
import { presentReasons, presentVenue, snapshotVenue } from './venues.presenter.ts';
import * as repo from './venues.repository.ts';

const VENUE = '活动场所';
const NONE = ['/-none-/'];

/** The facts the rules judge, from a stored row. */
export function factsOf(
  v: Pick<VenuesTable, 'building_area' | 'ownership' | 'current_use' | 'hall_area' | 'has_signage' | 'rules_posted'>,
  orgKind: string,
) {
  return {
    orgKind,
    buildingArea: Number(v.building_area),
    ownership: v.ownership as VenueOwnership,
    currentUse: v.current_use as VenueUse,
    hallArea: Number(v.hall_area),
    hasSignage: toBool(v.has_signage),
    rulesPosted: toBool(v.rules_posted),
  };
}

/** The judgement columns for a venue's facts, and whether they differ from `before`. */
export function judgement(
  facts: ReturnType<typeof factsOf>,
  rules: VenueRules,
  before: { passes: number; reasons: string; listed_at: string | null } | null,
  at: string,
) {
  const e = evaluateVenue(facts, rules);
  const passes = e.passes ? 1 : 0;
  const reasons = JSON.stringify(e.reasons);
  const changed = !before || Number(before.passes) !== passes || before.reasons !== reasons;
  return { passes, reasons, listed_at: before?.listed_at ?? (e.passes ? null : at), changed };
}

/** Writes a judgement change into the venue's status history (what the weekly freeze and the burn-down read). */
export async function recordJudgement(trx: Executor, venueId: string, j: { passes: number; reasons: string }, at: string, cause: string) {
  await repo.insertStatus(trx, { id: newId(), venue_id: venueId, at, passes: j.passes, reasons: j.reasons, cause });
}

async function load(ctx: AuthedContext, db: Executor, id: string): Promise<repo.VenueRow> {
  const v = await repo.findById(db, id);
  if (!v || !canReadVenues(ctx.actor, v.org_path)) throw notFound(VENUE);
  return v;
}

async function present(ctx: AuthedContext, db: Executor, v: repo.VenueRow): Promise<Venue> {
  const [openProject, photos] = await Promise.all([projectsRepo.findOpenOfVenue(db, v.id), repo.listFilesOfVenue(db, v.id)]);
  return presentVenue(v, ctx.actor, { openProject: openProject ?? null, photos, today: shanghaiDate(ctx.now) });
}

/** The venues in the reader's scope (or an organization's subtree); `onList` gives the clearance list. Throws NOT_FOUND. */
export async function listVenues(ctx: AuthedContext, query: VenueListQuery): Promise<VenueList> {
  const db = ctx.db.kysely;
  let roots = scopeRoots(ctx.actor.assignments, 'venue.read');
  if (query.organizationId) {
    const org = await orgRepo.findById(db, query.organizationId);
    if (!org || !canReadVenues(ctx.actor, org.path)) throw notFound('组织');
    roots = [org.path];
  }
  const { total, rows } = await repo.list(db, {
    scopeRoots: roots.length ? roots : NONE,
    onList: query.onList,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const ids = rows.map((r) => r.id);
  const [openRows, photoRows] = await Promise.all([projectsRepo.findOpenOfVenues(db, ids), repo.listPhotosOfVenues(db, ids)]);
  const open = new Map(openRows.map((p) => [p.venue_id, p]));
  const photos = new Map<string, repo.VenueFileRow[]>();
  for (const f of photoRows) photos.set(f.venue_id, [...(photos.get(f.venue_id) ?? []), f]);
  const today = shanghaiDate(ctx.now);
  return {
    items: rows.map((v) => presentVenue(v, ctx.actor, { openProject: open.get(v.id) ?? null, photos: photos.get(v.id) ?? [], today })),
    total,
    page: query.page,
    pageSize: query.pageSize,
    canCreate: scopeRoots(ctx.actor.assignments, 'venue.manage').length > 0,
  };
}

/** One venue with its photos and the project under way. Throws NOT_FOUND. */
export async function getVenue(ctx: AuthedContext, id: string): Promise<Venue> {
  return present(ctx, ctx.db.kysely, await load(ctx, ctx.db.kysely, id));
}

/**
 * Refuses a hall (党员活动室) larger than the building it is in (60 m² in 50 m² was taken): a mistyped figure
 * that the rules would then judge. `field`: where the form shows it. Throws VALIDATION_FAILED.
 */
export function refuseHallLargerThanBuilding(f: { building_area: number; hall_area: number }, field = 'hallArea'): void {
  if (f.hall_area <= f.building_area) return;
  throw new AppError(
    'VALIDATION_FAILED',
    `活动室面积（${f.hall_area} 平方米）不能大于建筑面积（${f.building_area} 平方米）(the hall is larger than the building)`,
    { fields: [{ in: 'body', path: field, message: 'hall larger than the building' }] },
  );
}

/**
 * Registers a venue of a village or community and judges it. Throws NOT_FOUND (organization outside scope),
 * FORBIDDEN (no venue.manage there), VALIDATION_FAILED (not a village or community), CONFLICT (archived).
 */
export async function createVenue(ctx: AuthedContext, body: CreateVenueBody): Promise<Venue> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const org = await orgRepo.findById(trx, body.organizationId);
    if (!org || !canReadVenues(ctx.actor, org.path)) throw notFound('组织');
    if (!canManageVenues(ctx.actor, org.path)) throw forbidden('您没有登记活动场所的权限（由区党群工作部登记）');
    if (!REPORTING_KINDS.includes(org.kind))
      throw new AppError('VALIDATION_FAILED', '活动场所应属于村或社区 (a venue belongs to a village or community)', {
        fields: [{ in: 'body', path: 'organizationId', message: 'not a village or community' }],
      });
    if (org.archived_at !== null) {
      throw archivedOrganization(org.name, '登记活动场所', {
        fields: [{ in: 'body', path: 'organizationId', message: 'organization archived' }],
      });
    }
    const { rules } = await loadVenueSettings(trx);
    const at = ctx.now.toISOString();
    const facts = {
      building_area: body.buildingArea,
      ownership: body.ownership,
      current_use: body.currentUse,
      hall_area: body.hallArea,
      has_signage: body.hasSignage ? 1 : 0,
      rules_posted: body.rulesPosted ? 1 : 0,
    };
    refuseHallLargerThanBuilding(facts);
    const j = judgement(factsOf(facts, org.kind), rules, null, at);
    const row: VenuesTable = {
      id: newId(),
      organization_id: org.id,
      org_path: org.path,
      name: body.name,
      address: body.address,
      ...facts,
      notes: body.notes ?? null,
      passes: j.passes,
      reasons: j.reasons,
      listed_at: j.listed_at,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insert(trx, row);
    await recordJudgement(trx, row.id, j, at, 'created');
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'venue.created', after: { organizationName: org.name, ...snapshotVenue(row) } },
      { entityType: 'venue', entityId: row.id, organizationId: org.id },
    );
    return present(ctx, trx, (await repo.findById(trx, row.id))!);
  });
}

/**
 * Edits a venue (version-guarded) and judges it again; an edit that would take it off the clearance list is a
 * correction of the register (with its reason). Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale version, archived
 * village), VALIDATION_FAILED (a correction without its reason), INVALID_TRANSITION (a correction while a project
 * is under way).
 */
export async function updateVenue(ctx: AuthedContext, id: string, body: UpdateVenueBody): Promise<Venue> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await load(ctx, trx, id);
    if (!canManageVenues(ctx.actor, before.org_path)) throw forbidden('您没有修改活动场所的权限（由区党群工作部维护）');
    refuseArchivedVenue(before);
    if (Number(before.version) !== body.version) throw conflict(VENUE);
    const { rules } = await loadVenueSettings(trx);
    const at = ctx.now.toISOString();
    const next = {
      building_area: body.buildingArea ?? Number(before.building_area),
      ownership: body.ownership ?? before.ownership,
      current_use: body.currentUse ?? before.current_use,
      hall_area: body.hallArea ?? Number(before.hall_area),
      has_signage: body.hasSignage === undefined ? Number(before.has_signage) : body.hasSignage ? 1 : 0,
      rules_posted: body.rulesPosted === undefined ? Number(before.rules_posted) : body.rulesPosted ? 1 : 0,
    };
    refuseHallLargerThanBuilding(next);
    const j = judgement(factsOf(next, before.organization_kind), rules, before, at);
    // Only 区级验收 of a project takes a venue off the clearance list; an edit that would is a correction of the
    // register, with its reason, and the venue then counts as never listed (statesAt), not as cleared.
    const correction = !toBool(before.passes) && j.passes === 1;
    if (correction) {
      const open = await projectsRepo.findOpenOfVenue(trx, id);
      if (open)
        throw new AppError(
          'INVALID_TRANSITION',
          `该场所在清零名单上，整改项目正在进行（${VENUE_PROJECT_STATUS_LABELS[open.status as VenueProjectStatus].zh}），须经区级验收移出名单 (a project is under way: the venue leaves the list by its acceptance)`,
        );
      if (!body.correctionReason)
        throw new AppError(
          'VALIDATION_FAILED',
          '该场所在清零名单上：整改项目经区级验收后才移出名单。若是登记有误，请填写更正说明 (a correction of the register needs its reason)',
          { fields: [{ in: 'body', path: 'correctionReason', message: 'required to take the venue off the list' }] },
        );
      j.listed_at = null;
    }
    const ok = await repo.updateIfVersion(
      trx,
      id,
      body.version,
      {
        ...next,
        ...(body.name !== undefined && { name: body.name }),
        ...(body.address !== undefined && { address: body.address }),
        ...(body.notes !== undefined && { notes: body.notes }),
        passes: j.passes,
        reasons: j.reasons,
        listed_at: j.listed_at,
      },
      at,
    );
    if (!ok) throw conflict(VENUE);
    if (j.changed) await recordJudgement(trx, id, j, at, correction ? 'corrected' : 'edited');
    const after = (await repo.findById(trx, id))!;
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'venue.updated',
        before: snapshotVenue(before),
        after: snapshotVenue(after),
        ...(correction && { correctionReason: body.correctionReason }),
      },
      { entityType: 'venue', entityId: id, organizationId: before.organization_id },
    );
    return present(ctx, trx, after);
  });
}

// ── Settings: the rules and the campaign ─────────────────────────────────────

export async function getVenueSettings(ctx: AuthedContext): Promise<VenueSettingsDto> {
  const db = ctx.db.kysely;
  const [settings, row] = await Promise.all([loadVenueSettings(db), settingsRepo.find(db, VENUE_SETTINGS_KEY)]);
  return {
    settings,
    deadline: campaignDeadline(settings.campaign, ctx.now),
    version: row ? Number(row.version) : 0,
    updatedAt: row?.updated_at ?? null,
    updatedByName: row?.updated_by_name ?? null,
    allowedActions: actorCanDistrictWide(ctx.actor, 'venue.manage') ? ['edit'] : [],
  };
}

/** Judges every venue again under `rules`, recording each change (cause 'rules'). */
async function rejudgeAll(trx: Executor, rules: VenueRules, at: string): Promise<number> {
  let changed = 0;
  for (const v of await repo.listAll(trx)) {
    const j = judgement(factsOf(v, v.organization_kind), rules, v, at);
    if (!j.changed) continue;
    await repo.setJudgement(trx, v.id, { passes: j.passes, reasons: j.reasons, listed_at: j.listed_at });
    await recordJudgement(trx, v.id, j, at, 'rules');
    changed++;
  }
  return changed;
}

/**
 * Saves the venue rules and the campaign (deadline, stalled weeks…); venues are judged again under new rules.
 * Throws FORBIDDEN (not venue.manage district-wide), CONFLICT (stale version).
 */
export async function updateVenueSettings(ctx: AuthedContext, body: UpdateVenueSettingsBody): Promise<VenueSettingsDto> {
  if (!actorCanDistrictWide(ctx.actor, 'venue.manage')) throw forbidden('只有区级干部可以修改清零行动的规则和时限');
  await saveVenueSettings(ctx, ctx.db.kysely, body);
  return getVenueSettings(ctx);
}

/** The write of the settings, in its own transaction (the demo seeds through it too). */
export async function saveVenueSettings(
  ctx: ServiceContext,
  db: ServiceContext['db']['kysely'],
  body: UpdateVenueSettingsBody,
): Promise<void> {
  const value = JSON.stringify(body.settings);
  const actorId = ctx.actor?.userId ?? null;
  await db.transaction().execute(async (trx) => {
    const before = await loadVenueSettings(trx);
    const row = await settingsRepo.find(trx, VENUE_SETTINGS_KEY);
    const at = ctx.now.toISOString();
    if (!row) {
      if (body.version !== 0) throw conflict('清零行动设置');
      try {
        await settingsRepo.insert(trx, { key: VENUE_SETTINGS_KEY, value, updatedAt: at, updatedBy: actorId as string });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('清零行动设置');
        throw err;
      }
    } else if (
      !(await settingsRepo.updateIfVersion(trx, {
        key: VENUE_SETTINGS_KEY,
        value,
        version: body.version,
        updatedAt: at,
        updatedBy: actorId as string,
      }))
    ) {
      throw conflict('清零行动设置');
    }
    if (JSON.stringify(before.rules) !== JSON.stringify(body.settings.rules)) await rejudgeAll(trx, body.settings.rules, at);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'settings.updated',
        key: VENUE_SETTINGS_KEY,
        before: before as unknown as Record<string, unknown>,
        after: body.settings as unknown as Record<string, unknown>,
      },
      { entityType: 'settings', entityId: null, organizationId: null },
    );
  });
}

// ── The clearance board ──────────────────────────────────────────────────────

const STATUS_ORDER: Record<VenueProjectStatus, number> = {
  drafted: 1,
  submitted: 2,
  under_review: 3,
  approved: 4,
  in_works: 5,
  completed: 6,
  accepted: 7,
};

/** Worst first: overdue (longest first), stalled, no project, earliest step; then cleared, then passing. */
function boardOrder(a: VenueState, b: VenueState): number {
  const rank = (s: VenueState) => (s.onList ? 0 : s.everListed ? 1 : 2);
  return (
    rank(a) - rank(b) ||
    (b.project?.daysOverdue ?? 0) - (a.project?.daysOverdue ?? 0) ||
    Number(b.project?.stalled ?? false) - Number(a.project?.stalled ?? false) ||
    (a.project ? STATUS_ORDER[a.project.status] : 0) - (b.project ? STATUS_ORDER[b.project.status] : 0) ||
    a.organizationName.localeCompare(b.organizationName, 'zh-CN')
  );
}

/**
 * 清零行动 board: the campaign's countdown, venues left over time down to zero (a burn-down by week from the
 * weekly snapshot; the running week and weeks not frozen are computed from history), each venue's state in
 * words, overdue and stalled projects flagged. Throws NOT_FOUND (organization outside scope), FORBIDDEN (no venue.read).
 */
export async function getBoard(ctx: AuthedContext, query: VenueBoardQuery): Promise<VenueBoard> {
  const db = ctx.db.kysely;
  const roots = scopeRoots(ctx.actor.assignments, 'venue.read');
  if (roots.length === 0) throw forbidden('您没有查看活动场所的权限');
  let scope = roots;
  let organizationName = '';
  if (query.organizationId) {
    const org = await orgRepo.findById(db, query.organizationId);
    if (!org || !canReadVenues(ctx.actor, org.path)) throw notFound('组织');
    scope = [org.path];
    organizationName = org.name;
  } else {
    const top = await orgRepo.findById(db, pathIds(roots[0]!).at(-1)!);
    organizationName = roots.length === 1 && top ? top.name : '';
  }
  const inScope = (path: string) => scope.some((r) => path.startsWith(r));

  const settings = await loadVenueSettings(db);
  const today = shanghaiDate(ctx.now);
  const currentWeek = weekStartOf(ctx.now);
  const history = await loadVenueHistory(db, new Date(ctx.now.getTime() + 1));
  const stalledWeeks = settings.cadence.stalledWeeks;
  const now = statesAt(history, new Date(ctx.now.getTime() + 1), today, stalledWeeks).filter((s) => inScope(s.orgPath));

  const firstListed = history.venues
    .map((v) => v.listed_at)
    .filter((x): x is string => x !== null)
    .sort()[0];
  const startedOn = settings.campaign.startedOn ?? (firstListed ? shanghaiDate(new Date(firstListed)) : today);
  const deadline = campaignDeadline(settings.campaign, ctx.now);
  const listed = now.filter((s) => s.everListed);
  const baseline = listed.length;

  // Frozen weeks come from the snapshot; the others (the running week, weeks never frozen) from history.
  const weeks = campaignWeeks(startedOn, deadline, currentWeek);
  const frozen = new Map<string, number>();
  const frozenWeeks = new Set<string>();
  if (weeks.length)
    for (const r of await repo.listSnapshots(db, weeks[0]!, weeks.at(-1)!)) {
      frozenWeeks.add(r.week_start);
      if (inScope(r.org_path) && Number(r.on_list) === 1) frozen.set(r.week_start, (frozen.get(r.week_start) ?? 0) + 1);
    }
  const burnDown = weeks.map((week) => {
    const ideal = idealLeft(baseline, weeks[0]!, deadline, week);
    if (week > currentWeek) return { week, left: null, ideal, frozen: false };
    if (frozenWeeks.has(week)) return { week, left: frozen.get(week) ?? 0, ideal, frozen: true };
    const { at, day } = asAtOf(weekPeriod(week), ctx.now);
    const left = statesAt(history, at, day, stalledWeeks).filter((s) => inScope(s.orgPath) && s.onList).length;
    return { week, left, ideal, frozen: false };
  });

  return {
    campaign: { name: settings.campaign.name, startedOn, deadline, today, daysLeft: daysLeft(deadline, today) },
    organizationName,
    baseline,
    left: now.filter((s) => s.onList).length,
    cleared: listed.filter((s) => !s.onList).length,
    overdue: now.filter((s) => s.onList && (s.project?.daysOverdue ?? 0) > 0).length,
    stalled: now.filter((s) => s.onList && s.project?.stalled).length,
    burnDown,
    villages: [...now].sort(boardOrder).map((s) => {
      const input = {
        standing: s.standing,
        project: s.project
          ? {
              kind: s.project.kind,
              status: s.project.status,
              progress: s.project.progress,
              daysOverdue: s.project.daysOverdue,
              stalled: s.project.stalled,
              lastMilestone: s.project.lastMilestone,
            }
          : null,
      };
      return {
        organizationId: s.organizationId,
        organizationName: s.organizationName,
        subdistrictName: s.subdistrictName,
        venueId: s.venueId,
        venueName: s.venueName,
        onList: s.onList,
        standing: s.standing,
        reasons: presentReasons(s.reasons),
        stateZh: venueStateText(input, 'zh'),
        stateEn: venueStateText(input, 'en'),
        project: s.project
          ? {
              id: s.project.id,
              kind: s.project.kind,
              status: s.project.status,
              progress: s.project.progress,
              deadline: s.project.deadline,
              daysOverdue: s.project.daysOverdue,
              stalled: s.project.stalled,
            }
          : null,
      };
    }),
  };
}
