import type { Db } from '../../db/dialect.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as counters from './problem-counters.repository.ts';

export type { RecountChange } from './problem-counters.repository.ts';

/**
 * Rebuilds problem_counters from the problems in one transaction (writers of
 * problems wait on PostgreSQL) and returns the rows it corrected. The triggers
 * keep the counters; this is the repair for a database whose counters were
 * edited by hand or restored from elsewhere (`npx taizhang recount`).
 */
export async function recountProblemCounters(db: Db, now = new Date()): Promise<counters.RecountChange[]> {
  return db.kysely.transaction().execute(async (trx) => {
    if (db.kind === 'postgres') await counters.lockProblemsForRecount(trx);
    const changes = await counters.replaceCounters(trx, await counters.recountFromProblems(trx));
    // A repair is a change to what every count shows: recorded, in the same transaction.
    if (changes.length)
      await recordAuditEvent(
        trx,
        { db, actor: null, now, requestId: 'cli-recount', ip: '127.0.0.1' },
        { type: 'problem_counters.recounted', corrected: changes.length },
        { entityType: 'system', entityId: null, organizationId: null },
      );
    return changes;
  });
}
