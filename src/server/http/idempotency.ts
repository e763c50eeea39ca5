import { createHash } from 'node:crypto';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LEDGER_IMPORT_LIMITS } from '../../domain/ledger-sheet.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Db } from '../db/dialect.ts';
import * as repo from '../modules/idempotency/idempotency.repository.ts';
import { isApiRequest } from './auth.ts';
import type { Clock } from './clock.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The Idempotency-Key this request claimed, to store its answer with (onSend). An upload's request is known only
     * once its handler has read the file: `upload` then holds the file's fingerprint, and `request` is completed with it.
     */
    idempotency: { userId: string; key: string; request: string; upload: { print: string | null } | null } | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY = /^[A-Za-z0-9._:-]{8,100}$/;
/** A claim with no answer this old was left by a process that ended mid-request: the key may be tried again. */
const STALE_MS = 2 * 60_000;
/** How long an answer is kept for a retry. */
const KEEP_MS = 24 * 3_600_000;
const SWEEP_EVERY_MS = 60_000;
/**
 * The writes a key is taken on: a POST (a second measure, photo or note), and a version-guarded PATCH or PUT, whose
 * retry after a lost answer would otherwise be refused as "changed by someone else" (409) when she changed it herself.
 */
const KEYED_METHODS = new Set(['POST', 'PATCH', 'PUT']);

/**
 * What an upload is, for its key: the form's fields sent before the file, and the file (its field, name, type and
 * content). Not the multipart body's bytes: a browser sends the same form again with another boundary.
 */
function uploadPrint(part: MultipartFile, bytes: Buffer): string {
  const fields = Object.values(part.fields)
    .flatMap((f) => (f && !Array.isArray(f) && f.type === 'field' ? [[f.fieldname, String(f.value)]] : []))
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  const file = [part.fieldname, part.filename, part.mimetype, createHash('sha256').update(bytes).digest('hex')];
  return createHash('sha256')
    .update(JSON.stringify([fields, file]))
    .digest('hex')
    .slice(0, 24);
}

/** Wraps this request's `file()`, so that the handler's reading of the upload records its fingerprint. */
function recordUpload(request: FastifyRequest, upload: { print: string | null }): void {
  const file = request.file.bind(request);
  request.file = async (options) => {
    const part = await file(options);
    if (part) {
      const toBuffer = part.toBuffer.bind(part);
      part.toBuffer = async () => {
        const bytes = await toBuffer();
        upload.print ??= uploadPrint(part, bytes);
        return bytes;
      };
    }
    return part;
  };
}

/** A resent upload's fingerprint, its body read here (it is answered from the store, so no handler reads it). */
async function readUploadPrint(request: FastifyRequest, maxBytes: number): Promise<string | null> {
  const part = await request.file({ limits: { fileSize: maxBytes } });
  if (!part) return null;
  return uploadPrint(part, await part.toBuffer());
}

/**
 * Idempotency-Key (the IETF httpapi draft) on the API's POSTs, PATCHes and PUTs, for a signed-in user: a write sent again with the same
 * key gets the first answer (its status and body, with `Idempotent-Replayed: true`) instead of a second measure,
 * photo or note. A village secretary's phone whose answer was lost on a weak link sends its retry with the key it
 * used the first time (the web makes one per thing to create). Without the header nothing changes. The key is for one
 * request (its method, path with query, and JSON body or upload): used for another, 400. Sent again while the first is still being answered, 409. Only a
 * success is kept; a refusal frees the key, so the corrected request may use it. Kept for a day, per user.
 */
export function registerIdempotency(app: FastifyInstance, deps: { db: Db; clock: Clock; config: { evidenceMaxBytes: number } }): void {
  // A resent upload is read whole to compare it with the first: at most the largest file a route takes.
  const maxUploadBytes = Math.max(deps.config.evidenceMaxBytes, LEDGER_IMPORT_LIMITS.fileBytes);
  app.decorateRequest('idempotency', null);
  // Old answers are swept at most once a minute by each instance, not by every keyed write (a write transaction
  // of its own).
  let sweptAt = 0;
  app.addHook('preHandler', async (request, reply) => {
    if (!KEYED_METHODS.has(request.method) || !isApiRequest(request)) return;
    const raw = request.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined || !request.actor) return;
    if (typeof raw !== 'string' || !KEY.test(raw)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key 应为 8–100 个字母、数字或 ._:- (8 to 100 letters, digits or ._:-)', {
        fields: [{ in: 'headers', path: IDEMPOTENCY_HEADER, message: 'malformed' }],
      });
    }
    const db = deps.db.kysely;
    const now = deps.clock.now();
    const at = now.toISOString();
    const userId = request.actor.userId;
    // The request a key is for: the method, the path with its query (?dryRun=1 is another request than the import),
    // and a JSON body's fingerprint (a retry sends the same body; an edited one is another request). An upload's
    // body is read by its handler: its fingerprint is added to `what` once read (uploadPrint).
    const body = request.body;
    const upload = request.isMultipart();
    const print =
      body !== null && typeof body === 'object' ? ` ${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 24)}` : '';
    const what = `${request.method} ${request.url}${print}`;
    if (now.getTime() - sweptAt >= SWEEP_EVERY_MS || now.getTime() < sweptAt) {
      sweptAt = now.getTime();
      await repo.dropOlderThan(db, new Date(now.getTime() - KEEP_MS).toISOString());
    }
    try {
      await repo.claim(db, { user_id: userId, key: raw, request: what, created_at: at });
      request.idempotency = { userId, key: raw, request: what, upload: upload ? { print: null } : null };
      if (request.idempotency.upload) recordUpload(request, request.idempotency.upload);
      return;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const found = await repo.find(db, userId, raw);
    // An answered upload's key holds its fingerprint too: read this one's to compare (only now, as nothing else will).
    const resent = found && upload && found.status_code !== null && found.request.startsWith(`${what} `);
    if (found && found.request !== (resent ? `${what} ${await readUploadPrint(request, maxUploadBytes)}` : what)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key 已用于另一个请求 (the key was used for another request)', {
        fields: [{ in: 'headers', path: IDEMPOTENCY_HEADER, message: 'used for another request' }],
      });
    }
    if (found && found.status_code !== null) {
      return reply
        .code(found.status_code)
        .header(REPLAYED_HEADER, 'true')
        .type('application/json; charset=utf-8')
        .send(found.body ?? '');
    }
    if (found && (await repo.takeOverStale(db, userId, raw, new Date(now.getTime() - STALE_MS).toISOString(), at))) {
      request.idempotency = { userId, key: raw, request: what, upload: upload ? { print: null } : null };
      if (request.idempotency.upload) recordUpload(request, request.idempotency.upload);
      return;
    }
    throw new AppError(
      'CONFLICT',
      '同一操作正在处理中，请稍后刷新页面查看结果 (the same request is still being answered; reload shortly to see its result)',
    );
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    try {
      const ok = reply.statusCode >= 200 && reply.statusCode < 300;
      if (ok && (payload === null || payload === undefined || typeof payload === 'string')) {
        const request = claim.upload?.print ? `${claim.request} ${claim.upload.print}` : claim.request;
        await repo.answer(deps.db.kysely, claim.userId, claim.key, reply.statusCode, payload ?? '', request);
      } else {
        await repo.release(deps.db.kysely, claim.userId, claim.key);
      }
    } catch (err) {
      // The write itself is done; a retry then runs again (or meets the claim: 409) rather than failing this answer.
      request.log.warn({ err }, 'idempotency key not stored');
    }
    return payload;
  });
}
