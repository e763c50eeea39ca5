import { pathIds } from '../../../domain/organizations.ts';
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
 * - The reporting units (non-archived villages and communities), each with its ancestors' names, in the list's
 *   order (by the names of the path below the district, then the name, zh-CN collation), built from the kept
 *   organization directory (organizations/organization-directory.cache.ts) whenever that is read again.
 * - The states of a week's reports of one kind of unit (status, filed, late: what the counts and filters need),
 *   kept while the weekly reports' generation stands; the page's rows are read in full by the service.
 *
 * A generation moves in the transaction of any write to its table, in any process (migration 2026-12-04-12's
 * triggers), and is read before the rows, so what is kept is never older than its generation; once the generation
 * moves the next reader builds again. Concurrent readers of one week's reports share one read; the units are built
 * synchronously once the directory is in hand, so they are built once per directory. Nothing here depends on
 * the reader: the service narrows to the reader's scope, and names only the ancestors the reader may see.
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
}

export interface UnitIndex {
  /** Every non-archived reporting unit, in the list's order. */
  units: IndexedUnit[];
  /** The units of one subtree (its root's path), in the list's order: kept for the subtrees last asked for. */
  under(rootPath: string): readonly IndexedUnit[];
}

/** Subtrees whose units an index keeps (a reader's scope: the district, a 街道, a village). */
const MAX_SUBTREES = 256;

/** The list's order: the names of the path below the district, then the unit's own, as one zh-CN string. */
export const unitCollator = new Intl.Collator('zh-CN');
export const unitSortKey = (names: readonly string[], name: string) => [...names, name].join('/');

interface Kept<T> {
  generation: number;
  value: Promise<T>;
}

/** A week's reports kept per database: the running week and one or two being looked at. */
const MAX_WEEKS = 4;

class WeeklyReportUnitsCache {
  private readonly units = new WeakMap<Executor, { directory: OrganizationDirectory; index: UnitIndex }>();
  private readonly weeks = new WeakMap<Executor, Map<string, Kept<Map<string, repo.WeeklyReportState>>>>();

  /** Drops what is kept for the database (tests compare a kept list with one built from nothing). */
  forget(db: Executor): void {
    organizationDirectory.forget(db);
    this.units.delete(db);
    this.weeks.delete(db);
  }

  async unitIndex(db: Executor): Promise<UnitIndex> {
    // Built from the kept organization directory, again whenever that is read again (its generation moved).
    const directory = await organizationDirectory.get(db);
    const kept = this.units.get(db);
    if (kept && kept.directory === directory) return kept.index;
    const index = buildUnitIndex(directory.all);
    this.units.set(db, { directory, index });
    return index;
  }

  async weekReports(db: Executor, week: string, unitType: string): Promise<Map<string, repo.WeeklyReportState>> {
    const generation = await readGeneration(db, 'weekly_reports');
    let byWeek = this.weeks.get(db);
    if (!byWeek) this.weeks.set(db, (byWeek = new Map<string, Kept<Map<string, repo.WeeklyReportState>>>()));
    const name = `${week}|${unitType}`;
    const kept = byWeek.get(name);
    if (kept && kept.generation === generation) return kept.value;
    const entry: Kept<Map<string, repo.WeeklyReportState>> = {
      generation,
      value: repo.listWeekStates(db, week, unitType).then((rows) => new Map(rows.map((r) => [r.unit_id, r]))),
    };
    byWeek.delete(name);
    byWeek.set(name, entry);
    // Kept in the order last built; the oldest goes first.
    while (byWeek.size > MAX_WEEKS) byWeek.delete(byWeek.keys().next().value!);
    const map = byWeek;
    entry.value.catch(() => map.get(name) === entry && map.delete(name));
    return entry.value;
  }
}

function buildUnitIndex(all: readonly OrganizationRow[]): UnitIndex {
  const byId = new Map<string, IndexedOrganization>(all.map((o) => [o.id, { id: o.id, name: o.name, kind: o.kind, path: o.path }]));
  const keyed: Array<{ unit: IndexedUnit; key: string }> = [];
  for (const o of all) {
    if (o.archived_at !== null || !REPORTING_KINDS.includes(o.kind)) continue;
    const ancestors = pathIds(o.path)
      .slice(0, -1)
      .flatMap((id) => {
        const a = byId.get(id);
        return a && a.kind !== 'district' ? [a] : [];
      });
    const unit: IndexedUnit = { ...byId.get(o.id)!, ancestors };
    keyed.push({
      unit,
      key: unitSortKey(
        ancestors.map((a) => a.name),
        o.name,
      ),
    });
  }
  // Two units of one name under one parent keep a fixed order (by path).
  keyed.sort((a, b) => unitCollator.compare(a.key, b.key) || (a.unit.path < b.unit.path ? -1 : a.unit.path > b.unit.path ? 1 : 0));
  const units = keyed.map((k) => k.unit);
  const subtrees = new Map<string, IndexedUnit[]>();
  return {
    units,
    under(rootPath) {
      let found = subtrees.get(rootPath);
      if (!found) {
        found = units.filter((u) => u.path.startsWith(rootPath));
        if (subtrees.size >= MAX_SUBTREES) subtrees.clear();
        subtrees.set(rootPath, found);
      }
      return found;
    },
  };
}

/** One per process: the caches hold per database. */
export const weeklyReportUnits = new WeeklyReportUnitsCache();
