import { buildPath } from '../../domain/organizations.ts';
import type { OrganizationRow } from '../db/database.ts';
import type { Db } from '../db/dialect.ts';
import { newId } from '../db/ids.ts';
import type { ServiceContext } from '../http/context.ts';
import { recordAuditEvent } from '../modules/audit/audit.service.ts';
import * as organizations from '../modules/organizations/organizations.repository.ts';
import { hashPassword } from '../modules/sessions/passwords.ts';
import * as users from '../modules/users/users.repository.ts';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS } from './demo-data.ts';
import { seedDemoCatalog } from './demo-catalog.ts';
import { seedDemoLedger } from './demo-ledger.ts';
import { seedDemoReports } from './demo-cadence.ts';
import { seedDemoVenues } from './demo-venues.ts';
import { seedDemoPortal } from './demo-portal.ts';
import { seedDemoStudy } from './demo-study.ts';
import { seedDemoCirculars } from './demo-circulars.ts';
import { ledgerStartedAt } from '../modules/dashboard/dashboard.repository.ts';
import { DEFAULT_CADENCE_RULES } from '../../domain/cadence-rules.ts';

/**
 * Seeds the demo district into an empty database, in one transaction with
 * one audit event. Returns false (and changes nothing) when organizations exist.
 */
export interface SeedOptions {
  /** Also seed the finished inspection round and its ~240 problems (the product does; most tests do not). */
  ledger?: boolean;
  /** Where the demo evidence photo is written. */
  dataDir?: string | null;
}

export async function seedDemo(db: Db, now = new Date(), options: SeedOptions = {}): Promise<boolean> {
  if ((await organizations.countAll(db.kysely)) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ctx: ServiceContext = { db, actor: null, now, requestId: 'seed-demo', ip: '127.0.0.1' };
  const at = now.toISOString();
  // With the ledger, the tree predates its history (about seven weeks), so every village was expected to report then.
  const orgsSince = options.ledger ? new Date(now.getTime() - 60 * 86_400_000).toISOString() : at;
  await db.kysely.transaction().execute(async (trx) => {
    const byKey = new Map<string, OrganizationRow>();
    for (const o of DEMO_ORGS) {
      const parent = o.parent ? byKey.get(o.parent)! : null;
      const id = newId();
      const row: OrganizationRow = {
        id,
        parent_id: parent?.id ?? null,
        kind: o.kind,
        name: o.name,
        code: o.code,
        path: buildPath(parent?.path ?? null, id),
        depth: parent ? parent.depth + 1 : 0,
        is_sample: o.sample ? 1 : 0,
        archived_at: null,
        version: 1,
        created_at: orgsSince,
        updated_at: orgsSince,
      };
      await organizations.insert(trx, row);
      byKey.set(o.key, row);
    }
    for (const u of DEMO_USERS) {
      const id = newId();
      await users.insert(trx, {
        id,
        username: u.username,
        display_name: u.displayName,
        phone: null,
        email: null,
        password_hash: passwordHash,
        disabled_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      });
      await users.insertAssignment(trx, { id: newId(), user_id: id, role: u.role, organization_id: byKey.get(u.org)!.id, created_at: at });
    }
    await seedDemoCatalog(trx, ctx, byKey, passwordHash);
    if (options.ledger) {
      const villages = [...byKey.values()].filter((o) => o.kind === 'village');
      await seedDemoLedger(trx, now, villages, passwordHash, options.dataDir ?? null);
      await seedDemoReports(trx, now, villages, DEFAULT_CADENCE_RULES);
      await seedDemoVenues(trx, now, byKey, options.dataDir ?? null);
      await seedDemoStudy(trx, now, byKey, options.dataDir ?? null);
      await seedDemoPortal(trx, ctx, now, new Map(villages.map((v) => [v.name, v])));
      const started = await ledgerStartedAt(trx);
      if (started) await seedDemoCirculars(trx, now, byKey.get('district')!, new Date(started), DEFAULT_CADENCE_RULES);
    }
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'system.demo_seeded', organizations: DEMO_ORGS.length, users: await users.countAll(trx) },
      { entityType: 'system', entityId: null, organizationId: null },
    );
  });
  return true;
}
