import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// Sign-in throttling per (account, address) pair with a per-account ceiling
// and a per-address limit (docs/OPERATIONS.md, "Sign-in throttling").
// An attempt is written *before* its password is checked (state 'pending',
// then 'failed'), so that concurrent attempts count each other; `kind`
// keeps the password change's own counter apart from signing in.
// login_failures held only the last 15 minutes of failures: it goes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  // The pair and the account: (username, kind[, ip]) with `at` ranges.
  await db.schema.createIndex('login_attempts_user_idx').on('login_attempts').columns(['username', 'kind', 'ip', 'at']).execute();
  // The address across accounts.
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'kind', 'at']).execute();
  // Pruning old attempts.
  await db.schema.createIndex('login_attempts_at_idx').on('login_attempts').column('at').execute();

  // Where each account last signed in successfully: its usual addresses keep
  // their own budget while strangers have used up the account's ceiling.
  await db.schema
    .createTable('login_addresses')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_addresses_pk', ['username', 'ip'])
    .execute();

  await db.schema.dropTable('login_failures').ifExists().execute();
}
