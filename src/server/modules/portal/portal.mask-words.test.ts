import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { ledgerXlsx, uploadLedger } from '../ledger/ledger-sheets.test-support.ts';
import { loadMasker } from './portal.mask.ts';

/**
 * The masking dictionary (masking_words, kept by triggers) and the cached
 * Masker built from it: a name written in the same transaction as the text
 * that mentions it is masked in the public chain, a Masker is rebuilt only
 * when a word was added, and a rolled-back word whose id SQLite reuses does
 * not hide the word that took its place. SQLite, or PostgreSQL under
 * scripts/with-postgres.sh.
 */
let t: TestApp;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp({ demoLedger: true });
  admin = await t.login('admin');
});
afterAll(async () => {
  await t.close();
});

async function publicEntriesMentioning(text: string): Promise<string[]> {
  const rows = await t.db.kysely.selectFrom('public_chain_entries').selectAll().execute();
  return rows.map((r) => JSON.stringify(r)).filter((s) => s.includes(text));
}

describe('the masking dictionary', () => {
  it('holds every name already in the record after the migration', async () => {
    const words = await t.db.kysely.selectFrom('masking_words').select(['kind', 'word']).execute();
    const people = new Set(words.filter((w) => w.kind === 'person').map((w) => w.word));
    const owners = await t.db.kysely.selectFrom('problems').select('owner_name').where('owner_name', 'is not', null).execute();
    expect(owners.length).toBeGreaterThan(0);
    for (const o of owners) expect(people.has(o.owner_name!), o.owner_name!).toBe(true);
    const users = await t.db.kysely.selectFrom('users').select('display_name').execute();
    for (const u of users) expect(people.has(u.display_name), u.display_name).toBe(true);
    const orgs = words.filter((w) => w.kind === 'organization').map((w) => w.word);
    expect(orgs).toContain('大闵村');
  });

  it("masks the party members' names (党员名册) in a public progress note, a seeded member's and one registered since", async () => {
    const village = await t.orgId('大闵村');
    const branch = await t.orgId('大闵村党支部');
    const seeded = await t.db.kysely
      .selectFrom('party_members')
      .select('name')
      .where('organization_id', '=', branch)
      .executeTakeFirstOrThrow();
    const added = await t.app.inject({
      method: 'POST',
      url: '/api/party-members',
      headers: admin,
      payload: { organizationId: branch, name: '慕容清风', gender: 'male' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const problem = await t.db.kysely
      .selectFrom('problems')
      .select('id')
      .where('organization_id', '=', village)
      .where('status', '=', 'rectifying')
      .where('is_public', '=', 1)
      .executeTakeFirstOrThrow();
    const note = `${seeded.name}、慕容清风已补齐入党志愿书`;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/problems/${problem.id}/progress`,
      headers: admin,
      payload: { text: note },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await publicEntriesMentioning(seeded.name)).toEqual([]);
    expect(await publicEntriesMentioning('慕容清风')).toEqual([]);
    expect((await publicEntriesMentioning(`${seeded.name.slice(0, 1)}*、慕*已补齐入党志愿书`)).length).toBe(1);
  });

  it("masks a new owner's name in the public chain entry written in the same transaction", async () => {
    const village = await t.orgId('大闵村');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/problems',
      headers: admin,
      payload: {
        organizationId: village,
        description: '由新任责任人欧阳明轩牵头整改村务公开栏',
        ownerName: '欧阳明轩',
        isPublic: true,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await publicEntriesMentioning('欧阳明轩')).toEqual([]);
    expect((await publicEntriesMentioning('由新任责任人欧*牵头整改村务公开栏')).length).toBe(1);
  });

  it('masks the names an import brings in, in every later row of the same transaction (the public chain keeps them for good)', async () => {
    // The transaction's Masker is made at its first public row; the owners of the rows after it were not in it.
    const bytes = await ledgerXlsx(
      ['序号', '所属组织', '问题描述', '责任人', '牵头领导', '整改时限'],
      [
        [1, '大闵村', '村务公开栏内容未按时更新', '诸葛云峰', '东方明远', '2026-12-31'],
        [2, '大闵村', '由慕容秋水负责补齐党员活动记录，东方明远督办', '慕容秋水', '东方明远', '2026-12-31'],
        [3, '张东村', '诸葛云峰、慕容秋水和皇甫嘉禾一起整理档案', '皇甫嘉禾', null, '2026-12-31'],
      ],
    );
    const res = await uploadLedger(t, admin, bytes);
    expect(res.statusCode, res.body).toBe(200);
    for (const name of ['诸葛云峰', '东方明远', '慕容秋水', '皇甫嘉禾']) expect(await publicEntriesMentioning(name), name).toEqual([]);
    expect((await publicEntriesMentioning('由慕*负责补齐党员活动记录，东*督办')).length).toBe(1);
    expect((await publicEntriesMentioning('诸*、慕*和皇*一起整理档案')).length).toBe(1);
  });

  it('rebuilds the Masker only when a word was added', async () => {
    const db = t.db.kysely;
    const first = await loadMasker(db);
    expect(await loadMasker(db)).toBe(first);
    await sql`update users set display_name = ${'司马青云'} where username = ${'viewer'}`.execute(db);
    const second = await loadMasker(db);
    expect(second).not.toBe(first);
    expect(second.text('司马青云来村检查')).toBe('司*来村检查');
    expect(first.text('司马青云来村检查')).toBe('司马青云来村检查');
  });

  it('is not fooled by a rolled-back word whose id is taken again', async () => {
    const db = t.db.kysely;
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`update users set display_name = ${'上官飞燕'} where username = ${'viewer'}`.execute(trx);
        // Built and cached inside the transaction that is about to roll back.
        expect((await loadMasker(trx)).text('上官飞燕')).toBe('上*');
        throw new Error('roll back');
      })
      .catch((e: unknown) => {
        if (!(e instanceof Error) || e.message !== 'roll back') throw e;
      });
    // The same id (SQLite) or the next one (PostgreSQL), a different word.
    await sql`update users set display_name = ${'东方既白'} where username = ${'viewer'}`.execute(db);
    const masker = await loadMasker(db);
    expect(masker.text('东方既白到村')).toBe('东*到村');
    expect(masker.text('上官飞燕')).toBe('上官飞燕');
  });
});
