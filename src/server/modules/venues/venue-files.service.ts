import { createHash } from 'node:crypto';
import { safeFileName } from '../../http/multipart.ts';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { VenueFile, VenueFileFields } from '../../../domain/contracts/venues.ts';
import { ACCEPTED_EVIDENCE_LABEL, nameForType, sniffFileType } from '../../../domain/file-types.ts';
import { isFunded, isPlanEditable, takesMilestones, type VenueProjectStatus } from '../../../domain/venue-project-workflow.ts';
import type { VenueFilesTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext } from '../../http/context.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import * as fundsRepo from './funds.repository.ts';
import * as projectsRepo from './venue-projects.repository.ts';
import { canManageFund, canManageVenues, canReadVenues, refuseArchivedVenue } from './venues.policy.ts';
import { presentFile } from './venues.presenter.ts';
import type { PendingUpload } from '../evidence/evidence.service.ts';
import * as repo from './venues.repository.ts';

/** The evidence store's layout (modules/evidence): DATA_DIR/files/<first two hex>/<sha256>, content-addressed. */
function storedPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

const settled = (what: string) => new AppError('INVALID_TRANSITION', what);

/** Who may attach what, and where it belongs. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION. */
async function ownerOf(ctx: AuthedContext, trx: Parameters<typeof repo.findById>[0], f: VenueFileFields) {
  if (f.venueId) {
    const v = await repo.findById(trx, f.venueId);
    if (!v || !canReadVenues(ctx.actor, v.org_path)) throw notFound('活动场所');
    if (!canManageVenues(ctx.actor, v.org_path)) throw forbidden('您没有为此活动场所上传照片的权限');
    refuseArchivedVenue(v);
    return {
      venueId: v.id,
      projectId: null,
      milestoneId: null,
      spendingId: null,
      purpose: 'venue_photo',
      orgId: v.organization_id,
      orgPath: v.org_path,
    };
  }
  const projectId = f.projectId ?? (f.milestoneId ? (await projectsRepo.findMilestone(trx, f.milestoneId))?.project_id : undefined);
  const spending = f.spendingId ? await fundsRepo.findSpending(trx, f.spendingId) : undefined;
  const p = await projectsRepo.findById(trx, projectId ?? spending?.project_id ?? '00000000-0000-0000-0000-000000000000');
  if (!p || !canReadVenues(ctx.actor, p.org_path)) throw notFound(f.milestoneId ? '施工进度' : f.spendingId ? '资金支出' : '整改项目');
  const status = p.status as VenueProjectStatus;
  const base = { venueId: p.venue_id, projectId: p.id, orgId: p.organization_id, orgPath: p.org_path };
  if (f.projectId) {
    if (!actorCan(ctx.actor, 'venue_project.draft', p.org_path)) throw forbidden('您没有为此项目上传方案材料的权限');
    refuseArchivedVenue(p);
    if (!isPlanEditable(status)) throw settled('方案已报出，不能再上传方案材料 (the plan is no longer a draft)');
    return { ...base, milestoneId: null, spendingId: null, purpose: 'plan' };
  }
  if (f.milestoneId) {
    if (!actorCan(ctx.actor, 'venue_project.works', p.org_path)) throw forbidden('您没有为此项目上传施工照片的权限');
    refuseArchivedVenue(p);
    if (!takesMilestones(status)) throw settled('项目不在施工中，不能再上传施工照片 (photos are taken while in works)');
    return { ...base, milestoneId: f.milestoneId, spendingId: null, purpose: 'milestone_photo' };
  }
  if (!canManageFund(ctx.actor, p.org_path)) throw forbidden('只有财政局可以上传支出凭证');
  refuseArchivedVenue(p);
  if (!isFunded(status)) throw settled('方案评审通过后才能登记支出凭证');
  return { ...base, milestoneId: null, spendingId: spending!.id, purpose: 'voucher' };
}

/**
 * Stores a venue photo, a plan attachment, a milestone photo or a voucher in the evidence store. The body is read
 * only once the actor may attach it there (a refused upload is not buffered), and the check is made again in the
 * transaction (as evidence uploads do).
 * Throws NOT_FOUND, FORBIDDEN, CONFLICT (archived village), UNSUPPORTED_MEDIA_TYPE, INVALID_TRANSITION (the owner no
 * longer takes files), VALIDATION_FAILED (empty), PAYLOAD_TOO_LARGE.
 */
export async function uploadVenueFile(
  ctx: AuthedContext,
  dataDir: string,
  fields: VenueFileFields,
  upload: PendingUpload,
): Promise<VenueFile> {
  await ownerOf(ctx, ctx.db.kysely, fields);
  const bytes = await upload.read();
  const fileName = upload.name;
  if (bytes.length === 0)
    throw new AppError('VALIDATION_FAILED', '文件是空的（0 字节），请重新选择文件 (the file is empty)', {
      fields: [{ in: 'body', path: 'file', message: 'empty file' }],
    });
  const sniffed = sniffFileType(bytes, fileName);
  if (!sniffed) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `文件内容不是可接受的类型。可上传：${ACCEPTED_EVIDENCE_LABEL}`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const owner = await ownerOf(ctx, trx, fields);
    const file = storedPath(dataDir, sha256);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${newId()}.tmp`;
      writeFileSync(tmp, bytes, { mode: 0o640 });
      renameSync(tmp, file);
    }
    const row: VenueFilesTable = {
      id: newId(),
      venue_id: owner.venueId,
      project_id: owner.projectId,
      milestone_id: owner.milestoneId,
      spending_id: owner.spendingId,
      purpose: owner.purpose,
      sha256,
      size: bytes.length,
      mime: sniffed.mime,
      original_name: nameForType(safeFileName(fileName), sniffed.mime),
      organization_id: owner.orgId,
      org_path: owner.orgPath,
      uploaded_by: ctx.actor.userId,
      uploaded_at: ctx.now.toISOString(),
    };
    await repo.insertFile(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'venue_file.uploaded',
        after: {
          purpose: row.purpose,
          name: row.original_name,
          mime: row.mime,
          size: row.size,
          sha256,
          projectId: row.project_id,
          milestoneId: row.milestone_id,
          spendingId: row.spending_id,
        },
      },
      { entityType: owner.projectId ? 'venue_project' : 'venue', entityId: owner.projectId ?? owner.venueId, organizationId: owner.orgId },
    );
    return presentFile({ ...row, uploaded_by_name: ctx.actor.displayName });
  });
}

/** Reads a venue file for download once the reader may see its venue. Throws NOT_FOUND. */
export async function readVenueFile(ctx: AuthedContext, dataDir: string, id: string) {
  const f = await repo.findFile(ctx.db.kysely, id);
  if (!f || !canReadVenues(ctx.actor, f.org_path)) throw notFound('文件');
  const file = storedPath(dataDir, f.sha256);
  if (!existsSync(file)) throw new AppError('NOT_FOUND', '文件已丢失，请联系管理员从备份恢复');
  return { bytes: readFileSync(file), mime: f.mime, name: nameForType(f.original_name, f.mime) };
}
