import type { EvidencePublication, EvidencePublicationBody, ProblemPublication } from '../../../domain/contracts/portal.ts';
import type { AuthedContext } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as evidenceRepo from '../evidence/evidence.repository.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { canReadProblem } from '../problems/problems.policy.ts';
import * as problemsRepo from '../problems/problems.repository.ts';
import { notePortalChange } from './portal.cache.ts';
import * as repo from './publication.repository.ts';

/**
 * Which evidence photos of a problem show on the portal (per photo, with a
 * caption). Only photos (images) can be published; a problem's photos show
 * only while the problem itself is public (its 公示 switch).
 */

/** The photos of a problem with their publication. Throws NOT_FOUND (absent or outside scope). */
export async function getProblemPublication(ctx: AuthedContext, problemId: string): Promise<ProblemPublication> {
  const p = await problemsRepo.findPlain(ctx.db.kysely, problemId);
  if (!p || !canReadProblem(ctx.actor, p)) throw notFound('问题');
  const [evidence, published] = await Promise.all([
    evidenceRepo.listForProblem(ctx.db.kysely, problemId),
    repo.listPublishedOf(ctx.db.kysely, problemId),
  ]);
  const byId = new Map(published.map((r) => [r.evidence_id, r]));
  return {
    problemId,
    isPublic: Number(p.is_public) === 1,
    photos: evidence
      .filter((e) => e.mime.startsWith('image/'))
      .map((e) => ({
        evidenceId: e.id,
        originalName: e.original_name,
        uploadedAt: e.uploaded_at,
        published: byId.has(e.id),
        caption: byId.get(e.id)?.caption ?? null,
      })),
    canPublish: actorCan(ctx.actor, 'portal.publish', p.org_path),
  };
}

/**
 * Shows or hides one photo on the portal (and sets its caption), audited; made on the publication the screen showed
 * (`before`), so that two moderators' captions do not overwrite each other.
 * Throws NOT_FOUND (absent or outside scope), FORBIDDEN (no portal.publish), UNSUPPORTED_MEDIA_TYPE (not a photo),
 * CONFLICT (changed by someone else since `before`, to something else than asked).
 */
export async function setEvidencePublication(
  ctx: AuthedContext,
  evidenceId: string,
  body: EvidencePublicationBody,
): Promise<EvidencePublication> {
  const result = await ctx.db.kysely.transaction().execute(async (trx) => {
    const e = await evidenceRepo.findById(trx, evidenceId);
    const org = e ? await orgRepo.findById(trx, e.organization_id) : undefined;
    if (!e || !org || !actorCan(ctx.actor, 'problem.read', org.path)) throw notFound('佐证材料');
    if (!actorCan(ctx.actor, 'portal.publish', org.path)) throw forbidden('您没有选择公示照片的权限');
    if (!e.mime.startsWith('image/'))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只有照片可以在公开台账上展示 (only photos can be published)');
    const before = await repo.find(trx, evidenceId);
    const caption = body.caption === undefined ? (before?.caption ?? null) : body.caption || null;
    const after = { published: body.published, caption: body.published ? caption : null };
    const was = { published: Boolean(before), caption: before?.caption ?? null };
    if (was.published === after.published && was.caption === after.caption) {
      return { evidenceId, ...after };
    }
    if (was.published !== body.before.published || was.caption !== (body.before.published ? body.before.caption : null)) {
      throw conflict('该照片的公示设置');
    }
    if (body.published)
      await repo.upsert(trx, { evidence_id: evidenceId, caption, published_at: ctx.now.toISOString(), published_by: ctx.actor.userId });
    else await repo.remove(trx, evidenceId);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'evidence.publication_changed', before: was, after },
      { entityType: 'evidence', entityId: evidenceId, organizationId: e.organization_id },
    );
    return { evidenceId, ...after };
  });
  notePortalChange();
  return result;
}
