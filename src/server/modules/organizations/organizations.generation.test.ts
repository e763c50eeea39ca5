import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { lockIssuer } from '../circulars/circulars.repository.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import { lockIfActive } from './organizations.repository.ts';

/**
 * The organizations' generation names everything kept from the tree (the directory, a province's assessment,
 * 一周一统计's counts, the weekly reports list's units): it must move with every change of a row, and only then
 * (migration 2026-12-04-16). A row lock taken by writing a row back unchanged (a circular drafted or published,
 * a village given to a liaison group) rebuilt all of them at province scale.
 */
describe('the organizations’ generation', () => {
  let t: TestApp;
  const generation = () => readGeneration(t.db.kysely, 'organizations');

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stays when a row is written back unchanged (a row lock), in any transaction', async () => {
    const k = t.db.kysely;
    const village = await t.orgId('大闵村');
    const root = await k.selectFrom('organizations').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const g0 = await generation();
    await k.transaction().execute(async (trx) => {
      await lockIssuer(trx, root.id);
      expect(await lockIfActive(trx, village)).toBe(true);
    });
    await k
      .updateTable('organizations')
      .set((eb) => ({ name: eb.ref('name'), updated_at: eb.ref('updated_at') }))
      .execute();
    expect(await generation()).toBe(g0);
  });

  it('moves with a change of any column', async () => {
    const k = t.db.kysely;
    const root = await k.selectFrom('organizations').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    // A village nothing refers to, so that even its id may change.
    const id = 'gen-test-village';
    const at = '2026-12-04T00:00:00.000Z';
    await k
      .insertInto('organizations')
      .values({
        id,
        parent_id: root.id,
        kind: 'village',
        name: '试验村',
        code: null,
        path: `${root.path}${id}/`,
        depth: 1,
        is_sample: 0,
        archived_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    // Every column the table has now, so that a column added later without the trigger made again fails here.
    const columns =
      t.db.kind === 'postgres'
        ? (
            await sql<{
              name: string;
            }>`select column_name as name from information_schema.columns where table_name = 'organizations' and table_schema = current_schema()`.execute(
              k,
            )
          ).rows
        : (await sql<{ name: string }>`select name from pragma_table_info('organizations')`.execute(k)).rows;
    const changes: Record<string, (row: Record<string, unknown>) => unknown> = {
      id: () => `${id}-2`,
      parent_id: (r) => (r.parent_id === null ? root.id : null),
      kind: (r) => (r.kind === 'village' ? 'community' : 'village'),
      name: (r) => `${String(r.name)}二`,
      code: (r) => (r.code === null ? 'C1' : null),
      path: (r) => `${String(r.path)}x/`,
      depth: (r) => Number(r.depth) + 1,
      is_sample: (r) => (Number(r.is_sample) === 1 ? 0 : 1),
      archived_at: (r) => (r.archived_at === null ? at : null),
      version: (r) => Number(r.version) + 1,
      created_at: () => '2026-12-05T00:00:00.000Z',
      updated_at: () => '2026-12-05T00:00:00.000Z',
    };
    expect(columns.map((c) => c.name).sort()).toEqual(Object.keys(changes).sort());
    let current = id;
    for (const column of Object.keys(changes)) {
      const row = await k.selectFrom('organizations').selectAll().where('id', '=', current).executeTakeFirstOrThrow();
      const value = changes[column]!(row);
      const before = await generation();
      await k
        .updateTable('organizations')
        .set({ [column]: value })
        .where('id', '=', current)
        .execute();
      expect(await generation(), column).toBeGreaterThan(before);
      if (column === 'id') current = value as string;
    }
    const before = await generation();
    await k.deleteFrom('organizations').where('id', '=', current).execute();
    expect(await generation()).toBeGreaterThan(before);
  });
});
