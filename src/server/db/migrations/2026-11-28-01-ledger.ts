import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The standard catalog, liaison groups, inspection rounds, and the problem
// ledger (problems, measures, history, progress notes, evidence).
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const pathType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('standards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('standard_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('standard_id', 'text', (c) => c.notNull().references('standards.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('based_on_version_id', 'text', (c) => c.references('standard_versions.id'))
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('standard_versions_no_unique', ['standard_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('standard_areas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('standard_version_id', 'text', (c) => c.notNull().references('standard_versions.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addUniqueConstraint('standard_areas_code_unique', ['standard_version_id', 'code'])
    .execute();

  await db.schema
    .createTable('check_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('standard_version_id', 'text', (c) => c.notNull().references('standard_versions.id'))
    .addColumn('area_id', 'text', (c) => c.notNull().references('standard_areas.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('criterion', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('expected_evidence', 'text', (c) => c.notNull())
    .addColumn('applies_to', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addUniqueConstraint('check_items_code_unique', ['standard_version_id', 'code'])
    .execute();
  await db.schema.createIndex('check_items_area_idx').on('check_items').column('area_id').execute();

  await db.schema
    .createTable('liaison_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('department_name', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('liaison_group_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('liaison_groups.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('seat', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('liaison_group_members_seat_unique', ['group_id', 'seat'])
    .addUniqueConstraint('liaison_group_members_user_unique', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('liaison_group_members_user_idx').on('liaison_group_members').column('user_id').execute();

  await db.schema
    .createTable('liaison_group_orgs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('liaison_groups.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('liaison_group_orgs_unique', ['group_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('liaison_group_orgs_org_idx').on('liaison_group_orgs').column('organization_id').execute();

  await db.schema
    .createTable('inspection_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('standard_version_id', 'text', (c) => c.notNull().references('standard_versions.id'))
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inspection_checklists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('inspection_rounds.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('liaison_group_id', 'text', (c) => c.references('liaison_groups.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inspection_checklists_unique', ['round_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('inspection_checklists_org_idx').on('inspection_checklists').column('organization_id').execute();

  await db.schema
    .createTable('problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Human reference shown in the ledger, e.g. WT-2026-00042. */
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    /** Copy of the organization's path, kept in step on moves: subtree filters hit one index. */
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('check_item_id', 'text', (c) => c.references('check_items.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('source_round_id', 'text', (c) => c.references('inspection_rounds.id'))
    .addColumn('source_group_id', 'text', (c) => c.references('liaison_groups.id'))
    .addColumn('found_on', 'text', (c) => c.notNull())
    .addColumn('found_by', 'text', (c) => c.references('users.id'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('owner_name', 'text')
    .addColumn('responsible_org_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('lead_official', 'text')
    .addColumn('due_on', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('remark', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text', (c) => c.references('users.id'))
    .addColumn('acceptance_opinion', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problems_scope_idx').on('problems').columns(['org_path', 'status', 'due_on']).execute();
  await db.schema.createIndex('problems_status_due_idx').on('problems').columns(['status', 'due_on']).execute();
  await db.schema.createIndex('problems_org_idx').on('problems').columns(['organization_id', 'status']).execute();
  await db.schema.createIndex('problems_check_item_idx').on('problems').column('check_item_id').execute();
  await db.schema.createIndex('problems_owner_idx').on('problems').column('owner_id').execute();

  await db.schema
    .createTable('inspection_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checklist_id', 'text', (c) => c.notNull().references('inspection_checklists.id'))
    .addColumn('check_item_id', 'text', (c) => c.notNull().references('check_items.id'))
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('problem_id', 'text', (c) => c.references('problems.id'))
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('inspection_results_unique', ['checklist_id', 'check_item_id'])
    .execute();

  await db.schema
    .createTable('problem_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('problem_history_problem_idx').on('problem_history').columns(['problem_id', 'at']).execute();
  await db.schema.createIndex('problem_history_at_idx').on('problem_history').columns(['at', 'action']).execute();

  await db.schema
    .createTable('progress_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('progress_notes_problem_idx').on('progress_notes').columns(['problem_id', 'at']).execute();

  await db.schema
    .createTable('measures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('owner_name', 'text')
    .addColumn('due_on', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('measures_scope_idx').on('measures').columns(['org_path', 'due_on']).execute();

  await db.schema
    .createTable('measure_problems')
    .addColumn('measure_id', 'text', (c) => c.notNull().references('measures.id'))
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    .addPrimaryKeyConstraint('measure_problems_pk', ['measure_id', 'problem_id'])
    .execute();
  await db.schema.createIndex('measure_problems_problem_idx').on('measure_problems').column('problem_id').execute();

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('problem_id', 'text', (c) => c.references('problems.id'))
    .addColumn('measure_id', 'text', (c) => c.references('measures.id'))
    .addColumn('note', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_problem_idx').on('evidence').column('problem_id').execute();
  await db.schema.createIndex('evidence_measure_idx').on('evidence').column('measure_id').execute();
}
