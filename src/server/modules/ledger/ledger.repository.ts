import type { Executor } from '../../http/context.ts';

/**
 * The ledger's own queries: the extra columns of the export (measures, latest
 * progress, evidence, source names) and the look-ups of the import (codes,
 * organizations by name, check items of the current standard). Lists of ids
 * or names are sent in chunks to stay under the bind-parameter limits.
 */
const CHUNK = 500;

async function inChunks<T, R>(items: readonly T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await run(items.slice(i, i + CHUNK))));
  return out;
}

/** Measure descriptions per problem, oldest first. */
export async function measuresOf(db: Executor, problemIds: readonly string[]) {
  return inChunks(problemIds, (ids) =>
    db
      .selectFrom('measure_problems as mp')
      .innerJoin('measures as m', 'm.id', 'mp.measure_id')
      .select(['mp.problem_id', 'm.description'])
      .where('mp.problem_id', 'in', ids)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute(),
  );
}

/** Progress notes per problem, oldest first (the caller keeps the last). */
export async function notesOf(db: Executor, problemIds: readonly string[]) {
  return inChunks(problemIds, (ids) =>
    db
      .selectFrom('progress_notes')
      .select(['problem_id', 'text', 'at'])
      .where('problem_id', 'in', ids)
      .orderBy('at')
      .orderBy('id')
      .execute(),
  );
}

/** Evidence attached to each problem or to a measure that serves it (the same rule as submitting for acceptance). */
export async function evidenceOf(db: Executor, problemIds: readonly string[]) {
  return inChunks(problemIds, async (ids) => {
    const direct = await db
      .selectFrom('evidence')
      .select(['id', 'problem_id', 'original_name', 'uploaded_at'])
      .where('problem_id', 'in', ids)
      .execute();
    const viaMeasures = await db
      .selectFrom('evidence as e')
      .innerJoin('measure_problems as mp', 'mp.measure_id', 'e.measure_id')
      .select(['e.id', 'mp.problem_id', 'e.original_name', 'e.uploaded_at'])
      .where('mp.problem_id', 'in', ids)
      .execute();
    return [...direct.map((e) => ({ ...e, problem_id: e.problem_id! })), ...viaMeasures];
  });
}

export async function liaisonGroupNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks([...new Set(ids)], (chunk) =>
    db.selectFrom('liaison_groups').select(['id', 'name']).where('id', 'in', chunk).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function roundNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks([...new Set(ids)], (chunk) =>
    db.selectFrom('inspection_rounds').select(['id', 'name']).where('id', 'in', chunk).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Problems by their codes (the import's 问题编号 column). */
export async function problemsByCodes(db: Executor, codes: readonly string[]) {
  return inChunks([...new Set(codes)], (chunk) =>
    db.selectFrom('problems').select(['id', 'code', 'org_path', 'organization_id', 'status']).where('code', 'in', chunk).execute(),
  );
}

/** Problems of these organizations with one of these descriptions: possible duplicates of new rows. */
export async function problemsByDescriptions(db: Executor, organizationIds: readonly string[], descriptions: readonly string[]) {
  const orgs = new Set(organizationIds);
  if (orgs.size === 0) return [];
  const rows = await inChunks([...new Set(descriptions)], (chunk) =>
    db.selectFrom('problems').select(['code', 'organization_id', 'description']).where('description', 'in', chunk).execute(),
  );
  return rows.filter((r) => orgs.has(r.organization_id));
}

/** Organizations with these names, archived ones included (the caller says why one cannot be used). */
export async function organizationsByNames(db: Executor, names: readonly string[]) {
  return inChunks([...new Set(names)], (chunk) =>
    db.selectFrom('organizations').select(['id', 'parent_id', 'name', 'path', 'kind', 'archived_at']).where('name', 'in', chunk).execute(),
  );
}

/**
 * The check items of the most recently published standard version, with
 * their area; empty when no standard is published yet.
 */
export async function currentCheckItems(db: Executor) {
  const version = await db
    .selectFrom('standard_versions')
    .select('id')
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('version_no', 'desc')
    .executeTakeFirst();
  if (!version) return [];
  return db
    .selectFrom('check_items as ci')
    .innerJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
    .select(['ci.id', 'ci.code', 'ci.title', 'sa.code as area_code', 'sa.name as area_name'])
    .where('ci.standard_version_id', '=', version.id)
    .execute();
}
