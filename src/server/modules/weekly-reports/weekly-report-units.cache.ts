import { pathIds } from '../../../domain/organizations.ts';
import { partitionPoint, replaceSorted } from '../../../domain/sorted-lists.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import type { OrganizationRow } from '../../db/database.ts';
import { type OrganizationDirectory, organizationDirectory } from '../organizations/organization-directory.cache.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import * as repo from './weekly-reports.repository.ts';

/**
 * The ingredients of the weekly reports list kept between requests (issue 14): a province's list built its 20,000
 * units from every organization, their ancestors' names and the week's reports on every call (≈ 500 ms with a
 * week's reports).
 *
 * - The reporting units (non-archived villages and communities; the archived ones on demand, for past weeks), each
 *   with its ancestors' names, in the list's
 *   order (by the names of the path below the district, then the name, zh-CN collation), from the kept
 *   organization directory (organizations/organization-directory.cache.ts), and the subtrees last asked for.
 * - The states of a week's reports of one kind of unit (status, filed, late: what the counts and filters need),
 *   kept at a generation of the weekly reports; the page's rows are read in full by the service.
 *
 * A generation moves in the transaction of any write to its table, in any process (migration 2026-12-04-12's
 * triggers), and is read before the rows, so what is kept is never older than its generation. Once the
 * organizations' generation moves, the directory says which organizations changed (migration 2026-12-05-01's log),
 * and the next reader builds again only the units those touch (a village renamed: itself; a 街道 renamed or moved:
 * its villages) and puts them in their places (a renamed village made a province's next list ≈ 210–270 ms
 * before). The units are built whole when the directory cannot say what changed since the kept units' (it was read
 * whole since, or they are more than 32 steps behind), or more than MAX_PATCHED organizations changed; a reader
 * handed a directory older than the kept units' is served the kept units. Once the weekly reports' generation
 * moves, the next reader reads again only the reports written since (migration 2026-12-04-15 logs them with their
 * generation), or every kept week when the log no longer goes back that far. Concurrent readers share one read;
 * the units are built or patched synchronously once the directory is in hand, so once per directory. Nothing
 * here depends on the reader: the service narrows to the reader's scope, and names only the ancestors the reader
 * may see.
 *
 * What is handed out is shared between requests: read it, never change it.
 */

export interface IndexedOrganization {
  id: string;
  name: string;
  kind: string;
  path: string;
}

export interface IndexedUnit extends IndexedOrganization {
  /** Its ancestors below the district (the district itself is never named), outermost first. */
  ancestors: IndexedOrganization[];
  /** Its place in the list's order (unitSortKey of its ancestors' names and its own). */
  sortKey: string;
}

export interface UnitIndex {
  /** Every non-archived reporting unit, in the list's order. */
  units: readonly IndexedUnit[];
  /** The units of one subtree (its root's path), in the list's order: kept for the subtrees last asked for. */
  under(rootPath: string): readonly IndexedUnit[];
  /**
   * The reporting units archived at or after `at` (ISO-8601): a week that ended before they were archived still
   * lists them (their reports are kept, read only). Few; worked out once per index.
   */
  archivedSince(at: string): readonly IndexedUnit[];
  /**
   * The ids of the reporting units (archived or not) created at or after `at` (ISO-8601): a week falling due before
   * a village existed is not its week (the figures count its reports the same way). Usually none; by binary search.
   */
  createdSince(at: string): ReadonlySet<string>;
}

/** Subtrees whose units an index keeps (a reader's scope: the district, a 街道, a village). */
const MAX_SUBTREES = 256;

/** The list's order: the names of the path below the district, then the unit's own, as one zh-CN string. */
export const unitCollator = new Intl.Collator('zh-CN');
export const unitSortKey = (names: readonly string[], name: string) => [...names, name].join('/');

/** A week's reports kept per database: the running week and one or two being looked at. */
const MAX_WEEKS = 4;

/** The weeks kept for one database, all at least as new as one generation of weekly_reports. */
interface KeptWeeks {
  /** Every kept week holds every report as of this generation or later (-1: nothing can be trusted). */
  generation: number;
  /** By `week|unitType`, in the order last used (the oldest goes first). */
  weeks: Map<string, WeekStates>;
  /** Catching up and building run one after another: a week is never built while another step changes them. */
  queue: Promise<unknown>;
}

class WeeklyReportUnitsCache {
  private readonly units = new WeakMap<Executor, UnitState>();
  private readonly kept = new WeakMap<Executor, KeptWeeks>();

  /** Drops what is kept for the database (tests compare a kept list with one built from nothing). */
  forget(db: Executor): void {
    organizationDirectory.forget(db);
    this.units.delete(db);
    this.kept.delete(db);
  }

  async unitIndex(db: Executor): Promise<UnitIndex> {
    // From the kept organization directory: once that has moved on, the units the organizations changed since touch
    // are built again and put in their places; everything is built again when the directory cannot say what changed.
    const directory = await organizationDirectory.get(db);
    const kept = this.units.get(db);
    if (kept && kept.directory === directory) return kept.index;
    // A directory older than the kept units' (its reader waited longer): the kept units are newer, and serve.
    if (kept && kept.directory.serial > directory.serial) return kept.index;
    const changed = kept ? directory.changedSince(kept.directory) : null;
    const state = kept && changed && changed.size <= MAX_PATCHED ? patchUnits(kept, directory, changed) : buildUnits(directory);
    this.units.set(db, state);
    return state.index;
  }

  /**
   * The states of a week's reports of one kind of unit, by unit. Kept at the generation of weekly_reports read
   * first; once it has moved, the reports written since (migration 2026-12-04-15's log) are read again, and only
   * they, by id. The map is updated in place: use it before the next await.
   */
  async weekReports(db: Executor, week: string, unitType: string): Promise<ReadonlyMap<string, repo.WeeklyReportState>> {
    const generation = await readGeneration(db, 'weekly_reports');
    let kept = this.kept.get(db);
    if (!kept) this.kept.set(db, (kept = { generation: -1, weeks: new Map(), queue: Promise.resolve() }));
    const name = weekName(week, unitType);
    const found = kept.weeks.get(name);
    if (found && kept.generation >= generation) return used(kept, name, found);
    const k = kept;
    const step = k.queue.then(async () => {
      await catchUp(db, k, generation);
      let states = k.weeks.get(name);
      if (!states) {
        states = repo.listWeekStates(db, week, unitType).then((rows) => new Map(rows.map((r) => [r.unit_id, r])));
        k.weeks.set(name, states);
        while (k.weeks.size > MAX_WEEKS) k.weeks.delete(k.weeks.keys().next().value!);
      }
      return used(k, name, states);
    });
    // A failed step (a read failed) leaves nothing to trust: the next reader builds again.
    k.queue = step.catch(() => {
      k.weeks.clear();
      k.generation = -1;
    });
    return step;
  }
}

type WeekStates = Promise<Map<string, repo.WeeklyReportState>>;

/** How many times a kept week's states were changed in place (catchUp): what is worked out from them keeps it. */
const changesOf = new WeakMap<object, number>();

/** Counts kept with the list of units they were counted over (the same array: a kept subtree's). */
const keptCounts = new WeakMap<object, { states: object; changes: number; key: string; counts: unknown }>();

/**
 * What `count` works out from `units` and a week's `states` (the counts per flag of a province's 20,000 units:
 * ≈ 2–4 ms a call, most of it reaching 20,000 scattered objects), kept while the same array of units, the same
 * states unchanged since, and the same `key` (what else it depends on: the week's due time, the clock's side of
 * it) are asked for again. Hand out a copy of what is kept.
 */
export function countsOver<C>(units: readonly unknown[], states: ReadonlyMap<string, unknown>, key: string, count: () => C): C {
  const changes = changesOf.get(states) ?? 0;
  const kept = keptCounts.get(units);
  if (kept && kept.states === states && kept.changes === changes && kept.key === key) return kept.counts as C;
  const counts = count();
  keptCounts.set(units, { states, changes, key, counts });
  return counts;
}

/** Whether two lists name the same units (by id), each once. */
function sameUnits(a: readonly IndexedUnit[], b: readonly IndexedUnit[]): boolean {
  if (a.length !== b.length) return false;
  const ids = new Set(a.map((u) => u.id));
  return ids.size === a.length && b.every((u) => ids.has(u.id));
}

/** What is counted over a list of units holds for a list of the same units in another order (the counts are per unit). */
function carryCounts(from: readonly unknown[], to: readonly unknown[]): void {
  const kept = keptCounts.get(from);
  if (kept) keptCounts.set(to, kept);
}

/** A kept week's name: its Monday and kind of unit. */
const weekName = (week: string, unitType: string) => `${week}|${unitType}`;

/** Marks a week as the last used: when more than MAX_WEEKS are kept, the least recently used goes. */
function used(kept: KeptWeeks, name: string, states: WeekStates): WeekStates {
  kept.weeks.delete(name);
  kept.weeks.set(name, states);
  return states;
}

/**
 * Brings every kept week to `generation` or later: the reports the log names since the kept generation are read
 * again (by id), or, when the log no longer holds them all (pruned, or too many), every week is dropped.
 */
async function catchUp(db: Executor, kept: KeptWeeks, generation: number): Promise<void> {
  if (kept.generation >= generation) return;
  const changes = kept.weeks.size > 0 && kept.generation >= 0 ? await repo.listChangesSince(db, kept.generation, generation) : [];
  // Every generation has its rows and the log is pruned from its oldest: a gap can only be at the start.
  if (changes.length > repo.MAX_CHANGES_READ || changes.length === 0 || toNumber(changes[0]!.gen) !== kept.generation + 1) {
    kept.weeks.clear();
    kept.generation = generation;
    return;
  }
  // What each logged report was in a kept week is dropped; what it is now is put back where it is now. A unit has
  // one report a week, so the drops go first and the puts cannot be undone by them.
  const logged = changes.filter((c) => kept.weeks.has(weekName(c.week_start, c.unit_type)));
  if (logged.length) {
    const maps = new Map<string, Map<string, repo.WeeklyReportState>>();
    for (const [name, states] of kept.weeks) maps.set(name, await states);
    const rows = await repo.listStatesByIds(db, JSON.stringify([...new Set(logged.map((c) => c.report_id))]));
    for (const c of logged) {
      const map = maps.get(weekName(c.week_start, c.unit_type));
      if (map?.get(c.unit_id)?.id === c.report_id) map.delete(c.unit_id);
    }
    for (const r of rows) maps.get(weekName(r.week_start, r.unit_type))?.set(r.unit_id, r);
    for (const map of maps.values()) changesOf.set(map, (changesOf.get(map) ?? 0) + 1);
  }
  kept.generation = generation;
}

/** The units as built from one directory, and what builds the next from them. */
interface UnitState {
  directory: OrganizationDirectory;
  /** Every organization of the directory, by id. Changed in place only while the next state is made from this. */
  byId: Map<string, IndexedOrganization>;
  /** Every unit by id; changed in place as byId. */
  unitById: Map<string, IndexedUnit>;
  /** The organizations some unit is under (more, never fewer): a change to any other touches no unit but itself. */
  above: Set<string>;
  units: readonly IndexedUnit[];
  /** The same units by path: a subtree's units are a run of it. */
  byPath: readonly IndexedUnit[];
  /** The subtrees last asked for (under), by their roots' paths. */
  subtrees: Map<string, readonly IndexedUnit[]>;
  index: UnitIndex;
}

/** More organizations changed at once than this, the units are built again from the directory. */
const MAX_PATCHED = 2_000;

const indexed = (o: OrganizationRow): IndexedOrganization => ({ id: o.id, name: o.name, kind: o.kind, path: o.path });
const isUnit = (o: OrganizationRow) => o.archived_at === null && REPORTING_KINDS.includes(o.kind);

function unitOf(o: IndexedOrganization, byId: ReadonlyMap<string, IndexedOrganization>, above: Set<string>): IndexedUnit {
  const ids = pathIds(o.path).slice(0, -1);
  for (const id of ids) above.add(id);
  const ancestors = ids.flatMap((id) => {
    const a = byId.get(id);
    return a && a.kind !== 'district' ? [a] : [];
  });
  return {
    ...o,
    ancestors,
    sortKey: unitSortKey(
      ancestors.map((a) => a.name),
      o.name,
    ),
  };
}

/** The list's order; two units of one name under one parent keep a fixed order (by path). */
const compareUnits = (a: IndexedUnit, b: IndexedUnit) =>
  unitCollator.compare(a.sortKey, b.sortKey) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** `list` (in the list's order) with `extra` put in their places: binary searches, not a sort of the whole list. */
export function withUnits(list: readonly IndexedUnit[], extra: readonly IndexedUnit[]): readonly IndexedUnit[] {
  return extra.length === 0 ? list : replaceSorted(list, [], [...extra].sort(compareUnits), compareUnits);
}

const comparePaths = (a: IndexedUnit, b: IndexedUnit) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function buildUnits(directory: OrganizationDirectory): UnitState {
  const byId = new Map<string, IndexedOrganization>(directory.all.map((o) => [o.id, indexed(o)]));
  const above = new Set<string>();
  const units: IndexedUnit[] = [];
  for (const o of directory.all) if (isUnit(o)) units.push(unitOf(byId.get(o.id)!, byId, above));
  units.sort(compareUnits);
  const byPath = units.slice().sort(comparePaths);
  return stateOf(directory, byId, new Map(units.map((u) => [u.id, u])), above, units, byPath, new Map());
}

/**
 * The next units from the kept ones and what changed in the organizations since. The units whose path names a
 * changed organization (a village itself, and a renamed or moved 街道's villages) are taken out of the list and of
 * each kept subtree, built again if they are still units, and put in their places; so are changed organizations
 * that have become units: each list is copied once, with binary searches (sorted-lists.ts), not sorted again (a
 * province's 20,000 units with a zh-CN collator: ≈ 150 ms).
 */
function patchUnits(kept: UnitState, directory: OrganizationDirectory, changed: ReadonlyMap<string, OrganizationRow | null>): UnitState {
  const { byId, unitById, above } = kept;
  const wasPath = new Map([...changed.keys()].flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!.path] as const] : [])));
  for (const [id, row] of changed) {
    if (row) byId.set(id, indexed(row));
    else byId.delete(id);
  }
  // Taken out: the changed units, and every unit under a changed organization (only looked for when there may be one).
  const out: IndexedUnit[] = [];
  for (const id of changed.keys()) {
    const u = unitById.get(id);
    if (u) out.push(u);
  }
  // Under a changed organization: the units whose paths start with its path as the kept units were built (where a
  // unit moved, it changed itself), a run of the units by path. Only looked for where some unit may be under it.
  for (const [id, path] of wasPath) {
    if (!above.has(id)) continue;
    for (let i = partitionPoint(kept.byPath, (u) => u.path < path); i < kept.byPath.length && kept.byPath[i]!.path.startsWith(path); i++) {
      const u = kept.byPath[i]!;
      if (!changed.has(u.id)) out.push(u);
    }
  }
  // Put back: what was taken out and still is a unit, and the changed organizations that are units now.
  const again = new Set<string>();
  for (const u of out) if (!changed.has(u.id)) again.add(u.id);
  for (const [id, row] of changed) if (row && isUnit(row)) again.add(id);
  for (const u of out) unitById.delete(u.id);
  const placed = [...again].map((id) => unitOf(byId.get(id)!, byId, above));
  for (const u of placed) unitById.set(u.id, u);
  const units = replaceSorted(kept.units, out, placed, compareUnits);
  // The same units in another order (a 街道 renamed): the counts kept with the list hold for the new one.
  if (sameUnits(out, placed)) carryCounts(kept.units, units);
  const byPath = replaceSorted(kept.byPath, out, placed, comparePaths);
  const subtrees = new Map<string, readonly IndexedUnit[]>();
  for (const [root, list] of kept.subtrees) {
    // A subtree of every unit (the district's) is the list itself, while every unit put back is in it.
    if (list === kept.units && placed.every((u) => u.path.startsWith(root))) subtrees.set(root, units);
    else {
      const put = placed.filter((u) => u.path.startsWith(root));
      const next = replaceSorted(list, out, put, compareUnits);
      const left = out.filter((u) => u.path.startsWith(root));
      if (sameUnits(left, put)) carryCounts(list, next);
      subtrees.set(root, next);
    }
  }
  return stateOf(directory, byId, unitById, above, units, byPath, subtrees);
}

function stateOf(
  directory: OrganizationDirectory,
  byId: Map<string, IndexedOrganization>,
  unitById: Map<string, IndexedUnit>,
  above: Set<string>,
  units: readonly IndexedUnit[],
  byPath: readonly IndexedUnit[],
  subtrees: Map<string, readonly IndexedUnit[]>,
): UnitState {
  let archived: Array<{ unit: IndexedUnit; at: string }> | undefined;
  let created: Array<{ id: string; at: string }> | undefined;
  const index: UnitIndex = {
    units,
    createdSince(at) {
      created ??= directory.all
        .filter((o) => REPORTING_KINDS.includes(o.kind))
        .map((o) => ({ id: o.id, at: o.created_at }))
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      return new Set(created.slice(partitionPoint(created, (c) => c.at < at)).map((c) => c.id));
    },
    archivedSince(at) {
      archived ??= directory.all.flatMap((o) =>
        o.archived_at !== null && REPORTING_KINDS.includes(o.kind)
          ? [{ unit: unitOf(byId.get(o.id) ?? indexed(o), byId, new Set()), at: o.archived_at }]
          : [],
      );
      return archived.filter((a) => a.at >= at).map((a) => a.unit);
    },
    under(rootPath) {
      let found = subtrees.get(rootPath);
      if (!found) {
        found = units.filter((u) => u.path.startsWith(rootPath));
        // Every unit (the district's subtree): the list itself, patched once with it.
        if (found.length === units.length) found = units;
        if (subtrees.size >= MAX_SUBTREES) subtrees.clear();
        subtrees.set(rootPath, found);
      }
      return found;
    },
  };
  return { directory, byId, unitById, above, units, byPath, subtrees, index };
}

/** One per process: the caches hold per database. */
export const weeklyReportUnits = new WeeklyReportUnitsCache();
