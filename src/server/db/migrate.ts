import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db, DialectKind } from './dialect.ts';
import * as m20261127_01 from './migrations/2026-11-27-01-foundation.ts';
import * as m20261128_01 from './migrations/2026-11-28-01-ledger.ts';
import * as m20261128_02 from './migrations/2026-11-28-02-problem-scope-index.ts';
import * as m20261129_01 from './migrations/2026-11-29-01-cadence.ts';
import * as m20261129_02 from './migrations/2026-11-29-02-history-status-index.ts';
import * as m20261202_01 from './migrations/2026-12-02-01-login-throttle.ts';
import * as m20261202_02 from './migrations/2026-12-02-02-audit-chain.ts';
import * as m20261202_03 from './migrations/2026-12-02-03-notification-messages.ts';
import * as m20261202_04 from './migrations/2026-12-02-04-problem-code-counters.ts';
import * as m20261202_05 from './migrations/2026-12-02-05-attainment.ts';
import * as m20261202_06 from './migrations/2026-12-02-06-reviews-plans-visits.ts';
import * as m20261202_07 from './migrations/2026-12-02-07-venues.ts';
import * as m20261202_08 from './migrations/2026-12-02-08-portal.ts';
import * as m20261202_09 from './migrations/2026-12-02-09-study.ts';
import * as m20261203_01 from './migrations/2026-12-03-01-problem-counters.ts';
import * as m20261203_02 from './migrations/2026-12-03-02-masking-words.ts';
import * as m20261203_03 from './migrations/2026-12-03-03-notification-keys.ts';
import * as m20261203_04 from './migrations/2026-12-03-04-counter-triggers.ts';
import * as m20261203_05 from './migrations/2026-12-03-05-problem-root-index.ts';
import * as m20261203_06 from './migrations/2026-12-03-06-notification-delivery-index.ts';
import * as m20261203_08 from './migrations/2026-12-03-08-notification-sending-index.ts';
import * as m20261204_09 from './migrations/2026-12-04-09-problem-remind-on.ts';
import * as m20261204_10 from './migrations/2026-12-04-10-circular-annex-view.ts';
import * as m20261204_11 from './migrations/2026-12-04-11-measures-count-index.ts';
import * as m20261204_12 from './migrations/2026-12-04-12-data-generations.ts';
import * as m20261204_13 from './migrations/2026-12-04-13-org-path-follows.ts';
import * as m20261204_14 from './migrations/2026-12-04-14-repair-copied-paths.ts';
import * as m20261204_15 from './migrations/2026-12-04-15-weekly-report-changes.ts';
import * as m20261204_16 from './migrations/2026-12-04-16-organization-generation-on-change.ts';
import * as m20261205_01 from './migrations/2026-12-05-01-organization-changes.ts';
import * as m20261205_02 from './migrations/2026-12-05-02-measures-root-index.ts';
import * as m20261205_03 from './migrations/2026-12-05-03-repair-invalid-dates.ts';
import * as m20261205_04 from './migrations/2026-12-05-04-feedback-submissions.ts';
import * as m20261205_05 from './migrations/2026-12-05-05-repair-xml-text.ts';
import * as m20261206_01 from './migrations/2026-12-06-01-idempotency-keys.ts';
import * as m20261206_02 from './migrations/2026-12-06-02-masking-party-members.ts';
import * as m20261206_03 from './migrations/2026-12-06-03-feedback-public-body.ts';
import * as m20261206_04 from './migrations/2026-12-06-04-fund-reversals.ts';

type DialectMigration = { up(db: Kysely<any>, dialect: DialectKind): Promise<void> };

/** Listed explicitly (no directory scan) so bundling and tsx behave the same. */
export const MIGRATIONS: Record<string, DialectMigration> = {
  '2026-11-27-01-foundation': m20261127_01,
  '2026-11-28-01-ledger': m20261128_01,
  '2026-11-28-02-problem-scope-index': m20261128_02,
  '2026-11-29-01-cadence': m20261129_01,
  '2026-11-29-02-history-status-index': m20261129_02,
  '2026-12-02-01-login-throttle': m20261202_01,
  '2026-12-02-02-audit-chain': m20261202_02,
  '2026-12-02-03-notification-messages': m20261202_03,
  '2026-12-02-04-problem-code-counters': m20261202_04,
  '2026-12-02-05-attainment': m20261202_05,
  '2026-12-02-06-reviews-plans-visits': m20261202_06,
  '2026-12-02-07-venues': m20261202_07,
  '2026-12-02-08-portal': m20261202_08,
  '2026-12-02-09-study': m20261202_09,
  '2026-12-03-01-problem-counters': m20261203_01,
  '2026-12-03-02-masking-words': m20261203_02,
  '2026-12-03-03-notification-keys': m20261203_03,
  '2026-12-03-04-counter-triggers': m20261203_04,
  '2026-12-03-05-problem-root-index': m20261203_05,
  '2026-12-03-06-notification-delivery-index': m20261203_06,
  '2026-12-03-08-notification-sending-index': m20261203_08,
  '2026-12-04-09-problem-remind-on': m20261204_09,
  '2026-12-04-10-circular-annex-view': m20261204_10,
  '2026-12-04-11-measures-count-index': m20261204_11,
  '2026-12-04-12-data-generations': m20261204_12,
  '2026-12-04-13-org-path-follows': m20261204_13,
  '2026-12-04-14-repair-copied-paths': m20261204_14,
  '2026-12-04-15-weekly-report-changes': m20261204_15,
  '2026-12-04-16-organization-generation-on-change': m20261204_16,
  '2026-12-05-01-organization-changes': m20261205_01,
  '2026-12-05-02-measures-root-index': m20261205_02,
  '2026-12-05-03-repair-invalid-dates': m20261205_03,
  '2026-12-05-04-feedback-submissions': m20261205_04,
  '2026-12-05-05-repair-xml-text': m20261205_05,
  '2026-12-06-01-idempotency-keys': m20261206_01,
  '2026-12-06-02-masking-party-members': m20261206_02,
  '2026-12-06-03-feedback-public-body': m20261206_03,
  '2026-12-06-04-fund-reversals': m20261206_04,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectKind) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db: Kysely<any>) => m.up(db, this.dialect) }]));
  }
}

/** Applies pending migrations; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(db.kind) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error)
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`, {
      cause: error,
    });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
