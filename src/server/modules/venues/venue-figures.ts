import { monthPeriod, weekPeriod } from '../../../domain/cadence.ts';
import type { VenueReportFigures } from '../../../domain/contracts/venues.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { campaignDeadline, daysLeft, venueStanding, type VenueSettingsValue, type VenueStanding } from '../../../domain/venue-campaign.ts';
import type { CircularVenueAnnex, CircularVenueRow } from '../../../domain/venue-circular.ts';
import {
  isStalled,
  VENUE_PROJECT_KIND_LABELS,
  VENUE_PROJECT_STATUS_LABELS,
  type VenueProjectKind,
  type VenueProjectStatus,
  venueDaysOverdue,
} from '../../../domain/venue-project-workflow.ts';
import type { RagResult } from '../../../domain/rag.ts';
import { type VenueLateness, withVenueLateness } from '../../../domain/venue-rag.ts';
import { parseVenueReasons, type VenueReason } from '../../../domain/venue-rules.ts';
import type { VenueSnapshotsTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';
import * as liaisonRepo from '../liaison-groups/liaison-groups.repository.ts';
import * as projectsRepo from './venue-projects.repository.ts';
import * as repo from './venues.repository.ts';
import { loadVenueSettings } from './venue-settings.ts';

/**
 * The campaign's figures at any moment, reconstructed from history: a venue's
 * judgement is its last status-history row before the moment, a project's
 * status its last step before it, its progress its last milestone before it.
 * So a week frozen late, a past week on the burn-down and a past month's
 * circular all count what was true then. Deadlines are taken as they are now
 * (they are not versioned, as with problems). A district has tens to hundreds
 * of venues: everything is read once and judged in memory.
 */
export interface VenueState {
  venueId: string;
  venueName: string;
  organizationId: string;
  organizationName: string;
  organizationKind: string;
  orgPath: string;
  subdistrictName: string | null;
  onList: boolean;
  /** Was on the list at some point up to the moment. */
  everListed: boolean;
  reasons: VenueReason[];
  standing: VenueStanding;
  project: {
    id: string;
    kind: VenueProjectKind;
    status: VenueProjectStatus;
    progress: number;
    deadline: string;
    daysOverdue: number;
    stalled: boolean;
    lastMilestone: string | null;
    /** 元 */
    allocated: number;
    spent: number;
  } | null;
}

/** Everything the reconstruction needs, read once (history up to `until`). */
export interface VenueHistory {
  venues: repo.VenueRow[];
  status: Awaited<ReturnType<typeof repo.listStatusHistory>>;
  projects: projectsRepo.VenueProjectRow[];
  steps: Awaited<ReturnType<typeof projectsRepo.listAllHistory>>;
  milestones: Awaited<ReturnType<typeof projectsRepo.listAllMilestones>>;
}

export async function loadVenueHistory(db: Executor, until: Date, rootPath?: string): Promise<VenueHistory> {
  const before = until.toISOString();
  const [venues, status, projects, steps, milestones] = await Promise.all([
    repo.listAll(db, rootPath),
    repo.listStatusHistory(db, before, rootPath),
    projectsRepo.listAll(db, rootPath),
    projectsRepo.listAllHistory(db, before, rootPath),
    projectsRepo.listAllMilestones(db, before, rootPath),
  ]);
  return { venues, status, projects, steps, milestones };
}

/** Every venue registered by `at`, as it stood then; `day` is the Shanghai date overdue is counted on. */
export function statesAt(h: VenueHistory, at: Date, day: string, stalledWeeks: number): VenueState[] {
  const t = at.toISOString();
  const judged = new Map<string, { passes: boolean; reasons: string; ever: boolean }>();
  for (const s of h.status) {
    if (s.at >= t) break;
    const prev = judged.get(s.venue_id);
    // A correction of the register (登记更正) means the listing was a mistake: the venue counts as never listed.
    const corrected = s.cause === 'corrected';
    judged.set(s.venue_id, {
      passes: Number(s.passes) === 1,
      reasons: s.reasons,
      ever: !corrected && ((prev?.ever ?? false) || Number(s.passes) === 0),
    });
  }
  const statusOf = new Map<string, string>();
  const movedAt = new Map<string, string>();
  for (const s of h.steps) {
    if (s.at >= t) break;
    statusOf.set(s.project_id, s.to_status);
    movedAt.set(s.project_id, s.at);
  }
  const progressOf = new Map<string, { progress: number; title: string }>();
  for (const m of h.milestones) {
    if (m.recorded_at >= t) break;
    progressOf.set(m.project_id, { progress: Number(m.progress), title: m.title });
    if ((movedAt.get(m.project_id) ?? '') < m.recorded_at) movedAt.set(m.project_id, m.recorded_at);
  }
  // The project that counts for a venue at `at`: the latest one created by then that had a status.
  const projectOf = new Map<string, projectsRepo.VenueProjectRow>();
  for (const p of h.projects) if (p.created_at < t && statusOf.has(p.id)) projectOf.set(p.venue_id, p);

  const out: VenueState[] = [];
  for (const v of h.venues) {
    if (v.created_at >= t) continue;
    // A village archived (撤销, merged) by then is out of the campaign from then on; the weeks before keep it.
    if (v.organization_archived_at !== null && v.organization_archived_at < t) continue;
    const j = judged.get(v.id);
    if (!j) continue;
    const p = projectOf.get(v.id);
    const status = p ? (statusOf.get(p.id) as VenueProjectStatus) : null;
    const project =
      p && status
        ? {
            id: p.id,
            kind: p.kind as VenueProjectKind,
            status,
            progress: progressOf.get(p.id)?.progress ?? 0,
            deadline: p.deadline,
            daysOverdue: venueDaysOverdue({ status, deadline: p.deadline }, day),
            stalled: isStalled({ status, lastMovedAt: movedAt.get(p.id) ?? p.created_at }, at, stalledWeeks),
            lastMilestone: progressOf.get(p.id)?.title ?? null,
            allocated: Number(p.allocated) / 100,
            spent: Number(p.spent) / 100,
          }
        : null;
    out.push({
      venueId: v.id,
      venueName: v.name,
      organizationId: v.organization_id,
      organizationName: v.organization_name,
      organizationKind: v.organization_kind,
      orgPath: v.org_path,
      subdistrictName: v.parent_name,
      onList: !j.passes,
      everListed: j.ever,
      reasons: parseVenueReasons(j.reasons),
      standing: venueStanding(!j.passes, project, j.ever),
      project,
    });
  }
  return out;
}

/** The states now (the board, the register's reports). */
export async function currentStates(db: Executor, now: Date, settings?: VenueSettingsValue): Promise<VenueState[]> {
  const s = settings ?? (await loadVenueSettings(db));
  const until = new Date(now.getTime() + 1);
  return statesAt(await loadVenueHistory(db, until), until, shanghaiDate(now), s.cadence.stalledWeeks);
}

/** The moment a period's figures are "as at": its end, or now while it runs; and the day overdue is counted on. */
export function asAtOf(period: { to: Date; lastDay: string }, now: Date): { at: Date; day: string } {
  return period.to.getTime() > now.getTime()
    ? { at: new Date(now.getTime() + 1), day: shanghaiDate(now) }
    : { at: period.to, day: period.lastDay };
}

// ── The weekly snapshot (一周一统计) ─────────────────────────────────────────

/**
 * Freezes every venue's state at the week's end into venue_snapshots, inside
 * the snapshot's transaction (called from statistics' writeWeekRows, so a
 * recompute replaces the week's rows too).
 */
export async function freezeVenueWeek(trx: Executor, weekStart: string, now: Date): Promise<number> {
  const settings = await loadVenueSettings(trx);
  const { at, day } = asAtOf(weekPeriod(weekStart), now);
  const states = statesAt(await loadVenueHistory(trx, at), at, day, settings.cadence.stalledWeeks);
  const computedAt = now.toISOString();
  const rows: VenueSnapshotsTable[] = states.map((s) => ({
    week_start: weekStart,
    venue_id: s.venueId,
    organization_id: s.organizationId,
    org_path: s.orgPath,
    on_list: s.onList ? 1 : 0,
    ever_listed: s.everListed ? 1 : 0,
    reasons: JSON.stringify(s.reasons),
    project_id: s.project?.id ?? null,
    project_kind: s.project?.kind ?? null,
    project_status: s.project?.status ?? null,
    progress: s.project?.progress ?? 0,
    days_overdue: s.project?.daysOverdue ?? 0,
    stalled: s.project?.stalled ? 1 : 0,
    computed_at: computedAt,
  }));
  await repo.replaceSnapshotWeek(trx, weekStart, rows);
  return rows.length;
}

// ── Lateness for RAG and interviews ─────────────────────────────────────────

/** Overdue days and stalled projects per organization, over each organization's subtree. */
export function latenessByOrganization(states: readonly VenueState[]): Map<string, VenueLateness> {
  const out = new Map<string, { overdueDays: number[]; stalled: number }>();
  for (const s of states) {
    const p = s.project;
    if (!p || (p.daysOverdue === 0 && !p.stalled)) continue;
    for (const id of pathIds(s.orgPath)) {
      const e = out.get(id) ?? { overdueDays: [], stalled: 0 };
      if (p.daysOverdue > 0) e.overdueDays.push(p.daysOverdue);
      if (p.stalled) e.stalled++;
      out.set(id, e);
    }
  }
  return out;
}

/**
 * Venue lateness as at a period's end (or now), for RAG and interview candidates;
 * null when the settings turn the venues out of RAG (`ragCountsVenues: false`, interviews still asked).
 */
export async function venueLatenessAt(
  db: Executor,
  period: { to: Date; lastDay: string },
  now: Date,
  rootPath?: string,
): Promise<{ lateness: Map<string, VenueLateness>; settings: VenueSettingsValue }> {
  const settings = await loadVenueSettings(db);
  const { at, day } = asAtOf(period, now);
  const states = statesAt(await loadVenueHistory(db, at, rootPath), at, day, settings.cadence.stalledWeeks);
  return { lateness: latenessByOrganization(states), settings };
}

// ── The weekly report (一周一汇报) ───────────────────────────────────────────

/** What a village's (or a group's villages') weekly report shows of its venue projects for a week. */
export async function venueReportFigures(
  db: Executor,
  organizationIds: readonly string[],
  weekStart: string,
  now: Date,
): Promise<VenueReportFigures> {
  const settings = await loadVenueSettings(db);
  const { at, day } = asAtOf(weekPeriod(weekStart), now);
  const ids = new Set(organizationIds);
  const states = statesAt(await loadVenueHistory(db, at), at, day, settings.cadence.stalledWeeks).filter((s) =>
    pathIds(s.orgPath).some((id) => ids.has(id)),
  );
  return {
    venues: states.length,
    onList: states.filter((s) => s.onList).length,
    projects: states.flatMap((s) =>
      s.project && (s.onList || s.project.status === 'accepted')
        ? [
            {
              venueName: s.venueName,
              kind: s.project.kind,
              status: s.project.status,
              progress: s.project.progress,
              deadline: s.project.deadline,
              daysOverdue: s.project.daysOverdue,
              allocated: s.project.allocated,
              spent: s.project.spent,
            },
          ]
        : [],
    ),
  };
}

/** The venue figures of a weekly report's unit: a village (its subtree) or a liaison group (its villages). */
export async function unitVenueFigures(
  db: Executor,
  unitType: string,
  unitId: string,
  weekStart: string,
  now: Date,
): Promise<VenueReportFigures> {
  const ids = unitType === 'liaison_group' ? (await liaisonRepo.listVillages(db, [unitId])).map((v) => v.id) : [unitId];
  return venueReportFigures(db, ids, weekStart, now);
}

// ── The monthly circular (一月一通报) ─────────────────────────────────────────

const byName = (a: { organizationName: string }, b: { organizationName: string }) =>
  a.organizationName.localeCompare(b.organizationName, 'zh-CN');

/** The circular's venue annex for a month over a subtree, as at its end (or now while it runs). */
export async function venueCircularAnnex(db: Executor, month: string, now: Date, rootPath: string): Promise<CircularVenueAnnex> {
  const settings = await loadVenueSettings(db);
  const period = monthPeriod(month);
  const { at, day } = asAtOf(period, now);
  const history = await loadVenueHistory(db, at);
  const inScope = (s: VenueState) => s.orgPath.startsWith(rootPath);
  const end = statesAt(history, at, day, settings.cadence.stalledWeeks).filter(inScope);
  const start = new Map(
    statesAt(history, period.from, period.firstDay, settings.cadence.stalledWeeks)
      .filter(inScope)
      .map((s) => [s.venueId, s]),
  );
  const listed = end.filter((s) => s.everListed);
  const cleared = listed.filter((s) => !s.onList).sort(byName);
  // A village is named by itself; one with several listed venues names each of them.
  const perVillage = new Map<string, number>();
  for (const s of listed) perVillage.set(s.organizationId, (perVillage.get(s.organizationId) ?? 0) + 1);
  const name = (s: VenueState) => (perVillage.get(s.organizationId) === 1 ? s.organizationName : `${s.organizationName}${s.venueName}`);
  const open: CircularVenueRow[] = listed
    .filter((s) => s.onList)
    .sort(byName)
    .map((s) => ({
      name: name(s),
      kind: s.project ? VENUE_PROJECT_KIND_LABELS[s.project.kind].zh : null,
      status: s.project ? VENUE_PROJECT_STATUS_LABELS[s.project.status].zh : '未立项',
      progress: s.project?.progress ?? 0,
      daysOverdue: s.project?.daysOverdue ?? 0,
      stalled: s.project?.stalled ?? false,
    }));
  const deadline = campaignDeadline(settings.campaign, now);
  return {
    campaignName: settings.campaign.name,
    deadline,
    daysLeft: daysLeft(deadline, day),
    baseline: listed.length,
    left: open.length,
    cleared: cleared.map(name),
    clearedThisMonth: cleared.filter((s) => start.get(s.venueId)?.onList ?? true).map(name),
    open,
  };
}

// ── RAG (红黄绿) ──────────────────────────────────────────────────────────────

/**
 * The colours with venue lateness weighed in (src/domain/venue-rag.ts): called by the assessment for a week
 * or a month, as at the period's end. Unchanged when the settings keep venues out of RAG.
 */
export async function withVenueRag(
  db: Executor,
  rag: Map<string, RagResult>,
  period: { to: Date; lastDay: string },
  now: Date,
  redOverdueDays: number,
  rootPath?: string,
): Promise<Map<string, RagResult>> {
  const { lateness, settings } = await venueLatenessAt(db, period, now, rootPath);
  if (!settings.cadence.ragCountsVenues || lateness.size === 0) return rag;
  return new Map([...rag].map(([id, r]) => [id, withVenueLateness(r, lateness.get(id), redOverdueDays)]));
}
