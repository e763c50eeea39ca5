import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// Before 2026-12-04-13, moving a village rewrote the copied paths (org_path) of
// six tables only, so a database that saw moves holds rows of weekly reports,
// venues, feedback, Party members, study … under their organization's old
// path: the old 街道 still read them and the new one did not. Each such copy is
// set to its organization's path once, here. Frozen weeks (the *_snapshots
// tables) keep the tree as they froze it and are left alone. On problems the
// counters' trigger moves their counts with the path.

const TABLES = [
  'problems',
  'measures',
  'weekly_reports',
  'circulars',
  'interviews',
  'village_reviews',
  'village_plans',
  'visit_organizations',
  'visit_tasks',
  'venues',
  'venue_projects',
  'venue_files',
  'fund_allocations',
  'fund_spendings',
  'feedback',
  'party_members',
  'study_plans',
  'study_sessions',
  'study_files',
  'party_meetings',
  'study_tours',
  'tour_participants',
  'tour_takeaways',
  'service_halls',
  'duty_signins',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    const current = `(select o.path from organizations o where o.id = ${table}.organization_id)`;
    await sql.raw(`update ${table} set org_path = ${current} where organization_id is not null and org_path <> ${current}`).execute(db);
  }
}
