import { shanghaiDate } from '../../../domain/time.ts';
import type { Executor, ServiceContext } from '../../http/context.ts';
import * as problemsRepo from '../problems/problems.repository.ts';
import { TransactionMasker } from './portal.mask.ts';
import { loadPortalSettings } from './portal-settings.ts';
import { appendPublicEvent } from './public-chain.service.ts';

/**
 * The ledger's own public events, called from the problems service inside its
 * transactions (one line each there): a problem recorded or switched public
 * (问题公示) or taken off, a status change, a progress note. Nothing is
 * appended for a problem that is not public; free text is masked first.
 */
export type ProblemPublicChange =
  /** A problem was recorded (by hand, at inspection, by import, or from feedback). */
  | { kind: 'created'; problemId: string }
  /** Its fields were edited; `wasPublic` is its 公示 switch before the edit. */
  | { kind: 'updated'; problemId: string; wasPublic: boolean }
  | { kind: 'status_changed'; problemId: string; from: string; to: string }
  | { kind: 'progress_posted'; problemId: string; text: string };

/**
 * One Masker per transaction (portal.mask.ts TransactionMasker): an import of hundreds of rows reads the
 * dictionary once, and the names its own rows add are masked in the rows after them.
 */
const maskers = new WeakMap<object, Promise<TransactionMasker>>();

function maskerFor(trx: Executor): Promise<TransactionMasker> {
  let m = maskers.get(trx);
  if (!m) {
    m = TransactionMasker.open(trx);
    maskers.set(trx, m);
  }
  return m;
}

export async function notePublicProblemEvent(
  trx: Executor,
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  change: ProblemPublicChange,
  /** The problem's row as the caller just wrote it, when it has it (else read here). */
  known?: problemsRepo.ProblemWithLabels,
): Promise<void> {
  const p = known ?? (await problemsRepo.findById(trx, change.problemId));
  if (!p) return;
  const isPublic = Number(p.is_public) === 1;
  const village = { id: p.organization_id, name: p.organization_name };
  const problem = { id: p.id, code: p.code };
  const published = async () => {
    const m = await maskerFor(trx);
    await appendPublicEvent(trx, ctx, {
      type: 'problem.published',
      village,
      problem,
      area: p.area_name ?? '其他',
      description: await m.text(trx, p.description),
      // 整改时限 hidden from the portal (its settings) is kept off the permanent ledger too.
      dueOn: (await loadPortalSettings(trx)).showDeadlines ? p.due_on : null,
      status: p.status,
    });
  };
  switch (change.kind) {
    case 'created':
      if (isPublic) await published();
      return;
    case 'updated':
      if (isPublic && !change.wasPublic) await published();
      else if (!isPublic && change.wasPublic) await appendPublicEvent(trx, ctx, { type: 'problem.unpublished', village, problem });
      return;
    case 'status_changed':
      if (isPublic)
        await appendPublicEvent(trx, ctx, { type: 'problem.status_changed', village, problem, from: change.from, to: change.to });
      return;
    case 'progress_posted': {
      if (!isPublic || !(await loadPortalSettings(trx)).showProgressNotes) return;
      const m = await maskerFor(trx);
      await appendPublicEvent(trx, ctx, { type: 'problem.progress_posted', village, problem, text: await m.text(trx, change.text) });
      return;
    }
  }
}

/**
 * 达标 on the public ledger, called from the attainments module inside its
 * transactions: the district confirmed a village meets the standard in a
 * round, or a confirmed 达标 was taken back (by the district, or by 回头看
 * reopening a problem). Nothing while the district hides scores and 达标.
 */
export async function notePublicAttainmentEvent(
  trx: Executor,
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  change: { kind: 'attained' | 'revoked'; organizationId: string; roundId: string; confirmedOn?: string | null },
): Promise<void> {
  if (!(await loadPortalSettings(trx)).showScores) return;
  const names = await namesOf(trx, change.organizationId, change.roundId);
  if (!names) return;
  const village = { id: change.organizationId, name: names.village };
  if (change.kind === 'attained') {
    await appendPublicEvent(trx, ctx, {
      type: 'village.attained',
      village,
      round: names.round,
      confirmedOn: change.confirmedOn ?? shanghaiDate(ctx.now),
      score: null,
    });
  } else {
    await appendPublicEvent(trx, ctx, { type: 'village.attainment_revoked', village, round: names.round });
  }
}

async function namesOf(trx: Executor, organizationId: string, roundId: string): Promise<{ village: string; round: string } | null> {
  const [org, round] = await Promise.all([
    trx.selectFrom('organizations').select('name').where('id', '=', organizationId).executeTakeFirst(),
    trx.selectFrom('inspection_rounds').select('name').where('id', '=', roundId).executeTakeFirst(),
  ]);
  return org && round ? { village: org.name, round: round.name } : null;
}

/**
 * 清零 on the public ledger, called from the venue campaign inside the
 * accepting transaction: an accepted project left its venue passing every
 * rule. Nothing while the district hides the venue state.
 */
export async function notePublicVenueCleared(
  trx: Executor,
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  cleared: { village: { id: string; name: string }; venue: { id: string; name: string }; projectKind: string | null; clearedOn: string },
): Promise<void> {
  if (!(await loadPortalSettings(trx)).showVenues) return;
  const m = await maskerFor(trx);
  await appendPublicEvent(trx, ctx, {
    type: 'venue.cleared',
    village: cleared.village,
    venue: { id: cleared.venue.id, name: await m.text(trx, cleared.venue.name) },
    projectKind: cleared.projectKind,
    clearedOn: cleared.clearedOn,
  });
}
