import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, isInSubtree } from '../../../domain/organizations.ts';
import { newId } from '../../db/ids.ts';
import { organizationRow } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import * as organizations from '../organizations/organizations.repository.ts';
import { insert, list } from './measures.repository.ts';

/**
 * A root's scope is written as measures_root_due_idx's expression (the first 38 characters of org_path, migration
 * 2026-12-05-02) and any other scope as a range of paths: the same measures in the same order either way, in a
 * database of several roots (the nation's provinces) as in one.
 */

let t: TestApp;
let demoRoot: string;
let otherRoot: string;
let otherVillage: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true });
  const k = t.db.kysely;
  demoRoot = (await k.selectFrom('organizations').select('path').where('parent_id', 'is', null).executeTakeFirstOrThrow()).path;
  const at = t.clock.now().toISOString();
  const rootId = newId();
  const villageId = newId();
  otherRoot = buildPath(null, rootId);
  otherVillage = buildPath(otherRoot, villageId);
  const org = (id: string, parentId: string | null, kind: string, name: string, path: string, depth: number) =>
    organizationRow({ id, parentId, kind, name, path, depth, at });
  await organizations.insert(k, org(rootId, null, 'district', '另一省', otherRoot, 0));
  await organizations.insert(k, org(villageId, rootId, 'village', '另一村', otherVillage, 1));
  const base = await k.selectFrom('measures').selectAll().executeTakeFirstOrThrow();
  // The other root's measures are due before any of the demo's.
  for (const due of ['2000-01-01', '2000-01-02', '2000-01-03'])
    await insert(k, { ...base, id: newId(), organization_id: villageId, org_path: otherVillage, due_on: due, review_id: null });
});
afterAll(() => t.close());

/** Every measure of the scope, as the range of paths selects them, in the list's order (deadline, then id). */
async function expected(scope: string) {
  const rows = await t.db.kysely.selectFrom('measures').select(['id', 'org_path', 'due_on']).execute();
  return rows
    .filter((r) => isInSubtree(r.org_path, scope))
    .sort((a, b) => (a.due_on ?? '').localeCompare(b.due_on ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => r.id);
}

describe('measures listed for a root scope in a database of several roots', () => {
  it('the demo root, the other root, a village and both roots: the same measures and order as the range of paths', async () => {
    expect(demoRoot).toHaveLength(38);
    const demoVillage = (await t.db.kysely.selectFrom('measures').select('org_path').executeTakeFirstOrThrow()).org_path;
    for (const scope of [demoRoot, otherRoot, otherVillage, demoVillage]) {
      const want = await expected(scope);
      expect(want.length, scope).toBeGreaterThan(0);
      const page = await list(t.db.kysely, { scopeRoots: [scope], limit: 20, offset: 0 });
      expect(page.total, scope).toBe(want.length);
      expect(
        page.rows.map((r) => r.id),
        scope,
      ).toEqual(want.slice(0, 20));
      const second = await list(t.db.kysely, { scopeRoots: [scope], limit: 20, offset: 20 });
      expect(second.rows.map((r) => r.id)).toEqual(want.slice(20, 40));
    }
    // The other root's measures are due first of all, yet none is on the demo root's page.
    const demo = await list(t.db.kysely, { scopeRoots: [demoRoot], limit: 50, offset: 0 });
    expect(demo.rows.some((r) => r.org_path.startsWith(otherRoot))).toBe(false);
    const both = await list(t.db.kysely, { scopeRoots: [demoRoot, otherRoot], limit: 5, offset: 0 });
    expect(both.total).toBe((await expected(demoRoot)).length + 3);
    expect(both.rows.slice(0, 3).map((r) => r.org_path)).toEqual([otherVillage, otherVillage, otherVillage]);
  });
});
