import { PassThrough, type Readable } from 'node:stream';
import { chineseMonth, monthOf, monthPeriod } from '../../../domain/cadence.ts';
import { circularNumber } from '../../../domain/cadence-rules.ts';
import { chineseDate, shanghaiDate } from '../../../domain/time.ts';
import {
  type CircularAnnex,
  type CircularAttainment,
  type CircularInterviewRow,
  type CircularOverdueRow,
  type CircularRankingRow,
  type CircularSection,
  circularTitle,
  defaultSections,
  refreshSections,
} from '../../../domain/circular-text.ts';
import { annexView, type CircularAnnexView, parseAnnexView } from '../../../domain/circular-annex-excerpt.ts';
import type {
  CircularAction,
  CircularDetail,
  CircularList,
  CircularListQuery,
  CircularVersionBody,
  CreateCircularBody,
  PublishCircularBody,
  UpdateCircularBody,
} from '../../../domain/contracts/circulars.ts';
import { circularActionsFrom, type CircularStatus } from '../../../domain/circular-workflow.ts';
import { interviewReasonText, type InterviewReason } from '../../../domain/interview-triggers.ts';
import { INTERVIEW_STATUS_LABELS, type InterviewStatus } from '../../../domain/interview-workflow.ts';
import { ORGANIZATION_KIND_LABELS, type OrganizationKind, subtreeUpperBound } from '../../../domain/organizations.ts';
import { isActionable, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { ragReasonText } from '../../../domain/rag.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { acceptancePassRate, closureRate, overdueMoreThan, reportPunctuality } from '../../../domain/statistics.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import { type assessMonth, assessmentRoot, cachedAssessMonth } from '../rankings/assessment.service.ts';
import { actorCanDistrictWide, districtWideAssignment, loadCadenceRules } from '../settings/settings.service.ts';
import { overdueTasksAsAt } from '../visits/visits.service.ts';
import { latestRoundIn } from '../attainments/attainments.repository.ts';
import { roundRectificationPeriod } from '../inspections/rectification-period.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { daysLeftInPeriod } from '../../../domain/rectification.ts';
import { venueCircularAnnex } from '../venues/venue-figures.ts';
import { studyCircularAnnex } from '../study/study-integration.ts';
import { buildCircularDocx } from './circulars.docx.ts';
import { writeCircularAnnexWorkbook } from './circulars.workbook.ts';
import { circularSnapshot, parseAnnex, parseSections, presentCircularDetail, presentCircularSummary } from './circulars.presenter.ts';
import * as repo from './circulars.repository.ts';
import * as notificationsRepo from '../notifications/notifications.repository.ts';
import { circularKey } from '../../../domain/reminders.ts';
import { anchorCircular, circularAnchor } from '../portal/public-chain.service.ts';
import type { CircularWithNames } from './circulars.repository.ts';

const CIRCULAR = '通报';
const DAY_MS = 86_400_000;
/** The organizations the RAG annex lists: subdistricts and the reporting units (not branches, not the district). */
const RAG_KINDS: readonly string[] = ['subdistrict', 'village', 'community'];

const target = (row: { id: string; organization_id: string }) => ({
  entityType: 'circular' as const,
  entityId: row.id,
  organizationId: row.organization_id,
});

// ── Access ──────────────────────────────────────────────────────────────────

function canManage(actor: Actor, row: Pick<CircularWithNames, 'org_path'>): boolean {
  return actorCan(actor, 'circular.manage', row.org_path);
}

/** Published circulars are read by everyone whose ledger scope lies inside the issuing subtree or above it. */
function canReadPublished(actor: Actor, row: Pick<CircularWithNames, 'org_path'>): boolean {
  return scopeRoots(actor.assignments, 'problem.read').some((r) => r.startsWith(row.org_path) || row.org_path.startsWith(r));
}

function isVisible(actor: Actor, row: CircularWithNames): boolean {
  return canManage(actor, row) || (row.status === 'published' && canReadPublished(actor, row));
}

function allowedActions(actor: Actor, row: CircularWithNames): CircularAction[] {
  return canManage(actor, row) ? circularActionsFrom(row.status as CircularStatus) : [];
}

const published = () => new AppError('INVALID_TRANSITION', '已印发的通报不能修改 (a published circular is immutable)');

/** Loads a circular the actor may see (else NOT_FOUND). */
async function loadVisible(ctx: AuthedContext, db: Executor, id: string): Promise<CircularWithNames> {
  const row = await repo.find(db, id);
  if (!row || !isVisible(ctx.actor, row)) throw notFound(CIRCULAR);
  return row;
}

/** Loads a draft the actor may change: NOT_FOUND, FORBIDDEN (published, read-only reader), INVALID_TRANSITION (published). */
async function loadForChange(ctx: AuthedContext, db: Executor, id: string): Promise<CircularWithNames> {
  const row = await loadVisible(ctx, db, id);
  if (!canManage(ctx.actor, row)) throw forbidden('只有区党群工作部干部可以修改通报');
  if (circularActionsFrom(row.status as CircularStatus).length === 0) throw published();
  return row;
}

/** The stored annex of a circular just loaded (the row without it: circulars.repository.ts): every row of its tables. */
async function storedAnnex(db: Executor, row: CircularWithNames): Promise<CircularAnnex> {
  const json = await repo.annexOf(db, row.id);
  if (json === undefined) throw notFound(CIRCULAR);
  return parseAnnex(json);
}

/**
 * What circular `id`'s detail, Word file and public page show of its annex: the view stored with it, or, for a
 * circular written before views were kept (or cut to another length than tables are now), the view of its whole
 * annex. Undefined when there is no such circular.
 */
export async function loadAnnexView(db: Executor, id: string): Promise<CircularAnnexView | undefined> {
  const json = await repo.annexViewOf(db, id);
  if (json === undefined) return undefined;
  const stored = json === null ? null : parseAnnexView(json);
  if (stored) return stored;
  const annex = await repo.annexOf(db, id);
  return annex === undefined ? undefined : annexView(parseAnnex(annex));
}

/** The annex's view of a circular just loaded (loadAnnexView). */
async function storedView(db: Executor, row: CircularWithNames): Promise<CircularAnnexView> {
  const view = await loadAnnexView(db, row.id);
  if (!view) throw notFound(CIRCULAR);
  return view;
}

async function detail(ctx: AuthedContext, id: string): Promise<CircularDetail> {
  const row = await loadVisible(ctx, ctx.db.kysely, id);
  const d = presentCircularDetail(row, await storedView(ctx.db.kysely, row), allowedActions(ctx.actor, row));
  return { ...d, chainAnchor: await circularAnchor(ctx.db.kysely, d) };
}

// ── The month's figures, frozen into the annex ─────────────────────────────

function parseReasons(json: string): string {
  try {
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return '';
    return list
      .map((r) =>
        typeof r === 'string' ? r : r && typeof r === 'object' && 'code' in r ? interviewReasonText(r as InterviewReason, 'zh') : '',
      )
      .filter(Boolean)
      .join('；');
  } catch {
    return '';
  }
}

/**
 * The annex of `month` as at `asked` (or a little before: see below), over the subtree at `rootPath`. The month's
 * assessment comes from the month cache (cachedAssessMonth), shared with the month's ranking and interview
 * candidates; a province's may have been computed up to a minute before `asked`, and the annex is then as at
 * that moment.
 */
export async function buildAnnex(db: Executor, month: string, asked: Date, root: { id: string; path: string }): Promise<CircularAnnex> {
  // A province of a nation (a database of several roots): its own tree's assessment, its villages ranked among themselves.
  const { value: a, at: now } = await cachedAssessMonth(db, month, asked, await assessmentRoot(db, root.path));
  const running = a.period.to.getTime() > now.getTime();
  const asAt = running ? shanghaiDate(now) : a.period.lastDay;
  const end = running ? now : a.period.to;
  const pathTo = subtreeUpperBound(root.path);
  const inScope = (path: string) => path >= root.path && path < pathTo;

  const rootFigures = a.figures.get(root.id)?.figures;
  const f = rootFigures ?? {
    total: 0,
    closed: 0,
    newCount: 0,
    acceptedCount: 0,
    rejectedCount: 0,
    closedCount: 0,
    overdue: 0,
    overdueAges: [],
  };
  const redDays = a.rules.rag.redOverdueDays;
  const rankingRows = (list: typeof a.villageRanking): CircularRankingRow[] =>
    list.flatMap((r) => {
      const e = a.figures.get(r.id);
      if (!e || !inScope(e.org.path)) return [];
      return [
        {
          rank: r.rank,
          name: r.name,
          score: r.score,
          closureRate: closureRate(e.figures),
          acceptancePassRate: acceptancePassRate(e.figures),
          overdue: e.figures.overdue,
          reportPunctuality: reportPunctuality(e.figures),
          // The score blends 两学一做 in when its rules weigh it: shown, or the parts would not make the score.
          study: a.studyWeight > 0 ? (a.studyShares.get(r.id) ?? 1) : null,
          movement: r.movement,
          standardScore: e.figures.standardScore,
          standardMax: e.figures.standardMax,
          scored: e.figures.unitsScored,
          attained: e.figures.unitsAttained,
        },
      ];
    });
  const rag = [...a.figures.values()]
    .filter((e) => RAG_KINDS.includes(e.org.kind) && inScope(e.org.path))
    .sort((x, y) => x.org.path.localeCompare(y.org.path))
    .flatMap((e) => {
      const r = a.rag.get(e.org.id);
      if (!r) return [];
      return [
        {
          organization: e.org.name,
          kind: kindLabel(e.org.kind),
          colour: r.colour,
          reasons: r.reasons.map((x) => ragReasonText(x, 'zh')).join('；'),
        },
      ];
    });

  const candidates = await repo.listProblemsDueBefore(db, {
    pathFrom: root.path,
    pathTo,
    dueBefore: asAt,
    createdBefore: end.toISOString(),
    // A village archived since keeps its overdue problems in the month's list, as it keeps its ranking row.
    endedAt: running ? undefined : end.toISOString(),
  });
  const statusThen = running
    ? new Map(candidates.map((p) => [p.id, p.status]))
    : await repo.statusesBefore(
        db,
        candidates.map((p) => p.id),
        end.toISOString(),
      );
  const overdue: CircularOverdueRow[] = candidates
    .filter((p) => {
      const s = statusThen.get(p.id);
      return s !== undefined && isActionable(s as ProblemStatus);
    })
    .map((p) => ({
      code: p.code,
      organization: p.organization_name,
      description: p.description,
      dueOn: p.due_on!,
      daysOverdue: Math.round((Date.parse(asAt) - Date.parse(p.due_on!)) / DAY_MS),
      owner: p.owner_display_name ?? p.owner_name,
    }))
    .sort((x, y) => y.daysOverdue - x.daysOverdue || x.organization.localeCompare(y.organization, 'zh-CN') || x.code.localeCompare(y.code));

  const overdueTasks = await overdueTasksAsAt(db, { pathFrom: root.path, pathTo, asAt, end, ended: !running });

  const interviews: CircularInterviewRow[] = (
    await repo.listInterviewsOfMonth(db, {
      month,
      from: a.period.from.toISOString(),
      to: a.period.to.toISOString(),
      pathFrom: root.path,
      pathTo,
    })
  ).map((i) => ({
    organization: i.organization_name,
    date: shanghaiDate(new Date(i.scheduled_at)),
    status: INTERVIEW_STATUS_LABELS[i.status as InterviewStatus]?.zh ?? i.status,
    // Called for another month's figures (last month's circular, say): its reasons say which month, so that they
    // are not read as this month's ranking.
    reasons:
      i.month && i.month !== month && parseReasons(i.reasons)
        ? `${chineseMonth(i.month)}：${parseReasons(i.reasons)}`
        : parseReasons(i.reasons),
  }));

  return {
    month,
    asAt,
    running,
    totals: {
      total: f.total,
      closed: f.closed,
      closureRate: closureRate(f),
      acceptancePassRate: acceptancePassRate(f),
      newCount: f.newCount,
      acceptedCount: f.acceptedCount,
      rejectedCount: f.rejectedCount,
      closedCount: f.closedCount,
      overdue: f.overdue,
      overdueLong: overdueMoreThan(f, redDays),
      redOverdueDays: redDays,
    },
    ranking: { villages: rankingRows(a.villageRanking), subdistricts: rankingRows(a.subdistrictRanking) },
    rag,
    overdue,
    overdueTasks,
    interviews,
    attainment: await annexAttainment(db, a, root, asAt),
    // 清零行动 (modules/venues/venue-figures.ts): cleared, in works, stalled, overdue, with names.
    venues: await venueCircularAnnex(db, month, now, root.path),
    // 两学一做、三会一课、坐班值班 (modules/study/study-integration.ts): sessions, attendance, missed meetings, duty, tours.
    study: await studyCircularAnnex(db, month, now, root.path),
  };
}

/** Villages of the subtree 达标 at month end, and the 集中整改期 of the subtree's latest round as at `asAt`. */
async function annexAttainment(
  db: Executor,
  a: Awaited<ReturnType<typeof assessMonth>>,
  root: { id: string; path: string },
  asAt: string,
): Promise<CircularAttainment> {
  const villages = [...a.figures.values()].filter((e) => REPORTING_KINDS.includes(e.org.kind) && e.org.path.startsWith(root.path)).length;
  const round = await latestRoundIn(db, [root.path]);
  const period = round ? roundRectificationPeriod(round) : null;
  return {
    attained: a.figures.get(root.id)?.figures.unitsAttained ?? 0,
    villages,
    period:
      round && period ? { roundName: round.name, start: period.start, end: period.end, daysLeft: daysLeftInPeriod(period, asAt) } : null,
  };
}

function kindLabel(kind: string): string {
  return ORGANIZATION_KIND_LABELS[kind as OrganizationKind]?.zh ?? kind;
}

// ── Reads ───────────────────────────────────────────────────────────────────

/** Drafts for those who manage circulars; published ones for everyone in scope. */
export async function listCirculars(ctx: AuthedContext, query: CircularListQuery): Promise<CircularList> {
  const rows = await repo.list(ctx.db.kysely, query.status);
  return {
    items: rows.filter((r) => isVisible(ctx.actor, r)).map((r) => presentCircularSummary(r, allowedActions(ctx.actor, r))),
    canManage: actorCanDistrictWide(ctx.actor, 'circular.manage'),
  };
}

/** Throws NOT_FOUND (absent, outside scope, or a draft for a non-manager). */
export function getCircular(ctx: AuthedContext, id: string): Promise<CircularDetail> {
  return detail(ctx, id);
}

/** The circular as a Word document. Throws NOT_FOUND as getCircular. */
export async function circularDocx(ctx: AuthedContext, id: string): Promise<{ bytes: Buffer; fileName: string; asciiFileName: string }> {
  const d = await detail(ctx, id);
  const bytes = await buildCircularDocx(d, await circularAnchor(ctx.db.kysely, d));
  return { bytes, ...circularFileNames(d, 'docx') };
}

/**
 * Every row of the circular's annex tables as an .xlsx, streamed (circulars.workbook.ts): the detail, the Word
 * file and the print view cut a long table (src/domain/circular-annex-excerpt.ts). Throws NOT_FOUND as getCircular.
 */
export async function circularAnnexXlsx(
  ctx: AuthedContext,
  id: string,
): Promise<{ body: Readable; fileName: string; asciiFileName: string }> {
  const row = await loadVisible(ctx, ctx.db.kysely, id);
  const annex = await storedAnnex(ctx.db.kysely, row);
  return { ...annexWorkbookStream(annex, row.title, ctx.now), ...circularFileNames(row, 'annex') };
}

/** The annex workbook as a stream: an error midway ends the stream with it (the reader sees a broken download). */
export function annexWorkbookStream(annex: CircularAnnex, title: string, now: Date): { body: Readable } {
  const body = new PassThrough();
  writeCircularAnnexWorkbook(body, annex, { title, createdAt: now }).catch((err: unknown) => body.destroy(err as Error));
  return { body };
}

/**
 * A circular's download names: "高新党工〔2026〕7号 关于…的通报.docx" (a draft: "草稿 …"), its annex "…（附表）.xlsx",
 * and an ASCII name for old clients (circular-2026-11[-draft][-annex]).
 */
export function circularFileNames(
  c: { title: string; number: string | null; month: string },
  file: 'docx' | 'annex',
): { fileName: string; asciiFileName: string } {
  const safeTitle = c.title.replace(/[\\/:*?"<>|]/g, '');
  const ascii = `circular-${c.month}${c.number ? '' : '-draft'}`;
  return file === 'docx'
    ? { fileName: `${c.number ?? '草稿'} ${safeTitle}.docx`, asciiFileName: `${ascii}.docx` }
    : { fileName: `${c.number ?? '草稿'} ${safeTitle}（附表）.xlsx`, asciiFileName: `${ascii}-annex.xlsx` };
}

// ── Mutations ───────────────────────────────────────────────────────────────

/** The district root the actor manages circulars at (the issuing scope). */
function issuingRoot(ctx: AuthedContext): { id: string; path: string } {
  const a = districtWideAssignment(ctx.actor, 'circular.manage');
  if (!a) throw forbidden('只有区党群工作部干部可以生成月度通报');
  return { id: a.organizationId, path: a.organizationPath };
}

/**
 * Generates the month's circular as a draft. Throws FORBIDDEN (not district-wide circular.manage),
 * VALIDATION_FAILED (a month still to come), CONFLICT (the month already has its circular: `details.existing`
 * names it, so that the editor opens or regenerates it instead of making a second one).
 * One circular per month and issuing organization.
 */
export async function createCircular(ctx: AuthedContext, body: CreateCircularBody): Promise<CircularDetail> {
  const root = issuingRoot(ctx);
  if (body.month > monthOf(ctx.now))
    throw new AppError('VALIDATION_FAILED', `${body.month} 尚未到来，不能生成通报 (the month has not begun)`, {
      fields: [{ in: 'body', path: 'month', message: 'future month' }],
    });
  const rules = await loadCadenceRules(ctx.db.kysely);
  const annex = await buildAnnex(ctx.db.kysely, body.month, ctx.now, root);
  const view = annexView(annex);
  const id = newId();
  const at = ctx.now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.lockIssuer(trx, root.id);
    const existing = await repo.findOfMonth(trx, root.id, body.month);
    if (existing)
      throw new AppError(
        'CONFLICT',
        existing.status === 'published'
          ? `${chineseMonth(body.month)}的通报已印发（${existing.number ?? ''}），每月只印发一份通报 (this month's circular is already published)`
          : `${chineseMonth(body.month)}已有一份通报草稿，请打开该草稿修改或重新生成 (this month already has a draft: open or regenerate it)`,
        { existing: { id: existing.id, status: existing.status, number: existing.number } },
      );
    const row = {
      id,
      month: body.month,
      status: 'draft',
      organization_id: root.id,
      org_path: root.path,
      title: circularTitle(body.month),
      issuing_office: rules.circular.issuingOffice,
      drafting_office: rules.circular.draftingOffice,
      number_prefix: rules.circular.numberPrefix,
      number_year: null,
      number_seq: null,
      number: null,
      doc_date: shanghaiDate(ctx.now),
      body: JSON.stringify(defaultSections(annex)),
      annex: JSON.stringify(annex),
      annex_view: JSON.stringify(view),
      created_by: ctx.actor.userId,
      published_at: null,
      published_by: null,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insert(trx, row);
    await recordAuditEvent(trx, ctx, { type: 'circular.created', month: body.month, after: circularSnapshot(row) }, target(row));
  });
  return detail(ctx, id);
}

/** Edits a draft's title, office, date or section texts. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (published), CONFLICT. */
export async function updateCircular(ctx: AuthedContext, id: string, body: UpdateCircularBody): Promise<CircularDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadForChange(ctx, trx, id);
    const sections = parseSections(row);
    const texts = new Map((body.sections ?? []).map((s) => [s.key, s.text]));
    const next: CircularSection[] = sections.map((s) => {
      const text = texts.get(s.key);
      return text === undefined || text === s.text ? s : { ...s, text, edited: true };
    });
    const changes = {
      title: body.title ?? row.title,
      issuing_office: body.issuingOffice ?? row.issuing_office,
      drafting_office: body.draftingOffice ?? row.drafting_office,
      doc_date: body.docDate ?? row.doc_date,
      body: JSON.stringify(next),
      updated_at: ctx.now.toISOString(),
    };
    if (!(await repo.updateDraftIfVersion(trx, id, body.version, changes))) throw conflict(CIRCULAR);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'circular.edited', before: circularSnapshot(row), after: circularSnapshot({ ...row, ...changes }) },
      target(row),
    );
  });
  return detail(ctx, id);
}

/**
 * Recomputes the figures and annex as at now; sections nobody edited take the new default text,
 * edited ones are kept. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (published), CONFLICT.
 */
export async function regenerateCircular(ctx: AuthedContext, id: string, body: CircularVersionBody): Promise<CircularDetail> {
  const current = await loadForChange(ctx, ctx.db.kysely, id);
  const annex = await buildAnnex(ctx.db.kysely, current.month, ctx.now, { id: current.organization_id, path: current.org_path });
  const view = annexView(annex);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadForChange(ctx, trx, id);
    // The view keeps the annex's asAt: the audit event needs no more of the old annex.
    const before = (await storedView(trx, row)).annex;
    const changes = {
      body: JSON.stringify(refreshSections(parseSections(row), annex)),
      annex: JSON.stringify(annex),
      annex_view: JSON.stringify(view),
      updated_at: ctx.now.toISOString(),
    };
    if (!(await repo.updateDraftIfVersion(trx, id, body.version, changes))) throw conflict(CIRCULAR);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'circular.edited',
        before: { ...circularSnapshot(row), asAt: before.asAt },
        after: { ...circularSnapshot({ ...row, ...changes }), asAt: annex.asAt, regenerated: true },
      },
      target(row),
    );
  });
  return detail(ctx, id);
}

/**
 * A draft's interviews as its figures were taken, against the month's interviews now: one scheduled (or cancelled)
 * since would be missing from (or wrongly in) section 五 and its annex once published, and a published circular is
 * never changed. Refused until the draft is regenerated (更新数据 keeps what was edited). Throws INVALID_TRANSITION.
 */
async function refuseChangedInterviews(db: Executor, draft: CircularWithNames, frozen: CircularAnnex): Promise<void> {
  const period = monthPeriod(draft.month);
  const now = (
    await repo.listInterviewsOfMonth(db, {
      month: draft.month,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      pathFrom: draft.org_path,
      pathTo: subtreeUpperBound(draft.org_path),
    })
  ).map((i) => ({ organization: i.organization_name, date: shanghaiDate(new Date(i.scheduled_at)) }));
  const key = (i: { organization: string; date: string }) => `${i.organization}\u0000${i.date}`;
  // The organizations of one list's interviews that the other lacks (by organization and day).
  const missingFrom = (
    list: readonly { organization: string; date: string }[],
    other: readonly { organization: string; date: string }[],
  ) => {
    const keys = new Set(other.map(key));
    return [...new Set(list.filter((i) => !keys.has(key(i))).map((i) => i.organization))];
  };
  const added = missingFrom(now, frozen.interviews);
  const gone = missingFrom(frozen.interviews, now);
  if (added.length === 0 && gone.length === 0) return;
  const what = [added.length > 0 ? `新安排了${added.join('、')}` : '', gone.length > 0 ? `${gone.join('、')}的约谈已取消或改期` : '']
    .filter(Boolean)
    .join('，');
  throw new AppError(
    'INVALID_TRANSITION',
    `草稿的数据生成后，约谈情况有变化（${what}）；请先点“更新数据”，再印发 (the month's interviews changed since the figures were taken: regenerate first)`,
    { needsRegeneration: 'interviews' },
  );
}

/**
 * Publishes a draft: it gets the next number of its prefix and year (of the document date), in publication order,
 * and becomes immutable. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (already published; or the month is still
 * running and `confirmRunningMonth` was not given), CONFLICT (stale version, or a numbering race twice).
 */
export async function publishCircular(ctx: AuthedContext, id: string, body: PublishCircularBody): Promise<CircularDetail> {
  const draft = await loadForChange(ctx, ctx.db.kysely, id);
  if (monthPeriod(draft.month).to.getTime() > ctx.now.getTime() && body.confirmRunningMonth !== true) {
    throw new AppError(
      'INVALID_TRANSITION',
      `${chineseMonth(draft.month)}尚未结束，通报中的数据只截至${chineseDate(shanghaiDate(ctx.now))}；印发后不能修改。确需现在印发，请确认后再印发 (the month has not ended: confirm to publish anyway)`,
      { needsConfirmation: 'runningMonth' },
    );
  }
  // A draft generated while its month was running keeps those figures (and says the month has not ended) after
  // the month is over: published as it is only when asked, else regenerated first.
  const frozen = await storedAnnex(ctx.db.kysely, draft);
  if (frozen.running === true && body.confirmRunningMonth !== true) {
    throw new AppError(
      'INVALID_TRANSITION',
      `该通报的数据生成于${chineseMonth(draft.month)}结束前（截至${chineseDate(frozen.asAt)}）；请先“更新数据”，或确认按现有数据印发 (the draft's figures were taken before the month ended: regenerate, or confirm to publish anyway)`,
      { needsConfirmation: 'runningMonth' },
    );
  }
  await refuseChangedInterviews(ctx.db.kysely, draft, frozen);
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const first = await loadForChange(ctx, trx, id);
        await repo.lockIssuer(trx, first.organization_id);
        const row = await loadForChange(ctx, trx, id);
        const year = Number(row.doc_date.slice(0, 4));
        const seq = (await repo.maxSeq(trx, row.number_prefix, year)) + 1;
        const number = circularNumber(row.number_prefix, year, seq);
        const ok = await repo.publishIfVersion(trx, id, body.version, {
          year,
          seq,
          number,
          at: ctx.now.toISOString(),
          by: ctx.actor.userId,
        });
        if (!ok) throw conflict(CIRCULAR);
        await recordAuditEvent(trx, ctx, { type: 'circular.published', number }, target(row));
        // Published: the office's reminders of it are moot (marked read in every bell).
        await notificationsRepo.settleByKeys(
          trx,
          [circularKey(row.organization_id, row.month, 'circular_due'), circularKey(row.organization_id, row.month, 'circular_overdue')],
          ctx.now.toISOString(),
        );
        // The public ledger's head at publication, printed on the circular (a paper anchor).
        await anchorCircular(trx, id, ctx.now);
      });
      return detail(ctx, id);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (attempt >= 2) throw new AppError('CONFLICT', '文号分配冲突，请稍后重试 (another circular took the number; try again)');
    }
  }
}

/** Deletes a draft. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (published), CONFLICT. */
export async function deleteCircular(ctx: AuthedContext, id: string, version: number): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadForChange(ctx, trx, id);
    if (!(await repo.deleteDraftIfVersion(trx, id, version))) throw conflict(CIRCULAR);
    await recordAuditEvent(trx, ctx, { type: 'circular.deleted', month: row.month, title: row.title }, target(row));
  });
}
