import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { FeedbackSubmissionsTable, FeedbackTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export async function insert(db: Executor, row: FeedbackTable): Promise<void> {
  await db.insertInto('feedback').values(row).execute();
}

export async function insertSubmission(db: Executor, row: FeedbackSubmissionsTable): Promise<void> {
  await db.insertInto('feedback_submissions').values(row).execute();
}

/** Forms accepted from `source` since `since`. */
export async function countFromSource(db: Executor, source: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('feedback_submissions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('source', '=', source)
    .where('at', '>=', since)
    .executeTakeFirst();
  return toNumber(r?.n);
}

/** Drops what the limit no longer counts. */
export async function pruneSubmissions(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('feedback_submissions').where('at', '<', before).execute();
}

function withNames(db: Executor) {
  return db
    .selectFrom('feedback as f')
    .innerJoin('organizations as o', 'o.id', 'f.organization_id')
    .leftJoin('problems as p', 'p.id', 'f.problem_id')
    .leftJoin('problems as cp', 'cp.id', 'f.converted_problem_id')
    .leftJoin('users as mu', 'mu.id', 'f.moderated_by')
    .selectAll('f')
    .select([
      'o.name as organization_name',
      'o.archived_at as organization_archived_at',
      'p.code as problem_code',
      'p.description as problem_description',
      'cp.code as converted_problem_code',
      'mu.display_name as moderated_by_name',
    ]);
}
export type FeedbackRow = Awaited<ReturnType<ReturnType<typeof withNames>['executeTakeFirstOrThrow']>>;

export function findById(db: Executor, id: string): Promise<FeedbackRow | undefined> {
  return withNames(db).where('f.id', '=', id).executeTakeFirst();
}

export interface FeedbackFilter {
  scopeRoots: readonly string[];
  status?: string;
  organizationPath?: string;
  problemId?: string;
}

function filtered(db: Executor, f: FeedbackFilter) {
  let q = withNames(db).where((eb) =>
    eb.or(f.scopeRoots.map((r) => eb.and([eb('f.org_path', '>=', r), eb('f.org_path', '<', subtreeUpperBound(r))]))),
  );
  if (f.organizationPath)
    q = q.where('f.org_path', '>=', f.organizationPath).where('f.org_path', '<', subtreeUpperBound(f.organizationPath));
  if (f.problemId) {
    const id = f.problemId;
    q = q.where((eb) => eb.or([eb('f.problem_id', '=', id), eb('f.converted_problem_id', '=', id)]));
  }
  return q;
}

export async function list(db: Executor, f: FeedbackFilter, limit: number, offset: number) {
  let q = filtered(db, f);
  if (f.status) q = q.where('f.status', '=', f.status);
  const [rows, total] = await Promise.all([
    q.orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(limit).offset(offset).execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
  ]);
  return { rows, total: toNumber(total?.n) };
}

export async function countByStatus(db: Executor, f: FeedbackFilter) {
  const rows = await filtered(db, f)
    .clearSelect()
    .select((eb) => ['f.status', eb.fn.countAll().as('n')])
    .groupBy('f.status')
    .execute();
  const out = { pending: 0, published: 0, rejected: 0, withdrawn: 0 };
  for (const r of rows) if (r.status in out) out[r.status as keyof typeof out] = toNumber(r.n);
  return out;
}

export type FeedbackChanges = Partial<
  Pick<
    FeedbackTable,
    | 'status'
    | 'public_body'
    | 'reply'
    | 'replied_at'
    | 'replied_by'
    | 'reject_reason'
    | 'moderated_at'
    | 'moderated_by'
    | 'published_at'
    | 'converted_problem_id'
  >
>;

/** Conditional write: true when the row was at `version` (and, for a conversion, not converted yet). */
export async function updateIfVersion(db: Executor, id: string, version: number, changes: FeedbackChanges, now: string): Promise<boolean> {
  let q = db
    .updateTable('feedback')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('version', '=', version);
  if (changes.converted_problem_id) q = q.where('converted_problem_id', 'is', null);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
