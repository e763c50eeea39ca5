import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.ts';
import { up as repairCopiedPaths } from '../../db/migrations/2026-12-04-14-repair-copied-paths.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * A database upgraded from before 2026-12-04-13 holds copies of organizations' paths that earlier moves left stale
 * (weekly reports, venues, feedback, Party members, study …). Migration 2026-12-04-14 sets each to its
 * organization's path. The stale row is made here with the keeping trigger out of the way (dropped on SQLite,
 * disabled on PostgreSQL), as such rows were made before it existed.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('repairing copies left stale by earlier moves', () => {
  it('sets each copy to its organization’s path, and leaves correct ones alone', async () => {
    const k = t.db.kysely;
    const branch = await t.orgId('大闵村党支部');
    const { path } = await k.selectFrom('organizations').select('path').where('id', '=', branch).executeTakeFirstOrThrow();
    if (t.db.kind === 'sqlite') await sql`drop trigger party_members_org_path_follows`.execute(k);
    else await sql`alter table party_members disable trigger party_members_org_path_follows`.execute(k);
    const row = (id: string, orgPath: string) => ({
      id,
      organization_id: branch,
      org_path: orgPath,
      name: `修复${id.slice(-4)}`,
      gender: 'male',
      joined_on: '2001-07-01',
      status: 'full',
      works_away: 0,
      version: 1,
      created_at: '2026-11-27T02:00:00.000Z',
      updated_at: '2026-11-27T02:00:00.000Z',
    });
    const stale = newId();
    const right = newId();
    await k
      .insertInto('party_members')
      .values([row(stale, '/old/place/'), row(right, path)])
      .execute();
    if (t.db.kind === 'postgres') await sql`alter table party_members enable trigger party_members_org_path_follows`.execute(k);
    const pathOf = async (id: string) =>
      (await k.selectFrom('party_members').select(['org_path', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow()).org_path;
    expect(await pathOf(stale)).toBe('/old/place/');

    await repairCopiedPaths(k);
    expect(await pathOf(stale)).toBe(path);
    expect(await pathOf(right)).toBe(path);
  });
});
