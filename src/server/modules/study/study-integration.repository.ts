import { subtreeUpperBound } from '../../../domain/organizations.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

/** Sessions of a subtree between two instants, per kind. */
export async function sessionsByKind(db: Executor, rootPath: string, from: string, to: string) {
  const rows = await db
    .selectFrom('study_sessions')
    .select((eb) => ['kind', eb.fn.countAll().as('n')])
    .where('org_path', '>=', rootPath)
    .where('org_path', '<', subtreeUpperBound(rootPath))
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .groupBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, n: toNumber(r.n) }));
}

/** Study tours organized within a subtree between two dates (both inclusive), with their participant counts. */
export async function toursBetween(db: Executor, rootPath: string, from: string, to: string) {
  const rows = await db
    .selectFrom('study_tours as t')
    .leftJoin('tour_participants as p', 'p.tour_id', 't.id')
    .select((eb) => ['t.id', 't.title', 't.tour_date', 't.destination', eb.fn.count('p.id').as('participants')])
    .where('t.org_path', '>=', rootPath)
    .where('t.org_path', '<', subtreeUpperBound(rootPath))
    .where('t.tour_date', '>=', from)
    .where('t.tour_date', '<=', to)
    .groupBy(['t.id', 't.title', 't.tour_date', 't.destination'])
    .orderBy('t.tour_date')
    .execute();
  return rows.map((r) => ({ ...r, participants: toNumber(r.participants) }));
}
