import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Db } from '../db/dialect.ts';
import * as repo from '../modules/idempotency/idempotency.repository.ts';
import { isApiRequest } from './auth.ts';
import type { Clock } from './clock.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key this request claimed, to store its answer with (onSend). */
    idempotency: { userId: string; key: string } | null;
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
 * Idempotency-Key (the IETF httpapi draft) on the API's POSTs, PATCHes and PUTs, for a signed-in user: a write sent again with the same
 * key gets the first answer (its status and body, with `Idempotent-Replayed: true`) instead of a second measure,
 * photo or note. A village secretary's phone whose answer was lost on a weak link sends its retry with the key it
 * used the first time (the web makes one per thing to create). Without the header nothing changes. The key is for one
 * request (its path and JSON body): used for another, 400. Sent again while the first is still being answered, 409. Only a
 * success is kept; a refusal frees the key, so the corrected request may use it. Kept for a day, per user.
 */
export function registerIdempotency(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
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
    // The request a key is for: the path, and a JSON body's fingerprint (a retry sends the same body; an edited one
    // is another request). A multipart upload's body is read by its handler: its path alone.
    const body = request.body;
    const print =
      body !== null && typeof body === 'object' ? ` ${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 24)}` : '';
    const what = `${request.method} ${request.url.split('?')[0]}${print}`;
    if (now.getTime() - sweptAt >= SWEEP_EVERY_MS || now.getTime() < sweptAt) {
      sweptAt = now.getTime();
      await repo.dropOlderThan(db, new Date(now.getTime() - KEEP_MS).toISOString());
    }
    try {
      await repo.claim(db, { user_id: userId, key: raw, request: what, created_at: at });
      request.idempotency = { userId, key: raw };
      return;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const found = await repo.find(db, userId, raw);
    if (found && found.request !== what) {
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
      request.idempotency = { userId, key: raw };
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
        await repo.answer(deps.db.kysely, claim.userId, claim.key, reply.statusCode, payload ?? '');
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
