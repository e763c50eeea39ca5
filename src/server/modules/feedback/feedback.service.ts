import { type Masker, maskWithWriter } from '../../../domain/masking.ts';
import type {
  ConvertFeedbackBody,
  FeedbackAction,
  FeedbackForm,
  FeedbackItem,
  FeedbackList,
  FeedbackListQuery,
  FeedbackStatus,
  ModerateFeedbackBody,
} from '../../../domain/contracts/feedback.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, AuthedContext, Executor, ServiceContext } from '../../http/context.ts';
import { AppError, archivedReadOnly, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import { loadReadable as loadReadableOrg } from '../organizations/organizations.service.ts';
import { handEntryDefaults, insertProblem } from '../problems/problems.service.ts';
import { notePortalChange } from '../portal/portal.cache.ts';
import { loadMasker } from '../portal/portal.mask.ts';
import * as portalRepo from '../portal/portal.repository.ts';
import { loadPortalSettings } from '../portal/portal-settings.ts';
import { appendPublicEvent } from '../portal/public-chain.service.ts';
import { checkFeedbackToken, FEEDBACK_PER_WINDOW, FEEDBACK_WINDOW_MS, sourceOf } from './feedback-token.ts';
import * as repo from './feedback.repository.ts';

/**
 * 群众监督: villagers leave feedback on the portal without an account; it waits
 * in a moderation queue; moderators (feedback.moderate over the village)
 * publish it (with a public reply), reply later, or reject it with a reason;
 * an officer may record a ledger problem from it. Every step is one
 * transaction with its audit event; publishing and replying are public events
 * of the ledger (masked).
 */

const FEEDBACK = '留言';

/** Why a submission was refused, in words for the visitor; `status` is the HTTP answer. */
export class FeedbackRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 429,
  ) {
    super(message);
  }
}

/**
 * Stores a villager's feedback (pending moderation) with its audit event
 * (no actor). The honeypot field filled in: answered as if stored, nothing
 * kept. Throws FeedbackRefused (time trap, unknown village or problem,
 * feedback closed).
 */
export async function submitFeedback(
  ctx: ServiceContext,
  secret: string,
  form: FeedbackForm,
): Promise<{ id: string | null; villageId: string }> {
  if (form.website) return { id: null, villageId: form.villageId };
  switch (checkFeedbackToken(secret, form.token, ctx.now)) {
    case 'ok':
      break;
    case 'too_fast':
      throw new FeedbackRefused('提交太快了，请稍等几秒再提交（防止机器自动提交）。', 400);
    case 'expired':
      throw new FeedbackRefused('页面打开太久了，请重新打开页面后再留言。', 400);
    case 'missing':
    case 'forged':
      throw new FeedbackRefused('请从村页面的留言表单提交。', 400);
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    // The sender's limit, kept in the database so that it holds across instances (a keyed hash of the address, not
    // the address). Counted before this one; two at the same moment may both pass (a limit, not a lock).
    const at = ctx.now.toISOString();
    const source = sourceOf(secret, ctx.ip);
    const since = new Date(ctx.now.getTime() - FEEDBACK_WINDOW_MS).toISOString();
    if ((await repo.countFromSource(trx, source, since)) >= FEEDBACK_PER_WINDOW)
      throw new FeedbackRefused('留言太频繁了，请过一会儿再提交。', 429);
    await repo.insertSubmission(trx, { id: newId(), source, at });
    await repo.pruneSubmissions(trx, new Date(ctx.now.getTime() - 6 * FEEDBACK_WINDOW_MS).toISOString());
    const village = await portalRepo.findVillage(trx, form.villageId);
    if (!village) throw new FeedbackRefused('没有找到这个村。', 404);
    if (!(await loadPortalSettings(trx)).feedbackOpen) throw new FeedbackRefused('留言暂未开放。', 409);
    const problemId = form.problemId || null;
    if (problemId) {
      const p = await portalRepo.findPublicProblem(trx, problemId);
      if (!p || p.organization_id !== village.id) throw new FeedbackRefused('没有找到这个问题，请重新选择。', 400);
    }
    const id = newId();
    await repo.insert(trx, {
      id,
      organization_id: village.id,
      org_path: village.path,
      problem_id: problemId,
      kind: form.kind,
      body: form.body,
      public_body: null,
      author_name: form.name || null,
      status: 'pending',
      reply: null,
      replied_at: null,
      replied_by: null,
      reject_reason: null,
      moderated_at: null,
      moderated_by: null,
      published_at: null,
      converted_problem_id: null,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'feedback.received', after: { kind: form.kind, problemId, length: form.body.length } },
      { entityType: 'feedback', entityId: id, organizationId: village.id },
      null,
    );
    return { id, villageId: village.id };
  });
}

function allowedActions(actor: Actor, f: repo.FeedbackRow): FeedbackAction[] {
  if (!actorCan(actor, 'feedback.moderate', f.org_path) || f.organization_archived_at !== null) return [];
  const out: FeedbackAction[] = [];
  if (f.status === 'pending') out.push('publish', 'reject');
  if (f.status === 'published') out.push('reply', 'withdraw');
  if (!f.converted_problem_id && actorCan(actor, 'problem.create', f.org_path)) out.push('convert');
  return out;
}

function present(actor: Actor, f: repo.FeedbackRow, masker: Masker): FeedbackItem {
  return {
    id: f.id,
    village: { id: f.organization_id, name: f.organization_name },
    problem: f.problem_id ? { id: f.problem_id, code: f.problem_code ?? '', description: f.problem_description ?? '' } : null,
    kind: f.kind as FeedbackItem['kind'],
    body: f.body,
    publicPreview: maskWithWriter(masker, f.public_body ?? f.body, f.author_name),
    publicEdited: f.public_body !== null,
    authorName: f.author_name,
    status: f.status as FeedbackStatus,
    reply: f.reply,
    rejectReason: f.reject_reason,
    createdAt: f.created_at,
    moderatedAt: f.moderated_at,
    moderatedByName: f.moderated_by_name,
    publishedAt: f.published_at,
    convertedProblem: f.converted_problem_id ? { id: f.converted_problem_id, code: f.converted_problem_code ?? '' } : null,
    version: Number(f.version),
    allowedActions: allowedActions(actor, f),
  };
}

async function loadModeratable(ctx: AuthedContext, db: Executor, id: string): Promise<repo.FeedbackRow> {
  const f = await repo.findById(db, id);
  if (!f || !actorCan(ctx.actor, 'feedback.moderate', f.org_path)) throw notFound(FEEDBACK);
  return f;
}

/** An archived (撤销) village's feedback is kept as it was: its moderation would write to the public ledger. Throws CONFLICT. */
function refuseArchivedVillage(f: repo.FeedbackRow): void {
  if (f.organization_archived_at !== null) throw archivedReadOnly(f.organization_name);
}

/** The moderation queue and history within the moderator's scope. Throws FORBIDDEN without feedback.moderate, NOT_FOUND (organization). */
export async function listFeedback(ctx: AuthedContext, query: FeedbackListQuery): Promise<FeedbackList> {
  const roots = scopeRoots(ctx.actor.assignments, 'feedback.moderate');
  if (roots.length === 0) throw forbidden('只有区党群工作部干部可以审核群众留言');
  const organizationPath = query.organizationId ? (await loadReadableOrg(ctx, ctx.db.kysely, query.organizationId)).path : undefined;
  const filter: repo.FeedbackFilter = { scopeRoots: roots, status: query.status, organizationPath, problemId: query.problemId };
  const [{ rows, total }, counts] = await Promise.all([
    repo.list(ctx.db.kysely, filter, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countByStatus(ctx.db.kysely, { ...filter, status: undefined }),
  ]);
  const masker = await loadMasker(ctx.db.kysely);
  return { items: rows.map((r) => present(ctx.actor, r, masker)), total, page: query.page, pageSize: query.pageSize, counts };
}

/** Throws NOT_FOUND (absent or outside the moderator's scope). */
export async function getFeedback(ctx: AuthedContext, id: string): Promise<FeedbackItem> {
  return present(ctx.actor, await loadModeratable(ctx, ctx.db.kysely, id), await loadMasker(ctx.db.kysely));
}

/**
 * Publishes (with an optional public reply), replies to a published one,
 * rejects a pending one or withdraws a published one with a reason: one
 * transaction with its audit event, and for publish, reply and withdraw a
 * public event of the ledger (masked text; a withdrawal names no reason).
 * Throws NOT_FOUND, VALIDATION_FAILED (reason or reply missing), INVALID_TRANSITION, CONFLICT.
 */
export async function moderateFeedback(ctx: AuthedContext, id: string, body: ModerateFeedbackBody): Promise<FeedbackItem> {
  const result = await ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await loadModeratable(ctx, trx, id);
    refuseArchivedVillage(f);
    if (f.version !== body.version) throw conflict(FEEDBACK);
    const at = ctx.now.toISOString();
    const reply = body.reply?.trim() || null;
    // A reason goes with a rejection or a withdrawal only: with a publish or a reply it was dropped without a word.
    if (body.reason !== undefined && body.action !== 'reject' && body.action !== 'withdraw')
      throw new AppError('VALIDATION_FAILED', '只有不予公开或撤下留言时填写理由 (a reason goes with reject or withdraw only)', {
        fields: [{ in: 'body', path: 'reason', message: 'reject or withdraw only' }],
      });
    if (body.publicText !== undefined && body.action !== 'publish')
      throw new AppError('VALIDATION_FAILED', '只有公开留言时可以修改公开内容 (publicText goes with publish only)', {
        fields: [{ in: 'body', path: 'publicText', message: 'publish only' }],
      });
    // What goes public: the moderator's edit when it differs from what was written.
    const publicBody = body.publicText !== undefined && body.publicText !== f.body ? body.publicText : null;
    const village = { id: f.organization_id, name: f.organization_name };
    const masker = await loadMasker(trx);
    let changes: repo.FeedbackChanges;
    switch (body.action) {
      case 'publish':
        if (f.status !== 'pending')
          throw new AppError('INVALID_TRANSITION', '只有待审核的留言可以公开 (only pending feedback can be published)');
        changes = {
          status: 'published',
          public_body: publicBody,
          published_at: at,
          moderated_at: at,
          moderated_by: ctx.actor.userId,
          ...(reply && { reply, replied_at: at, replied_by: ctx.actor.userId }),
        };
        break;
      case 'reply':
        if (f.status !== 'published') throw new AppError('INVALID_TRANSITION', '只能答复已公开的留言 (reply to published feedback only)');
        if (!reply)
          throw new AppError('VALIDATION_FAILED', '请填写答复内容 (the reply is empty)', {
            fields: [{ in: 'body', path: 'reply', message: 'required' }],
          });
        changes = { reply, replied_at: at, replied_by: ctx.actor.userId };
        break;
      case 'reject': {
        if (f.status !== 'pending')
          throw new AppError('INVALID_TRANSITION', '只有待审核的留言可以不予公开 (only pending feedback can be rejected)');
        const reason = body.reason?.trim();
        if (!reason)
          throw new AppError('VALIDATION_FAILED', '不予公开需要填写理由 (a rejection needs its reason)', {
            fields: [{ in: 'body', path: 'reason', message: 'required' }],
          });
        changes = { status: 'rejected', reject_reason: reason, moderated_at: at, moderated_by: ctx.actor.userId };
        break;
      }
      case 'withdraw': {
        if (f.status !== 'published')
          throw new AppError('INVALID_TRANSITION', '只有已公开的留言可以撤下 (only published feedback can be withdrawn)');
        const reason = body.reason?.trim();
        if (!reason)
          throw new AppError('VALIDATION_FAILED', '撤下留言需要填写理由 (a withdrawal needs its reason)', {
            fields: [{ in: 'body', path: 'reason', message: 'required' }],
          });
        // The reason is kept where a rejection's is (never shown on the portal).
        changes = { status: 'withdrawn', reject_reason: reason, moderated_at: at, moderated_by: ctx.actor.userId };
        break;
      }
    }
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, at))) throw conflict(FEEDBACK);
    const target = { entityType: 'feedback' as const, entityId: id, organizationId: f.organization_id };
    switch (body.action) {
      case 'publish':
        await recordAuditEvent(
          trx,
          ctx,
          { type: 'feedback.published', reply, ...(publicBody !== null && { publicText: publicBody }) },
          target,
        );
        await appendPublicEvent(trx, ctx, {
          type: 'feedback.published',
          village,
          feedbackId: id,
          problem: f.problem_id ? { id: f.problem_id, code: f.problem_code ?? '' } : null,
          text: maskWithWriter(masker, publicBody ?? f.body, f.author_name),
          reply: reply ? maskWithWriter(masker, reply, f.author_name) : null,
        });
        break;
      case 'reply':
        await recordAuditEvent(trx, ctx, { type: 'feedback.replied', before: f.reply, reply: reply! }, target);
        await appendPublicEvent(trx, ctx, {
          type: 'feedback.replied',
          village,
          feedbackId: id,
          reply: maskWithWriter(masker, reply, f.author_name),
        });
        break;
      case 'reject':
        await recordAuditEvent(trx, ctx, { type: 'feedback.rejected', reason: changes.reject_reason! }, target);
        break;
      case 'withdraw':
        await recordAuditEvent(trx, ctx, { type: 'feedback.withdrawn', reason: changes.reject_reason! }, target);
        // The public ledger keeps that it was shown, and now that it was taken down (not why).
        await appendPublicEvent(trx, ctx, { type: 'feedback.withdrawn', village, feedbackId: id });
        break;
    }
    return (await repo.findById(trx, id))!;
  });
  notePortalChange();
  // Presented after COMMIT: the masking dictionary is read on the database's own connection.
  return present(ctx.actor, result, await loadMasker(ctx.db.kysely));
}

/**
 * Records a ledger problem from a feedback, in the feedback's village, and
 * links the two (the feedback names the problem; the problem's feedback is
 * found by it). Throws NOT_FOUND, FORBIDDEN (problem.create), CONFLICT (stale or already converted), VALIDATION_FAILED.
 */
export async function convertFeedback(ctx: AuthedContext, id: string, body: ConvertFeedbackBody): Promise<FeedbackItem> {
  const result = await ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await loadModeratable(ctx, trx, id);
    refuseArchivedVillage(f);
    if (f.version !== body.version) throw conflict(FEEDBACK);
    if (f.converted_problem_id) throw new AppError('CONFLICT', '这条留言已转为台账问题 (already recorded as a problem)');
    const { version, ...problem } = body;
    // What a problem recorded by hand gets where left empty: a deadline, the village secretary, the village.
    const problemId = await insertProblem(
      ctx,
      trx,
      await handEntryDefaults(trx, { ...problem, organizationId: f.organization_id }, ctx.now),
    );
    const at = ctx.now.toISOString();
    if (!(await repo.updateIfVersion(trx, id, version, { converted_problem_id: problemId }, at))) throw conflict(FEEDBACK);
    const row = (await repo.findById(trx, id))!;
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'feedback.converted', problemId, code: row.converted_problem_code ?? '' },
      { entityType: 'feedback', entityId: id, organizationId: f.organization_id },
    );
    return row;
  });
  notePortalChange();
  // Presented after COMMIT: the masking dictionary is read on the database's own connection.
  return present(ctx.actor, result, await loadMasker(ctx.db.kysely));
}
