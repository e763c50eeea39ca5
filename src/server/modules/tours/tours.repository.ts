import type { StudyToursTable, TourParticipantsTable, TourTakeawaysTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export type TourRow = StudyToursTable & { organization_name: string };

export function findTour(db: Executor, id: string): Promise<TourRow | undefined> {
  return db
    .selectFrom('study_tours as t')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .selectAll('t')
    .select('o.name as organization_name')
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** Every tour, newest first (a district holds a few a year), with participant and take-away counts. */
export async function listTours(db: Executor) {
  const rows = await db
    .selectFrom('study_tours as t')
    .select((eb) => [
      't.id',
      't.org_path',
      't.title',
      't.tour_date',
      't.destination',
      't.purpose',
      't.invited_roles',
      eb.selectFrom('tour_participants as p').select(eb.fn.countAll().as('n')).whereRef('p.tour_id', '=', 't.id').as('participants'),
      eb.selectFrom('tour_takeaways as k').select(eb.fn.countAll().as('n')).whereRef('k.tour_id', '=', 't.id').as('takeaways'),
    ])
    .orderBy('t.tour_date', 'desc')
    .orderBy('t.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, participants: toNumber(r.participants), takeaways: toNumber(r.takeaways) }));
}

export async function insertTour(db: Executor, row: StudyToursTable): Promise<void> {
  await db.insertInto('study_tours').values(row).execute();
}

export type TourChanges = Partial<Pick<StudyToursTable, 'title' | 'tour_date' | 'destination' | 'purpose' | 'invited_roles'>>;

export async function updateTourIfVersion(db: Executor, id: string, version: number, changes: TourChanges, at: string): Promise<boolean> {
  const res = await db
    .updateTable('study_tours')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function listParticipants(db: Executor, tourId: string) {
  return db
    .selectFrom('tour_participants as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .selectAll('p')
    .select('o.name as organization_name')
    .where('p.tour_id', '=', tourId)
    .orderBy('p.org_path')
    .orderBy('p.created_at')
    .execute();
}

export async function insertParticipants(db: Executor, rows: readonly TourParticipantsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('tour_participants')
      .values(rows.slice(i, i + 200))
      .execute();
}

export function findParticipant(db: Executor, tourId: string, id: string) {
  return db.selectFrom('tour_participants').selectAll().where('tour_id', '=', tourId).where('id', '=', id).executeTakeFirst();
}

export async function deleteParticipant(db: Executor, id: string): Promise<boolean> {
  const res = await db.deleteFrom('tour_participants').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

export function listTakeaways(db: Executor, tourId: string) {
  return db
    .selectFrom('tour_takeaways as k')
    .innerJoin('organizations as o', 'o.id', 'k.organization_id')
    .leftJoin('users as u', 'u.id', 'k.recorded_by')
    .selectAll('k')
    .select(['o.name as organization_name', 'u.display_name as recorded_by_name'])
    .where('k.tour_id', '=', tourId)
    .execute();
}

export function findTakeaway(db: Executor, tourId: string, organizationId: string): Promise<TourTakeawaysTable | undefined> {
  return db
    .selectFrom('tour_takeaways')
    .selectAll()
    .where('tour_id', '=', tourId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export async function insertTakeaway(db: Executor, row: TourTakeawaysTable): Promise<void> {
  await db.insertInto('tour_takeaways').values(row).execute();
}

export async function updateTakeawayIfVersion(
  db: Executor,
  id: string,
  version: number,
  text: string,
  by: string,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('tour_takeaways')
    .set({ text, recorded_by: by, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Users by id with their display names. */
export function usersByIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).where('disabled_at', 'is', null).execute();
}
