import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, isInSubtree } from '../../../domain/organizations.ts';
import { newId } from '../../db/ids.ts';
import { organizationRow } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import * as organizations from '../organizations/organizations.repository.ts';
import { countByStatus, insert, list, type ResolvedFilter } from './problems.repository.ts';

/**
 * A root's scope is written as problems_root_due_idx's expression (the first
 * 38 characters of org_path, migration 2026-12-03-05) and any other scope as a
 * range of paths: the same problems either way, in a database of several roots
 * (the nation's provinces) as in one.
 */

let t: TestApp;
let demoRoot: string;
let otherRoot: string;
let otherVillage: string;
/** The code of the demo problem copied into the other root (the copies' codes extend it). */
let baseCode: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true });
  const k = t.db.kysely;
  demoRoot = (await k.selectFrom('organizations').select('path').where('parent_id', 'is', null).executeTakeFirstOrThrow()).path;
  // A second root beside the demo district (operators add roots with the CLI), with a village and a problem due first.
  const at = t.clock.now().toISOString();
  const rootId = newId();
  const villageId = newId();
  otherRoot = buildPath(null, rootId);
  otherVillage = buildPath(otherRoot, villageId);
  const org = (id: string, parentId: string | null, kind: string, name: string, path: string, depth: number) =>
    organizationRow({ id, parentId, kind, name, path, depth, at });
  await organizations.insert(k, org(rootId, null, 'district', '另一省', otherRoot, 0));
  await organizations.insert(k, org(villageId, rootId, 'village', '另一村', otherVillage, 1));
  const base = await k.selectFrom('problems').selectAll().where('status', '=', 'open').executeTakeFirstOrThrow();
  baseCode = base.code;
  for (const [i, status] of (['open', 'rectifying', 'closed'] as const).entries())
    await insert(k, {
      ...base,
      id: newId(),
      code: `${base.code}-X${i}`,
      status,
      organization_id: villageId,
      org_path: otherVillage,
      due_on: `2000-01-0${i + 1}`,
    });
});
afterAll(() => t.close());

/** Every problem of the scope, as the range of paths selects them, in the list's order. */
async function expected(scope: string, statuses: readonly string[]) {
  const rows = await t.db.kysely.selectFrom('problems').select(['id', 'org_path', 'status', 'due_on']).execute();
  return rows
    .filter((r) => isInSubtree(r.org_path, scope) && statuses.includes(r.status))
    .sort((a, b) => (a.due_on ?? '\uffff').localeCompare(b.due_on ?? '\uffff') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => r.id);
}

describe('problems listed for a root scope in a database of several roots', () => {
  it('the demo root, the other root and a village: the same problems and order as the range of paths', async () => {
    expect(demoRoot).toHaveLength(38);
    const today = '2026-11-27';
    const counted = ['open', 'rectifying', 'submitted', 'accepted', 'closed'];
    for (const scope of [demoRoot, otherRoot, otherVillage]) {
      const f: ResolvedFilter = { scopeRoots: [scope], today };
      const want = await expected(scope, counted);
      const page = await list(t.db.kysely, t.db.kind, f, 'dueOn', 20, 0);
      expect(page.total, scope).toBe(want.length);
      expect(
        page.rows.map((r) => r.id),
        scope,
      ).toEqual(want.slice(0, 20));
      const counts = await countByStatus(t.db.kysely, t.db.kind, f);
      expect(counts.total, scope).toBe(want.length);
    }
    // The other root's problems are due first of all, yet none is on the demo root's page.
    const other = await list(t.db.kysely, t.db.kind, { scopeRoots: [otherRoot], today }, 'dueOn', 20, 0);
    expect(other.rows.map((r) => r.status)).toEqual(['open', 'rectifying', 'closed']);
    const demo = await list(t.db.kysely, t.db.kind, { scopeRoots: [demoRoot], today }, 'dueOn', 20, 0);
    expect(demo.rows.some((r) => r.org_path.startsWith(otherRoot))).toBe(false);
    // Both roots at once, filtered by status and a text search (no counters: the query counts itself).
    const both: ResolvedFilter = { scopeRoots: [demoRoot, otherRoot], today, statuses: ['open', 'rectifying'], q: baseCode };
    const page = await list(t.db.kysely, t.db.kind, both, 'dueOn', 50, 0);
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.org_path.slice(0, 38))).toEqual([otherRoot, otherRoot, demoRoot]);
    expect((await countByStatus(t.db.kysely, t.db.kind, both)).total).toBe(4);
  });
});
