import { isoWeekday, weekStartOfDate } from '../../../domain/cadence.ts';
import type {
  DutyCoverage,
  DutyCoverageQuery,
  DutySignin,
  PublicDutyLine,
  RosterEntry,
  ServiceHall,
  SignInBody,
  UpdateRosterBody,
  UpdateServiceHallBody,
} from '../../../domain/contracts/duty.ts';
import { withinDutyRange } from '../../../domain/contracts/duty.ts';
import {
  dutyCoverage,
  dutyRate,
  type DutyShift,
  isOpenOn,
  maskPersonName,
  WEEKDAY_LABELS,
  weekdaysText,
} from '../../../domain/duty-coverage.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import type { DutyRosterTable, DutySigninsTable, OrganizationRow, ServiceHallsTable } from '../../db/database.ts';
import { isUniqueViolation, toBool } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { organizationDirectory } from '../organizations/organization-directory.cache.ts';
import { rowsThatFit } from '../../../domain/organizations.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { presentFile } from '../study/study.presenter.ts';
import * as studyRepo from '../study/study.repository.ts';
import { canManageDuty, canSignInForDuty, rosterLineOf } from '../study/study.policy.ts';
import { listRoots, readVillage, refuseArchived } from '../study/study-scope.ts';
import { hallCoverages, parseWeekdays, rollUpDuty } from './duty-figures.ts';
import * as repo from './duty.repository.ts';
import { usersWithRoleIn } from '../users/users.repository.ts';

const HALL = '便民服务大厅';

const parseList = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

/** What a new hall starts with (the source: 确保群众办事有地可去、有人可寻). */
function defaultHall(org: OrganizationRow): Pick<ServiceHall, 'name' | 'openingHours' | 'openWeekdays' | 'services'> {
  return {
    name: `${org.name}便民服务大厅`,
    openingHours: '周一至周五 8:30—12:00，14:30—18:00',
    openWeekdays: [1, 2, 3, 4, 5],
    services: ['党员组织关系接转', '低保、救助申请', '新农合、养老保险', '计划生育服务', '证明开具', '矛盾纠纷调解'],
  };
}

function presentRoster(r: DutyRosterTable): RosterEntry {
  return { id: r.id, weekday: Number(r.weekday), shift: r.shift as DutyShift, personName: r.person_name, userId: r.user_id };
}

async function presentSignins(db: Executor, rows: readonly DutySigninsTable[]): Promise<DutySignin[]> {
  const files = await studyRepo.filesOf(db, { signinIds: rows.map((r) => r.id) });
  return rows.map((s) => ({
    id: s.id,
    organizationId: s.organization_id,
    date: s.on_date,
    at: s.at,
    personName: s.person_name,
    shift: s.shift as DutyShift,
    onRoster: toBool(s.on_roster),
    note: s.note,
    photos: files.filter((f) => f.signin_id === s.id).map(presentFile),
  }));
}

async function hallDetail(ctx: AuthedContext, db: Executor, org: OrganizationRow): Promise<ServiceHall> {
  const hall = await repo.findHall(db, org.id);
  const today = shanghaiDate(ctx.now);
  const weekday = isoWeekday(today);
  const weekStart = weekStartOfDate(today);
  const [roster, signins] = await Promise.all([repo.listRoster(db, [org.id]), repo.listSignins(db, [org.id], weekStart, today)]);
  const presented = await presentSignins(db, signins);
  const todays = presented.filter((s) => s.date === today);
  const base = hall
    ? {
        name: hall.name,
        openingHours: hall.opening_hours,
        openWeekdays: parseWeekdays(hall.open_weekdays),
        services: parseList(hall.services),
      }
    : defaultHall(org);
  const week = hall
    ? dutyCoverage({
        openWeekdays: base.openWeekdays,
        trackedFrom: hall.tracked_from,
        from: weekStart,
        to: today,
        today,
        signedInOn: signins.map((s) => s.on_date),
      })
    : { daysDue: 0, daysStaffed: 0, gaps: [] };
  // An archived village's hall is read as it was; a closed day takes no sign-in.
  const manage = canManageDuty(ctx.actor, org.path) && org.archived_at === null;
  const open = isOpenOn(base.openWeekdays, today);
  return {
    organizationId: org.id,
    organizationName: org.name,
    exists: !!hall,
    ...base,
    version: hall ? Number(hall.version) : 0,
    roster: roster.map(presentRoster),
    today: {
      date: today,
      weekday,
      open,
      onDuty: roster
        .filter((r) => Number(r.weekday) === weekday)
        .map((r) => ({
          personName: r.person_name,
          shift: r.shift as DutyShift,
          userId: r.user_id,
          signedIn: signins.some((s) => s.on_date === today && (r.user_id ? s.user_id === r.user_id : s.person_name === r.person_name)),
        })),
      signIns: todays,
    },
    week: { weekStart, ...week, rate: dutyRate(week) },
    mySignIn: todays.find((s) => signins.some((x) => x.id === s.id && x.user_id === ctx.actor.userId)) ?? null,
    allowedActions: [
      ...(manage ? (hall ? (['edit', 'roster'] as const) : (['edit'] as const)) : []),
      ...(hall && open && org.archived_at === null && canSignInForDuty(ctx.actor, org.path, roster) ? (['signIn'] as const) : []),
    ],
  };
}

/**
 * A village's service hall: hours, services, roster, today's duty and this week's coverage (an archived village's
 * too, read only). Throws NOT_FOUND, VALIDATION_FAILED.
 */
export async function getHall(ctx: AuthedContext, organizationId: string): Promise<ServiceHall> {
  const db = ctx.db.kysely;
  return hallDetail(ctx, db, await readVillage(ctx, db, organizationId));
}

const snapshotHall = (h: Pick<ServiceHallsTable, 'name' | 'opening_hours' | 'open_weekdays' | 'services'>) => ({
  name: h.name,
  openingHours: h.opening_hours,
  openWeekdays: parseWeekdays(h.open_weekdays),
  services: parseList(h.services),
});

/**
 * Sets up or changes a village's service hall (version 0 sets it up; duty is owed from that day).
 * Throws NOT_FOUND, VALIDATION_FAILED, FORBIDDEN (no duty.manage), CONFLICT (stale version, or the village archived).
 */
export async function updateHall(ctx: AuthedContext, organizationId: string, body: UpdateServiceHallBody): Promise<ServiceHall> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const org = await readVillage(ctx, trx, organizationId);
    if (!canManageDuty(ctx.actor, org.path)) throw forbidden('您没有设置该村便民服务大厅的权限（由本村党组织书记设置）');
    refuseArchived(org);
    const before = await repo.findHall(trx, org.id);
    const at = ctx.now.toISOString();
    const values = {
      name: body.name,
      opening_hours: body.openingHours,
      open_weekdays: JSON.stringify([...new Set(body.openWeekdays)].sort((a, b) => a - b)),
      services: JSON.stringify(body.services),
      updated_by: ctx.actor.userId,
    };
    if (!before) {
      if (body.version !== 0) throw conflict(HALL);
      try {
        await repo.insertHall(trx, {
          organization_id: org.id,
          org_path: org.path,
          ...values,
          tracked_from: shanghaiDate(ctx.now),
          version: 1,
          created_at: at,
          updated_at: at,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(HALL);
        throw err;
      }
    } else if (before.version !== body.version || !(await repo.updateHallIfVersion(trx, org.id, body.version, values, at))) {
      throw conflict(HALL);
    }
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'service_hall.updated', before: before ? snapshotHall(before) : null, after: snapshotHall(values) },
      { entityType: 'service_hall', entityId: org.id, organizationId: org.id },
    );
    return hallDetail(ctx, trx, org);
  });
}

/**
 * Replaces the weekly duty roster (who sits on which weekday and shift), guarded by the hall's version.
 * A named user must hold a role in the village. Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale version, or the village
 * archived), VALIDATION_FAILED (no hall yet).
 */
export async function updateRoster(ctx: AuthedContext, organizationId: string, body: UpdateRosterBody): Promise<ServiceHall> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const org = await readVillage(ctx, trx, organizationId);
    if (!canManageDuty(ctx.actor, org.path)) throw forbidden('您没有安排该村值班的权限（由本村党组织书记安排）');
    refuseArchived(org);
    const hall = await repo.findHall(trx, org.id);
    if (!hall) throw new AppError('VALIDATION_FAILED', '请先设置便民服务大厅的开放时间，再排值班表 (set the hall up first)');
    if (hall.version !== body.version) throw conflict(HALL);
    const before = await repo.listRoster(trx, [org.id]);
    const rows: DutyRosterTable[] = body.entries.map((e, i) => ({
      id: newId(),
      organization_id: org.id,
      weekday: e.weekday,
      shift: e.shift,
      person_name: e.personName,
      user_id: e.userId ?? null,
      sort_order: i,
    }));
    const userIds = [...new Set(rows.flatMap((r) => (r.user_id ? [r.user_id] : [])))];
    if (userIds.length) {
      const ok = new Set(await usersWithRoleIn(trx, userIds, org.path));
      const bad = body.entries.findIndex((e) => e.userId && !ok.has(e.userId));
      if (bad >= 0)
        throw new AppError(
          'VALIDATION_FAILED',
          '值班人员账号须为在用、且在本村任职的账号 (the account must be enabled and hold a role in this village)',
          {
            fields: [{ in: 'body', path: `entries.${bad}.userId`, message: 'no role in this village' }],
          },
        );
    }
    if (!(await repo.updateHallIfVersion(trx, org.id, body.version, { updated_by: ctx.actor.userId }, ctx.now.toISOString())))
      throw conflict(HALL);
    await repo.replaceRoster(trx, org.id, rows);
    const snap = (r: DutyRosterTable) => ({ weekday: Number(r.weekday), shift: r.shift, personName: r.person_name, userId: r.user_id });
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'duty_roster.updated', before: before.map(snap), after: rows.map(snap) },
      { entityType: 'duty', entityId: org.id, organizationId: org.id },
    );
    return hallDetail(ctx, trx, org);
  });
}

/**
 * Signs the actor in for duty today at a village's hall (one tap: the time is recorded; a photo may follow).
 * Signing in again the same day answers the first sign-in. Throws NOT_FOUND, FORBIDDEN (no duty.manage there),
 * CONFLICT (the village archived), VALIDATION_FAILED (no hall, or the hall is closed today).
 */
export async function signIn(ctx: AuthedContext, body: SignInBody): Promise<{ created: boolean; signin: DutySignin }> {
  const today = shanghaiDate(ctx.now);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const org = await readVillage(ctx, trx, body.organizationId);
    const roster = await repo.listRoster(trx, [org.id]);
    if (!canSignInForDuty(ctx.actor, org.path, roster))
      throw forbidden('您不是该村的值班人员，不能签到 (you are not on this village’s duty roster)');
    refuseArchived(org);
    const hall = await repo.findHall(trx, org.id);
    if (!hall) throw new AppError('VALIDATION_FAILED', '该村尚未设置便民服务大厅，不能签到 (the hall is not set up)');
    const existing = await repo.findSigninOf(trx, org.id, today, ctx.actor.userId);
    if (existing) return { created: false, signin: (await presentSignins(trx, [existing]))[0]! };
    // A day the hall is closed owes no duty (src/domain/duty-coverage.ts): a sign-in then would count nowhere.
    const openWeekdays = parseWeekdays(hall.open_weekdays);
    const weekday = isoWeekday(today);
    if (!isOpenOn(openWeekdays, today))
      throw new AppError(
        'VALIDATION_FAILED',
        `便民服务大厅今天（${WEEKDAY_LABELS[weekday]!.zh}）不开放，不能值班签到（开放日：${weekdaysText(openWeekdays, 'zh')}）(the hall is closed today)`,
      );
    const mine = rosterLineOf(ctx.actor, roster, weekday);
    const row: DutySigninsTable = {
      id: newId(),
      organization_id: org.id,
      org_path: org.path,
      on_date: today,
      at: ctx.now.toISOString(),
      user_id: ctx.actor.userId,
      person_name: mine?.person_name ?? ctx.actor.displayName,
      shift: mine?.shift ?? 'full',
      on_roster: mine ? 1 : 0,
      note: body.note ?? null,
    };
    try {
      await repo.insertSignin(trx, row);
    } catch (err) {
      // Two taps at once: the unique key keeps one; the second answers as a conflict to be refreshed.
      if (isUniqueViolation(err)) throw conflict('值班签到');
      throw err;
    }
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'duty.signed_in',
        after: { date: row.on_date, at: row.at, personName: row.person_name, shift: row.shift, onRoster: mine !== undefined },
      },
      { entityType: 'duty', entityId: row.id, organizationId: org.id },
    );
    return { created: true, signin: (await presentSignins(trx, [row]))[0]! };
  });
}

const badRange = (message: string, path: string) =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ in: 'query', path, message }] });

/**
 * Days due, staffed and the gaps per village over a period (default: this month to today), rolled up the tree.
 * Throws NOT_FOUND.
 */
export async function getDutyCoverage(ctx: AuthedContext, query: DutyCoverageQuery): Promise<DutyCoverage> {
  const db = ctx.db.kysely;
  const today = shanghaiDate(ctx.now);
  const from = query.from ?? `${today.slice(0, 7)}-01`;
  const to = query.to ?? today;
  // The contract checks the range when both ends are given; a `from` alone meets the default `to` here.
  if (from > to) throw badRange('开始日期不能晚于结束日期 (from is after to)', query.from ? 'from' : 'to');
  if (!withinDutyRange(from, to)) throw badRange('一次最多查看一年 (at most one year at a time)', 'from');
  // A reader of several villages (a liaison member) gets the first one's subtree, as the study coverage does; the
  // others were listed as rows under it.
  const roots = (await listRoots(ctx, db, query.organizationId)).slice(0, 1);
  const halls = await hallCoverages(db, roots, from, to, today);
  const totals = rollUpDuty(halls);
  // The tree kept between requests (a province's 20,000 rows were read on every call); shared: read only.
  const orgs = (await organizationDirectory.get(db)).inSubtrees(roots, false);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const gapsOf = new Map(halls.map((h) => [h.organizationId, h.coverage.gaps]));
  const row = (o: OrganizationRow) => {
    const t = totals.get(o.id) ?? { daysDue: 0, daysStaffed: 0, halls: 0 };
    return {
      organizationId: o.id,
      organizationName: o.name,
      kind: o.kind,
      depth: o.depth,
      parentId: o.parent_id,
      parentName: o.parent_id ? (names.get(o.parent_id) ?? null) : null,
      halls: t.halls,
      daysDue: t.daysDue,
      daysStaffed: t.daysStaffed,
      rate: dutyRate(t),
      gaps: gapsOf.get(o.id) ?? [],
    };
  };
  const rootOrg = query.organizationId ? orgs.find((o) => o.id === query.organizationId) : orgs.find((o) => roots.includes(o.path));
  if (!rootOrg) throw notFound('组织');
  // A province's table goes a level at a time (its villages under each subdistrict's own drill-down).
  const listed = rowsThatFit(orgs.filter((o) => o.id !== rootOrg.id && (o.kind === 'subdistrict' || REPORTING_KINDS.includes(o.kind))));
  return {
    from,
    to,
    root: row(rootOrg),
    rows: listed.rows.map(row),
    rowsLeftOut: listed.leftOut,
  };
}

/**
 * The public line on a village's portal page (for the portal module; no actor): today's person on duty with the
 * name masked to 张*, and the opening hours. Null when the village has no hall.
 */
export async function publicDutyLine(db: Executor, villageId: string, now: Date): Promise<PublicDutyLine | null> {
  const hall = await repo.findHall(db, villageId);
  if (!hall) return null;
  const today = shanghaiDate(now);
  const weekday = isoWeekday(today);
  const days = parseWeekdays(hall.open_weekdays);
  const roster = (await repo.listRoster(db, [villageId])).filter((r) => Number(r.weekday) === weekday);
  const open = isOpenOn(days, today);
  return {
    date: today,
    hallName: hall.name,
    openToday: open,
    openingHours: hall.opening_hours,
    openDays: weekdaysText(days, 'zh'),
    onDuty: open ? roster.map((r) => ({ maskedName: maskPersonName(r.person_name), shift: r.shift as DutyShift })) : [],
  };
}
