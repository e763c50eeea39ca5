import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.ts';
import type { Headers } from '../../testing/factories.ts';
import { inTurn } from '../../testing/pg-race.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { ORGANIZATION_TREE_LOCK } from './organizations.repository.ts';

/**
 * Two moves at once on PostgreSQL: a village moves while its branch moves elsewhere. The branch's move read the
 * branch before taking the tree's lock; the village's move, committed meanwhile, changed the branch's path but not
 * its version, so the branch moved from its old path and the copies of that path (a Party member's row) stayed
 * behind, read by the village's old 街道. The move now reads the organization again under the lock.
 */
let t: TestApp;
let admin: Headers;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('a move racing its ancestor’s move', () => {
  it.runIf(process.env.TEST_DATABASE_URL)('leaves no copy of a path behind (PostgreSQL, read committed)', async () => {
    const k = t.db.kysely;
    const village = await t.orgId('庙北村');
    const branch = await t.orgId('庙北村党支部');
    const baiyang = await t.orgId('白杨街道');
    const damin = await t.orgId('大闵村');
    const pathOf = async (id: string) =>
      (await k.selectFrom('organizations').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path;
    const at = '2026-11-27T02:00:00.000Z';
    const memberId = newId();
    await k
      .insertInto('party_members')
      .values({
        id: memberId,
        organization_id: branch,
        org_path: await pathOf(branch),
        name: '路径检验',
        gender: 'female',
        joined_on: '2001-07-01',
        status: 'full',
        works_away: 0,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const version = async (id: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/organizations/${id}`, headers: admin })).json<{ version: number }>().version;
    const [vVersion, bVersion] = [await version(village), await version(branch)];
    // The tree's lock held here: both moves read their organization, then wait for it, the village's first.
    const [v, b] = await inTurn(
      t.db,
      (trx) => sql`select pg_advisory_xact_lock(${ORGANIZATION_TREE_LOCK})`.execute(trx),
      () =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/organizations/${village}`,
          headers: admin,
          payload: { version: vVersion, parentId: baiyang },
        }),
      () =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/organizations/${branch}`,
          headers: admin,
          payload: { version: bVersion, parentId: damin },
        }),
    );
    expect(v.statusCode, v.body).toBe(200);
    // The branch's path changed under it: refused (409), to be tried again on the fresh page.
    expect(b.statusCode, b.body).toBe(409);
    const member = await k.selectFrom('party_members').select('org_path').where('id', '=', memberId).executeTakeFirstOrThrow();
    expect(member.org_path).toBe(await pathOf(branch));
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from party_members m join organizations o on o.id = m.organization_id where m.org_path <> o.path`.execute(k);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
