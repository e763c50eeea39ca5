import type { Executor } from '../../http/context.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import { readAuditHeight } from '../portal/portal.repository.ts';

/**
 * Whole-tree computations (a period's assessment, the weekly-report figures of
 * the two 到位) reused across requests while the record has not changed.
 *
 * Every mutation writes an audit event in its own transaction and moves the
 * audit chain's height, so (what is computed, the height, the minute of `now`)
 * names a result: figures "as at now" also move with the clock (overdue days,
 * reports falling due), hence the minute. The height is read before computing,
 * so a cached result is never older than its key. Concurrent callers with the
 * same key share one computation.
 *
 * A large tree (a province: `largeFrom` organizations or more) is assessed in
 * about a second, and its record changes several times a second: recomputing
 * for every request after a change would make every dashboard wait and keep a
 * core busy. There the last result for the same target is served while it is
 * younger than `maxStaleMs`, and one refresh runs in the background, at most
 * one at a time and not sooner than `refreshFactor` times the last
 * computation's duration after it (so refreshing takes at most 1/factor of a
 * core). While someone looked at it in the last `keepWarmMs`, a large
 * tree's result is also refreshed ahead, at half `maxStaleMs`, changed or
 * not, so the next reader after a quiet spell does not wait for a whole
 * computation; after that it is dropped. The answer says when its figures were
 * computed. A small tree (a district) is always computed against the current
 * record, so a change shows at once; so is any tree whose last result is older
 * than `maxStaleMs`.
 */
export interface CacheOptions {
  /** Organizations from which a tree counts as large (served stale while refreshing). */
  largeFrom: number;
  /** How old a large tree's result may be when served. */
  maxStaleMs: number;
  /** Minimum time between refreshes, as a multiple of the last computation's duration. */
  refreshFactor: number;
  /** And never more often than this. */
  minRefreshMs: number;
  /** A large tree's result is refreshed ahead while it was read within this time (0: never). */
  keepWarmMs: number;
}

export const DEFAULT_CACHE_OPTIONS: CacheOptions = {
  largeFrom: 2_000,
  maxStaleMs: 60_000,
  refreshFactor: 5,
  minRefreshMs: 5_000,
  keepWarmMs: 10 * 60_000,
};

export interface Computed<T> {
  value: T;
  /** The `now` the value was computed for. */
  at: Date;
}

interface Entry<T> {
  /** What is computed (e.g. the week's Monday). */
  target: string;
  key: string;
  /** The organizations' generation when computed: a large tree's result is not served across a move or rename. */
  orgGeneration: number;
  /** Wall-clock start of the computation. */
  startedAt: number;
  /** How long it took (null while running). */
  tookMs: number | null;
  large: boolean;
  result: Promise<Computed<T>>;
  /** Wall clock of the last read. */
  lastUsed: number;
  /** How a large tree's result is computed again (a refresh ahead): off the main thread where possible. */
  refresh: (now: Date) => Promise<T>;
}

/**
 * Targets kept per database and tree (the running week, a past week or two looked at). A target names its tree
 * after a `|` (`2026-11-23|/root/`: the nation's provinces side by side, assessment.service.ts assessmentRoot);
 * each tree keeps its own, so thirty-one provinces read at once do not push each other's results out.
 */
const MAX_TARGETS = 4;
/** And at most this many in all (a nation's provinces and a few weeks each). */
const MAX_ALL_TARGETS = 256;

/** The tree a target is of: what follows its first `|`, or '' (the one tree). */
function treeOf(target: string): string {
  const bar = target.indexOf('|');
  return bar < 0 ? '' : target.slice(bar + 1);
}

/** One database's entries by target, and the targets being refreshed. */
class Slots<T> {
  readonly byTarget = new Map<string, Entry<T>>();
  /** Background refreshes under way, by target. */
  readonly refreshing = new Map<string, Promise<unknown>>();
  /** Targets last found large (remembered after their result is dropped). */
  readonly large = new Set<string>();
  /** Every target is a large tree's (the database was counted large at start: markAllLarge). */
  allLarge = false;
  get(target: string): Entry<T> | undefined {
    return this.byTarget.get(target);
  }
  set(entry: Entry<T>): void {
    this.byTarget.delete(entry.target);
    this.byTarget.set(entry.target, entry);
    // The least recently computed target of the same tree goes first (then of any tree, past the bound on all).
    const tree = treeOf(entry.target);
    let ofTree = 0;
    for (const t of this.byTarget.keys()) if (treeOf(t) === tree) ofTree++;
    for (const t of this.byTarget.keys()) {
      if (ofTree <= MAX_TARGETS) break;
      if (treeOf(t) !== tree) continue;
      this.byTarget.delete(t);
      ofTree--;
    }
    for (const t of this.byTarget.keys()) if (this.byTarget.size > MAX_ALL_TARGETS) this.byTarget.delete(t);
  }
  drop(entry: Entry<T>): void {
    if (this.byTarget.get(entry.target) === entry) this.byTarget.delete(entry.target);
  }
}

export class AssessmentCache<T> {
  private readonly dbs = new WeakMap<Executor, Slots<T>>();

  private slots(db: Executor): Slots<T> {
    let s = this.dbs.get(db);
    if (!s) {
      s = new Slots<T>();
      this.dbs.set(db, s);
    }
    return s;
  }

  constructor(
    /** How many organizations a result covers (to tell a large tree). */
    private readonly sizeOf: (value: T) => number,
    private readonly options: CacheOptions = DEFAULT_CACHE_OPTIONS,
  ) {}

  /** Treats `target` as a large tree before its first result (a warm-up at start: computed off the main thread). */
  markLarge(db: Executor, target: string): void {
    this.slots(db).large.add(target);
  }

  /**
   * Treats every target of `db` as a large tree before its first result: a province's month or week asked for the
   * first time is computed on the worker thread, so that one official's first ranking, circular or list of
   * interview candidates does not hold every other request for the seconds it takes.
   */
  markAllLarge(db: Executor): void {
    this.slots(db).allLarge = true;
  }

  /**
   * `compute(now)` for `target` as at `now`, or a result reused as described above. A large tree is computed
   * by `offThread` when given (a worker thread: off-thread.ts), falling back to `compute` if that fails.
   */
  async get(
    db: Executor,
    target: string,
    now: Date,
    compute: (now: Date) => Promise<T>,
    offThread?: (now: Date) => Promise<T>,
  ): Promise<Computed<T>> {
    const [height, orgGeneration] = await Promise.all([readAuditHeight(db), readGeneration(db, 'organizations')]);
    const key = `${target}|${height}|${Math.floor(now.getTime() / 60_000)}`;
    const wall = Date.now();
    const slots = this.slots(db);
    const e = slots.get(target);
    const o = this.options;
    if (e) {
      e.lastUsed = wall;
      // Paths and names from before a move or rename would put a village under the wrong 街道 (scope filters
      // read them): such a result is not served, however young.
      const sameOrgs = e.orgGeneration === orgGeneration;
      const young = sameOrgs && wall - e.startedAt < o.maxStaleMs;
      if (e.key === key && young) return e.result;
      // A large tree: wait for the computation under way, or serve the last result while it is young enough.
      if (e.large && e.tookMs === null && sameOrgs) return e.result;
      if (e.large && young) {
        if (!slots.refreshing.has(target) && wall - e.startedAt >= Math.max(o.minRefreshMs, o.refreshFactor * (e.tookMs ?? 0))) {
          const refresh = this.start(db, slots, target, key, now, this.large(compute, offThread), {
            orgGeneration,
            background: true,
            large: true,
            refresh: this.large(compute, offThread),
          })
            .catch(() => undefined)
            .finally(() => slots.refreshing.delete(target));
          slots.refreshing.set(target, refresh);
        }
        return e.result;
      }
    }
    const large = e?.large ?? (slots.allLarge || slots.large.has(target));
    // Too old to serve while a refresh is under way (a computation longer than the staleness bound): wait for it
    // rather than start a second one.
    const pending = large ? slots.refreshing.get(target) : undefined;
    if (pending) {
      await pending;
      const fresh = slots.get(target);
      if (fresh && fresh !== e && fresh.tookMs !== null && fresh.orgGeneration === orgGeneration) return fresh.result;
    }
    return this.start(db, slots, target, key, now, large ? this.large(compute, offThread) : compute, {
      orgGeneration,
      background: false,
      large,
      refresh: this.large(compute, offThread),
    });
  }

  private large(compute: (now: Date) => Promise<T>, offThread?: (now: Date) => Promise<T>): (now: Date) => Promise<T> {
    if (!offThread) return compute;
    return (now) => offThread(now).catch(() => compute(now));
  }

  /** A large tree's refresh ahead (or its end, once nobody has read it for `keepWarmMs`). */
  private ahead(db: Executor, slots: Slots<T>, entry: Entry<T>): void {
    if (slots.get(entry.target) !== entry) return; // replaced: the newer result has its own timer
    if (Date.now() - entry.lastUsed > this.options.keepWarmMs) {
      slots.drop(entry);
      return;
    }
    if (slots.refreshing.has(entry.target)) return; // the refresh under way sets the next one
    const now = new Date();
    const refresh = Promise.all([readAuditHeight(db), readGeneration(db, 'organizations')])
      .then(([height, orgGeneration]) =>
        this.start(db, slots, entry.target, `${entry.target}|${height}|${Math.floor(now.getTime() / 60_000)}`, now, entry.refresh, {
          orgGeneration,
          background: true,
          large: true,
          refresh: entry.refresh,
        }),
      )
      .catch(() => slots.drop(entry))
      .finally(() => slots.refreshing.delete(entry.target));
    slots.refreshing.set(entry.target, refresh);
  }

  private start(
    db: Executor,
    slots: Slots<T>,
    target: string,
    key: string,
    now: Date,
    compute: (now: Date) => Promise<T>,
    o: { orgGeneration: number; background: boolean; large: boolean; refresh: (now: Date) => Promise<T> },
  ): Promise<Computed<T>> {
    const startedAt = Date.now();
    const entry: Entry<T> = {
      target,
      key,
      orgGeneration: o.orgGeneration,
      startedAt,
      tookMs: null,
      large: o.large,
      result: compute(now).then((value) => ({ value, at: now })),
      // A refresh is not a read: it carries over the last read of the result it replaces.
      lastUsed: o.background ? 0 : startedAt,
      refresh: o.refresh,
    };
    // Callers share a computation under way; a background refresh replaces the served result only once it is ready.
    if (!o.background) slots.set(entry);
    entry.result.then(
      (r) => {
        entry.tookMs = Date.now() - startedAt;
        entry.large = this.sizeOf(r.value) >= this.options.largeFrom;
        if (entry.large) slots.large.add(target);
        else slots.large.delete(target);
        const current = slots.get(target);
        if (current) entry.lastUsed = Math.max(entry.lastUsed, current.lastUsed);
        // Never over a result whose computation started later.
        if (!current || current.startedAt <= startedAt) slots.set(entry);
        if (entry.large && this.options.keepWarmMs > 0) {
          setTimeout(() => this.ahead(db, slots, entry), this.options.maxStaleMs / 2).unref();
        } else {
          // Not held for long after it may no longer be served (a province's assessment is ~100 MiB of heap).
          setTimeout(() => slots.drop(entry), this.options.maxStaleMs).unref();
        }
      },
      () => slots.drop(entry),
    );
    return entry.result;
  }
}
