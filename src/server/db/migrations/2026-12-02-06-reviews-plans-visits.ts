import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The 村"两委"会 review of each village's problem list (per problem:
// confirmed or disputed), measures drafted in it, the 一村一策 plan (versions
// kept, one draft and one approved at a time per review), leaders'
// supervision visits with their assigned tasks (交办事项), and the notice a
// standard version was issued under.
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const pathType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema.alterTable('standard_versions').addColumn('notice_title', 'text').execute();
  await db.schema.alterTable('standard_versions').addColumn('notice_date', 'text').execute();

  // One review per checklist (a village in a round).
  await db.schema
    .createTable('village_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checklist_id', 'text', (c) => c.notNull().unique().references('inspection_checklists.id'))
    .addColumn('round_id', 'text', (c) => c.notNull().references('inspection_rounds.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('liaison_group_id', 'text', (c) => c.references('liaison_groups.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('attendees', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('village_reviews_path_idx').on('village_reviews').columns(['org_path', 'held_on']).execute();

  await db.schema
    .createTable('review_outcomes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('village_reviews.id'))
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('review_outcomes_review_problem_unique', ['review_id', 'problem_id'])
    .execute();
  await db.schema.createIndex('review_outcomes_problem_idx').on('review_outcomes').column('problem_id').execute();

  // A measure drafted in the meeting links to it.
  await db.schema
    .alterTable('measures')
    .addColumn('review_id', 'text', (c) => c.references('village_reviews.id'))
    .execute();
  await db.schema.createIndex('measures_review_idx').on('measures').column('review_id').execute();

  await db.schema
    .createTable('village_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('village_reviews.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('preamble', 'text', (c) => c.notNull())
    .addColumn('closing', 'text', (c) => c.notNull())
    // JSON (src/domain/village-plan.ts PlanContent), frozen once approved.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('village_plans_review_version_unique', ['review_id', 'version_no'])
    .execute();
  await db.schema.createIndex('village_plans_path_idx').on('village_plans').columns(['org_path', 'created_at']).execute();
  // The last guards of "one draft and one approved version at a time" (services check first).
  await db.schema
    .createIndex('village_plans_one_draft')
    .on('village_plans')
    .column('review_id')
    .unique()
    .where(sql.ref('status'), '=', 'draft')
    .execute();
  await db.schema
    .createIndex('village_plans_one_approved')
    .on('village_plans')
    .column('review_id')
    .unique()
    .where(sql.ref('status'), '=', 'approved')
    .execute();

  await db.schema
    .createTable('supervision_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('leader_name', 'text', (c) => c.notNull())
    .addColumn('leader_title', 'text', (c) => c.notNull())
    .addColumn('observations', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_visits_date_idx').on('supervision_visits').column('visited_on').execute();

  await db.schema
    .createTable('visit_organizations')
    .addColumn('visit_id', 'text', (c) => c.notNull().references('supervision_visits.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addPrimaryKeyConstraint('visit_organizations_pk', ['visit_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('visit_organizations_path_idx').on('visit_organizations').column('org_path').execute();

  await db.schema
    .createTable('visit_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visit_id', 'text', (c) => c.notNull().references('supervision_visits.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('instruction', 'text', (c) => c.notNull())
    .addColumn('owner_unit', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome_note', 'text')
    .addColumn('outcome_at', 'text')
    .addColumn('outcome_by', 'text', (c) => c.references('users.id'))
    .addColumn('done_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visit_tasks_path_idx').on('visit_tasks').columns(['org_path', 'status', 'due_on']).execute();
  await db.schema.createIndex('visit_tasks_visit_idx').on('visit_tasks').column('visit_id').execute();
}
