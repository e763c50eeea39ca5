import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../http/context.ts';
import { organizationRow } from '../testing/factories.ts';
import { createTestDb } from '../testing/test-app.ts';
import { openDatabase, type Db } from './dialect.ts';
import { lockHead, moveHead } from '../modules/audit/audit-chain.repository.ts';
import { inJsonArray, precompiled, precompiledQuery } from './precompiled.ts';

/** Precompiled hot queries (SQLite, or PostgreSQL under scripts/with-postgres.sh). */

let db: Db & { dropAll(): Promise<void> };
beforeAll(async () => {
  db = await createTestDb();
  await db.kysely
    .insertInto('organizations')
    .values(
      ['甲', '乙', '丙'].map((name, i) => ({
        ...organizationRow({
          id: `org-${i}`,
          parentId: null,
          kind: 'village',
          name,
          path: `/org-${i}/`,
          depth: 0,
          at: '2026-01-01T00:00:00.000Z',
        }),
        code: `c${i}`,
      })),
    )
    .execute();
});
afterAll(() => db.dropAll());

// The same query, built on each call and precompiled: kind and name bound, a constant of the query between them,
// and an argument used twice.
const build = (d: Executor, kind: string, name: string) =>
  d
    .selectFrom('organizations')
    .select(['id', 'name', sql<number>`${7}`.as('seven')])
    .where('kind', '=', kind)
    .where((eb) => eb.or([eb('name', '=', name), eb('code', '=', name)]))
    .orderBy('id');
const fast = precompiled(build);

describe('precompiled', () => {
  it('answers what the query built on every call answers, for each call’s values', async () => {
    for (const [kind, name] of [
      ['village', '乙'],
      ['village', 'c2'],
      ['subdistrict', '乙'],
      ['village', 'nobody'],
    ] as const) {
      const rows = await fast(db.kysely, kind, name);
      expect(rows).toEqual(await build(db.kysely, kind, name).execute());
      for (const r of rows) expect(Number(r.seven)).toBe(7);
    }
    expect((await fast(db.kysely, 'village', 'c0')).map((r) => r.name)).toEqual(['甲']);
  });

  it('runs in the caller’s transaction, which sees its own writes', async () => {
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('organizations').set({ name: '丁' }).where('id', '=', 'org-1').execute();
        expect((await fast(trx, 'village', '丁')).map((r) => r.id)).toEqual(['org-1']);
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    expect(await fast(db.kysely, 'village', '丁')).toEqual([]);
  });

  it('refuses a query that does not take an argument as a parameter', async () => {
    const looksAtTheValue = precompiled((d: Executor, name: string) =>
      d
        .selectFrom('organizations')
        .select('id')
        .where('name', '=', name === 'x' ? 'y' : 'z'),
    );
    await expect(looksAtTheValue(db.kysely, '甲')).rejects.toThrow(/argument 0 is not a parameter/);
    const writesItIn = precompiled((d: Executor, name: string) =>
      d.selectFrom('organizations').select('id').where('name', '=', sql.lit(name)),
    );
    await expect(writesItIn(db.kysely, '甲')).rejects.toThrow(/not a parameter|written into the SQL/);
  });

  it('answers a write’s affected rows: a guarded update that finds its row, and one that does not', async () => {
    const rename = precompiledQuery((d: Executor, name: string, id: string, was: string) =>
      d.updateTable('organizations').set({ name }).where('id', '=', id).where('name', '=', was),
    );
    expect((await rename(db.kysely, '戊', 'org-2', '丙')).numAffectedRows).toBe(1n);
    expect((await rename(db.kysely, '己', 'org-2', '丙')).numAffectedRows).toBe(0n);
    expect((await fast(db.kysely, 'village', '戊')).map((r) => r.id)).toEqual(['org-2']);
  });

  it('keeps the chain head’s guard: a move from a head that has moved on fails', async () => {
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        const head = await lockHead(trx, db.kind);
        const next = { seq: head.seq + 1, hash: 'a'.repeat(64) };
        await moveHead(trx, head, next);
        expect(await lockHead(trx, db.kind)).toEqual(next);
        await expect(moveHead(trx, head, { seq: head.seq + 2, hash: 'b'.repeat(64) })).rejects.toThrow(/moved under a writer/);
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
  });

  it.runIf(process.env.TEST_DATABASE_URL)('runs as a named prepared statement on PostgreSQL, unless its select list has *', async () => {
    const starred = precompiled((d: Executor, kind: string) => d.selectFrom('organizations').selectAll().where('kind', '=', kind));
    const named = async (trx: Executor) => {
      const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx);
      return rows.map((r) => r.statement);
    };
    await db.kysely.transaction().execute(async (trx) => {
      // One connection for the whole transaction: what it has prepared is visible to it.
      await fast(trx, 'village', '甲');
      await starred(trx, 'village');
      const statements = await named(trx);
      expect(statements).toContain(build(trx, 'village', '甲').compile().sql);
      expect(statements.some((t) => t.includes('*'))).toBe(false);
    });
  });

  it.runIf(process.env.TEST_DATABASE_URL)('prepares nothing when prepared statements are turned off', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${(await sql<{ db: string }>`select current_database() as db`.execute(db.kysely)).rows[0]!.db}`;
    const plain = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1, preparedStatements: false });
    try {
      await plain.kysely.transaction().execute(async (trx) => {
        expect(await fast(trx, 'village', '乙')).toHaveLength(1);
        const { rows } = await sql<{ n: unknown }>`select count(*) as n from pg_prepared_statements`.execute(trx);
        expect(Number(rows[0]!.n)).toBe(0);
      });
    } finally {
      await plain.close();
    }
  });

  it('takes a list of any length as one JSON argument (inJsonArray): one statement, the rows named and no others', async () => {
    const byIds = precompiled((d: Executor, idsJson: string) =>
      d
        .selectFrom('organizations')
        .select(['id', 'name'])
        .where(inJsonArray(d, 'id', idsJson))
        .orderBy('id'),
    );
    const names = async (ids: string[]) => (await byIds(db.kysely, JSON.stringify(ids))).map((r) => r.name);
    expect(await names(['org-1'])).toEqual(['乙']);
    expect(await names(['org-1', 'org-0'])).toEqual(['甲', '乙']);
    // Duplicates, ids that are not there, quotes and a long list: still one parameter.
    expect(await names(['org-0', 'org-0', 'nobody', `o'r"g\\-1`])).toEqual(['甲']);
    expect(await names([...Array.from({ length: 500 }, (_, i) => `x-${i}`), 'org-1'])).toEqual(['乙']);
    expect(await names([])).toEqual([]);
  });

  it('keeps answering after a column is added to a table it reads (its columns are named, not *)', async () => {
    const names = precompiled((d: Executor, kind: string) =>
      d.selectFrom('organizations').select(['id', 'name']).where('kind', '=', kind).orderBy('id'),
    );
    await db.kysely.transaction().execute(async (trx) => {
      const before = await names(trx, 'village');
      await sql`alter table organizations add column precompiled_test_extra integer`.execute(trx);
      expect(await names(trx, 'village')).toEqual(before);
      await sql`alter table organizations drop column precompiled_test_extra`.execute(trx);
    });
  });
});
