import { createHash } from 'node:crypto';
import { safeFileName } from '../../http/multipart.ts';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Evidence, EvidenceFields } from '../../../domain/contracts/evidence.ts';
import { measureTakesEvidence } from '../../../domain/evidence-rules.ts';
import { ACCEPTED_EVIDENCE_LABEL, nameForType, sniffFileType } from '../../../domain/file-types.ts';
import type { EvidenceTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as measuresRepo from '../measures/measures.repository.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { canReadProblem, problemAllowedActions } from '../problems/problems.policy.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import * as problemsRepo from '../problems/problems.repository.ts';
import * as repo from './evidence.repository.ts';

/** Files live under DATA_DIR/files/<first two hex>/<sha256>: never a guessable public path. */
function storedPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

function present(e: EvidenceTable, uploadedByName: string | null): Evidence {
  return {
    id: e.id,
    originalName: e.original_name,
    mime: e.mime,
    size: e.size,
    isImage: e.mime.startsWith('image/'),
    measureId: e.measure_id,
    problemId: e.problem_id,
    sha256: e.sha256,
    uploadedAt: e.uploaded_at,
    uploadedByName,
  };
}

/** Cleans a client-given file name for display and the download header. */

/** A file part of a multipart form whose body is not read yet (the fields before it are). */
export interface PendingUpload {
  name: string;
  /** Reads the body (at most the upload limit, else PAYLOAD_TOO_LARGE). */
  read: () => Promise<Buffer>;
}

/**
 * The organization an upload to this problem or measure belongs to, if the actor may upload there now.
 * Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (settled problem).
 */
async function uploadTarget(ctx: AuthedContext, db: Executor, fields: EvidenceFields): Promise<string> {
  if (fields.problemId) {
    const p = await problemsRepo.findPlain(db, fields.problemId);
    if (!p || !canReadProblem(ctx.actor, p)) throw notFound('问题');
    if (!problemAllowedActions(ctx.actor, p, (await loadCadenceRules(db)).problems).includes('uploadEvidence')) {
      throw p.status === 'closed' || p.status === 'accepted'
        ? new AppError('INVALID_TRANSITION', '已验收或已销号的问题不能再上传材料')
        : forbidden('您没有为此问题上传材料的权限');
    }
    return p.organization_id;
  }
  const m = await measuresRepo.findById(db, fields.measureId!);
  if (!m || !actorCan(ctx.actor, 'problem.read', m.org_path)) throw notFound('整改措施');
  if (!actorCan(ctx.actor, 'measure.manage', m.org_path)) throw forbidden('您没有为此整改措施上传材料的权限');
  const problemIds = (await measuresRepo.problemIdsOf(db, [m.id])).get(m.id) ?? [];
  const statuses = (await problemsRepo.findManyPlain(db, problemIds)).map((p) => p.status);
  if (!measureTakesEvidence(statuses)) {
    throw new AppError(
      'INVALID_TRANSITION',
      '此措施所服务的问题均已验收或已销号，不能再上传材料 (the problems this measure serves are all accepted or closed)',
    );
  }
  return m.organization_id;
}

/**
 * Stores an uploaded file as evidence of a problem or a measure. The body is read only once the actor may upload
 * there (a refused upload is not buffered), and the check is made again in the transaction (the upload takes its
 * time on a village's connection).
 * Throws NOT_FOUND, FORBIDDEN, UNSUPPORTED_MEDIA_TYPE (content not an accepted type), INVALID_TRANSITION (settled
 * problem), PAYLOAD_TOO_LARGE.
 */
export async function uploadEvidence(
  ctx: AuthedContext,
  dataDir: string,
  fields: EvidenceFields,
  upload: PendingUpload,
): Promise<Evidence> {
  await uploadTarget(ctx, ctx.db.kysely, fields);
  const bytes = await upload.read();
  const fileName = upload.name;
  if (bytes.length === 0) {
    throw new AppError('VALIDATION_FAILED', '文件是空的（0 字节），请重新选择文件 (the file is empty)', {
      fields: [{ in: 'body', path: 'file', message: 'empty file' }],
    });
  }
  const sniffed = sniffFileType(bytes, fileName);
  if (!sniffed) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `文件内容不是可接受的类型。可上传：${ACCEPTED_EVIDENCE_LABEL}（按文件内容判断，而非文件名）`,
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  return ctx.db.kysely.transaction().execute(async (trx) => {
    const organizationId = await uploadTarget(ctx, trx, fields);
    // Content-addressed: the same photo uploaded twice is stored once.
    const file = storedPath(dataDir, sha256);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${newId()}.tmp`;
      writeFileSync(tmp, bytes, { mode: 0o640 });
      renameSync(tmp, file);
    }
    const row: EvidenceTable = {
      id: newId(),
      sha256,
      size: bytes.length,
      mime: sniffed.mime,
      original_name: nameForType(safeFileName(fileName), sniffed.mime),
      organization_id: organizationId,
      problem_id: fields.problemId ?? null,
      measure_id: fields.measureId ?? null,
      note: fields.note ?? null,
      uploaded_by: ctx.actor.userId,
      uploaded_at: ctx.now.toISOString(),
    };
    await repo.insert(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'evidence.uploaded',
        after: { name: row.original_name, mime: row.mime, size: row.size, sha256, problemId: row.problem_id, measureId: row.measure_id },
      },
      { entityType: 'evidence', entityId: row.id, organizationId },
    );
    return present(row, ctx.actor.displayName);
  });
}

/** Reads an evidence file for download after checking the reader may see its problem. Throws NOT_FOUND. */
export async function readEvidence(ctx: AuthedContext, dataDir: string, id: string) {
  const e = await repo.findById(ctx.db.kysely, id);
  if (!e) throw notFound('佐证材料');
  const org = await orgRepo.findById(ctx.db.kysely, e.organization_id);
  if (!org || !actorCan(ctx.actor, 'problem.read', org.path)) throw notFound('佐证材料');
  const file = storedPath(dataDir, e.sha256);
  if (!existsSync(file)) throw new AppError('NOT_FOUND', '文件已丢失，请联系管理员从备份恢复');
  // Files stored before names followed their type get the right extension on the way out.
  return { bytes: readFileSync(file), mime: e.mime, name: nameForType(e.original_name, e.mime) };
}
