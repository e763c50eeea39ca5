import { reportDueAt, weekPeriod, weekStartOf } from '../../../domain/cadence.ts';
import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import type {
  CommentWeeklyReportBody,
  ReportFigures,
  ReportUnit,
  ReportUnitType,
  RemindWeeklyReportBody,
  RemindWeeklyReportResult,
  ReturnWeeklyReportBody,
  StartWeeklyReportBody,
  SubmitWeeklyReportBody,
  UpdateWeeklyReportBody,
  WeeklyReportDetail,
  WeeklyReportList,
  WeeklyReportListItem,
  WeeklyReportListQuery,
} from '../../../domain/contracts/weekly-reports.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { reportKey } from '../../../domain/reminders.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { addDays, shanghaiDate } from '../../../domain/time.ts';
import { addInto, emptyFigures } from '../../../domain/statistics.ts';
import {
  canTransition,
  hasBeenFiled,
  isEditable,
  lateOnFiling,
  REPORT_FLAGS,
  reportFlag,
  type ReportFlag,
  type WeeklyReportStatus,
} from '../../../domain/weekly-report-workflow.ts';
import type { OrganizationRow } from '../../db/database.ts';
import { isUniqueViolation, toBool } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as liaisonRepo from '../liaison-groups/liaison-groups.repository.ts';
import * as notificationsRepo from '../notifications/notifications.repository.ts';
import { createNotifications, selfAndAncestors } from '../notifications/notifications.service.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { actorCan, canRead as canReadOrg } from '../organizations/organizations.policy.ts';
import { loadReadable as loadReadableOrg } from '../organizations/organizations.service.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { computeFigures, REPORTING_KINDS } from '../statistics/figures.service.ts';
import { unitVenueFigures } from '../venues/venue-figures.ts';
import { unitStudyFigures } from '../study/study-integration.ts';
import {
  groupUnitAccess,
  organizationUnitAccess,
  refuseArchivedUnit,
  remindable,
  reportAllowedActions,
  type UnitAccess,
} from './weekly-reports.policy.ts';
import { filedOf, presentReportDetail, reportSnapshot, pickReportFigures } from './weekly-reports.presenter.ts';
import * as repo from './weekly-reports.repository.ts';
import { countsOver, type IndexedUnit, unitCollator, unitSortKey, weeklyReportUnits, withUnits } from './weekly-report-units.cache.ts';

const REPORT = '周报';
const UNIT = '汇报单位';

/** A reporting unit as the service needs it. */
interface LoadedUnit {
  unit: ReportUnit;
  /** The village's path (organization units); null for a liaison group. */
  orgPath: string | null;
  organizationId: string | null;
  archived: boolean;
  access: UnitAccess;
}

function validation(message: string, path: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields: [{ in: 'body', path, message }] });
}

function dueAtOf(week: string, rules: CadenceRules): Date {
  return reportDueAt(week, rules.reports.dueWeekday, rules.reports.dueTime);
}

/** A filed report keeps the due time it was judged against; an unfiled one follows the rules in force. */
function reportDueAtOf(row: Pick<repo.WeeklyReportRow, 'submitted_at' | 'due_at' | 'week_start'>, rules: CadenceRules): Date {
  return row.submitted_at ? new Date(row.due_at) : dueAtOf(row.week_start, rules);
}

function refuseFutureWeek(ctx: AuthedContext, week: string, path: string): void {
  if (week > weekStartOf(ctx.now)) throw validation('不能填报或查看未来的周 (a future week cannot be reported)', path);
}

/** Names of the readable ancestors below the district, outermost first. */
async function ancestorNames(
  ctx: AuthedContext,
  db: Executor,
  orgs: readonly Pick<OrganizationRow, 'path'>[],
): Promise<Map<string, string>> {
  const ids = [...new Set(orgs.flatMap((o) => pathIds(o.path).slice(0, -1)))];
  const rows = (await orgRepo.findByIds(db, ids)).filter((a) => a.kind !== 'district' && canReadOrg(ctx.actor, a));
  return new Map(rows.map((r) => [r.id, r.name]));
}

function pathNamesOf(org: Pick<OrganizationRow, 'path'>, names: Map<string, string>): string[] {
  return pathIds(org.path)
    .slice(0, -1)
    .flatMap((id) => (names.has(id) ? [names.get(id)!] : []));
}

/** Loads a unit the actor may read. Throws NOT_FOUND (absent, unseen, or not a reporting unit the actor sees). */
async function loadUnit(ctx: AuthedContext, db: Executor, type: ReportUnitType, id: string, memberGroups: string[]): Promise<LoadedUnit> {
  if (type === 'organization') {
    const org = await orgRepo.findById(db, id);
    if (!org) throw notFound(UNIT);
    const access = organizationUnitAccess(ctx.actor, org.path);
    if (!access.read) throw notFound(UNIT);
    if (!REPORTING_KINDS.includes(org.kind))
      throw validation('只有村（社区）填报周报 (only villages and communities file weekly reports)', 'unitId');
    const names = await ancestorNames(ctx, db, [org]);
    return {
      unit: { type, id: org.id, name: org.name, pathNames: pathNamesOf(org, names) },
      orgPath: org.path,
      organizationId: org.id,
      archived: org.archived_at !== null,
      access,
    };
  }
  const group = await liaisonRepo.findGroup(db, id);
  if (!group) throw notFound(UNIT);
  const access = groupUnitAccess(ctx.actor, memberGroups, group.id);
  if (!access.read) throw notFound(UNIT);
  const villages = await liaisonRepo.listVillages(db, [group.id]);
  return {
    unit: { type, id: group.id, name: group.name, pathNames: villages.filter((v) => !v.archived_at).map((v) => v.name) },
    orgPath: null,
    organizationId: null,
    archived: group.archived_at !== null,
    access,
  };
}

/**
 * The ledger figures of a unit for a week: the village's subtree, or the sum of a group's (non-archived) villages.
 * Each village's subtree is counted alone (computeFigures with its path as root: the same figures as its row in the
 * whole tree's). Counting the whole tree for one village took ≈ 0.5 s at province scale, inside the transaction
 * that starts the report: every writer waited for a village secretary's 开始填报.
 */
async function unitFigures(
  db: Executor,
  type: ReportUnitType,
  id: string,
  week: string,
  rules: CadenceRules,
  now: Date,
): Promise<ReportFigures> {
  const villages =
    type === 'organization'
      ? [await orgRepo.findById(db, id)].filter((o) => o !== undefined)
      : (await liaisonRepo.listVillages(db, [id])).filter((v) => v.archived_at === null);
  const sum = emptyFigures();
  for (const v of villages) {
    const subtree = await computeFigures(db, { period: weekPeriod(week), reportWeeks: [], rules, now, rootPath: v.path });
    const entry = subtree.get(v.id);
    if (entry) addInto(sum, entry.figures);
  }
  return pickReportFigures(sum);
}

async function loadReport(ctx: AuthedContext, db: Executor, id: string) {
  const row = await repo.findById(db, id);
  if (!row) throw notFound(REPORT);
  const memberGroups = await repo.memberGroupIds(db, ctx.actor.userId);
  let unit: LoadedUnit;
  try {
    unit = await loadUnit(ctx, db, row.unit_type as ReportUnitType, row.unit_id, memberGroups);
  } catch (err) {
    // A unit the reader cannot see hides its report too.
    if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION_FAILED')) throw notFound(REPORT);
    throw err;
  }
  return { row, unit };
}

async function detailOf(ctx: AuthedContext, db: Executor, id: string): Promise<WeeklyReportDetail> {
  const { row, unit } = await loadReport(ctx, db, id);
  const [rules, comments, submittedByName] = await Promise.all([
    loadCadenceRules(db),
    repo.listComments(db, row.id),
    repo.userName(db, row.submitted_by),
  ]);
  const detail = presentReportDetail(row, {
    unit: unit.unit,
    dueAt: reportDueAtOf(row, rules),
    now: ctx.now,
    comments,
    submittedByName,
    allowedActions: reportAllowedActions(
      unit.access,
      row.status as WeeklyReportStatus,
      unit.archived,
      reportDueAtOf(row, rules).getTime() <= ctx.now.getTime(),
    ),
  });
  // 清零行动: the unit's venue projects as at the week's end (modules/venues/venue-figures.ts).
  // 两学一做, 三会一课, 坐班值班: the unit's Party life in the week (modules/study/study-integration.ts).
  return {
    ...detail,
    venues: await unitVenueFigures(db, row.unit_type, row.unit_id, row.week_start, ctx.now),
    study: await unitStudyFigures(db, row.unit_type, row.unit_id, row.week_start, ctx.now),
  };
}

/** The reader's units in the list's order; a row is built for the page's units only (a province lists 20,000). */
interface ListedUnits<U> {
  units: readonly U[];
  idOf: (u: U) => string;
  /** `archived`: the unit was archived since the week (its report is read only). */
  present: (u: U) => { unit: ReportUnit; access: UnitAccess; archived?: boolean };
  /**
   * The units created at or after the week's report fell due: they owed no report for it (the figures count the
   * same way), so they are listed only where one was started all the same.
   */
  later: ReadonlySet<string>;
}

/**
 * The reader's organization units (villages, communities) in the list's order, from the kept unit index. `endedAt`:
 * the week has ended; the units archived since are listed too (it is their week as much as the others'). `dueAt`:
 * the week's report was due then (ListedUnits.later).
 */
async function organizationUnits(
  ctx: AuthedContext,
  db: Executor,
  filterOrg: { path: string } | null,
  dueAt: string,
  endedAt?: string,
): Promise<ListedUnits<IndexedUnit>> {
  let roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  if (filterOrg)
    roots = roots.some((r) => filterOrg.path.startsWith(r)) ? [filterOrg.path] : roots.filter((r) => r.startsWith(filterOrg.path));
  // The reader sees the names of the ancestors it may read.
  const seen = (u: IndexedUnit) => u.ancestors.filter((a) => actorCan(ctx.actor, 'organization.read', a.path)).map((a) => a.name);
  let archived: ReadonlySet<string> = new Set();
  const listed = {
    later: new Set<string>() as ReadonlySet<string>,
    idOf: (u: IndexedUnit) => u.id,
    present: (u: IndexedUnit) => ({
      unit: { type: 'organization' as const, id: u.id, name: u.name, pathNames: seen(u) },
      access: organizationUnitAccess(ctx.actor, u.path),
      archived: archived.has(u.id),
    }),
  };
  if (roots.length === 0) return { units: [], ...listed };
  const index = await weeklyReportUnits.unitIndex(db);
  // Nothing is founded after a due time still to come: the running week asks the index for nothing.
  if (dueAt <= ctx.now.toISOString()) listed.later = index.createdSince(dueAt);
  const archivedSince = endedAt === undefined ? [] : index.archivedSince(endedAt).filter((u) => roots.some((r) => u.path.startsWith(r)));
  archived = new Set(archivedSince.map((u) => u.id));
  const [root] = roots;
  // A subtree's units are shared with its other readers: sorted, if at all, as a copy.
  const inScope = roots.length === 1 ? index.under(root!) : index.units.filter((u) => roots.some((r) => u.path.startsWith(r)));
  // Under one root it may read, the ancestors it may not read are the same for every unit (the root's own), so
  // the index's order is the reader's (with the units archived since put in their places); else sort by what it sees.
  if (roots.length === 1 && actorCan(ctx.actor, 'organization.read', root!)) return { units: withUnits(inScope, archivedSince), ...listed };
  const keyed = [...inScope, ...archivedSince].map((u) => ({ u, key: unitSortKey(seen(u), u.name) }));
  keyed.sort((a, b) => unitCollator.compare(a.key, b.key) || (a.u.path < b.u.path ? -1 : a.u.path > b.u.path ? 1 : 0));
  return { units: keyed.map((k) => k.u), ...listed };
}

/** The liaison groups the reader may read (a handful), in their creation order; those created by `dueAt`. */
async function groupUnits(
  ctx: AuthedContext,
  db: Executor,
  filterOrg: { path: string } | null,
  dueAt: string,
): Promise<ListedUnits<{ unit: ReportUnit; access: UnitAccess }>> {
  const memberGroups = await repo.memberGroupIds(db, ctx.actor.userId);
  const all = await liaisonRepo.listGroups(db, false);
  const groups = all.map((g) => ({ g, access: groupUnitAccess(ctx.actor, memberGroups, g.id) })).filter((x) => x.access.read);
  const villages = await liaisonRepo.listVillages(
    db,
    groups.map((x) => x.g.id),
  );
  const units: Array<{ unit: ReportUnit; access: UnitAccess }> = [];
  for (const { g, access } of groups) {
    const own = villages.filter((v) => v.group_id === g.id && !v.archived_at);
    if (filterOrg && !own.some((v) => v.path.startsWith(filterOrg.path))) continue;
    units.push({ unit: { type: 'liaison_group', id: g.id, name: g.name, pathNames: own.map((v) => v.name) }, access });
  }
  const later = new Set(all.filter((g) => g.created_at >= dueAt).map((g) => g.id));
  return { units, idOf: (u) => u.unit.id, present: (u) => u, later };
}

/**
 * The reader's expected units for the week, one row each, with their report's state and the counts per flag.
 * Villages come by subdistrict then name; liaison groups keep their creation order (第一 before 第二, which no
 * collation gives). Throws VALIDATION_FAILED (future week), NOT_FOUND (organization filter).
 */
export async function listWeeklyReports(ctx: AuthedContext, query: WeeklyReportListQuery): Promise<WeeklyReportList> {
  const db = ctx.db.kysely;
  const currentWeek = weekStartOf(ctx.now);
  const week = query.week ?? currentWeek;
  if (week > currentWeek) throw new AppError('VALIDATION_FAILED', '不能查看未来的周 (a future week has no reports yet)');
  const rules = await loadCadenceRules(db);
  const unitType = rules.reports.unit;
  const filterOrg = query.organizationId ? await loadReadableOrg(ctx, db, query.organizationId) : null;
  const weekEnd = weekPeriod(week).to;
  const endedAt = weekEnd.getTime() <= ctx.now.getTime() ? weekEnd.toISOString() : undefined;
  const dueAt = dueAtOf(week, rules).toISOString();
  const page =
    unitType === 'organization'
      ? await pageOfUnits(ctx, await organizationUnits(ctx, db, filterOrg, dueAt, endedAt), unitType, week, rules, query)
      : await pageOfUnits(ctx, await groupUnits(ctx, db, filterOrg, dueAt), unitType, week, rules, query);
  return { week, currentWeek, unitType, dueAt, page: query.page, pageSize: query.pageSize, ...page };
}

/**
 * Every unit's flag, from the kept states of the week's reports (the counts and the filters need them all), and
 * the rows of the page asked for, from its reports read in full.
 */
async function pageOfUnits<U>(
  ctx: AuthedContext,
  listed: ListedUnits<U>,
  unitType: ReportUnitType,
  week: string,
  rules: CadenceRules,
  query: WeeklyReportListQuery,
): Promise<Pick<WeeklyReportList, 'items' | 'total' | 'counts'>> {
  const { idOf, present, later } = listed;
  const db = ctx.db.kysely;
  const states = await weeklyReportUnits.weekReports(db, week, unitType);
  // A week that fell due before some unit existed (usually none: a past week): those without a report are left out.
  const units = later.size === 0 ? listed.units : listed.units.filter((u) => !later.has(idOf(u)) || states.has(idOf(u)));
  const weekDue = dueAtOf(week, rules);
  const counts = Object.fromEntries(REPORT_FLAGS.map((f) => [f, 0])) as Record<ReportFlag, number>;
  const filtering = query.status !== undefined || query.flag !== undefined;
  // A filed report's flag is its lateness; an unfiled one (no report, a draft, one sent back) is due when the week
  // is, worked out once: no date for each of a province's units.
  const unfiled = reportFlag(null, weekDue, ctx.now);
  const matching: U[] = [];
  const countAll = () => {
    for (const u of units) {
      const st = states.get(idOf(u));
      const flag = st && toBool(st.filed) ? reportFlag({ late: toBool(st.is_late) }, weekDue, ctx.now) : unfiled;
      counts[flag]++;
      if (filtering && (!query.status || (st?.status ?? 'not_started') === query.status) && (!query.flag || flag === query.flag))
        matching.push(u);
    }
    return counts;
  };
  // Unfiltered (the page a role lands on), the counts are kept with the units and the week's states they came from.
  if (filtering) countAll();
  else
    Object.assign(
      counts,
      countsOver(units, states, `${weekDue.getTime()}|${unfiled}`, () => ({ ...countAll() })),
    );
  const chosen = filtering ? matching : units;
  const pageUnits = chosen.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  // The page's reports read in full by the ids kept (by primary key: listStatesByIds says why); one written since
  // the kept states were is shown as they count it. The kept map changes in place: its ids are taken before the await.
  const keptIds = pageUnits.map((u) => states.get(idOf(u))?.id);
  const ids = keptIds.filter((id) => id !== undefined);
  const byId = new Map((ids.length ? await repo.listByIds(db, JSON.stringify(ids)) : []).map((r) => [r.id, r]));
  const items = pageUnits.map((u, i): WeeklyReportListItem => {
    const { unit, access, archived } = present(u);
    // Only where it was kept: a report moved to another week or unit meanwhile is not this row's.
    const found = byId.get(keptIds[i] ?? '');
    const r = found?.week_start === week && found.unit_type === unitType && found.unit_id === idOf(u) ? found : undefined;
    const dueAt = r ? reportDueAtOf(r, rules) : weekDue;
    const status = r ? (r.status as WeeklyReportStatus) : null;
    return {
      unit,
      week,
      dueAt: dueAt.toISOString(),
      status: status ?? 'not_started',
      flag: reportFlag(r ? filedOf(r) : null, dueAt, ctx.now),
      submittedAt: r?.submitted_at ?? null,
      reportId: r?.id ?? null,
      version: r ? Number(r.version) : null,
      // A unit archived since the week is listed for it, read only; listGroups leaves archived groups out.
      allowedActions: reportAllowedActions(access, status, archived === true, dueAt.getTime() <= ctx.now.getTime()),
    };
  });
  return { items, total: chosen.length, counts };
}

/** Throws NOT_FOUND when absent or outside the reader's scope. */
export async function getWeeklyReport(ctx: AuthedContext, id: string): Promise<WeeklyReportDetail> {
  return detailOf(ctx, ctx.db.kysely, id);
}

/**
 * Starts a unit's report for a week with the figures pre-filled from the ledger,
 * or answers the existing one (`created: false`, nothing written): starting is
 * idempotent, so two clicks or two filers meet on the same draft.
 * Throws NOT_FOUND (unit), FORBIDDEN (not a filer), VALIDATION_FAILED (future week, wrong unit type), CONFLICT (archived unit).
 */
export async function startWeeklyReport(
  ctx: AuthedContext,
  body: StartWeeklyReportBody,
): Promise<{ created: boolean; report: WeeklyReportDetail }> {
  const db = ctx.db.kysely;
  const rules = await loadCadenceRules(db);
  const memberGroups = await repo.memberGroupIds(db, ctx.actor.userId);
  if (body.unitType !== rules.reports.unit) {
    throw validation(
      rules.reports.unit === 'organization'
        ? '当前规则按村（社区）汇报，不按包联组汇报 (reports are filed per village)'
        : '当前规则按包联组汇报，不按村（社区）汇报 (reports are filed per liaison group)',
      'unitType',
    );
  }
  const unit = await loadUnit(ctx, db, body.unitType, body.unitId, memberGroups);
  if (!unit.access.file) throw forbidden('您没有填报该单位周报的权限');
  refuseFutureWeek(ctx, body.week, 'week');
  const existing = await repo.findByUnitWeek(db, body.week, body.unitType, body.unitId);
  if (existing) return { created: false, report: await detailOf(ctx, db, existing.id) };
  refuseArchivedUnit({ name: unit.unit.name, archived: unit.archived });

  const id = newId();
  try {
    await db.transaction().execute(async (trx) => {
      const at = ctx.now.toISOString();
      const figures = await unitFigures(trx, body.unitType, body.unitId, body.week, rules, ctx.now);
      const row = {
        id,
        week_start: body.week,
        unit_type: body.unitType,
        unit_id: body.unitId,
        organization_id: unit.organizationId,
        liaison_group_id: body.unitType === 'liaison_group' ? body.unitId : null,
        // The database sets it to the organization's path as written (migration 2026-12-04-13), moved since or not.
        org_path: unit.orgPath,
        status: 'draft' satisfies WeeklyReportStatus,
        figures: JSON.stringify(figures),
        progress: '',
        difficulties: '',
        next_plan: '',
        due_at: dueAtOf(body.week, rules).toISOString(),
        submitted_at: null,
        submitted_by: null,
        is_late: 0,
        created_by: ctx.actor.userId,
        version: 1,
        created_at: at,
        updated_at: at,
      };
      await repo.insert(trx, row);
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'weekly_report.saved', before: null, after: { week: body.week, unit: unit.unit.name, ...reportSnapshot(row) } },
        { entityType: 'weekly_report', entityId: id, organizationId: unit.organizationId },
      );
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Someone started it at the same moment: theirs is the one.
    const theirs = await repo.findByUnitWeek(db, body.week, body.unitType, body.unitId);
    if (!theirs) throw err;
    return { created: false, report: await detailOf(ctx, db, theirs.id) };
  }
  return { created: true, report: await detailOf(ctx, db, id) };
}

/** A 催报's dedupe key: one a day per unit and week (Shanghai day). */
const remindKey = (week: string, unitId: string, day: string) => `report_reminded|${week}|${unitId}|${day}`;

/** Every 催报 key a unit's report of `week` may have had by `today` (at most the last 120 days). */
function remindKeysUntil(week: string, unitId: string, today: string): string[] {
  const keys: string[] = [];
  for (let day = today; day >= week && keys.length < 120; day = addDays(day, -1)) keys.push(remindKey(week, unitId, day));
  return keys;
}

/**
 * 催报: tells a unit whose report for a past week (or the running week after its due time) is not filed, none started
 * or a draft, to file it: the village's secretaries, or the liaison group's members, each a notification
 * (`report_reminded`, with the reviewer's name), in one transaction with its audit event. Once a day per unit and
 * week: a second the same day (Shanghai) answers 409. Throws NOT_FOUND (unit), FORBIDDEN (not a reviewer of it),
 * VALIDATION_FAILED (future week, wrong unit type), INVALID_TRANSITION (not yet due, or filed), CONFLICT (archived,
 * already reminded today, nobody to tell).
 */
export async function remindWeeklyReport(ctx: AuthedContext, body: RemindWeeklyReportBody): Promise<RemindWeeklyReportResult> {
  const db = ctx.db.kysely;
  const rules = await loadCadenceRules(db);
  if (body.unitType !== rules.reports.unit)
    throw validation('当前规则下没有这种汇报单位 (reports are not filed per such unit)', 'unitType');
  const unit = await loadUnit(ctx, db, body.unitType, body.unitId, await repo.memberGroupIds(db, ctx.actor.userId));
  if (!unit.access.review) throw forbidden('您没有催报该单位周报的权限');
  refuseFutureWeek(ctx, body.week, 'week');
  refuseArchivedUnit({ name: unit.unit.name, archived: unit.archived });
  const existing = await repo.findByUnitWeek(db, body.week, body.unitType, body.unitId);
  const due = existing ? reportDueAtOf(existing, rules) : dueAtOf(body.week, rules);
  if (!remindable((existing?.status as WeeklyReportStatus | undefined) ?? null, due.getTime() <= ctx.now.getTime())) {
    throw new AppError(
      'INVALID_TRANSITION',
      due.getTime() > ctx.now.getTime()
        ? `${unit.unit.name}本周周报尚未到截止时间，不必催报 (not due yet)`
        : `${unit.unit.name}该周周报已提交，不必催报 (already filed)`,
    );
  }
  const recipients =
    body.unitType === 'organization'
      ? // The village's secretaries as every notice finds them: assigned over it (notifications.service.ts).
        await notificationsRepo.listRoleHoldersOn(db, selfAndAncestors(unit.orgPath!), ['village_secretary'])
      : (await liaisonRepo.listMembers(db, [body.unitId])).filter((m) => m.disabled_at === null).map((m) => m.user_id);
  const to = [...new Set(recipients)].filter((id) => id !== ctx.actor.userId);
  if (to.length === 0) {
    throw new AppError('CONFLICT', `${unit.unit.name}没有可以接收催报的账号（村党组织书记或包联组成员）(nobody to tell)`);
  }
  return db.transaction().execute(async (trx) => {
    const created = await createNotifications(
      trx,
      to.map((userId) => ({
        userId,
        kind: 'report_reminded' as const,
        params: { unitName: unit.unit.name, weekStart: body.week, byName: ctx.actor.displayName },
        dedupeKey: remindKey(body.week, body.unitId, shanghaiDate(ctx.now)),
        link: `/weekly-reports?week=${body.week}`,
        organizationId: unit.organizationId,
      })),
      ctx.now,
    );
    if (created === 0) throw new AppError('CONFLICT', `今天已经催报过${unit.unit.name}，明天可以再催 (already reminded today)`);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'notification.report_reminded', weekStart: body.week, unit: unit.unit.name, recipients: created },
      {
        entityType: body.unitType === 'organization' ? 'organization' : 'liaison_group',
        entityId: body.unitId,
        organizationId: unit.organizationId,
      },
    );
    return { recipients: created };
  });
}

/**
 * Loads the report inside the transaction and checks the actor's permission, the unit (not archived) and the version.
 * Throws NOT_FOUND, FORBIDDEN, CONFLICT.
 */
async function loadForChange(ctx: AuthedContext, trx: Executor, id: string, need: 'file' | 'review', version: number | null) {
  const { row, unit } = await loadReport(ctx, trx, id);
  if (!unit.access[need]) throw forbidden(need === 'file' ? '您没有填报该单位周报的权限' : '您没有审阅该周报的权限');
  refuseArchivedUnit({ name: unit.unit.name, archived: unit.archived });
  if (version !== null && Number(row.version) !== version) throw conflict(REPORT);
  return { row, unit, status: row.status as WeeklyReportStatus };
}

function invalidState(message: string): AppError {
  return new AppError('INVALID_TRANSITION', message);
}

/** Saves the texts (and refreshed figures) of a draft or sent-back report. Throws NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_TRANSITION (already filed). */
export async function updateWeeklyReport(ctx: AuthedContext, id: string, body: UpdateWeeklyReportBody): Promise<WeeklyReportDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { row, status } = await loadForChange(ctx, trx, id, 'file', body.version);
    if (!isEditable(status)) throw invalidState('周报已提交，不能再修改 (already filed)');
    const changes: repo.ReportChanges = {};
    if (body.progress !== undefined) changes.progress = body.progress;
    if (body.difficulties !== undefined) changes.difficulties = body.difficulties;
    if (body.nextPlan !== undefined) changes.next_plan = body.nextPlan;
    if (body.refreshFigures) {
      const rules = await loadCadenceRules(trx);
      changes.figures = JSON.stringify(
        await unitFigures(trx, row.unit_type as ReportUnitType, row.unit_id, row.week_start, rules, ctx.now),
      );
    }
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(REPORT);
    const after = { ...row, ...changes };
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'weekly_report.saved', before: reportSnapshot(row), after: reportSnapshot(after) },
      { entityType: 'weekly_report', entityId: id, organizationId: row.organization_id },
    );
  });
  return detailOf(ctx, ctx.db.kysely, id);
}

/**
 * Files the report (first filing or refiling after a send-back). Lateness is
 * decided at the first filing against the due time then in force and kept on
 * refiling (see lateOnFiling). Throws NOT_FOUND, FORBIDDEN, CONFLICT,
 * INVALID_TRANSITION (already filed), VALIDATION_FAILED (no progress text).
 */
export async function submitWeeklyReport(ctx: AuthedContext, id: string, body: SubmitWeeklyReportBody): Promise<WeeklyReportDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { row, status } = await loadForChange(ctx, trx, id, 'file', body.version);
    if (!canTransition('submit', status)) throw invalidState('周报已提交，无需重复提交 (already filed)');
    if (row.progress.trim() === '') throw validation('请先填写本周进展再提交 (progress is required)', 'progress');
    const at = ctx.now.toISOString();
    const first = row.submitted_at === null;
    const rules = await loadCadenceRules(trx);
    const dueAt = first ? dueAtOf(row.week_start, rules) : new Date(row.due_at);
    const late = lateOnFiling(filedOf(row), ctx.now, dueAt);
    const changes: repo.ReportChanges = first
      ? { status: 'submitted', submitted_at: at, submitted_by: ctx.actor.userId, is_late: late ? 1 : 0, due_at: dueAt.toISOString() }
      : { status: 'submitted' };
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, at))) throw conflict(REPORT);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'weekly_report.submitted', weekStart: row.week_start, late },
      { entityType: 'weekly_report', entityId: id, organizationId: row.organization_id },
    );
    // Filed: its "due" and "missing" reminders are moot (the bell kept 请尽快补报 after a late filing), and so are
    // the reviewers' 催报 of it, one key a day from the week's start to today.
    await notificationsRepo.settleByKeys(
      trx,
      [
        reportKey(row.week_start, row.unit_id, 'report_due'),
        reportKey(row.week_start, row.unit_id, 'report_missing'),
        ...remindKeysUntil(row.week_start, row.unit_id, shanghaiDate(ctx.now)),
      ],
      at,
    );
  });
  return detailOf(ctx, ctx.db.kysely, id);
}

/** Sends a filed report back with a reason. Throws NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_TRANSITION (not filed). */
export async function returnWeeklyReport(ctx: AuthedContext, id: string, body: ReturnWeeklyReportBody): Promise<WeeklyReportDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { row, status } = await loadForChange(ctx, trx, id, 'review', body.version);
    if (!canTransition('return', status)) throw invalidState('只能退回已提交的周报 (only a filed report can be sent back)');
    const at = ctx.now.toISOString();
    if (!(await repo.updateIfVersion(trx, id, body.version, { status: 'returned' }, at))) throw conflict(REPORT);
    await repo.insertComment(trx, { id: newId(), reportId: id, authorId: ctx.actor.userId, kind: 'return', text: body.reason, at });
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'weekly_report.returned', reason: body.reason },
      { entityType: 'weekly_report', entityId: id, organizationId: row.organization_id },
    );
  });
  return detailOf(ctx, ctx.db.kysely, id);
}

/** Adds a reviewer's comment to a filed report. Throws NOT_FOUND, FORBIDDEN, CONFLICT (archived), INVALID_TRANSITION (not filed yet). */
export async function commentWeeklyReport(ctx: AuthedContext, id: string, body: CommentWeeklyReportBody): Promise<WeeklyReportDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { row, status } = await loadForChange(ctx, trx, id, 'review', null);
    if (!hasBeenFiled(status)) throw invalidState('周报尚未提交，暂不能提意见 (not filed yet)');
    await repo.insertComment(trx, {
      id: newId(),
      reportId: id,
      authorId: ctx.actor.userId,
      kind: 'comment',
      text: body.text,
      at: ctx.now.toISOString(),
    });
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'weekly_report.commented', text: body.text },
      { entityType: 'weekly_report', entityId: id, organizationId: row.organization_id },
    );
  });
  return detailOf(ctx, ctx.db.kysely, id);
}
