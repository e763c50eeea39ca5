import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readGeneration } from '../generations/generations.repository.ts';
import { weeklyReportUnits } from './weekly-report-units.cache.ts';

/**
 * The weekly reports list keeps its units and the week's reports between requests (weekly-report-units.cache.ts),
 * named by the generations of organizations and weekly_reports (migration 2026-12-04-12). Every change, through
 * the app or written to the database by someone else, must show in the next list exactly as a cold build shows it.
 */

type Json = ReturnType<typeof JSON.parse>;

describe('the weekly reports list after changes (kept units and reports)', () => {
  let t: TestApp;
  const sessions = new Map<string, Headers>();
  const as = async (who: string) => {
    let s = sessions.get(who);
    if (!s) sessions.set(who, (s = await t.login(who)));
    return s;
  };
  const list = async (who: string, query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/weekly-reports?pageSize=200${query}`, headers: await as(who) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Json>();
  };
  /** The list as kept, then as built from nothing: they must agree. */
  const warmEqualsCold = async (who: string, query = '') => {
    const warm = await list(who, query);
    weeklyReportUnits.forget(t.db.kysely);
    const cold = await list(who, query);
    expect(warm).toEqual(cold);
    return warm;
  };
  const send = async (who: string, method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await t.app.inject({ method, url, headers: await as(who), payload });
    expect([200, 201], res.body).toContain(res.statusCode);
    return res.json<Json>();
  };
  const org = (id: string) => t.db.kysely.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const names = (l: Json): string[] => l.items.map((i: Json) => i.unit.name);
  const collator = new Intl.Collator('zh-CN');
  /** The list's order as the reader sees it: the names of the path it may read, then the unit's. */
  const expectListOrder = (l: Json) => {
    const keys: string[] = l.items.map((i: Json) => [...i.unit.pathNames, i.unit.name].join('/'));
    expect(keys).toEqual([...keys].sort(collator.compare));
  };

  beforeAll(async () => {
    t = await createTestApp();
    // Friday 27 Nov 2026, 10:00 Shanghai: the week of 23 Nov, due 18:00 today.
    t.clock.current = new Date('2026-11-27T02:00:00.000Z');
  });
  afterAll(() => t.close());

  it('shows renames, new, moved and archived villages, and filed reports, to every reader at once', async () => {
    const dm = await t.orgId('大闵村');
    const before = await warmEqualsCold('admin');
    expectListOrder(before);
    expect(before.total).toBe(16);
    await warmEqualsCold('liangtian');

    // Renamed through the app: the district's and the subdistrict's lists both show the new name, in its place.
    const dmRow = await org(dm);
    await send('admin', 'PATCH', `/api/organizations/${dm}`, { version: dmRow.version, name: '阿大闵村' });
    const renamed = await warmEqualsCold('admin');
    expect(names(renamed)).toContain('阿大闵村');
    expect(names(renamed)).not.toContain('大闵村');
    expectListOrder(renamed);

    // A new village in another subdistrict, then moved under 大闵村's subdistrict.
    const subdistricts = await t.db.kysely
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('kind', '=', 'subdistrict')
      .orderBy('name')
      .execute();
    const home = (await org(dm)).parent_id!;
    const other = subdistricts.find((s) => s.id !== home)!;
    const created = await send('admin', 'POST', '/api/organizations', { parentId: other.id, kind: 'village', name: '新建村' });
    const withNew = await warmEqualsCold('admin');
    expect(withNew.total).toBe(17);
    expect(withNew.items.find((i: Json) => i.unit.name === '新建村').unit.pathNames).toEqual([other.name]);
    expectListOrder(withNew);
    await send('admin', 'PATCH', `/api/organizations/${created.id}`, { version: (await org(created.id)).version, parentId: home });
    const moved = await warmEqualsCold('admin');
    const homeName = subdistricts.find((s) => s.id === home)!.name;
    expect(moved.items.find((i: Json) => i.unit.name === '新建村').unit.pathNames).toEqual([homeName]);
    expectListOrder(moved);

    // Filed by the village: its row and the counts change.
    const started = await send('secretary', 'POST', '/api/weekly-reports', { week: '2026-11-23', unitType: 'organization', unitId: dm });
    const saved = await send('secretary', 'PATCH', `/api/weekly-reports/${started.id}`, {
      version: started.version,
      progress: '完成制度上墙',
    });
    // A draft is a report too: kept reports move with it.
    expect((await warmEqualsCold('admin')).items.find((i: Json) => i.unit.id === dm).status).toBe('draft');
    await send('secretary', 'POST', `/api/weekly-reports/${started.id}/submit`, { version: saved.version });
    const filed = await warmEqualsCold('admin');
    const row = filed.items.find((i: Json) => i.unit.id === dm);
    expect(row.status).toBe('submitted');
    expect(row.flag).toBe('on_time');
    expect(filed.counts.on_time).toBe(before.counts.on_time + 1);
    expect((await warmEqualsCold('admin', '&status=submitted')).items.map((i: Json) => i.unit.id)).toEqual([dm]);

    // Archived: gone from the list.
    await send('admin', 'PATCH', `/api/organizations/${created.id}`, { version: (await org(created.id)).version, archived: true });
    const archived = await warmEqualsCold('admin');
    expect(archived.total).toBe(16);
    expect(names(archived)).not.toContain('新建村');
    expectListOrder(await warmEqualsCold('liangtian'));
  });

  it('shows what another process wrote to the database (no request of this app saw it)', async () => {
    const dm = await t.orgId('阿大闵村');
    await list('admin');
    // Another instance renames a village and sends its report back, straight in the database.
    await t.db.kysely.updateTable('organizations').set({ name: '大闵村' }).where('id', '=', dm).execute();
    await t.db.kysely
      .updateTable('weekly_reports')
      .set({ status: 'returned', submitted_at: null })
      .where('unit_id', '=', dm)
      .where('week_start', '=', '2026-11-23')
      .execute();
    const after = await warmEqualsCold('admin');
    const row = after.items.find((i: Json) => i.unit.id === dm);
    expect(row.unit.name).toBe('大闵村');
    expect(row.status).toBe('returned');
    expectListOrder(after);
  });

  it('moves each table’s generation with every change to it, in any transaction', async () => {
    const k = t.db.kysely;
    const dm = await t.orgId('大闵村');
    const g0 = { o: await readGeneration(k, 'organizations'), r: await readGeneration(k, 'weekly_reports') };
    await k.updateTable('organizations').set({ code: 'X1' }).where('id', '=', dm).execute();
    const g1 = { o: await readGeneration(k, 'organizations'), r: await readGeneration(k, 'weekly_reports') };
    expect(g1.o).toBeGreaterThan(g0.o);
    expect(g1.r).toBe(g0.r);
    await k.deleteFrom('weekly_report_comments').execute();
    await k.deleteFrom('weekly_reports').where('unit_id', '=', dm).execute();
    const g2 = { o: await readGeneration(k, 'organizations'), r: await readGeneration(k, 'weekly_reports') };
    expect(g2.r).toBeGreaterThan(g1.r);
    expect(g2.o).toBe(g1.o);
    // A transaction that writes many rows moves it at least once (PostgreSQL: exactly once, at commit).
    await k.transaction().execute(async (trx) => {
      await trx.updateTable('organizations').set({ code: null }).where('kind', '=', 'village').execute();
      await sql`select 1`.execute(trx);
    });
    const g3 = await readGeneration(k, 'organizations');
    if (t.db.kind === 'postgres') expect(g3).toBe(g2.o + 1);
    else expect(g3).toBeGreaterThan(g2.o);
    // A rolled-back write moves nothing.
    await expect(
      k.transaction().execute(async (trx) => {
        await trx.updateTable('organizations').set({ code: 'Y' }).where('id', '=', dm).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await readGeneration(k, 'organizations')).toBe(g3);
  });
});
