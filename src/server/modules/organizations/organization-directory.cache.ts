import { replaceSorted } from '../../../domain/sorted-lists.ts';
import { toNumber } from '../../db/dialect.ts';
import type { OrganizationRow } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import * as repo from './organizations.repository.ts';

/**
 * Every organization kept in memory between requests, in the directory's order (depth, then name as JavaScript
 * compares strings, then id), at a generation of the organizations (migration 2026-12-04-12: a trigger moves it in
 * the transaction of any change to the table, in any process). A province's 20,000 rows took 55–230 ms to read on
 * every call of the views that list its whole tree (坐班值班, the weekly reports list).
 *
 * The generation is read before the rows, so what is kept is never older than its generation. Once it moves, the
 * next reader reads again only the organizations changed since (migration 2026-12-05-01 logs them with their
 * generation), by id, and makes a new directory from the kept one with them; or reads everything when the log no
 * longer goes back that far, or holds more than MAX_CHANGES_READ rows since (on SQLite a row per organization
 * changed per generation: a bulk update of 2,001 rows reads everything). Readers of one generation share one step,
 * and steps run one after another. A directory is never changed once handed out: read it, never change it.
 *
 * A generation only grows, so a reader whose generation is older than the kept one's (it read it before a step
 * finished) is handed the newer directory. A restored database (its generation back to an older value) is not
 * told apart: OPERATIONS.md restores beside the live database and starts the instances again.
 */

export interface OrganizationDirectory {
  /** Every organization, archived too, in the directory's order (compareDirectoryOrder). */
  all: readonly OrganizationRow[];
  /** Its place among the directories of this process: of one database's, a later one is newer. */
  serial: number;
  /** The organizations of the given subtrees (their roots' paths), in the same order. */
  inSubtrees(roots: readonly string[], includeArchived: boolean): OrganizationRow[];
  /**
   * What changed between an older directory of the same database and this one: each organization changed (added,
   * changed, deleted) with its row now (`null`: deleted). `null` when that is not known (read whole in between, or
   * too many steps ago): build again from `all`. Empty when `older` is this directory or newer.
   */
  changedSince(older: OrganizationDirectory): ReadonlyMap<string, OrganizationRow | null> | null;
}

/** The directory's order: depth, then name (UTF-16 code units, as JavaScript compares strings), then id. */
export function compareDirectoryOrder(a: OrganizationRow, b: OrganizationRow): number {
  return a.depth - b.depth || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** How many times a step reads the log and the rows while the generation moves under it (catchUp). */
const READS = 3;
/** Steps of changes a directory remembers (changedSince answers `null` for an older directory). */
const MAX_STEPS = 32;

interface Step {
  /** The serial of the directory it was made from, and of the one it made. */
  after: number;
  serial: number;
  rows: ReadonlyMap<string, OrganizationRow | null>;
}

class Directory implements OrganizationDirectory {
  constructor(
    readonly all: readonly OrganizationRow[],
    /** The generation of the organizations it holds everything of (at least). */
    readonly generation: number,
    /** Its place among this database's directories (a process-wide count). */
    readonly serial: number,
    /** The serial of the directory read whole that this one was made from, step by step. */
    readonly base: number,
    /** The steps from that one to this, the oldest first (at most MAX_STEPS). */
    readonly steps: readonly Step[],
    /** Every organization by id, shared down the lineage: changed in place only while the next is made from this. */
    readonly byId: Map<string, OrganizationRow>,
  ) {}

  inSubtrees(roots: readonly string[], includeArchived: boolean): OrganizationRow[] {
    if (roots.length === 0) return [];
    return this.all.filter((o) => (includeArchived || o.archived_at === null) && roots.some((r) => o.path.startsWith(r)));
  }

  changedSince(older: OrganizationDirectory): ReadonlyMap<string, OrganizationRow | null> | null {
    if (!(older instanceof Directory) || older.base !== this.base) return null;
    if (older.serial >= this.serial) return new Map();
    // A lineage's serials only grow. The steps after `older` must all be remembered: the first remembered step was
    // made from `older` or from one before it.
    const first = this.steps[0];
    if (!first || first.after > older.serial) return null;
    const changed = new Map<string, OrganizationRow | null>();
    for (const step of this.steps) if (step.serial > older.serial) for (const [id, row] of step.rows) changed.set(id, row);
    return changed;
  }
}

let serials = 0;

interface Kept {
  generation: number;
  value: Promise<Directory>;
}

class OrganizationDirectoryCache {
  private readonly kept = new WeakMap<Executor, Kept>();

  /** Drops what is kept for the database (tests compare with a fresh read). */
  forget(db: Executor): void {
    this.kept.delete(db);
  }

  async get(db: Executor): Promise<OrganizationDirectory> {
    const generation = await readGeneration(db, 'organizations');
    const kept = this.kept.get(db);
    if (kept && kept.generation >= generation) return kept.value;
    // After the step before it (if any): steps run one after another, each from the directory the last one made.
    const prior = kept?.value.catch(() => null);
    const entry: Kept = {
      generation,
      value: (async () => {
        const from = prior ? await prior : null;
        if (from && from.generation >= generation) return from;
        return (from && (await catchUp(db, from, generation))) ?? readWhole(db, generation);
      })(),
    };
    this.kept.set(db, entry);
    // A failed read is not kept: the next reader reads whole.
    entry.value.catch(() => this.kept.get(db) === entry && this.kept.delete(db));
    return entry.value;
  }
}

async function readWhole(db: Executor, generation: number): Promise<Directory> {
  const all = await repo.listAll(db);
  all.sort(compareDirectoryOrder);
  const serial = ++serials;
  return new Directory(all, generation, serial, serial, [], new Map(all.map((o) => [o.id, o])));
}

/**
 * The directory at `generation` (or later) made from `from` and the organizations the log names since its
 * generation, read again by id; `null` when the log does not hold them all (pruned, or more than MAX_CHANGES_READ
 * rows). The rows read by id may be newer than the generation (a write committed meanwhile: a 街道 moved after a
 * village in it was renamed would show the village moved and the 街道 not), so the generation is read again after
 * them; while it has moved, the log is read up to it and the rows again (at most READS times; after that the next
 * reader's step mends what is newer), so that what is kept is one state of the table, as a whole read is.
 */
async function catchUp(db: Executor, from: Directory, generation: number): Promise<Directory | null> {
  let upTo = generation;
  let ids: string[];
  let rows: Map<string, OrganizationRow | null>;
  for (let read = 1; ; read++) {
    const changes = await repo.listChangesSince(db, from.generation, upTo);
    // Every generation has its rows and the log is pruned from its oldest: a gap can only be at the start.
    if (changes.length === 0 || changes.length > repo.MAX_CHANGES_READ || toNumber(changes[0]!.gen) !== from.generation + 1) return null;
    ids = [...new Set(changes.map((c) => c.organization_id))];
    rows = new Map<string, OrganizationRow | null>(ids.map((id) => [id, null]));
    for (const r of await repo.findByIds(db, ids)) rows.set(r.id, r);
    const now = await readGeneration(db, 'organizations');
    if (now <= upTo || read === READS) break;
    upTo = now;
  }
  // Each changed row is taken out where it was and put in its place.
  const byId = from.byId;
  const was = ids.flatMap((id) => byId.get(id) ?? []);
  const now = [...rows.values()].filter((r): r is OrganizationRow => r !== null);
  const all = replaceSorted(from.all, was, now, compareDirectoryOrder);
  for (const [id, r] of rows) {
    if (r) byId.set(id, r);
    else byId.delete(id);
  }
  const serial = ++serials;
  const steps = [...from.steps, { after: from.serial, serial, rows }].slice(-MAX_STEPS);
  return new Directory(all, upTo, serial, from.base, steps, byId);
}

/** One per process: the directory is kept per database. */
export const organizationDirectory = new OrganizationDirectoryCache();
