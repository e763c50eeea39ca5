import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import * as repo from './portal.repository.ts';

/**
 * Readings of work news for 新闻推荐 (most read), counted without a write per
 * page view: a reading is noted in memory and the counts are added to
 * `articles.views` in one transaction at most every `flushEveryMs` (and when
 * the app closes). A visitor's address counts once per article per
 * `repeatWindowMs`, so reloading a page (or a script doing it) does not move
 * the ranking. A count, not a record: not audited, and readings noted in the
 * last second before a crash are lost.
 */
export class ArticleViews {
  private pending = new Map<string, number>();
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (err: unknown) => void,
    private readonly o = { flushEveryMs: 1_000, repeatWindowMs: 10 * 60_000, maxSeen: 100_000, maxPending: 10_000 },
  ) {}

  /** Notes a reading of `articleId` by `client` (an address); true when it counts. */
  note(articleId: string, client: string, nowMs: number): boolean {
    const key = `${client}|${articleId}`;
    const last = this.seen.get(key);
    if (last !== undefined && nowMs - last < this.o.repeatWindowMs) return false;
    this.seen.delete(key);
    this.seen.set(key, nowMs);
    if (this.seen.size > this.o.maxSeen) {
      // The oldest tenth goes (a Map iterates in insertion order, and a key seen again was moved to the end).
      let drop = Math.ceil(this.o.maxSeen / 10);
      for (const k of this.seen.keys()) {
        if (drop-- <= 0) break;
        this.seen.delete(k);
      }
    }
    // Articles not yet written down are bounded (ids of no article, sent by a script, would add up otherwise).
    if (!this.pending.has(articleId) && this.pending.size >= this.o.maxPending) return false;
    this.pending.set(articleId, (this.pending.get(articleId) ?? 0) + 1);
    this.arm();
    return true;
  }

  /** A flush within flushEveryMs (again after a failed one, while readings wait). */
  private arm(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush().catch((err: unknown) => {
        this.onError(err);
        if (this.pending.size > 0) this.arm();
      });
    }, this.o.flushEveryMs).unref();
  }

  /**
   * Adds the readings noted so far to the database (one transaction); one flush at a time. A failed flush rejects
   * its caller and keeps its counts for the next one; it does not stop later flushes.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .catch(() => undefined)
      .then(async () => {
        if (this.pending.size === 0) return;
        const counts = this.pending;
        this.pending = new Map();
        try {
          await this.db.transaction().execute(async (trx) => {
            for (const [id, n] of counts) await repo.countViews(trx, id, n);
          });
        } catch (err) {
          // Kept for the next flush rather than lost.
          for (const [id, n] of counts) this.pending.set(id, (this.pending.get(id) ?? 0) + n);
          throw err;
        }
      });
    return this.flushing;
  }

  /** Stops the timer and writes what is pending (the app is closing); a failure is reported, never thrown, so the close goes on. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush().catch(this.onError);
  }
}
