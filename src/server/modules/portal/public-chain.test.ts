import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../domain/hash-chain.ts';
import { runCli } from '../../cli.ts';
import { type Headers, makeOrg, makeUser, TEST_PASSWORD } from '../../testing/factories.ts';
import { makeProblem, makePublishedStandard, problemIn, transition } from '../../testing/ledger-factories.ts';
import { driveTo, makeVenue } from '../venues/venues.test-support.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { canonicalize, sha256HexSync, verifyLedger } from './assets/verify.js';
import { type PublicLink, verifyLedgerPages, verifyPublicLedger } from './public-chain.service.ts';

/**
 * The public ledger on the real database: the ledger's public events are
 * appended in the transactions that make them, the chain verifies from the
 * database, from the public API (the CLI's --url) and in the browser's
 * verifier (assets/verify.js, run here under Node), and a changed, a deleted
 * and a swapped entry are each found and named.
 */
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function rows(app: TestApp) {
  const list = await app.db.kysely.selectFrom('public_chain_entries').selectAll().orderBy('seq').execute();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored entries are loose JSON, read field by field in the tests
  return list.map((r) => ({ ...r, seq: Number(r.seq), entry: JSON.parse(r.entry) as Record<string, any> }));
}

/** GET /api/public/chain through the app, as a remote verifier would fetch it. */
function fetchPage(app: TestApp) {
  return async (from: number) => {
    const res = await app.app.inject({ method: 'GET', url: `/api/public/chain?from=${from}&limit=3` });
    expect(res.statusCode).toBe(200);
    return res.json<{ head: { seq: number; hash: string }; entries: PublicLink[]; next: number | null }>();
  };
}

async function ledgerWithEvents(): Promise<{ t: TestApp; admin: Headers }> {
  t = await createTestApp();
  const admin = await t.login('admin');
  await problemIn(t, admin, '大闵村', 'accepted');
  const hidden = await makeProblem(t, admin, '张东村', { isPublic: false });
  await transition(t, admin, hidden, 'start');
  return { t, admin };
}

describe('public events are chained where they happen', () => {
  it('records publication, each status change and progress of public problems only, linked from the genesis hash', async () => {
    const { t, admin } = await ledgerWithEvents();
    const p = await makeProblem(t, admin, '大闵村', { description: '联系人陈晓梅（13912345678）未公开办事流程' });
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/problems/${p.id}/progress`,
      headers: admin,
      payload: { text: '陈晓梅已联系施工队，电话13912345678' },
    });
    expect(note.statusCode, note.body).toBe(200);
    const list = await rows(t);
    expect(list.map((r) => r.type)).toEqual([
      'problem.published',
      'problem.status_changed',
      'problem.status_changed',
      'problem.status_changed',
      'problem.published',
      'problem.progress_posted',
    ]);
    expect(list.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < list.length; i++) expect(list[i]!.prev_hash).toBe(list[i - 1]!.hash);
    expect(list.slice(1, 4).map((r) => `${r.entry.data.from}→${r.entry.data.to}`)).toEqual([
      'open→rectifying',
      'rectifying→submitted',
      'submitted→accepted',
    ]);
    // Masked before it is written: the entry is public forever.
    expect(list[4]!.entry.data.description).toBe('联系人陈*（***）未公开办事流程');
    expect(list[5]!.entry.data.text).toBe('陈*已联系施工队，电话***');
    expect(JSON.stringify(list)).not.toContain(await t.userId('admin'));
    // The 公示 switch: off leaves the chain an "unpublished" entry, on again a new publication.
    const detail = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: admin })).json();
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/problems/${p.id}`,
      headers: admin,
      payload: { version: detail.version, isPublic: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const on = await t.app.inject({
      method: 'PATCH',
      url: `/api/problems/${p.id}`,
      headers: admin,
      payload: { version: off.json().version, isPublic: true },
    });
    expect(on.statusCode, on.body).toBe(200);
    expect((await rows(t)).slice(-2).map((r) => r.type)).toEqual(['problem.unpublished', 'problem.published']);
    expect(await verifyPublicLedger(t.db)).toMatchObject({ ok: true, count: 8 });
  });

  it('rolls back with the transaction: a refused transition appends nothing', async () => {
    const { t, admin } = await ledgerWithEvents();
    const before = (await rows(t)).length;
    const p = await makeProblem(t, admin, '大闵村');
    const stale = await transition(t, admin, { id: p.id, version: p.version + 3 }, 'start');
    expect(stale.statusCode).toBe(409);
    expect((await rows(t)).length).toBe(before + 1);
    expect(await verifyPublicLedger(t.db)).toMatchObject({ ok: true, count: before + 1 });
  });

  it('serves the head and pages of entries to anyone, and the pages verify without trusting the server', async () => {
    const { t } = await ledgerWithEvents();
    const head = await t.app.inject({ method: 'GET', url: '/api/public/chain/head' });
    expect(head.statusCode).toBe(200);
    const list = await rows(t);
    expect(head.json()).toEqual({ seq: list.length, hash: list.at(-1)!.hash });
    expect(await verifyLedgerPages(fetchPage(t))).toMatchObject({ ok: true, count: list.length, head: head.json() });
    // The browser's verifier, an independent implementation (JCS and SHA-256 of its own), agrees.
    expect(await verifyLedger(fetchPage(t))).toMatchObject({ ok: true, count: list.length, head: head.json() });
    const bad = await t.app.inject({ method: 'GET', url: '/api/public/chain?from=0x10' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('tampering with the stored ledger is found, and the first bad entry named', () => {
  it('a changed entry: hash mismatch at that entry, from the database, the API and the browser verifier', async () => {
    const { t } = await ledgerWithEvents();
    const victim = (await rows(t))[1]!;
    const changed = JSON.stringify({ ...victim.entry, data: { ...victim.entry.data, to: 'closed' } });
    await sql`update public_chain_entries set entry = ${changed} where seq = ${victim.seq}`.execute(t.db.kysely);
    expect(await verifyPublicLedger(t.db)).toMatchObject({ ok: false, count: 1, fault: { reason: 'hash-mismatch', seq: 2 } });
    expect(await verifyLedgerPages(fetchPage(t))).toMatchObject({ ok: false, count: 1, fault: { reason: 'hash-mismatch', seq: 2 } });
    expect(await verifyLedger(fetchPage(t))).toMatchObject({ ok: false, count: 1, seq: 2, reason: 'hash-mismatch' });
  });

  it('a deleted entry: a gap at the entry after it; the last deleted: the head does not match', async () => {
    const { t } = await ledgerWithEvents();
    const list = await rows(t);
    await sql`delete from public_chain_entries where seq = ${2}`.execute(t.db.kysely);
    expect(await verifyPublicLedger(t.db)).toMatchObject({ ok: false, count: 1, fault: { reason: 'gap', seq: 3 } });
    expect(await verifyLedger(fetchPage(t))).toMatchObject({ ok: false, seq: 3, reason: 'gap' });
    await sql`insert into public_chain_entries (seq, at, type, organization_id, subject_type, subject_id, entry, prev_hash, hash)
              values (${2}, ${list[1]!.at}, ${list[1]!.type}, ${list[1]!.organization_id}, ${list[1]!.subject_type}, ${list[1]!.subject_id},
                      ${JSON.stringify(list[1]!.entry)}, ${list[1]!.prev_hash}, ${list[1]!.hash})`.execute(t.db.kysely);
    expect(await verifyPublicLedger(t.db)).toMatchObject({ ok: true });
    await sql`delete from public_chain_entries where seq = ${list.length}`.execute(t.db.kysely);
    expect(await verifyPublicLedger(t.db)).toMatchObject({
      ok: false,
      count: list.length - 1,
      fault: { reason: 'head-mismatch', seq: null },
    });
    expect(await verifyLedger(fetchPage(t))).toMatchObject({ ok: false, reason: 'head-mismatch' });
  });

  it('two entries swapped (their places exchanged): hash mismatch at the earlier place', async () => {
    const { t } = await ledgerWithEvents();
    const [a, b] = (await rows(t)).slice(1, 3);
    await t.db.kysely.transaction().execute(async (trx) => {
      await sql`update public_chain_entries set seq = ${-1} where seq = ${a!.seq}`.execute(trx);
      await sql`update public_chain_entries set seq = ${a!.seq} where seq = ${b!.seq}`.execute(trx);
      await sql`update public_chain_entries set seq = ${b!.seq} where seq = ${-1}`.execute(trx);
    });
    expect(await verifyPublicLedger(t.db)).toMatchObject({ ok: false, count: 1, fault: { reason: 'hash-mismatch', seq: 2 } });
    expect(await verifyLedger(fetchPage(t))).toMatchObject({ ok: false, count: 1, seq: 2, reason: 'hash-mismatch' });
  });

  it('two entries swapped by content (each keeps its place and hashes): hash mismatch at the earlier', async () => {
    const { t } = await ledgerWithEvents();
    const [a, b] = (await rows(t)).slice(1, 3);
    await sql`update public_chain_entries set entry = ${JSON.stringify(b!.entry)} where seq = ${a!.seq}`.execute(t.db.kysely);
    await sql`update public_chain_entries set entry = ${JSON.stringify(a!.entry)} where seq = ${b!.seq}`.execute(t.db.kysely);
    expect(await verifyPublicLedger(t.db)).toMatchObject({ ok: false, fault: { reason: 'hash-mismatch', seq: 2 } });
  });
});

describe('taizhang verify-ledger', () => {
  it('answers 0 and prints the head when the ledger holds, 1 and the entry when it does not (checking a SQLite copy)', async () => {
    t = await createTestApp({ config: { database: { kind: 'sqlite', file: ':memory:' } } });
    // The CLI opens files; this test's database is in memory, so it checks a file written from it.
    const admin = await t.login('admin');
    await problemIn(t, admin, '大闵村', 'rectifying');
    if (t.db.kind !== 'sqlite') return;
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ledger-')), 'copy.sqlite');
    await sql`vacuum into ${file}`.execute(t.db.kysely);
    const logs: string[] = [];
    const log = console.log;
    console.log = (line: string) => logs.push(line);
    try {
      expect(await runCli(['verify-ledger', '--sqlite', file])).toBe(0);
      expect(logs.join('\n')).toMatch(/^ok: 2 entries, head 2 [0-9a-f]{12}$/m);
      const SqliteDatabase = (await import('better-sqlite3')).default;
      const raw = new SqliteDatabase(file);
      raw.prepare("update public_chain_entries set entry = replace(entry, 'rectifying', 'closed') where seq = 2").run();
      raw.close();
      logs.length = 0;
      expect(await runCli(['verify-ledger', '--sqlite', file])).toBe(1);
      expect(logs.join('\n')).toContain('BROKEN at entry 2: hash-mismatch');
    } finally {
      console.log = log;
    }
  });
});

describe('the browser verifier (assets/verify.js)', () => {
  it('canonicalizes as RFC 8785 and hashes as SHA-256 without Web Crypto', async () => {
    const { default: reference } = await import('canonicalize');
    const { createHash } = await import('node:crypto');
    const samples = [
      { b: 2, a: [1, 'x', null, true], c: { z: '中文', y: '\u2028' } },
      { num: 1e21, neg: -0, small: 0.000001, text: 'é\u0000"\\' },
      {},
    ];
    for (const s of samples) expect(canonicalize(s)).toBe(reference(s));
    for (const text of ['', 'abc', '台账'.repeat(100), 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64)]) {
      const bytes = new TextEncoder().encode(text);
      expect(sha256HexSync(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});

describe('达标 and 清零 are public events too', () => {
  it('chains a village confirmed 达标 and its revocation, and a venue cleared by accepted works', async () => {
    t = await createTestApp();
    const admin = await t.login('admin');
    const officer = await t.login('officer');
    const standard = await makePublishedStandard(t);
    const v = await makeOrg(t, admin, '良田街道');
    const l = await makeUser(t, admin, [{ role: 'liaison_member', org: v.id }]);
    const liaison = await t.login(l.username, TEST_PASSWORD);
    const round = await t.app.inject({
      method: 'POST',
      url: '/api/inspection-rounds',
      headers: officer,
      payload: {
        name: '公开台账检验排查',
        standardVersionId: standard.versionId,
        periodStart: '2026-11-27',
        periodEnd: '2026-12-10',
        organizationIds: [v.id],
      },
    });
    expect(round.statusCode, round.body).toBe(201);
    const checklistId = round.json().checklists[0].id as string;
    let version = 0;
    for (const item of standard.itemIds) {
      const r = await t.app.inject({
        method: 'PUT',
        url: `/api/inspection-checklists/${checklistId}/results/${item}`,
        headers: liaison,
        payload: { result: 'meets' },
      });
      expect(r.statusCode, r.body).toBe(200);
      version = r.json().version;
    }
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/inspection-checklists/${checklistId}/complete`,
      headers: liaison,
      payload: { version },
    });
    expect(done.statusCode, done.body).toBe(200);
    const fire = (headers: Headers, payload: object) =>
      t!.app.inject({ method: 'POST', url: `/api/attainments/${checklistId}/transitions`, headers, payload });
    expect((await fire(liaison, { action: 'propose', version: 0, note: '逐项核验达标' })).statusCode).toBe(200);
    const before = (await rows(t)).length;
    const confirmed = await fire(officer, { action: 'confirm', version: 1 });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const revoked = await fire(officer, { action: 'revoke', version: 2, reason: '抽查发现问题' });
    expect(revoked.statusCode, revoked.body).toBe(200);

    const venue = await makeVenue(t, admin, '大闵村');
    await driveTo(t, admin, venue.id, 'accepted');
    const added = (await rows(t)).slice(before);
    expect(added.map((r) => r.type)).toEqual(['village.attained', 'village.attainment_revoked', 'venue.cleared']);
    expect(added[0]!.entry).toMatchObject({
      village: { id: v.id, name: v.name },
      data: { round: '公开台账检验排查', confirmedOn: '2026-11-27' },
    });
    expect(added[2]!.entry).toMatchObject({
      village: { name: '大闵村' },
      data: { venue: { id: venue.id, name: venue.name }, projectKind: '扩建' },
    });
    expect((await verifyPublicLedger(t.db)).ok).toBe(true);
  });
});
