import { afterEach, describe, expect, it } from 'vitest';
import { makeProblem, transition } from '../../testing/ledger-factories.ts';
import { watchPgStatements } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { verifyAuditChain } from '../audit/audit-chain.service.ts';
import { verifyPublicLedger } from './public-chain.service.ts';

/**
 * PostgreSQL (under scripts/with-postgres.sh): a transition appends to both hash chains, the audit log's and the
 * public ledger's, taking the audit head's row lock before the public head's (the order that keeps two writers from
 * waiting on each other). The audit event is recorded first, so its lock is held already when the public entry
 * asks for it: one round trip to the server fewer a transition, and the chains as whole as before.
 */
let t: TestApp;
afterEach(() => t?.close());

describe.runIf(process.env.TEST_DATABASE_URL)('the two chains’ locks in one transition (PostgreSQL)', () => {
  it('locks the audit head once, then the public head, and both chains verify', async () => {
    t = await createTestApp({ demo: true });
    const admin = await t.login('admin');
    const p = await makeProblem(t, admin, '大闵村');
    const { result, seen } = await watchPgStatements(() => transition(t, admin, p, 'start'));
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json().status).toBe('rectifying');
    const auditLocks = seen.filter((q) => /from "audit_chain_head".* for update/.test(q));
    const publicLocks = seen.filter((q) => /from "public_chain_head".* for update/.test(q));
    // Before: the public ledger's append asked for the audit head's lock a second time.
    expect(auditLocks).toHaveLength(1);
    expect(publicLocks).toHaveLength(1);
    expect(seen.indexOf(auditLocks[0]!)).toBeLessThan(seen.indexOf(publicLocks[0]!));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    expect((await verifyPublicLedger(t.db)).ok).toBe(true);
  });
});
