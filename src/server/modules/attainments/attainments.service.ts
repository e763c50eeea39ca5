import {
  ATTAINMENT_ACTION_LABELS,
  ATTAINMENT_STATUS_LABELS,
  ATTAINMENT_WORKFLOW,
  attainmentBlockers,
  attainmentBlockerText,
  type AttainmentStatus,
  canAttainmentTransition,
  isAttained,
} from '../../../domain/attainment-workflow.ts';
import type {
  AttainmentDetail,
  AttainmentList,
  AttainmentListQuery,
  AttainmentTransitionBody,
} from '../../../domain/contracts/attainments.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { notePublicAttainmentEvent } from '../portal/public-events.ts';
import type { VillageAttainmentsTable } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, archivedReadOnly, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { canRead as canReadOrg } from '../organizations/organizations.policy.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { loadReadable as loadReadableOrg } from '../organizations/organizations.service.ts';
import { roundRectificationPeriod } from '../inspections/rectification-period.ts';
import { attainmentAllowedActions, canReadAttainment, mayFire } from './attainments.policy.ts';
import { presentAttainmentDetail, presentRound, presentStanding, type StandingInput } from './attainments.presenter.ts';
import * as repo from './attainments.repository.ts';
import * as venueRepo from '../venues/venues.repository.ts';
import { currentStandings, type VillageStanding } from './village-scores.service.ts';

const ATTAINMENT = '达标验收';
const CHECKLIST = '村（社区）的排查';

type Checklist = NonNullable<Awaited<ReturnType<typeof repo.findChecklist>>>;

/** The subdistrict above each organization path that the reader may see (null when none). */
async function subdistrictNames(ctx: AuthedContext, db: Executor, paths: readonly string[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(paths.flatMap((p) => pathIds(p)))];
  const orgs = await orgRepo.findByIds(db, ids);
  const subdistricts = new Map(orgs.filter((o) => o.kind === 'subdistrict' && canReadOrg(ctx.actor, o)).map((o) => [o.id, o.name]));
  return new Map(
    paths.map((p) => [
      p,
      pathIds(p)
        .map((id) => subdistricts.get(id))
        .find((n) => n !== undefined) ?? null,
    ]),
  );
}

function standingInput(
  ctx: AuthedContext,
  c: {
    id: string;
    organization_id: string;
    organization_name: string;
    organization_path: string;
    archived_at: string | null;
    group_name: string | null;
  },
  round: { id: string; name: string },
  st: VillageStanding | undefined,
  row: (VillageAttainmentsTable & { proposed_by_name?: string | null }) | undefined,
  subdistrictName: string | null,
  venuesOnList: number,
): StandingInput {
  const checklistDone = st?.checklistDone ?? false;
  const unsettledProblems = st?.unsettledProblems ?? 0;
  const blockers = attainmentBlockers({ checklistDone, unsettledProblems, venuesOnList });
  const status = (row?.status as AttainmentStatus | undefined) ?? 'none';
  return {
    checklist: c,
    round,
    subdistrictName,
    standing: st,
    row,
    blockers,
    status,
    allowedActions: attainmentAllowedActions(ctx.actor, {
      orgPath: c.organization_path,
      archived: c.archived_at !== null,
      status,
      eligible: blockers.length === 0,
    }),
  };
}

/**
 * The villages of a round (default: the latest round with a village in the
 * reader's scope; narrowed to `organizationId`'s subtree), each with its score
 * against the standard, what keeps it from 达标 and its 达标 state, and how
 * many are confirmed 达标. Throws NOT_FOUND (organization or round outside the scope).
 */
export async function listAttainments(ctx: AuthedContext, query: AttainmentListQuery): Promise<AttainmentList> {
  const db = ctx.db.kysely;
  let roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  let roundId = query.roundId;
  if (query.organizationId) {
    const org = await loadReadableOrg(ctx, db, query.organizationId);
    roots = roots.some((r) => org.path.startsWith(r)) ? [org.path] : roots.filter((r) => r.startsWith(org.path));
    // One village: the round it stands by (its latest completed inspection), as the figures count it.
    if (!roundId && (org.kind === 'village' || org.kind === 'community')) {
      roundId = (await currentStandings(db, ctx.now, { rootPath: org.path })).get(org.id)?.checklist.round_id;
    }
  }
  const round = roundId ? await repo.findRound(db, roundId) : await repo.latestRoundIn(db, roots);
  if (!round) {
    if (query.roundId) throw notFound('排查');
    return { round: null, attained: 0, villages: 0, items: [] };
  }
  const checklists = await repo.listChecklistsOfRound(db, round.id, roots);
  if (query.roundId && checklists.length === 0) throw notFound('排查');
  const [standings, rows, names, onList] = await Promise.all([
    currentStandings(db, ctx.now, { roundId: round.id, rootPath: roots.length === 1 ? roots[0] : undefined }),
    repo.listByChecklists(
      db,
      checklists.map((c) => c.id),
    ),
    subdistrictNames(
      ctx,
      db,
      checklists.map((c) => c.organization_path),
    ),
    venueRepo.countOnListUnder(db, roots),
  ]);
  const rowOf = new Map(rows.map((r) => [r.checklist_id, r]));
  const items = checklists
    .map((c) =>
      presentStanding(
        standingInput(
          ctx,
          c,
          round,
          standings.get(c.organization_id),
          rowOf.get(c.id),
          names.get(c.organization_path) ?? null,
          onList.get(c.organization_id) ?? 0,
        ),
      ),
    )
    .sort(
      (a, b) =>
        (a.subdistrictName ?? '').localeCompare(b.subdistrictName ?? '', 'zh-CN') ||
        a.organizationName.localeCompare(b.organizationName, 'zh-CN'),
    );
  return {
    round: presentRound(round, roundRectificationPeriod(round), shanghaiDate(ctx.now)),
    attained: items.filter((i) => isAttained(i.status)).length,
    villages: items.length,
    items,
  };
}

async function loadChecklist(ctx: AuthedContext, db: Executor, checklistId: string): Promise<Checklist> {
  const c = await repo.findChecklist(db, checklistId);
  if (!c || !canReadAttainment(ctx.actor, c.organization_path)) throw notFound(CHECKLIST);
  return c;
}

/**
 * An archived (撤销) village's 达标 is kept as it was: read, never changed again (as the Party life's records,
 * modules/study/study-scope.ts). Throws CONFLICT.
 */
function refuseArchived(c: Checklist): void {
  if (c.archived_at !== null) throw archivedReadOnly(c.organization_name, '达标验收记录');
}

async function detail(ctx: AuthedContext, db: Executor, checklistId: string): Promise<AttainmentDetail> {
  const c = await loadChecklist(ctx, db, checklistId);
  const [standings, row, names, onList] = await Promise.all([
    currentStandings(db, ctx.now, { roundId: c.round_id, rootPath: c.organization_path, withItems: true }),
    repo.listByChecklists(db, [c.id]).then((rows) => rows[0]),
    subdistrictNames(ctx, db, [c.organization_path]),
    venueRepo.countOnListUnder(db, [c.organization_path]),
  ]);
  const evidenceIds = row ? (JSON.parse(row.evidence_ids) as string[]) : [];
  const input = standingInput(
    ctx,
    c,
    { id: c.round_id, name: c.round_name },
    standings.get(c.organization_id),
    row,
    names.get(c.organization_path) ?? null,
    onList.get(c.organization_id) ?? 0,
  );
  const [history, evidence, available] = await Promise.all([
    row ? repo.listHistory(db, row.id) : Promise.resolve([]),
    repo.evidenceOf(db, c.organization_id, evidenceIds),
    input.allowedActions.includes('propose') ? repo.roundEvidenceOf(db, c.round_id, c.organization_id, 50) : Promise.resolve([]),
  ]);
  return presentAttainmentDetail(input, { history, evidence, available });
}

/** One village's standing in a round, with every check item as scored and the 达标 history. Throws NOT_FOUND. */
export function getAttainment(ctx: AuthedContext, checklistId: string): Promise<AttainmentDetail> {
  return detail(ctx, ctx.db.kysely, checklistId);
}

/**
 * Fires one 达标验收 step (propose, confirm, reject, revoke) as one transaction
 * with its history row and audit event, guarded by `version` (0 before the
 * first proposal). Checks in order: visible, permission, not archived,
 * version, status, note / reason, eligibility (propose and confirm: the
 * checklist is done and no problem of the round at the village is unsettled),
 * evidence. Throws NOT_FOUND, FORBIDDEN, CONFLICT (archived village, stale
 * version), INVALID_TRANSITION, VALIDATION_FAILED.
 */
export async function transitionAttainment(
  ctx: AuthedContext,
  checklistId: string,
  body: AttainmentTransitionBody,
): Promise<AttainmentDetail> {
  const t = ATTAINMENT_WORKFLOW[body.action];
  const label = ATTAINMENT_ACTION_LABELS[body.action].zh;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await loadChecklist(ctx, trx, checklistId);
    if (!mayFire(ctx.actor, body.action, c.organization_path)) throw forbidden(`您没有“${label}”的权限`);
    refuseArchived(c);
    const row = await repo.findByChecklist(trx, c.id);
    const status = (row?.status as AttainmentStatus | undefined) ?? 'none';
    if ((row?.version ?? 0) !== body.version) throw conflict(ATTAINMENT);
    if (!canAttainmentTransition(body.action, status)) {
      throw new AppError(
        'INVALID_TRANSITION',
        `${c.organization_name}当前为“${ATTAINMENT_STATUS_LABELS[status].zh}”，不能“${label}” (not allowed while ${ATTAINMENT_STATUS_LABELS[status].en.toLowerCase()})`,
      );
    }
    const note = body.note?.trim() || null;
    const reason = body.reason?.trim() || null;
    if (t.noteRequired && !note) {
      throw new AppError('VALIDATION_FAILED', '申报达标需要填写核验情况 (a verification note is required)', {
        fields: [{ in: 'body', path: 'note', message: 'required' }],
      });
    }
    if (t.reasonRequired && !reason) {
      throw new AppError('VALIDATION_FAILED', `“${label}”需要填写理由 (a reason is required)`, {
        fields: [{ in: 'body', path: 'reason', message: 'required' }],
      });
    }
    if (t.needsEligible) {
      const checklistDone = c.status === 'done';
      const blockers = attainmentBlockers({
        checklistDone,
        unsettledProblems: await repo.countUnsettled(trx, c.round_id, c.organization_id),
        venuesOnList: (await venueRepo.countOnListUnder(trx, [c.organization_path])).get(c.organization_id) ?? 0,
      });
      if (blockers.length > 0) {
        throw new AppError(
          'INVALID_TRANSITION',
          `${c.organization_name}还不能“${label}”：${blockers.map((b) => attainmentBlockerText(b, 'zh')).join('；')} (${blockers
            .map((b) => attainmentBlockerText(b, 'en'))
            .join('; ')})`,
          { blockers },
        );
      }
    }
    const evidenceIds = body.action === 'propose' ? [...new Set(body.evidenceIds ?? [])] : [];
    if (evidenceIds.length > 0 && (await repo.evidenceOf(trx, c.organization_id, evidenceIds)).length !== evidenceIds.length) {
      throw new AppError('VALIDATION_FAILED', "所选佐证材料不属于此村（社区） (evidence must be the village's own)", {
        fields: [{ in: 'body', path: 'evidenceIds', message: 'not evidence of this village' }],
      });
    }

    const at = ctx.now.toISOString();
    const changes: repo.AttainmentChanges = { status: t.to };
    switch (body.action) {
      case 'propose':
        Object.assign(changes, {
          note,
          evidence_ids: JSON.stringify(evidenceIds),
          proposed_at: at,
          proposed_by: ctx.actor.userId,
          decided_at: null,
          decided_by: null,
          confirmed_on: null,
        });
        break;
      case 'confirm':
        Object.assign(changes, { decided_at: at, decided_by: ctx.actor.userId, confirmed_on: shanghaiDate(ctx.now) });
        break;
      case 'reject':
      case 'revoke':
        Object.assign(changes, { decided_at: at, decided_by: ctx.actor.userId, reason, confirmed_on: null });
        break;
    }
    const id = row?.id ?? newId();
    // The audit event before the row: it takes the audit chain's lock (PostgreSQL), which a reopening (回头看) holds
    // before it reads and writes this row (undoAttainmentOnReopen). Taken in that order here too, the two wait in
    // turn, not on each other (a deadlock); the conditional write below then sees a reopening committed meanwhile.
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'attainment.transitioned',
        action: body.action,
        from: status,
        to: t.to,
        text: body.action === 'propose' ? note : reason,
        problemId: null,
      },
      { entityType: 'attainment', entityId: id, organizationId: c.organization_id },
    );
    await write(trx, id, c, row, changes, body.version, at);
    await repo.insertHistory(trx, {
      id: newId(),
      attainment_id: id,
      action: body.action,
      from_status: status,
      to_status: t.to,
      actor_id: ctx.actor.userId,
      at,
      text: body.action === 'propose' ? note : reason,
      problem_id: null,
    });
    // 达标 confirmed or taken back: a public event of the ledger (modules/portal).
    if (body.action === 'confirm' || (body.action === 'revoke' && status === 'confirmed')) {
      const kind = body.action === 'confirm' ? 'attained' : 'revoked';
      await notePublicAttainmentEvent(trx, ctx, {
        kind,
        organizationId: c.organization_id,
        roundId: c.round_id,
        confirmedOn: shanghaiDate(ctx.now),
      });
    }
    return detail(ctx, trx, checklistId);
  });
}

/** Inserts the first proposal as `id` (the unique checklist key settles a race) or updates `row` on `version`. */
async function write(
  trx: Executor,
  id: string,
  c: Checklist,
  row: VillageAttainmentsTable | undefined,
  changes: repo.AttainmentChanges,
  version: number,
  at: string,
): Promise<void> {
  if (row) {
    if (!(await repo.updateIfVersion(trx, row.id, version, changes, at))) throw conflict(ATTAINMENT);
    return;
  }
  try {
    await repo.insert(trx, {
      id,
      checklist_id: c.id,
      round_id: c.round_id,
      organization_id: c.organization_id,
      status: changes.status!,
      note: changes.note ?? null,
      evidence_ids: changes.evidence_ids ?? '[]',
      proposed_at: changes.proposed_at ?? null,
      proposed_by: changes.proposed_by ?? null,
      decided_at: null,
      decided_by: null,
      reason: null,
      confirmed_on: null,
      version: 1,
      created_at: at,
      updated_at: at,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(ATTAINMENT);
    throw err;
  }
}

/** What 回头看 does to a village's 达标 of the reopened problem's round: takes it back, or sends the proposal back. */
function reopeningAction(status: AttainmentStatus): 'revoke' | 'reject' | null {
  switch (status) {
    case 'confirmed':
      return 'revoke';
    case 'proposed':
      return 'reject';
    case 'none':
    case 'returned':
    case 'revoked':
      return null;
  }
}

/**
 * 回头看: a reopened problem takes back its village's confirmed 达标 of the
 * problem's round, or sends back a proposal still awaiting confirmation,
 * inside the reopening's transaction, with the reopening's reason and the
 * problem recorded (history row and audit event). The proposal is written too
 * so that a confirmation which counted the round's unsettled problems before
 * this reopening committed (PostgreSQL, read committed) fails its version
 * guard instead of confirming a village with a reopened problem. Nothing
 * happens for a problem outside any round or a village neither proposed nor
 * confirmed. The caller has recorded its own audit event already, so it holds
 * the audit chain's lock (PostgreSQL) before this reads the row: a 达标 step
 * (transitionAttainment) takes that lock before writing the row, and cannot
 * commit between this read and this write. Throws CONFLICT.
 */
export async function undoAttainmentOnReopen(
  trx: Executor,
  ctx: AuthedContext,
  p: { id: string; code: string; organization_id: string; source_round_id: string | null },
  reason: string,
): Promise<void> {
  if (!p.source_round_id) return;
  const row = await repo.findOfVillageRound(trx, p.source_round_id, p.organization_id);
  if (!row) return;
  const from = row.status as AttainmentStatus;
  const action = reopeningAction(from);
  if (!action || !canAttainmentTransition(action, from)) return;
  const to = ATTAINMENT_WORKFLOW[action].to;
  const at = ctx.now.toISOString();
  const text = `问题 ${p.code} 回头看重新整改：${reason}`;
  if (
    !(await repo.updateIfVersion(
      trx,
      row.id,
      row.version,
      { status: to, reason: text, confirmed_on: null, decided_at: at, decided_by: ctx.actor.userId },
      at,
    ))
  )
    throw conflict(ATTAINMENT);
  await repo.insertHistory(trx, {
    id: newId(),
    attainment_id: row.id,
    action,
    from_status: from,
    to_status: to,
    actor_id: ctx.actor.userId,
    at,
    text,
    problem_id: p.id,
  });
  await recordAuditEvent(
    trx,
    ctx,
    { type: 'attainment.transitioned', action, from, to, text, problemId: p.id },
    { entityType: 'attainment', entityId: row.id, organizationId: p.organization_id },
  );
  if (from === 'confirmed') {
    await notePublicAttainmentEvent(trx, ctx, { kind: 'revoked', organizationId: p.organization_id, roundId: p.source_round_id });
  }
}
