import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../domain/hash-chain.ts';
import { newId } from '../../db/ids.ts';
import { countAuditEvents, makeOrg, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { chainUnchainedEvents, verifyAuditChain } from './audit-chain.service.ts';

/**
 * The audit log as a hash chain, on the real database: every event the app
 * writes is linked, concurrent writers cannot fork the chain, and edits,
 * deletions and swaps made straight in the database are found and named.
 * Each test tampers with its own database.
 */
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function appWithEvents(): Promise<{ t: TestApp; admin: Headers }> {
  t = await createTestApp();
  const admin = await t.login('admin');
  for (let i = 0; i < 3; i++) await makeOrg(t, admin, '白杨街道');
  return { t, admin };
}

async function chainRows(app: TestApp) {
  const rows = await app.db.kysely.selectFrom('audit_events').selectAll().orderBy('seq').execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

describe('every event the app writes is chained', () => {
  it('links the events seq 1, 2, 3… each to the one before, and the head names the last', async () => {
    const { t } = await appWithEvents();
    const rows = await chainRows(t);
    expect(rows.length).toBe(await countAuditEvents(t.db));
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const report = await verifyAuditChain(t.db);
    expect(report).toEqual({ ok: true, count: rows.length, head: { seq: rows.length, hash: rows.at(-1)!.hash } });
  });

  it('keeps one unforked chain under 20 concurrent mutations', async () => {
    const { t, admin } = await appWithEvents();
    const orgs = await Promise.all(Array.from({ length: 20 }, () => makeOrg(t, admin, '良田街道')));
    const before = await countAuditEvents(t.db);
    // Renames of 20 different organizations: nothing but the chain makes them wait for each other.
    const results = await Promise.all(
      orgs.map((o) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/organizations/${o.id}`,
          headers: admin,
          payload: { version: o.version, name: `${o.name}改` },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const rows = await chainRows(t);
    expect(rows.length).toBe(before + 20);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: before + 20 });
  });

  it('rolls the chain back with the mutation: a failed transaction leaves no link behind', async () => {
    const { t, admin } = await appWithEvents();
    const org = await makeOrg(t, admin, '白杨街道');
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${org.id}`,
      headers: admin,
      payload: { version: org.version + 5, name: '过期' },
    });
    expect(stale.statusCode).toBe(409);
    await makeOrg(t, admin, '白杨街道');
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: await countAuditEvents(t.db) });
  });
});

describe('tampering straight in the database is found, and the first bad row named', () => {
  it('an edited event: hash mismatch at that row', async () => {
    const { t } = await appWithEvents();
    const victim = (await chainRows(t))[4]!;
    await sql`update audit_events set data = ${'{"after":{"name":"改过"}}'} where id = ${victim.id}`.execute(t.db.kysely);
    const report = await verifyAuditChain(t.db);
    expect(report).toMatchObject({ ok: false, count: 4, fault: { reason: 'hash-mismatch', seq: 5, id: victim.id } });
  });

  it('a deleted event: a gap at the row after it', async () => {
    const { t } = await appWithEvents();
    const rows = await chainRows(t);
    await sql`delete from audit_events where id = ${rows[2]!.id}`.execute(t.db.kysely);
    const report = await verifyAuditChain(t.db);
    expect(report).toMatchObject({ ok: false, count: 2, fault: { reason: 'gap', seq: 4, id: rows[3]!.id } });
    if (!report.ok) expect(report.fault.detail).toContain('expected seq 3 but found 4');
  });

  it('the newest event deleted: the chain ends before its recorded head', async () => {
    const { t } = await appWithEvents();
    const rows = await chainRows(t);
    await sql`delete from audit_events where id = ${rows.at(-1)!.id}`.execute(t.db.kysely);
    const report = await verifyAuditChain(t.db);
    expect(report).toMatchObject({ ok: false, count: rows.length - 1, fault: { reason: 'head-mismatch', id: null } });
  });

  it('two events with their contents swapped: hash mismatch at the earlier', async () => {
    const { t } = await appWithEvents();
    const rows = await chainRows(t);
    const [a, b] = [rows[1]!, rows[4]!];
    const move = (to: string, from: typeof a) =>
      sql`update audit_events set at = ${from.at}, type = ${from.type}, actor_id = ${from.actor_id},
            organization_id = ${from.organization_id}, entity_type = ${from.entity_type},
            entity_id = ${from.entity_id}, request_id = ${from.request_id}, data = ${from.data}
          where id = ${to}`.execute(t.db.kysely);
    await move(a.id, b);
    await move(b.id, a);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, count: 1, fault: { reason: 'hash-mismatch', seq: 2, id: a.id } });
  });

  it('two whole rows swapped in the chain order (their seqs exchanged): hash mismatch at the earlier', async () => {
    const { t } = await appWithEvents();
    const rows = await chainRows(t);
    const [a, b] = [rows[2]!, rows[3]!];
    await t.db.kysely.transaction().execute(async (trx) => {
      await sql`update audit_events set seq = ${-1} where id = ${a.id}`.execute(trx);
      await sql`update audit_events set seq = ${a.seq} where id = ${b.id}`.execute(trx);
      await sql`update audit_events set seq = ${b.seq} where id = ${a.id}`.execute(trx);
    });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, count: 2, fault: { reason: 'hash-mismatch', seq: 3, id: b.id } });
  });
});

describe('events written before the chain existed', () => {
  it('are reported unchained, then chained oldest first at the first start, once', async () => {
    const { t } = await appWithEvents();
    const count = await countAuditEvents(t.db);
    // A database as the chain's migration leaves it: its events without seq or hash, the head at 0.
    await sql`update audit_events set seq = null, prev_hash = null, hash = null`.execute(t.db.kysely);
    await sql`update audit_chain_head set seq = 0, hash = ${GENESIS_HASH}`.execute(t.db.kysely);
    const legacy = [
      { id: newId(), at: '2026-01-02T00:00:00.000Z' },
      { id: newId(), at: '2026-01-01T00:00:00.000Z' },
    ];
    for (const l of legacy) {
      await sql`insert into audit_events (id, at, type, actor_id, organization_id, entity_type, entity_id, request_id, data)
                values (${l.id}, ${l.at}, 'session.created', null, null, 'session', null, null, '{}')`.execute(t.db.kysely);
    }
    const before = await verifyAuditChain(t.db);
    expect(before).toMatchObject({ ok: false, unchained: count + 2, fault: { reason: 'unchained', id: legacy[1]!.id } });

    expect(await chainUnchainedEvents(t.db, 1)).toBe(count + 2);
    expect(await chainUnchainedEvents(t.db)).toBe(0);
    const rows = await chainRows(t);
    // Oldest first: the two from January, then the app's own.
    expect(rows.slice(0, 2).map((r) => r.id)).toEqual([legacy[1]!.id, legacy[0]!.id]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: count + 2 });

    // New events follow them.
    await makeOrg(t, await t.login('admin'), '白杨街道');
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});

describe('an event written around the application once the chain has begun', () => {
  it('is never chained at a start, and stays a fault, with or without a hash of its own', async () => {
    const { t } = await appWithEvents();
    const count = await countAuditEvents(t.db);
    const bare = newId();
    const hashed = newId();
    // A backdated password reset, with no place in the chain; and one with a hash and a previous hash but no seq
    // (no page of a verification read it before).
    await sql`insert into audit_events (id, at, type, actor_id, organization_id, entity_type, entity_id, request_id, data)
              values (${bare}, '2026-01-01T00:00:00.000Z', 'user.password_reset', null, null, 'user', null, null, '{}')`.execute(
      t.db.kysely,
    );
    await sql`insert into audit_events (id, at, type, actor_id, organization_id, entity_type, entity_id, request_id, data, prev_hash, hash)
              values (${hashed}, '2026-01-02T00:00:00.000Z', 'user.password_reset', null, null, 'user', null, null, '{}',
                      ${'f'.repeat(64)}, ${'e'.repeat(64)})`.execute(t.db.kysely);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, count, unchained: 2, fault: { reason: 'unchained', id: bare } });
    // A start (or a CLI command) seals nothing: it once gave such an event a valid link.
    expect(await chainUnchainedEvents(t.db)).toBe(0);
    await sql`delete from audit_events where id = ${bare}`.execute(t.db.kysely);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, unchained: 1, fault: { reason: 'unchained', id: hashed } });
  });
});
