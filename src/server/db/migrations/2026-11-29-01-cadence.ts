import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The cadence (DOMAIN.md step 6): program settings, job locks, weekly
// snapshots, weekly reports, circulars, interviews and notifications.
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const pathType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  // An optional address for the email reminder channel.
  await db.schema.alterTable('users').addColumn('email', 'text').execute();

  // Configurable rules (JSON validated by zod in src/domain), one row per key.
  await db.schema
    .createTable('program_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .execute();

  // A lease per scheduled job: taken with a conditional UPDATE, so one process runs it at a time.
  await db.schema
    .createTable('job_locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_started_at', 'text')
    .addColumn('last_finished_at', 'text')
    .addColumn('last_result', 'text')
    .execute();

  // One row per frozen week: its presence is what makes the weekly job idempotent.
  await db.schema
    .createTable('snapshot_weeks')
    .addColumn('week_start', 'text', (c) => c.primaryKey())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('computed_by', 'text', (c) => c.references('users.id'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('weekly_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('week_start', 'text', (c) => c.notNull().references('snapshot_weeks.week_start'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('org_kind', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('rectifying', 'integer', (c) => c.notNull())
    .addColumn('submitted', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('closed', 'integer', (c) => c.notNull())
    .addColumn('overdue', 'integer', (c) => c.notNull())
    .addColumn('overdue_over_14', 'integer', (c) => c.notNull())
    .addColumn('overdue_over_30', 'integer', (c) => c.notNull())
    // JSON array of whole days overdue, one per overdue problem: any configured threshold can be counted.
    .addColumn('overdue_ages', 'text', (c) => c.notNull())
    .addColumn('new_count', 'integer', (c) => c.notNull())
    .addColumn('accepted_count', 'integer', (c) => c.notNull())
    .addColumn('rejected_count', 'integer', (c) => c.notNull())
    .addColumn('closed_count', 'integer', (c) => c.notNull())
    .addColumn('late_acceptance_count', 'integer', (c) => c.notNull())
    .addColumn('measures_total', 'integer', (c) => c.notNull())
    .addColumn('measures_done', 'integer', (c) => c.notNull())
    .addColumn('reports_expected', 'integer', (c) => c.notNull())
    .addColumn('reports_on_time', 'integer', (c) => c.notNull())
    .addColumn('reports_late', 'integer', (c) => c.notNull())
    .addColumn('reports_missing', 'integer', (c) => c.notNull())
    .addColumn('report_status', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('weekly_snapshots_week_org_unique', ['week_start', 'organization_id'])
    .execute();
  await db.schema.createIndex('weekly_snapshots_org_week_idx').on('weekly_snapshots').columns(['organization_id', 'week_start']).execute();

  // unit_type 'organization' (a village or community) or 'liaison_group'; unit_id names it.
  await db.schema
    .createTable('weekly_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('week_start', 'text', (c) => c.notNull())
    .addColumn('unit_type', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('liaison_group_id', 'text', (c) => c.references('liaison_groups.id'))
    .addColumn('org_path', pathType)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('difficulties', 'text', (c) => c.notNull())
    .addColumn('next_plan', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('is_late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('weekly_reports_unit_week_unique', ['week_start', 'unit_type', 'unit_id'])
    .execute();
  await db.schema.createIndex('weekly_reports_path_idx').on('weekly_reports').columns(['org_path', 'week_start']).execute();

  await db.schema
    .createTable('weekly_report_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('weekly_reports.id'))
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('weekly_report_comments_report_idx').on('weekly_report_comments').columns(['report_id', 'at']).execute();

  await db.schema
    .createTable('circulars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issuing_office', 'text', (c) => c.notNull())
    .addColumn('number_prefix', 'text', (c) => c.notNull())
    .addColumn('number_year', 'integer')
    .addColumn('number_seq', 'integer')
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('doc_date', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('annex', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('circulars_number_seq_unique', ['number_prefix', 'number_year', 'number_seq'])
    .execute();
  await db.schema.createIndex('circulars_month_idx').on('circulars').columns(['month', 'status']).execute();

  await db.schema
    .createTable('interviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('month', 'text')
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('interviewer', 'text', (c) => c.notNull())
    .addColumn('attendees', 'text', (c) => c.notNull())
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('talking_points', 'text')
    .addColumn('commitments', 'text')
    .addColumn('commitment_due_on', 'text')
    .addColumn('held_at', 'text')
    .addColumn('follow_up', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('interviews_path_idx').on('interviews').columns(['org_path', 'scheduled_at']).execute();

  // In-app notifications; (user_id, dedupe_key) unique so a restart or a second process never repeats one.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('delivery_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivery_error', 'text')
    .addUniqueConstraint('notifications_dedupe_unique', ['user_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_delivery_idx').on('notifications').columns(['delivered_at', 'created_at']).execute();
}
