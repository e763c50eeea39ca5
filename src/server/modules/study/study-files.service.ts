import { createHash } from 'node:crypto';
import { safeFileName } from '../../http/multipart.ts';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StudyFile, StudyFileFields } from '../../../domain/contracts/study.ts';
import { ACCEPTED_AUDIO_LABEL, ACCEPTED_EVIDENCE_LABEL, nameForType, sniffAudioType, sniffFileType } from '../../../domain/file-types.ts';
import type { StudyFilesTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as dutyRepo from '../duty/duty.repository.ts';
import { canManageDuty, canReadStudy, canRecordStudy } from './study.policy.ts';
import { presentFile } from './study.presenter.ts';
import * as repo from './study.repository.ts';
import { refuseArchived, refuseArchivedOrg } from './study-scope.ts';

/** The evidence store's layout (modules/evidence): DATA_DIR/files/<first two hex>/<sha256>, content-addressed. */
function storedPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

/** Writes bytes into the evidence store once (the same file uploaded twice is stored once). */
export function storeBytes(dataDir: string, bytes: Buffer): string {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = storedPath(dataDir, sha256);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${newId()}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o640 });
    renameSync(tmp, file);
  }
  return sha256;
}

/** What the purpose takes, by content: photos for photos, audio for a recording, documents or photos for materials. */
function sniff(purpose: StudyFileFields['purpose'], bytes: Buffer, fileName: string) {
  if (purpose === 'recording') {
    const t = sniffAudioType(bytes, fileName);
    if (!t)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `录音文件的内容不是可接受的音频。可上传：${ACCEPTED_AUDIO_LABEL}（按文件内容判断）`);
    return t;
  }
  const t = sniffFileType(bytes, fileName);
  if (!t)
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `文件内容不是可接受的类型。可上传：${ACCEPTED_EVIDENCE_LABEL}（按文件内容判断，而非文件名）`,
    );
  if ((purpose === 'photo' || purpose === 'duty_photo') && !t.mime.startsWith('image/'))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片须为 JPG、PNG、GIF 或 WebP 图片');
  return t;
}

/** Where a file belongs and whether the actor may attach it. Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED, CONFLICT (archived). */
async function ownerOf(ctx: AuthedContext, db: Executor, f: StudyFileFields) {
  if (f.sessionId) {
    const s = await repo.findSession(db, f.sessionId);
    if (!s || !canReadStudy(ctx.actor, s.org_path)) throw notFound('学习活动');
    if (!canRecordStudy(ctx.actor, s.org_path)) throw forbidden('您没有为该学习活动上传材料的权限');
    refuseArchived({ name: s.organization_name, archived_at: s.organization_archived_at });
    if (f.purpose === 'recording' && s.kind !== 'broadcast')
      throw new AppError('VALIDATION_FAILED', '只有广播学习上传录音 (a recording belongs to a broadcast lesson)', {
        fields: [{ in: 'body', path: 'purpose', message: 'not a broadcast lesson' }],
      });
    return { sessionId: s.id, signinId: null, orgId: s.organization_id, orgPath: s.org_path, entity: 'study_session' as const };
  }
  const s = await dutyRepo.findSignin(db, f.signinId!);
  if (!s || !canReadStudy(ctx.actor, s.org_path)) throw notFound('值班签到');
  if (s.user_id !== ctx.actor.userId && !canManageDuty(ctx.actor, s.org_path)) throw forbidden('只能为自己的值班签到上传照片');
  await refuseArchivedOrg(db, s.organization_id);
  return { sessionId: null, signinId: s.id, orgId: s.organization_id, orgPath: s.org_path, entity: 'duty' as const };
}

/** A file part of a multipart form whose body is not read yet (the fields before it are). */
export interface PendingFile {
  name: string;
  /** Reads the body (at most the upload limit, else PAYLOAD_TOO_LARGE). */
  read: () => Promise<Buffer>;
}

/**
 * Attaches a material, photo or broadcast recording to a session, or a photo to a duty sign-in; bytes in the
 * evidence store, typed by their content. The body is read once the actor may attach it there, and the check is
 * made again in the transaction (the upload takes its time). Throws NOT_FOUND, FORBIDDEN, CONFLICT (archived),
 * UNSUPPORTED_MEDIA_TYPE, VALIDATION_FAILED, PAYLOAD_TOO_LARGE.
 */
export async function uploadStudyFile(ctx: AuthedContext, dataDir: string, fields: StudyFileFields, file: PendingFile): Promise<StudyFile> {
  await ownerOf(ctx, ctx.db.kysely, fields);
  const bytes = await file.read();
  const fileName = file.name;
  if (bytes.length === 0)
    throw new AppError('VALIDATION_FAILED', '文件是空的（0 字节），请重新选择文件 (the file is empty)', {
      fields: [{ in: 'body', path: 'file', message: 'empty file' }],
    });
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const owner = await ownerOf(ctx, trx, fields);
    const sniffed = sniff(fields.purpose, bytes, fileName);
    const sha256 = storeBytes(dataDir, bytes);
    const row: StudyFilesTable = {
      id: newId(),
      session_id: owner.sessionId,
      signin_id: owner.signinId,
      purpose: fields.purpose,
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
        type: 'study_file.uploaded',
        after: {
          purpose: row.purpose,
          name: row.original_name,
          mime: row.mime,
          size: row.size,
          sha256,
          sessionId: row.session_id,
          signinId: row.signin_id,
        },
      },
      { entityType: owner.entity, entityId: owner.sessionId ?? owner.signinId, organizationId: owner.orgId },
    );
    return presentFile({ ...row, uploaded_by_name: ctx.actor.displayName });
  });
}

/** A file for download once the reader may see its branch or village. Throws NOT_FOUND. */
export async function readStudyFile(ctx: AuthedContext, dataDir: string, id: string) {
  const f = await repo.findFile(ctx.db.kysely, id);
  if (!f || !canReadStudy(ctx.actor, f.org_path)) throw notFound('文件');
  const file = storedPath(dataDir, f.sha256);
  if (!existsSync(file)) throw new AppError('NOT_FOUND', '文件已丢失，请联系管理员从备份恢复');
  return { bytes: readFileSync(file), mime: f.mime, name: nameForType(f.original_name, f.mime) };
}
