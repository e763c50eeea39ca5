import type { Executor } from '../../http/context.ts';
import { readAuditHeight } from '../portal/portal.repository.ts';
import type { OrgFigures } from './figures.service.ts';

/**
 * A week's figures computed live (the running week, or a past week not frozen) reused between requests while
 * the record has not changed, so that 一周一统计 and its trend do not recount a province's ledger on every call
 * (≈0.8 s each at province scale).
 *
 * A result is named by the audit chain's height and the minute of `now`. Every audited write moves the height in
 * its own transaction, in any process (a second instance, the CLI); figures "as at now" also move with the clock
 * (the day that decides overdue, a report falling due at its HH:MM), from one minute to the next only (a row
 * stamped ahead of the reader's clock, by a machine whose clock runs fast, may show up to that minute late).
 * The height is read before computing, so a result is never older than its key; once either moves, the result
 * is dropped and the next reader computes again. Unlike the assessment cache (rankings/assessment-cache.ts), an out-of-date result
 * is never served, however large the tree. Concurrent readers with the same key share one computation.
 *
 * The scope is the subtree computed (its root's path; '' for the whole tree). An organization's figures are its
 * subtree's own, rolled up, so a result for an enclosing scope answers for any subtree of it with the same key.
 *
 * The maps handed out are shared between requests: read them, never change them.
 */

/** Results kept per database: the running week of a few scopes (and a past week or two being looked at). */
const MAX_ENTRIES = 8;
/** A result cannot outlive its minute; dropped by then even when nobody asks again (a province's holds tens of MiB). */
const MAX_AGE_MS = 60_000;

interface Entry {
  week: string;
  scope: string;
  /** `height|minute` the result was computed for. */
  key: string;
  result: Promise<Map<string, OrgFigures>>;
}

export interface LiveFiguresRequest {
  /** The week's Monday. */
  week: string;
  /** The subtree to compute (its root's path), or undefined for the whole tree. */
  rootPath: string | undefined;
  /** The request's clock. */
  now: Date;
}

export class LiveFiguresCache {
  private readonly dbs = new WeakMap<Executor, Entry[]>();

  /** `compute()`'s result for the request, or one computed for the same record, minute and an enclosing scope. */
  async get(db: Executor, req: LiveFiguresRequest, compute: () => Promise<Map<string, OrgFigures>>): Promise<Map<string, OrgFigures>> {
    const key = `${await readAuditHeight(db)}|${Math.floor(req.now.getTime() / 60_000)}`;
    const scope = req.rootPath ?? '';
    let entries = this.dbs.get(db);
    if (!entries) this.dbs.set(db, (entries = []));
    // A result for another height or minute is never served again (the height only grows).
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.key !== key) entries.splice(i, 1);
    const found =
      entries.find((e) => e.week === req.week && e.scope === scope) ??
      entries.find((e) => e.week === req.week && scope.startsWith(e.scope));
    if (found) return found.result;
    const entry: Entry = { week: req.week, scope, key, result: compute() };
    entries.push(entry);
    if (entries.length > MAX_ENTRIES) entries.shift();
    const drop = () => {
      const at = entries.indexOf(entry);
      if (at >= 0) entries.splice(at, 1);
    };
    // A failed computation is not kept: the next reader tries again.
    entry.result.then(() => setTimeout(drop, MAX_AGE_MS).unref(), drop);
    return entry.result;
  }
}
