import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// 两学一做 and the regular Party life: the member register (党员名册) per
// branch, study plans and sessions with attendance per member, files
// (materials, photos, broadcast recordings, duty photos; bytes in the
// evidence store), the 三会一课 record, study tours (观摩学习) with their
// participants and each village's take-aways, the service hall (便民服务大厅)
// with its weekly duty roster and sign-ins (坐班值班), and the weekly freeze
// of the study and duty figures per organization.
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const pathType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('party_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // 'male' | 'female'
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('joined_on', 'text')
    // 'full' (正式) | 'probationary' (预备)
    .addColumn('status', 'text', (c) => c.notNull())
    // 流动党员: works away from the village.
    .addColumn('works_away', 'integer', (c) => c.notNull().defaultTo(0))
    // Never public; shown and exported only to member.phone.
    .addColumn('phone', 'text')
    .addColumn('note', 'text')
    // Left the register (转出, deceased…): kept for the history of attendance.
    .addColumn('left_on', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('party_members_path_idx').on('party_members').columns(['org_path', 'name']).execute();

  await db.schema
    .createTable('study_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    // JSON arrays: topics (学党章党规、学系列讲话 …) and the session kinds planned.
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('forms', 'text', (c) => c.notNull())
    .addColumn('sessions_per_month', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_plans_path_idx').on('study_plans').columns(['org_path', 'starts_on']).execute();

  await db.schema
    .createTable('study_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.references('study_plans.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('speaker', 'text')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    // Broadcast lessons: how often the recording was played over the village broadcast.
    .addColumn('plays_count', 'integer')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_sessions_path_idx').on('study_sessions').columns(['org_path', 'starts_at']).execute();

  await db.schema
    .createTable('study_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('study_sessions.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('party_members.id'))
    // 'present' | 'absent' | 'reached' (by a broadcast)
    .addColumn('status', 'text', (c) => c.notNull())
    // 'sick' | 'away_work' | 'other' for an absence
    .addColumn('absence_reason', 'text')
    .addColumn('note', 'text')
    // 补学: the day the absent member made it up.
    .addColumn('made_up_on', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('study_attendance_pk', ['session_id', 'member_id'])
    .execute();
  await db.schema.createIndex('study_attendance_member_idx').on('study_attendance').column('member_id').execute();

  await db.schema
    .createTable('party_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('held_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('attendees', 'text', (c) => c.notNull())
    .addColumn('expected_count', 'integer')
    .addColumn('present_count', 'integer')
    .addColumn('agenda', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text')
    .addColumn('decisions', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('party_meetings_path_idx').on('party_meetings').columns(['org_path', 'held_at']).execute();

  await db.schema
    .createTable('study_tours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The organizing unit (the district): tours are read by everyone with study.read.
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('tour_date', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    // JSON array of the invited roles (subdistrict secretaries, deputies, Party affairs staff …).
    .addColumn('invited_roles', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_tours_date_idx').on('study_tours').column('tour_date').execute();

  await db.schema
    .createTable('tour_participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tour_id', 'text', (c) => c.notNull().references('study_tours.id'))
    // The participant's unit (village, subdistrict or district).
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.references('party_members.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tour_participants_tour_idx').on('tour_participants').columns(['tour_id', 'org_path']).execute();
  // Nobody registered twice (NULLs are distinct on both databases, so free-typed names are not limited).
  await db.schema.createIndex('tour_participants_member_uq').on('tour_participants').columns(['tour_id', 'member_id']).unique().execute();
  await db.schema.createIndex('tour_participants_user_uq').on('tour_participants').columns(['tour_id', 'user_id']).unique().execute();

  await db.schema
    .createTable('tour_takeaways')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tour_id', 'text', (c) => c.notNull().references('study_tours.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tour_takeaways_uq').on('tour_takeaways').columns(['tour_id', 'organization_id']).unique().execute();

  await db.schema
    .createTable('service_halls')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    // JSON arrays: ISO weekdays open (each a duty day), and the services offered.
    .addColumn('open_weekdays', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    // Duty is owed from this day (the hall's registration).
    .addColumn('tracked_from', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_halls_path_idx').on('service_halls').column('org_path').execute();

  // The standing weekly roster: who sits on which weekday and shift.
  await db.schema
    .createTable('duty_roster')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('shift', 'text', (c) => c.notNull())
    .addColumn('person_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duty_roster_org_idx').on('duty_roster').columns(['organization_id', 'weekday']).execute();

  await db.schema
    .createTable('duty_signins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    // The Shanghai date of the sign-in, and its instant.
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('person_name', 'text', (c) => c.notNull())
    .addColumn('shift', 'text', (c) => c.notNull())
    // 1 when the roster names the person for that weekday (0: standing in).
    .addColumn('on_roster', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('duty_signins_uq').on('duty_signins').columns(['organization_id', 'on_date', 'user_id']).unique().execute();
  await db.schema.createIndex('duty_signins_path_idx').on('duty_signins').columns(['org_path', 'on_date']).execute();

  // Materials, photos and recordings of a session, or a sign-in's photo. Bytes in the evidence store.
  await db.schema
    .createTable('study_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.references('study_sessions.id'))
    .addColumn('signin_id', 'text', (c) => c.references('duty_signins.id'))
    // 'material' | 'photo' | 'recording' | 'duty_photo'
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
  await db.schema.createIndex('study_files_session_idx').on('study_files').column('session_id').execute();
  await db.schema.createIndex('study_files_signin_idx').on('study_files').column('signin_id').execute();

  // 一周一统计 of the Party life: one row per organization (its subtree's figures), frozen with the week.
  await db.schema
    .createTable('study_snapshots')
    .addColumn('week_start', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', pathType, (c) => c.notNull())
    .addColumn('sessions_week', 'integer', (c) => c.notNull())
    .addColumn('sessions_month', 'integer', (c) => c.notNull())
    .addColumn('sessions_planned_month', 'integer', (c) => c.notNull())
    .addColumn('attendance_records', 'integer', (c) => c.notNull())
    .addColumn('attendance_attended', 'integer', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull())
    .addColumn('members_never_reached', 'integer', (c) => c.notNull())
    .addColumn('meetings_missed', 'integer', (c) => c.notNull())
    .addColumn('duty_days_due', 'integer', (c) => c.notNull())
    .addColumn('duty_days_staffed', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('study_snapshots_pk', ['week_start', 'organization_id'])
    .execute();
}
