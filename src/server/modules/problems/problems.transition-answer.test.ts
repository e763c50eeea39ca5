import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../../testing/factories.ts';
import { makeProblem, transition, uploadEvidence } from '../../testing/ledger-factories.ts';
import { watchStatements } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * A transition answers with the problem as it now is, built from the row the
 * transaction just wrote rather than read again: through a whole cycle
 * (start, submit, reject, submit, accept, close, reopen) and a withdrawal,
 * each answer equals what a fresh GET returns. SQLite, or PostgreSQL under
 * scripts/with-postgres.sh.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
});
afterAll(() => t.close());

const fresh = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/problems/${id}`, headers: admin })).json();

describe('the answer to a transition', () => {
  it('equals a fresh read of the problem after every step', async () => {
    let p = await makeProblem(t, admin, '大闵村', { ownerName: '陈晓梅', leadOfficial: '赵明远', isPublic: true });
    const steps: Array<[string, Headers, string?]> = [
      ['start', admin],
      ['submit', admin],
      ['reject', admin, '照片不清楚，请补拍'],
      ['submit', admin],
      ['accept', admin, '验收合格'],
      ['close', officer],
      ['reopen', officer, '回头看发现反弹'],
    ];
    for (const [action, by, reason] of steps) {
      if (action === 'submit') expect((await uploadEvidence(t, admin, { problemId: p.id })).statusCode).toBe(201);
      const res = await transition(t, by, p, action, reason);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      // The answer is shaped for its reader (allowedActions): compare with a fresh read by the same reader.
      const again = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: by })).json();
      expect(res.json(), action).toEqual(again);
      p = { ...p, version: res.json().version, status: res.json().status };
    }
    expect((await fresh(p.id)).status).toBe('rectifying');
  });

  it('equals a fresh read after a withdrawal', async () => {
    const p = await makeProblem(t, admin, '大闵村');
    const res = await transition(t, officer, p, 'withdraw', '误登记，经核实撤销');
    expect(res.statusCode, res.body).toBe(200);
    const again = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: officer })).json();
    expect(res.json()).toEqual(again);
  });

  it('is read after the transaction committed, so the write lock is held for the write alone (SQLite)', async () => {
    if (t.db.kind !== 'sqlite') return; // the driver's statements are observed below; PostgreSQL runs the same code
    const p = await makeProblem(t, admin, '大闵村');
    const { result: res, seen } = await watchStatements(() => transition(t, admin, p, 'start'));
    expect(res.statusCode, res.body).toBe(200);
    const begin = seen.findIndex((q) => /^begin/i.test(q));
    const commit = seen.findIndex((q) => /^commit/i.test(q));
    const notes = seen.findIndex((q) => q.includes('from "progress_notes"'));
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(commit).toBeGreaterThan(begin);
    // The answer's timeline, notes, measures and evidence come after COMMIT.
    expect(notes).toBeGreaterThan(commit);
    expect(seen.slice(begin, commit).some((q) => q.includes('from "problem_history"'))).toBe(false);
  });
});
