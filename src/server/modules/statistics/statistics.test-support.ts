import { expect } from 'vitest';
import { newId } from '../../db/ids.ts';
import type { Headers } from '../../testing/factories.ts';
import { makeProblem, type MadeProblem, transition, uploadEvidence } from '../../testing/ledger-factories.ts';
import type { TestApp } from '../../testing/test-app.ts';
import { runJobOnce } from '../../jobs/job-lock.ts';
import { weeklySnapshotJob } from '../../jobs/weekly-snapshot.job.ts';
import { testConfig } from '../../testing/test-app.ts';
import type { Db } from '../../db/dialect.ts';

/** Helpers shared by the statistics and job tests: a ledger with a known history, built through the API. */

export const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

/** Moves the test clock to a Shanghai wall-clock time, e.g. '2026-11-16 10:00'. */
export function setShanghai(t: TestApp, wall: string): void {
  t.clock.current = new Date(`${wall.replace(' ', 'T')}:00.000+08:00`);
}

/** Fires the actions in order (as an admin, who may fire all); `submit` uploads evidence first. */
export async function drive(t: TestApp, admin: Headers, p: MadeProblem, ...actions: string[]): Promise<MadeProblem> {
  let cur = p;
  for (const action of actions) {
    if (action === 'submit') {
      const up = await uploadEvidence(t, admin, { problemId: cur.id });
      expect(up.statusCode, up.body).toBe(201);
    }
    const res = await transition(t, admin, cur, action, action === 'reject' || action === 'reopen' ? '佐证材料不全，请补充' : undefined);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    const body = res.json<{ version: number; status: MadeProblem['status'] }>();
    cur = { id: cur.id, version: body.version, status: body.status };
  }
  return cur;
}

export async function problem(t: TestApp, admin: Headers, org: string, dueOn: string, ...actions: string[]): Promise<MadeProblem> {
  const p = await makeProblem(t, admin, org, { dueOn });
  return drive(t, admin, p, ...actions);
}

export async function measure(t: TestApp, admin: Headers, org: string, problemIds: string[], progress: number): Promise<void> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/measures',
    headers: admin,
    payload: { organizationId: await t.orgId(org), description: '制度上墙并公示', progress, problemIds },
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** A filed weekly report, written straight into the table (the weekly-reports API has its own tests). */
export async function fileReport(t: TestApp, org: string, weekStart: string, submittedAt: string, late: boolean): Promise<void> {
  const id = await t.orgId(org);
  const o = await t.db.kysely.selectFrom('organizations').select('path').where('id', '=', id).executeTakeFirstOrThrow();
  await t.db.kysely
    .insertInto('weekly_reports')
    .values({
      id: newId(),
      week_start: weekStart,
      unit_type: 'organization',
      unit_id: id,
      organization_id: id,
      liaison_group_id: null,
      org_path: o.path,
      status: 'submitted',
      figures: '{}',
      progress: '本周完成制度上墙',
      difficulties: '无',
      next_plan: '继续整改',
      due_at: submittedAt,
      submitted_at: submittedAt,
      submitted_by: null,
      is_late: late ? 1 : 0,
      created_by: null,
      version: 1,
      created_at: submittedAt,
      updated_at: submittedAt,
    })
    .execute();
}

/** Runs the weekly snapshot job as a process named `holder` would, at the test clock's time. */
let config: ReturnType<typeof testConfig> | null = null;
export function runSnapshotJob(db: Db, now: Date, holder = 'test-process'): Promise<boolean> {
  config ??= testConfig({ dataDir: '/nonexistent' });
  return runJobOnce({ db, config, now, log: quietLog }, weeklySnapshotJob, holder);
}

export async function snapshotRows(db: Db, weekStart?: string) {
  let q = db.kysely.selectFrom('weekly_snapshots').selectAll();
  if (weekStart) q = q.where('week_start', '=', weekStart);
  return q.execute();
}

export async function frozenWeeks(db: Db): Promise<Array<{ week_start: string; computed_at: string; trigger: string; version: number }>> {
  return db.kysely.selectFrom('snapshot_weeks').select(['week_start', 'computed_at', 'trigger', 'version']).orderBy('week_start').execute();
}
