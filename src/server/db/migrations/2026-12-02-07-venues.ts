import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// 清零行动: the venue register (村级活动场所) with each venue's judgement and
// its history (so a week frozen late counts what was true then), venue
// projects (一村一案) with their step history and milestones, files (photos,
// plans, vouchers; stored in the evidence store), the special fund
// (allocations and spending, running totals on the project so the
// no-overspend rule is one conditional UPDATE), and the weekly freeze of
// every venue's state.
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const pathType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  // Areas in ㎡ with one decimal: a float is exact enough and reads back as a JS number on both.
  const areaType = dialect === 'postgres' ? sql`double precision` : sql`real`;

  await db.schema
    .createTable('venues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('building_area', areaType, (c) => c.notNull())
    .addColumn('ownership', 'text', (c) => c.notNull())
    .addColumn('current_use', 'text', (c) => c.notNull())
    .addColumn('hall_area', areaType, (c) => c.notNull())
    .addColumn('has_signage', 'integer', (c) => c.notNull())
    .addColumn('rules_posted', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text')
    // The judgement under the rules in force at the last write (1 = passes) and its reasons (JSON).
    .addColumn('passes', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    // When it first went on the clearance list (null: never failed).
    .addColumn('listed_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venues_path_idx').on('venues').column('org_path').execute();

  // Each change of a venue's judgement (created, edited, accepted, rules changed).
  await db.schema
    .createTable('venue_status_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('passes', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_status_history_venue_at_idx').on('venue_status_history').columns(['venue_id', 'at']).execute();

  await db.schema
    .createTable('venue_projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    // Money in fen (分), whole numbers.
    .addColumn('budget', 'integer', (c) => c.notNull())
    .addColumn('planned_area', areaType, (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    // The last step or milestone: a project that has not moved for weeks is stalled.
    .addColumn('last_moved_at', 'text', (c) => c.notNull())
    // The latest send-back's reason, shown on the draft until it is submitted again.
    .addColumn('return_reason', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text', (c) => c.references('users.id'))
    // Running totals of the fund (fen): spent may exceed allocated only through an audited override.
    .addColumn('allocated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('spent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_projects_path_idx').on('venue_projects').column('org_path').execute();
  // One project under way per venue (the service checks first; this is the last guard).
  await db.schema
    .createIndex('venue_projects_one_open')
    .on('venue_projects')
    .column('venue_id')
    .unique()
    .where(sql.ref('status'), '<>', 'accepted')
    .execute();

  await db.schema
    .createTable('venue_project_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('venue_projects.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('venue_project_history_project_at_idx').on('venue_project_history').columns(['project_id', 'at']).execute();

  await db.schema
    .createTable('venue_milestones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('venue_projects.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_milestones_project_idx').on('venue_milestones').columns(['project_id', 'recorded_at']).execute();

  await db.schema
    .createTable('fund_allocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('venue_projects.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('allocated_on', 'text', (c) => c.notNull())
    .addColumn('document_no', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fund_allocations_project_idx').on('fund_allocations').column('project_id').execute();
  await db.schema.createIndex('fund_allocations_path_idx').on('fund_allocations').column('org_path').execute();

  await db.schema
    .createTable('fund_spendings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('venue_projects.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('spent_on', 'text', (c) => c.notNull())
    .addColumn('payee', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('voucher_no', 'text', (c) => c.notNull())
    // Set when the spend went over the balance on an explicit override, with why.
    .addColumn('override_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fund_spendings_project_idx').on('fund_spendings').column('project_id').execute();
  await db.schema.createIndex('fund_spendings_path_idx').on('fund_spendings').column('org_path').execute();

  // Photos of a venue or a milestone, a project's plan attachments, spending vouchers. Bytes in the evidence store.
  await db.schema
    .createTable('venue_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('project_id', 'text', (c) => c.references('venue_projects.id'))
    .addColumn('milestone_id', 'text', (c) => c.references('venue_milestones.id'))
    .addColumn('spending_id', 'text', (c) => c.references('fund_spendings.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('venue_files_venue_idx').on('venue_files').column('venue_id').execute();
  await db.schema.createIndex('venue_files_project_idx').on('venue_files').column('project_id').execute();

  // 一周一统计 of the campaign: every venue's state at the week's end, frozen with the week's snapshot.
  await db.schema
    .createTable('venue_snapshots')
    .addColumn('week_start', 'text', (c) => c.notNull())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('on_list', 'integer', (c) => c.notNull())
    .addColumn('ever_listed', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('project_kind', 'text')
    .addColumn('project_status', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('days_overdue', 'integer', (c) => c.notNull())
    .addColumn('stalled', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('venue_snapshots_pk', ['week_start', 'venue_id'])
    .execute();
}
