import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { type ProblemChanges, updateIfVersion } from './problems.repository.ts';

/**
 * The conditional update is precompiled once per set of columns written, up to a limit; past it a set is built on
 * each call. Both must write what they are given and refuse a stale version (SQLite, or PostgreSQL under
 * scripts/with-postgres.sh).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoLedger: true });
});
afterAll(() => t.close());

const COLUMNS = ['remark', 'owner_name', 'lead_official', 'description', 'acceptance_opinion', 'source_group_id', 'found_by'] as const;

describe('updateIfVersion over many sets of columns', () => {
  it('writes each set and refuses a stale version, within the precompiled sets and past their limit', async () => {
    const k = t.db.kysely;
    const { id, version: first } = await k
      .selectFrom('problems')
      .select(['id', 'version'])
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    let version = first;
    // 80 different sets (of the 127 non-empty ones): more than the 64 kept precompiled.
    for (let mask = 1; mask <= 80; mask++) {
      const changes: Record<string, string | null> = {};
      COLUMNS.forEach((c, i) => {
        if (mask & (1 << i)) changes[c] = c.endsWith('_id') || c === 'found_by' ? null : `${c} ${mask}`;
      });
      expect(
        await updateIfVersion(k, id, version, changes as ProblemChanges, `2026-12-03T00:00:${String(mask % 60).padStart(2, '0')}.000Z`),
      ).toBe(true);
      // The same set again from the version before: someone else wrote first.
      expect(await updateIfVersion(k, id, version, changes as ProblemChanges, '2026-12-03T01:00:00.000Z')).toBe(false);
      version++;
      const row = await k.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.version).toBe(version);
      for (const [c, v] of Object.entries(changes)) expect(row[c as keyof typeof row]).toBe(v);
    }
    expect(version).toBe(first + 80);
  });
});
