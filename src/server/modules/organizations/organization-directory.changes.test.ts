import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNumber } from '../../db/dialect.ts';
import type { Headers } from '../../testing/factories.ts';
import { seededRandom } from '../../testing/seeded-random.ts';
import { beforeStatement } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import { type IndexedUnit, weeklyReportUnits } from '../weekly-reports/weekly-report-units.cache.ts';
import { compareDirectoryOrder, type OrganizationDirectory, organizationDirectory } from './organization-directory.cache.ts';
import { MAX_CHANGES_READ } from './organizations.repository.ts';

/**
 * Once the organizations' generation moves, the kept directory reads again only the organizations changed since
 * (migration 2026-12-05-01's log), and the weekly reports list's units are built again only where those touch them
 * (organization-directory.cache.ts, weekly-report-units.cache.ts). Whatever is changed, and however, both must equal
 * what is built from nothing; and a change must not read the whole tree again.
 */
describe('the kept organization directory and the weekly list’s units after changes (the change log)', () => {
  let t: TestApp;
  let admin: Headers;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  const k = () => t.db.kysely;
  /** A new executor over the same database: nothing is kept for it, so what it is handed is built from nothing. */
  const fresh = () => t.db.kysely.withoutPlugins();
  const unitRows = (units: readonly IndexedUnit[]) =>
    units.map((u) => [u.id, u.name, u.kind, u.path, u.sortKey, u.ancestors.map((a) => [a.id, a.name, a.kind, a.path])]);

  /** The subtrees the kept units are asked for (and so keep, and patch): the district's and each 街道's. */
  const roots = async () =>
    (await k().selectFrom('organizations').select('path').where('kind', 'in', ['district', 'subdistrict']).orderBy('path').execute()).map(
      (r) => r.path,
    );

  /** The kept directory and units equal ones built from nothing; answers the kept directory. */
  const agrees = async (): Promise<OrganizationDirectory> => {
    const kept = await organizationDirectory.get(k());
    const built = await organizationDirectory.get(fresh());
    expect(kept.all).toEqual(built.all);
    expect([...kept.all].sort(compareDirectoryOrder)).toEqual(kept.all);
    const keptUnits = await weeklyReportUnits.unitIndex(k());
    const builtUnits = await weeklyReportUnits.unitIndex(fresh());
    expect(unitRows(keptUnits.units)).toEqual(unitRows(builtUnits.units));
    for (const root of await roots()) expect(unitRows(keptUnits.under(root)), root).toEqual(unitRows(builtUnits.under(root)));
    await countsAgree();
    return kept;
  };

  /**
   * The weekly list's counts per flag, kept with its units (and carried to the units in a new order when a change
   * only reorders them), equal the counts of a filtered list, which counts every unit again: the district's and
   * each 街道's.
   */
  const countsAgree = async () => {
    const scopes = await k()
      .selectFrom('organizations')
      .select('id')
      .where('kind', 'in', ['district', 'subdistrict'])
      .orderBy('path')
      .execute();
    // (Rows some tests write straight into the database have ids the API does not take.)
    for (const { id } of scopes.filter((o) => /^[0-9a-f-]{36}$/.test(o.id))) {
      const list = async (query: string) => {
        const res = await t.app.inject({ method: 'GET', url: `/api/weekly-reports?organizationId=${id}${query}`, headers: admin });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ counts: Record<string, number> }>().counts;
      };
      expect(await list(''), id).toEqual(await list('&flag=late'));
    }
  };

  const patch = async (id: string, body: object) => {
    const { version } = await k().selectFrom('organizations').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    const res = await t.app.inject({ method: 'PATCH', url: `/api/organizations/${id}`, headers: admin, payload: { version, ...body } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const create = async (parentId: string, kind: string, name: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/organizations', headers: admin, payload: { parentId, kind, name } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const ofKind = (kind: string) =>
    k().selectFrom('organizations').select(['id', 'name', 'parent_id', 'archived_at']).where('kind', '=', kind).orderBy('id').execute();

  it('after 40 seeded random changes equal what is built from nothing, and no change reads the whole tree', async () => {
    const random = seededRandom(20261205);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    let before = await agrees();
    // The subtrees are asked for once, so they are kept and patched from now on.
    for (const root of await roots()) (await weeklyReportUnits.unitIndex(k())).under(root);
    let n = 0;
    for (let step = 0; step < 40; step++) {
      const villages = await ofKind('village');
      const subs = await ofKind('subdistrict');
      const branches = await ofKind('branch');
      const what = Math.floor(random() * 9);
      const v = pick(villages);
      if (what === 0) await patch(v.id, { name: `${v.name.replace(/（\d+）$/, '')}（${++n}）` });
      else if (what === 1) {
        // A 街道 renamed: every village under it sorts again.
        const s = pick(subs);
        await patch(s.id, { name: `${pick(['甲', '乙', '丙'])}${s.name.replace(/^[甲乙丙]/, '')}` });
      } else if (what === 2) {
        // A village moved, with its branches, to another 街道.
        const to = pick(subs.filter((s) => s.id !== v.parent_id));
        if (!v.archived_at) await patch(v.id, { parentId: to.id });
      } else if (what === 3) {
        // Archived (when nothing under it is still active), or restored.
        const active = await k()
          .selectFrom('organizations')
          .select('id')
          .where('parent_id', '=', v.id)
          .where('archived_at', 'is', null)
          .execute();
        if (v.archived_at || active.length === 0) await patch(v.id, { archived: !v.archived_at });
      } else if (what === 4) {
        const id = await create(pick(subs).id, pick(['village', 'community']), `新村${++n}`);
        if (random() < 0.5) await create(id, 'branch', `新村${n}党支部`);
      } else if (what === 5 && branches.length > 0 && !v.archived_at) {
        // A branch moved under a village (a unit's subtree gains an organization that is not a unit).
        await patch(pick(branches).id, { parentId: v.id });
      } else if (what === 6) {
        // Straight in the database, as another instance would, in one transaction: two renames and a re-code.
        await k()
          .transaction()
          .execute(async (trx) => {
            await trx
              .updateTable('organizations')
              .set({ name: `改名村${++n}` })
              .where('id', '=', v.id)
              .execute();
            await trx
              .updateTable('organizations')
              .set({ code: `C${n}` })
              .where('id', '=', pick(subs).id)
              .execute();
            await trx
              .updateTable('organizations')
              .set({ name: `再改村${n}` })
              .where('id', '=', v.id)
              .execute();
          });
      } else if (what === 7) {
        // Every village re-coded in one statement: more rows than are put in their places one by one.
        await k()
          .updateTable('organizations')
          .set({ code: `V${++n}` })
          .where('kind', '=', 'village')
          .execute();
      } else {
        // Added and deleted in one transaction, and one added and deleted apart: the log names ids that are gone.
        const parent = pick(subs);
        const row = (id: string) => ({
          id,
          parent_id: parent.id,
          kind: 'village',
          name: `临时村${id}`,
          code: null,
          path: '',
          depth: 2,
          is_sample: 0,
          archived_at: null,
          version: 1,
          created_at: '2026-12-05T00:00:00.000Z',
          updated_at: '2026-12-05T00:00:00.000Z',
        });
        const { path } = await k().selectFrom('organizations').select('path').where('id', '=', parent.id).executeTakeFirstOrThrow();
        const a = `tmp-a-${++n}`;
        const b = `tmp-b-${n}`;
        await k()
          .transaction()
          .execute(async (trx) => {
            await trx
              .insertInto('organizations')
              .values({ ...row(a), path: `${path}${a}/` })
              .execute();
            await trx.deleteFrom('organizations').where('id', '=', a).execute();
          });
        await k()
          .insertInto('organizations')
          .values({ ...row(b), path: `${path}${b}/` })
          .execute();
        await agrees();
        await k().deleteFrom('organizations').where('id', '=', b).execute();
      }
      const now = await agrees();
      // Made from the last one, step by step (a directory read whole has no steps to an older one).
      expect(now.changedSince(before), `step ${step} (${what})`).not.toBeNull();
      before = now;
    }
  });

  it('reads everything when the log no longer goes back to the kept generation, or names too many', async () => {
    const kept = await agrees();
    // Pruned: a change, and then the log's rows are gone, its own too.
    const village = (await ofKind('village'))[0]!;
    await patch(village.id, { name: '剪枝后村' });
    await k().deleteFrom('organization_changes').execute();
    const afterGap = await agrees();
    expect(afterGap.changedSince(kept)).toBeNull();
    // More rows than a reader takes: the generation moved past them by hand, each with a row of the log.
    const g = await readGeneration(k(), 'organizations');
    const ids = Array.from({ length: MAX_CHANGES_READ + 1 }, (_, i) => ({ gen: g + 1 + i, organization_id: village.id }));
    for (let i = 0; i < ids.length; i += 500)
      await k()
        .insertInto('organization_changes')
        .values(ids.slice(i, i + 500))
        .execute();
    await k()
      .updateTable('data_generations')
      .set({ n: g + ids.length })
      .where('topic', '=', 'organizations')
      .execute();
    const afterMany = await agrees();
    expect(afterMany.changedSince(afterGap)).toBeNull();
    // And a step from there is a step again.
    await patch(village.id, { name: '剪枝后村二' });
    expect((await agrees()).changedSince(afterMany)).not.toBeNull();
  });

  it.runIf(process.env.TEST_DATABASE_URL === undefined)(
    'SQLite: a write committed while a step reads its rows is read too, so the step keeps one state of the table',
    async () => {
      await agrees();
      const village = (await ofKind('village'))[0]!;
      const street = await k()
        .selectFrom('organizations')
        .select(['id', 'name'])
        .where('id', '=', village.parent_id!)
        .executeTakeFirstOrThrow();
      await patch(village.id, { name: '先改名村' });
      // Right before the step reads the village by id, another writer renames the 街道 and the village again.
      const { result, fired } = await beforeStatement(
        /from "organizations" where "id" in \(select value from json_each/,
        (database) => {
          database.prepare('update organizations set name = ? where id = ?').run(`${street.name}二`, street.id);
          database.prepare('update organizations set name = ? where id = ?').run('再改名村', village.id);
        },
        () => organizationDirectory.get(k()),
      );
      expect(fired).toBe(true);
      // Not the village's newer row beside the 街道's older one: the table as it is now.
      const built = await organizationDirectory.get(fresh());
      expect(result.all).toEqual(built.all);
      expect(result.all.find((o) => o.id === street.id)?.name).toBe(`${street.name}二`);
      await agrees();
    },
  );

  it('logs a transaction’s rows under one generation on PostgreSQL, each row under its own on SQLite', async () => {
    const g0 = await readGeneration(k(), 'organizations');
    const villages = await ofKind('village');
    await k().updateTable('organizations').set({ code: 'ONE-STATEMENT' }).where('kind', '=', 'village').execute();
    const g1 = await readGeneration(k(), 'organizations');
    expect(g1 - g0).toBe(t.db.kind === 'postgres' ? 1 : villages.length);
    const logged = await k().selectFrom('organization_changes').select(['gen', 'organization_id']).where('gen', '>', g0).execute();
    expect(logged.map((r) => r.organization_id).sort()).toEqual(villages.map((v) => v.id).sort());
    expect(new Set(logged.map((r) => toNumber(r.gen))).size).toBe(g1 - g0);
    await agrees();
  });

  it('keeps the last 8,192 generations, pruned every 1,024th', async () => {
    const village = (await ofKind('village'))[0]!;
    await k().deleteFrom('organization_changes').execute();
    await k()
      .insertInto('organization_changes')
      .values([
        { gen: 2_048, organization_id: 'old' },
        { gen: 2_049, organization_id: 'kept' },
      ])
      .execute();
    await k().updateTable('data_generations').set({ n: 10_239 }).where('topic', '=', 'organizations').execute();
    await patch(village.id, { name: '剪枝村' });
    expect(await readGeneration(k(), 'organizations')).toBe(10_240);
    const left = await k().selectFrom('organization_changes').select('organization_id').orderBy('gen').execute();
    expect(left.map((r) => r.organization_id)).toEqual(['kept', village.id]);
    await agrees();
  });

  it.runIf(process.env.TEST_DATABASE_URL === undefined)(
    'SQLite: a row INSERT OR REPLACE or UPDATE OR REPLACE deletes is logged',
    async () => {
      const sub = (await ofKind('subdistrict'))[0]!;
      const id = await create(sub.id, 'village', '将被替换村');
      await agrees();
      const { path } = await k().selectFrom('organizations').select('path').where('id', '=', id).executeTakeFirstOrThrow();
      // Another id on the same path: the old row is deleted without its delete trigger.
      await sql`insert or replace into organizations (id, parent_id, kind, name, code, path, depth, is_sample, archived_at, version, created_at, updated_at)
      values ('replacing', ${sub.id}, 'village', '替换村', null, ${path}, 2, 0, null, 1, '2026-12-05', '2026-12-05')`.execute(k());
      const dir = await agrees();
      expect(dir.all.map((o) => o.id)).not.toContain(id);
      expect(dir.all.map((o) => o.id)).toContain('replacing');
      // UPDATE OR REPLACE: a row moved onto another's path deletes that one.
      const other = await create(sub.id, 'village', '将被挤掉村');
      await agrees();
      const { path: otherPath } = await k().selectFrom('organizations').select('path').where('id', '=', other).executeTakeFirstOrThrow();
      await sql`update or replace organizations set path = ${otherPath} where id = 'replacing'`.execute(k());
      expect((await agrees()).all.map((o) => o.id)).not.toContain(other);
      // An insert ignored leaves a row in the log under the next generation; a write with its own OR policy after it
      // must not fail on that row (the policy replaces the one inside the trigger).
      await sql`insert or ignore into organizations (id, parent_id, kind, name, code, path, depth, is_sample, archived_at, version, created_at, updated_at)
      values ('replacing', ${sub.id}, 'village', '又一个', null, '/nowhere/', 2, 0, null, 1, '2026-12-05', '2026-12-05')`.execute(k());
      await sql`update or fail organizations set name = '替换村二' where id = 'replacing'`.execute(k());
      expect((await agrees()).all.find((o) => o.id === 'replacing')?.name).toBe('替换村二');
    },
  );

  it('keeps a district’s subtree to its own units once a second root has some', async () => {
    await agrees();
    for (const root of await roots()) (await weeklyReportUnits.unitIndex(k())).under(root);
    const at = '2026-12-05T00:00:00.000Z';
    const row = { code: null, is_sample: 0, archived_at: null, version: 1, created_at: at, updated_at: at };
    await k()
      .insertInto('organizations')
      .values([
        { ...row, id: 'second-root', parent_id: null, kind: 'district', name: '第二区', path: '/second-root/', depth: 0 },
        {
          ...row,
          id: 'second-sub',
          parent_id: 'second-root',
          kind: 'subdistrict',
          name: '第二街道',
          path: '/second-root/second-sub/',
          depth: 1,
        },
        {
          ...row,
          id: 'second-village',
          parent_id: 'second-sub',
          kind: 'village',
          name: '第二村',
          path: '/second-root/second-sub/second-village/',
          depth: 2,
        },
      ])
      .execute();
    await agrees();
  });
});
