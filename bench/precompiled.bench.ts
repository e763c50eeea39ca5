/**
 * What precompiling the hot statements saves (src/server/db/precompiled.ts): `npm run bench:precompiled`.
 * On a fresh in-memory demo district (its ledger seeded in the run), each statement is run 10 × 1,000 times built
 * by Kysely on every call (the code before precompiling, kept here) and precompiled (the repositories' functions),
 * alternating, and the CPU per call of each is printed: the reads of a problem's detail and of every request,
 * and the writes of every audited change (the audit event, both chains' heads, the public ledger's entry) and of a
 * transition (the problem's conditional update, its history row), and who hears of a submission or an acceptance
 * (the village secretaries, the liaison groups' members, the owner if enabled).
 * Figures are printed, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/server/db/dialect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/demo.service.ts';
import type { Executor } from '../src/server/http/context.ts';
import { findById, insertHistory, listHistory, updateIfVersion } from '../src/server/modules/problems/problems.repository.ts';
import { findLive } from '../src/server/modules/sessions/sessions.repository.ts';
import { listForProblem as measuresOf } from '../src/server/modules/measures/measures.repository.ts';
import { evidenceIdsOf, listForProblem as evidenceOf } from '../src/server/modules/evidence/evidence.repository.ts';
import { find as findSetting } from '../src/server/modules/settings/settings.repository.ts';
import { insert as insertAudit } from '../src/server/modules/audit/audit.repository.ts';
import { lockHead as auditHead, moveHead as moveAuditHead } from '../src/server/modules/audit/audit-chain.repository.ts';
import { insert as insertEntry } from '../src/server/modules/portal/public-chain.repository.ts';
import { listEnabledUsers, listLiaisonMembersOn, listRoleHoldersOn } from '../src/server/modules/notifications/notifications.repository.ts';
import { selfAndAncestors } from '../src/server/modules/notifications/notifications.service.ts';
import { calibrate, describeCalibration } from './calibration.ts';
import { load, machine } from './measure.ts';
const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
await migrateToLatest(db);
const dataDir = mkdtempSync(path.join(tmpdir(), 'tz-precompiled-'));
await seedDemo(db, new Date(), { ledger: true, dataDir });
const k = db.kysely;
const p = (await k.selectFrom('problems').select('id').limit(1).executeTakeFirstOrThrow()).id;
const old = {
  findById: (d: Executor, id: string) =>
    d
      .selectFrom('problems as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .leftJoin('check_items as ci', 'ci.id', 'p.check_item_id')
      .leftJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
      .leftJoin('organizations as ro', 'ro.id', 'p.responsible_org_id')
      .selectAll('p')
      .select([
        'o.name as organization_name',
        'ci.code as check_item_code',
        'ci.title as check_item_title',
        'ci.criterion as check_item_criterion',
        'sa.name as area_name',
        'ro.name as responsible_org_name',
      ])
      .where('p.id', '=', id)
      .executeTakeFirst(),
  history: (d: Executor, id: string) =>
    d
      .selectFrom('problem_history as h')
      .leftJoin('users as u', 'u.id', 'h.actor_id')
      .select(['h.id', 'h.action', 'h.from_status', 'h.to_status', 'h.at', 'h.reason', 'u.display_name as actor_name'])
      .where('h.problem_id', '=', id)
      .orderBy('h.at')
      .orderBy('h.id')
      .execute(),
  measures: (d: Executor, id: string) =>
    d
      .selectFrom('measures as m')
      .innerJoin('measure_problems as mp', 'mp.measure_id', 'm.id')
      .selectAll('m')
      .where('mp.problem_id', '=', id)
      .orderBy('m.created_at')
      .execute(),
  evidence: (d: Executor, id: string) =>
    d
      .selectFrom('evidence as e')
      .leftJoin('users as u', 'u.id', 'e.uploaded_by')
      .selectAll('e')
      .select('u.display_name as uploaded_by_name')
      .where('e.id', 'in', evidenceIdsOf(d, id))
      .orderBy('e.uploaded_at')
      .execute(),
  settings: (d: Executor, key: string) =>
    d
      .selectFrom('program_settings as s')
      .leftJoin('users as u', 'u.id', 's.updated_by')
      .select(['s.key', 's.value', 's.version', 's.updated_at', 's.updated_by', 'u.display_name as updated_by_name'])
      .where('s.key', '=', key)
      .executeTakeFirst(),
  session: (d: Executor, id: string, now: string) =>
    d
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.user_id', 's.created_at', 's.last_seen_at', 's.expires_at', 'u.username', 'u.display_name', 'u.disabled_at'])
      .where('s.id', '=', id)
      .where('s.expires_at', '>', now)
      .executeTakeFirst(),
};
// The writes: fresh keys for the inserts; the head is moved from where it is to where it is (one row updated).
let seq = 1_000_000;
const event = () => ({
  id: `bench-${++seq}`,
  at: '2026-12-03T00:00:00.000Z',
  type: 'problem.transitioned',
  actorId: null,
  organizationId: null,
  entityType: 'problem',
  entityId: p,
  requestId: 'bench',
  data: '{}',
  seq,
  prevHash: 'x'.repeat(64),
  hash: 'y'.repeat(64),
});
const entry = () => ({
  seq: ++seq,
  at: '2026-12-03T00:00:00.000Z',
  type: 'problem.started',
  organization_id: null,
  subject_type: 'problem',
  subject_id: p,
  entry: '{}',
  prev_hash: 'x'.repeat(64),
  hash: 'y'.repeat(64),
});
// The problem's conditional update: its version moves by one a call, whichever side makes it.
let version = (await k.selectFrom('problems').select('version').where('id', '=', p).executeTakeFirstOrThrow()).version;
const historyRow = () => ({
  id: `bench-h-${++seq}`,
  problem_id: p,
  action: 'start',
  from_status: 'open',
  to_status: 'rectifying',
  actor_id: null,
  at: '2026-12-03T00:00:00.000Z',
  reason: null,
  data: null,
});
const oldWrites = {
  problemUpdate: async (d: Executor) => {
    await d
      .updateTable('problems')
      .set({ remark: 'bench', version: version + 1, updated_at: '2026-12-03T00:00:00.000Z' })
      .where('id', '=', p)
      .where('version', '=', version)
      .executeTakeFirst();
    version++;
  },
  historyInsert: async (d: Executor) => {
    await d.insertInto('problem_history').values(historyRow()).execute();
  },
  auditInsert: async (d: Executor) => {
    const e = event();
    await d
      .insertInto('audit_events')
      .values({
        id: e.id,
        at: e.at,
        type: e.type,
        actor_id: e.actorId,
        organization_id: e.organizationId,
        entity_type: e.entityType,
        entity_id: e.entityId,
        request_id: e.requestId,
        data: e.data,
        seq: e.seq,
        prev_hash: e.prevHash,
        hash: e.hash,
      })
      .execute();
  },
  auditHead: (d: Executor) => d.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst(),
  moveHead: async (d: Executor) => {
    const h = await d.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    await d
      .updateTable('audit_chain_head')
      .set({ seq: h.seq, hash: h.hash })
      .where('id', '=', 1)
      .where('seq', '=', h.seq)
      .where('hash', '=', h.hash)
      .executeTakeFirst();
  },
  chainInsert: async (d: Executor) => {
    await d.insertInto('public_chain_entries').values(entry()).execute();
  },
};
const neuWrites = {
  problemUpdate: async (d: Executor) => {
    if (!(await updateIfVersion(d, p, version, { remark: 'bench' }, '2026-12-03T00:00:00.000Z'))) throw new Error('version');
    version++;
  },
  historyInsert: (d: Executor) => insertHistory(d, historyRow()),
  auditInsert: (d: Executor) => insertAudit(d, event()),
  auditHead: (d: Executor) => auditHead(d, 'sqlite'),
  moveHead: async (d: Executor) => {
    const h = await auditHead(d, 'sqlite');
    await moveAuditHead(d, h, h);
  },
  chainInsert: (d: Executor) => insertEntry(d, entry()),
};
// Who hears of a submission or an acceptance (inside the transition's transaction): the problem's village and its
// ancestors, the village secretaries, the liaison groups' members, the owner.
const village = await k
  .selectFrom('problems as p')
  .innerJoin('organizations as o', 'o.id', 'p.organization_id')
  .select('o.path')
  .where('p.id', '=', p)
  .executeTakeFirstOrThrow();
const paths = selfAndAncestors(village.path);
const owner = [(await k.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow()).id];
const oldRecipients = {
  roleHolders: async (d: Executor) =>
    (
      await d
        .selectFrom('role_assignments as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .innerJoin('organizations as o', 'o.id', 'r.organization_id')
        .select('r.user_id')
        .distinct()
        .where('o.path', 'in', [...paths])
        .where('r.role', 'in', ['village_secretary'])
        .where('u.disabled_at', 'is', null)
        .execute()
    ).map((r) => r.user_id),
  liaisonMembers: async (d: Executor) =>
    (
      await d
        .selectFrom('liaison_group_members as m')
        .innerJoin('liaison_groups as lg', 'lg.id', 'm.group_id')
        .innerJoin('liaison_group_orgs as g', 'g.group_id', 'lg.id')
        .innerJoin('organizations as o', 'o.id', 'g.organization_id')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('m.user_id')
        .distinct()
        .where('o.path', 'in', [...paths])
        .where('lg.archived_at', 'is', null)
        .where('u.disabled_at', 'is', null)
        .execute()
    ).map((r) => r.user_id),
  enabledUsers: async (d: Executor) =>
    (await d.selectFrom('users').select('id').where('id', 'in', owner).where('disabled_at', 'is', null).execute()).map((r) => r.id),
};
const neuRecipients = {
  roleHolders: (d: Executor) => listRoleHoldersOn(d, paths, ['village_secretary']),
  liaisonMembers: (d: Executor) => listLiaisonMembersOn(d, paths),
  enabledUsers: (d: Executor) => listEnabledUsers(d, owner),
};
const neu = {
  findById: (d: Executor, id: string) => findById(d, id),
  history: (d: Executor, id: string) => listHistory(d, id),
  measures: (d: Executor, id: string) => measuresOf(d, id),
  evidence: (d: Executor, id: string) => evidenceOf(d, id),
  settings: (d: Executor, key: string) => findSetting(d, key),
  session: (d: Executor, id: string, now: string) => findLive(d, id, now),
};
console.log(`${machine()}\n${load()}\n${describeCalibration(calibrate())}`);
const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const before = { ...old, ...oldWrites, ...oldRecipients };
const after = { ...neu, ...neuWrites, ...neuRecipients };
for (const name of Object.keys(before) as (keyof typeof before)[]) {
  const args: [string, string] = name === 'settings' ? ['cadence', ''] : name === 'session' ? ['nope', '2026'] : [p, ''];
  const acc = { old: 0, neu: 0 };
  for (let r = 0; r < 10; r++)
    for (const side of ['old', 'neu'] as const) {
      const f = (side === 'old' ? before : after)[name] as (d: Executor, a: string, b: string) => Promise<unknown>;
      for (let i = 0; i < 200; i++) await f(k, ...args);
      const c0 = cpu();
      for (let i = 0; i < 1000; i++) await f(k, ...args);
      acc[side] += cpu() - c0;
    }
  console.log(
    `${name.padEnd(14)} built each call ${(acc.old / 10000).toFixed(1)} µs · precompiled ${(acc.neu / 10000).toFixed(1)} µs · saved ${((acc.old - acc.neu) / 10000).toFixed(1)} µs`,
  );
}
console.log(load());
await db.close();
rmSync(dataDir, { recursive: true, force: true });
