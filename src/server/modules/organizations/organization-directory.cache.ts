import type { OrganizationRow } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import * as repo from './organizations.repository.ts';

/**
 * Every organization kept in memory between requests, in `listInSubtrees`' order (depth, then name, as the
 * database sorts them), while the organizations' generation stands (migration 2026-12-04-12: a trigger moves it in
 * the transaction of any write to the table, in any process). A province's 20,000 rows took 55–230 ms to read on
 * every call of the views that list its whole tree (坐班值班, the weekly reports list).
 *
 * The generation is read before the rows, so what is kept is never older than its generation; once it moves the
 * next reader reads again. Concurrent readers of one generation share one read. The rows are shared between
 * requests: read them, never change them.
 */

export interface OrganizationDirectory {
  /** Every organization, archived too. */
  all: readonly OrganizationRow[];
  /** listInSubtrees without a depth limit: the organizations of the given subtrees, in the same order. */
  inSubtrees(roots: readonly string[], includeArchived: boolean): OrganizationRow[];
}

interface Kept {
  generation: number;
  value: Promise<OrganizationDirectory>;
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
    if (kept && kept.generation === generation) return kept.value;
    const entry: Kept = { generation, value: repo.listAll(db).then(directoryOf) };
    this.kept.set(db, entry);
    // A failed read is not kept: the next reader tries again.
    entry.value.catch(() => this.kept.get(db) === entry && this.kept.delete(db));
    return entry.value;
  }
}

function directoryOf(all: OrganizationRow[]): OrganizationDirectory {
  return {
    all,
    inSubtrees(roots, includeArchived) {
      if (roots.length === 0) return [];
      return all.filter((o) => (includeArchived || o.archived_at === null) && roots.some((r) => o.path.startsWith(r)));
    },
  };
}

/** One per process: the directory is kept per database. */
export const organizationDirectory = new OrganizationDirectoryCache();
