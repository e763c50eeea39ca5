import type { Executor } from '../../http/context.ts';
import { type ChangeMark, listChangesBetween, listChangesStampedAfter } from '../audit/audit.repository.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import { organizationDirectory } from '../organizations/organization-directory.cache.ts';
import { readAuditHeight } from '../portal/portal.repository.ts';
import { type OrgFigures, replaceSubtrees } from './figures.service.ts';

/**
 * A week's figures computed live (the running week, or a past week not frozen) kept between requests, so that
 * 一周一统计 and its trend do not recount a province's ledger on every call (≈ 0.5 s at province scale).
 *
 * A result is named by the audit chain's height: every audited write moves it in its own transaction, in any
 * process (a second instance, the CLI). The height is read before computing, so a result is never older than
 * its height. When the height has moved, the next reader does not count the whole tree again: it reads the
 * events chained since (their type and organization), and counts again only the subtrees of the organizations
 * they name, into the kept result (figures.service.ts `replaceSubtrees`). An event whose effect is not
 * confined to its organization (an organization added or moved, the rules, a round closed, an import, a type
 * this file does not know) makes it count everything again, as do more than MAX_EVENTS events or MAX_SUBTREES
 * subtrees at once, a move of the organizations' generation (a raw write to the tree), and a kept result whose
 * last full count is older than MAX_CHAIN_MS.
 *
 * Figures "as at now" also depend on the clock. What the clock decides beyond the record (the day that makes a
 * problem overdue, whether the week's report has fallen due) is the request's `context`: a result is derived
 * only from one of the same context. The rest is the record's timestamps against the reader's `now`: a row
 * stamped after it (a write that began after the reader did, or on a machine whose clock runs ahead) is not
 * counted yet. Each result keeps the events stamped after its `now` (read from audit_events_at_idx: usually
 * none); once a later reader's clock has passed one, that organization's subtree is counted again.
 *
 * The scope is the subtree computed (its root's path; '' for the whole tree). An organization's figures are its
 * subtree's own, rolled up, so a result for an enclosing scope answers for any subtree of it. Concurrent readers
 * of one height share one computation. The maps handed out are shared between requests and brought up to date
 * in place, at once (figures.service.ts `replaceSubtrees`): read one right after it is handed out, not across an
 * await, and never change it.
 */

/**
 * Results kept per database and tree: the running week of a few scopes (and a past week or two being looked at).
 * A database of several roots (the nation's provinces) keeps as many for each root's tree, so the provinces' readers
 * do not push each other's results out.
 */
const MAX_ENTRIES = 8;
/** And at most this many in all. */
const MAX_ALL_ENTRIES = 256;

/** A result nobody derives from or reads is dropped after this (a province's holds tens of MiB). */
const MAX_IDLE_MS = 10 * 60_000;
/** Everything is counted again at least this often (a derived result then rests on a fresh count). */
const MAX_CHAIN_MS = 15 * 60_000;
/** The warmer counts again this long before a result's count is MAX_CHAIN_MS old (it steps every 30 s). */
const COUNT_AHEAD_MS = 2 * 60_000;
/** More events than this since the kept result: count everything again. */
export const MAX_EVENTS = 500;
/** More subtrees to count again than this: count everything again. */
export const MAX_SUBTREES = 32;

/** The root a scope lies under (its path's first id, `/id/`), or '' for the whole tree. */
function treeOf(scope: string): string {
  return scope === '' ? '' : scope.slice(0, scope.indexOf('/', 1) + 1);
}

/**
 * What an audit event's type says about the figures: 'none' (never an input of them), 'local' (changes at most
 * the figures of the event's organization's subtree) or, for any other type, everything may have changed.
 * figures.cache.classify.test.ts lists every type the app records with its effect.
 */
const LOCAL_TYPES: ReadonlySet<string> = new Set([
  'problem.created',
  'problem.transitioned',
  'problem.updated',
  'problem.progress_noted',
  'measure.created',
  'measure.updated',
  'weekly_report.saved',
  'weekly_report.submitted',
  'weekly_report.returned',
  'weekly_report.commented',
  'attainment.transitioned',
  'inspection.result_recorded',
  'inspection.status_changed',
  'review.recorded',
  'review.updated',
  'review.outcomes_recorded',
]);
/** Types the figures never read (a village's evidence, sign-ins, articles, Party life …): many a day, nothing to count. */
const UNRELATED_PREFIXES: readonly string[] = [
  'evidence.',
  'duty.',
  'duty_roster.',
  'article.',
  'fund.',
  'plan.',
  'session.',
  'notification.',
  'user.',
  'study_',
  'venue',
  'tour.',
  'meeting.',
  'visit',
  'feedback.',
  'circular.',
  'interview.',
  'member',
  'service_hall.',
  'problem_counters.',
];

export type ChangeEffect = 'none' | 'local' | 'everything';

export function changeEffect(type: string): ChangeEffect {
  if (LOCAL_TYPES.has(type)) return 'local';
  return UNRELATED_PREFIXES.some((p) => type.startsWith(p)) ? 'none' : 'everything';
}

/** Whether the event makes a kept result count everything again: its effect is not confined to an organization's subtree. */
function countsEverything(m: ChangeMark): boolean {
  const effect = changeEffect(m.type);
  return effect === 'everything' || (effect === 'local' && m.organizationId === null);
}

/**
 * Whether these events (at most MAX_EVENTS + 1 of them, read in chain order) leave a kept result of a whole tree
 * nothing to derive from, so that only a whole count answers (as deriveKept decides): too many of them, one that
 * counts everything, one of a tree's root itself (`rootIds`), or more organizations than MAX_SUBTREES. The warmer
 * (figures.warm.ts) looks with this so that it, not a reader, makes that count.
 */
export function needsWholeCount(marks: readonly ChangeMark[], rootIds: ReadonlySet<string>): boolean {
  if (marks.length > MAX_EVENTS) return true;
  const named = new Set<string>();
  for (const m of marks) {
    if (countsEverything(m)) return true;
    if (changeEffect(m.type) !== 'local') continue;
    if (rootIds.has(m.organizationId!)) return true;
    named.add(m.organizationId!);
  }
  // Nested organizations are counted once by a derivation (their enclosing subtree): this may step where a reader
  // would still derive, which costs the warmer a derivation, not a whole count.
  return named.size > MAX_SUBTREES;
}

interface Kept {
  figures: Map<string, OrgFigures>;
  /** Events stamped after the `now` the result was counted at: their subtrees are counted again once passed. */
  ahead: ChangeMark[];
}

interface Entry {
  week: string;
  scope: string;
  context: string;
  orgGeneration: number;
  /** The audit height the result is for. */
  height: number;
  /** When the full count it rests on was made (ms). */
  countedAt: number;
  usedAt: number;
  /** Null: a derivation that gave up (dropped once settled; its readers count their own scope). */
  result: Promise<Kept | null>;
}

export interface LiveFiguresRequest {
  /** The week's Monday. */
  week: string;
  /** The subtree to compute (its root's path), or undefined for the whole tree. */
  rootPath: string | undefined;
  /** The request's clock. */
  now: Date;
  /**
   * What the figures depend on at `now` beyond the record (the day that decides overdue, which reports have
   * fallen due, the rules): a result is reused or derived only within the same context.
   */
  context: string;
}

/** computeFigures for the request's week at its `now`, of the subtree at `rootPath` (undefined: the whole tree). */
export type ComputeFigures = (rootPath: string | undefined) => Promise<Map<string, OrgFigures>>;

export class LiveFiguresCache {
  private readonly dbs = new WeakMap<Executor, Entry[]>();
  /** How each answer came to be, for tests and benches: 'kept', 'derived' or 'counted'. */
  lastWay: 'kept' | 'derived' | 'counted' | undefined;

  /** Drops what is kept for the database. */
  forget(db: Executor): void {
    this.dbs.delete(db);
  }

  /**
   * The figures of the request's scope (or of a scope enclosing it), kept, derived from a kept result, or counted.
   *
   * `warm`: the warmer's call (figures.warm.ts), which keeps a large tree's figures ready for its readers. It counts
   * again COUNT_AHEAD_MS before a result's last count is MAX_CHAIN_MS old, so that readers never find it expired;
   * and its count is not shared while it runs (readers meanwhile go on from what is kept, or count for themselves,
   * rather than wait for its worker thread), then takes the place of the results that rest on older counts of its
   * week, scope and context.
   */
  async get(db: Executor, req: LiveFiguresRequest, compute: ComputeFigures, warm = false): Promise<Map<string, OrgFigures>> {
    const [height, orgGeneration] = await Promise.all([readAuditHeight(db), readGeneration(db, 'organizations')]);
    const nowMs = req.now.getTime();
    const scope = req.rootPath ?? '';
    let entries = this.dbs.get(db);
    if (!entries) this.dbs.set(db, (entries = []));
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (e.orgGeneration !== orgGeneration || nowMs - e.usedAt > MAX_IDLE_MS) entries.splice(i, 1);
    }
    const usable = (e: Entry) =>
      e.week === req.week &&
      e.context === req.context &&
      (e.scope === scope || scope.startsWith(e.scope)) &&
      nowMs - e.countedAt < MAX_CHAIN_MS;
    // The newest usable result, of the request's own scope before an enclosing one (a result newer than the
    // height read here is newer than the record the reader began with: it may answer). Looked for again when
    // another reader took it over while this one waited for it.
    for (let attempt = 0; attempt < 4; attempt++) {
      let base: Entry | undefined;
      for (const e of entries)
        if (usable(e) && (!base || e.height > base.height || (e.height === base.height && e.scope.length > base.scope.length))) base = e;
      if (!base || (warm && nowMs - base.countedAt >= MAX_CHAIN_MS - COUNT_AHEAD_MS)) break;
      const kept = await base.result.catch(() => null);
      if (kept && base.height >= height && !kept.ahead.some((m) => passed(m, req.now))) {
        base.usedAt = nowMs;
        this.lastWay = 'kept';
        return kept.figures;
      }
      if (!kept) break;
      if (!entries.includes(base)) continue;
      // Brought up to date for the kept result's scope (an enclosing one, perhaps), shared by whoever asks
      // meanwhile. When only counting everything will do, the reader counts its own scope instead.
      const from = base;
      const to = Math.max(height, from.height);
      const entry: Entry = { ...from, height: to, usedAt: nowMs, result: deriveKept(db, from, kept, to, req, compute) };
      // The new result stands for the scope (its map is the same one, brought up to date): the one it comes from
      // is not kept beside it. A change that makes it count everything would do so for any later height too.
      entries.splice(entries.indexOf(from), 1);
      this.add(entries, entry);
      const derived = await entry.result;
      if (derived) {
        this.lastWay = 'derived';
        return derived.figures;
      }
      break;
    }
    const counting: Entry = {
      week: req.week,
      scope,
      context: req.context,
      orgGeneration,
      height,
      countedAt: nowMs,
      usedAt: nowMs,
      result: count(db, req.now, scope, compute),
    };
    if (!warm) {
      this.add(entries, counting);
      this.lastWay = 'counted';
      return (await counting.result)!.figures;
    }
    const kept = (await counting.result)!;
    // Kept from now on in place of what rests on older counts (the readers derive from it: the events since its
    // height, usually a few), unless what is kept was dropped meanwhile.
    if (this.dbs.get(db) === entries) {
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        if (e.week === req.week && e.scope === scope && e.context === req.context && e.countedAt < nowMs) entries.splice(i, 1);
      }
      this.add(entries, counting);
    }
    this.lastWay = 'counted';
    return kept.figures;
  }

  private add(entries: Entry[], entry: Entry): Entry {
    entries.push(entry);
    // The oldest of the same tree goes first (then of any, past the bound on all).
    const tree = treeOf(entry.scope);
    let ofTree = entries.filter((e) => treeOf(e.scope) === tree).length;
    for (let i = 0; ofTree > MAX_ENTRIES && i < entries.length;)
      if (treeOf(entries[i]!.scope) === tree) {
        entries.splice(i, 1);
        ofTree--;
      } else i++;
    while (entries.length > MAX_ALL_ENTRIES) entries.shift();
    // A failed computation, or a derivation that gave up, is not kept: the next reader tries again.
    const drop = () => {
      const at = entries.indexOf(entry);
      if (at >= 0) entries.splice(at, 1);
    };
    entry.result.then((kept) => kept === null && drop(), drop);
    return entry;
  }
}

/** Rows stamped before `end` (the reader's now + 1 ms) are counted: has the clock passed this event's stamp? */
function passed(m: ChangeMark, now: Date): boolean {
  return m.at < new Date(now.getTime() + 1).toISOString();
}

/** Everything of `scope` ('' for the whole tree) counted, with the events stamped ahead of `now`. */
async function count(db: Executor, now: Date, scope: string, compute: ComputeFigures): Promise<Kept> {
  const [figures, ahead] = await Promise.all([compute(scope === '' ? undefined : scope), stampedAhead(db, now)]);
  return { figures, ahead };
}

/** Events stamped at or after the reader's end (now + 1 ms), at most MAX_EVENTS + 1 of them (more: everything counted again). */
async function stampedAhead(db: Executor, now: Date): Promise<ChangeMark[]> {
  return listChangesStampedAfter(db, now.toISOString(), MAX_EVENTS + 1);
}

async function deriveKept(
  db: Executor,
  from: Entry,
  kept: Kept,
  height: number,
  req: LiveFiguresRequest,
  compute: ComputeFigures,
): Promise<Kept | null> {
  if (kept.ahead.length > MAX_EVENTS) return null;
  const [marks, ahead] = await Promise.all([
    height > from.height ? listChangesBetween(db, from.height, height, MAX_EVENTS + 1) : Promise.resolve([]),
    stampedAhead(db, req.now),
  ]);
  if (marks.length > MAX_EVENTS || ahead.length > MAX_EVENTS) return null;
  // The chain has no gaps: fewer events than the height moved means a height moved by hand (count everything).
  if (marks.length !== Math.max(0, height - from.height)) return null;
  const ids = new Set<string>();
  for (const m of [...marks, ...kept.ahead.filter((a) => passed(a, req.now))]) {
    if (countsEverything(m)) return null;
    if (changeEffect(m.type) === 'local') ids.add(m.organizationId!);
  }
  // The subtrees to count again: the organizations named, those inside another left out.
  const paths: Array<{ id: string; path: string }> = [];
  for (const id of ids) {
    const path = kept.figures.get(id)?.org.path;
    if (path === undefined) {
      // Not in the result: outside its scope (nothing to do), or archived (count everything again).
      const org = (await organizationDirectory.get(db)).all.find((o) => o.id === id);
      if (!org) return null;
      if (org.path.startsWith(from.scope)) return null;
      continue;
    }
    if (path === from.scope || (from.scope === '' && !kept.figures.get(id)?.org.parentId)) return null;
    paths.push({ id, path });
  }
  paths.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const roots = paths.filter((p, i) => !paths.slice(0, i).some((q) => p.path.startsWith(q.path)));
  if (roots.length > MAX_SUBTREES) return null;
  // Every subtree counted first, then the kept map changed at once (replaceSubtrees).
  const fresh = await Promise.all(roots.map(async (r) => ({ rootId: r.id, figures: await compute(r.path) })));
  if (!replaceSubtrees(kept.figures, fresh)) return null;
  return { figures: kept.figures, ahead };
}
