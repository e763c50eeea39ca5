import type { CompiledQuery } from 'kysely';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

/**
 * The portal's reads: only public rows (problems with 公示 on, published
 * photos, published feedback, articles and circulars), and only the columns a
 * public page may show. Nothing here selects a user id, a phone, a remark, an
 * acceptance opinion or a reason.
 */

const PUBLIC_KINDS = ['village', 'community'];

/** The audit head's query, built and compiled once per database handle: every public page asks it. */
const auditHeightQueries = new WeakMap<object, CompiledQuery<{ seq: number | string }>>();

/** The audit chain's height (the page cache's "has anything changed"). */
export async function readAuditHeight(db: Executor): Promise<number> {
  let q = auditHeightQueries.get(db);
  if (!q) {
    q = db.selectFrom('audit_chain_head').select('seq').where('id', '=', 1).compile();
    auditHeightQueries.set(db, q);
  }
  const res = await db.executeQuery(q);
  return toNumber(res.rows[0]?.seq ?? 0);
}

/**
 * The masking dictionary: every person's name the record has held (accounts,
 * problem owners and lead officials, measure owners) and every organization
 * name, kept by triggers (migration 2026-12-03-02). Not what feedback writers
 * call themselves ("村民", "王大爷"): that field is always masked on its own,
 * and such words must not be masked wherever they occur.
 */
export async function listMaskingWords(db: Executor): Promise<{ people: string[]; organizations: string[] }> {
  const rows = await db.selectFrom('masking_words').select(['kind', 'word']).execute();
  const people: string[] = [];
  const organizations: string[] = [];
  for (const r of rows) (r.kind === 'organization' ? organizations : people).push(r.word);
  return { people, organizations };
}

/** The words added after the word with id `afterId`, oldest first (a transaction's own, read by its Masker). */
export async function listMaskingWordsAfter(db: Executor, afterId: number): Promise<Array<{ id: number; kind: string; word: string }>> {
  const rows = await db.selectFrom('masking_words').select(['id', 'kind', 'word']).where('id', '>', afterId).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, word: r.word }));
}

/** The dictionary's newest word's (id, token): it moves whenever a word is added (one indexed row). */
export async function readMaskingWordsVersion(db: Executor): Promise<string> {
  const row = await db.selectFrom('masking_words').select(['id', 'token']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? `${String(row.id)}:${row.token}` : '';
}

/** The top of the tree (the district the portal speaks for). */
export function findRoot(db: Executor) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('parent_id', 'is', null)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

/** The villages and communities shown on the portal (not archived), with their subdistrict. */
export function listVillages(db: Executor) {
  return db
    .selectFrom('organizations as o')
    .leftJoin('organizations as parent', 'parent.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.kind', 'o.path', 'o.is_sample', 'o.parent_id', 'parent.name as parent_name'])
    .where('o.kind', 'in', PUBLIC_KINDS)
    .where('o.archived_at', 'is', null)
    .orderBy('parent.name')
    .orderBy('o.name')
    .execute();
}
export type PublicVillageRow = Awaited<ReturnType<typeof listVillages>>[number];

export function findVillage(db: Executor, id: string) {
  return db
    .selectFrom('organizations as o')
    .leftJoin('organizations as parent', 'parent.id', 'o.parent_id')
    .select([
      'o.id',
      'o.name',
      'o.kind',
      'o.path',
      'o.is_sample',
      'o.parent_id',
      'parent.name as parent_name',
      'parent.kind as parent_kind',
    ])
    .where('o.id', '=', id)
    .where('o.kind', 'in', PUBLIC_KINDS)
    .where('o.archived_at', 'is', null)
    .executeTakeFirst();
}

/** Public problems per village and status, with the overdue among them (withdrawn ones are not counted). */
export async function countPublicProblems(db: Executor, today: string) {
  const rows = await db
    .selectFrom('problems as p')
    .select((eb) => [
      'p.organization_id',
      'p.status',
      eb.fn.countAll().as('n'),
      eb.fn
        .count(
          eb
            .case()
            .when(eb.and([eb('p.status', 'in', ['open', 'rectifying']), eb('p.due_on', '<', today)]))
            .then(1)
            .end(),
        )
        .as('late'),
    ])
    .where('p.is_public', '=', 1)
    .where('p.status', '!=', 'withdrawn')
    .groupBy(['p.organization_id', 'p.status'])
    .execute();
  return rows.map((r) => ({ organizationId: r.organization_id, status: r.status, n: toNumber(r.n), late: toNumber(r.late) }));
}

/** A village's public problems with the labels the page shows. */
export function listPublicProblems(db: Executor, organizationId: string) {
  return db
    .selectFrom('problems as p')
    .leftJoin('check_items as ci', 'ci.id', 'p.check_item_id')
    .leftJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
    .select([
      'p.id',
      'p.code',
      'p.description',
      'p.status',
      'p.due_on',
      'p.found_on',
      'p.owner_name',
      'p.closed_at',
      'p.updated_at',
      'ci.title as check_item_title',
      'sa.name as area_name',
      'sa.sort_order as area_order',
    ])
    .where('p.organization_id', '=', organizationId)
    .where('p.is_public', '=', 1)
    .where('p.status', '!=', 'withdrawn')
    .orderBy('sa.sort_order')
    .orderBy('p.code')
    .execute();
}
export type PublicProblemRow = Awaited<ReturnType<typeof listPublicProblems>>[number];

/** One public problem (for a single-problem page and the feedback form). */
export function findPublicProblem(db: Executor, id: string) {
  return db
    .selectFrom('problems as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('check_items as ci', 'ci.id', 'p.check_item_id')
    .leftJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
    .select(['p.id', 'p.code', 'p.description', 'p.status', 'p.organization_id', 'o.name as organization_name', 'sa.name as area_name'])
    .where('p.id', '=', id)
    .where('p.is_public', '=', 1)
    .where('p.status', '!=', 'withdrawn')
    .where('o.archived_at', 'is', null)
    .executeTakeFirst();
}

/** The measures serving the given problems. */
export async function listMeasures(db: Executor, problemIds: readonly string[]) {
  if (problemIds.length === 0) return [];
  return db
    .selectFrom('measures as m')
    .innerJoin('measure_problems as mp', 'mp.measure_id', 'm.id')
    .select(['mp.problem_id', 'm.id', 'm.description', 'm.owner_name', 'm.due_on', 'm.progress'])
    .where('mp.problem_id', 'in', problemIds)
    .orderBy('m.created_at')
    .execute();
}

export async function listNotes(db: Executor, problemIds: readonly string[]) {
  if (problemIds.length === 0) return [];
  return db.selectFrom('progress_notes').select(['problem_id', 'at', 'text']).where('problem_id', 'in', problemIds).orderBy('at').execute();
}

/** Published photos on the given problems or on the measures serving them. */
export async function listPublishedPhotos(db: Executor, problemIds: readonly string[]) {
  if (problemIds.length === 0) return [];
  const direct = db
    .selectFrom('evidence as e')
    .innerJoin('public_evidence as pe', 'pe.evidence_id', 'e.id')
    .select(['e.id', 'e.problem_id as problem_id', 'pe.caption', 'e.uploaded_at'])
    .where('e.problem_id', 'in', problemIds)
    .where('e.mime', 'like', 'image/%');
  const viaMeasures = db
    .selectFrom('evidence as e')
    .innerJoin('public_evidence as pe', 'pe.evidence_id', 'e.id')
    .innerJoin('measure_problems as mp', 'mp.measure_id', 'e.measure_id')
    .select(['e.id', 'mp.problem_id as problem_id', 'pe.caption', 'e.uploaded_at'])
    .where('mp.problem_id', 'in', problemIds)
    .where('e.mime', 'like', 'image/%');
  return direct.unionAll(viaMeasures).execute();
}

/**
 * A published photo's bytes address, if it may be shown: published, an image,
 * on a public problem (or a measure serving one) of a village not archived.
 */
export async function findPublishedPhoto(db: Executor, evidenceId: string) {
  const e = await db
    .selectFrom('evidence as e')
    .innerJoin('public_evidence as pe', 'pe.evidence_id', 'e.id')
    .select(['e.id', 'e.sha256', 'e.mime', 'e.problem_id', 'e.measure_id'])
    .where('e.id', '=', evidenceId)
    .where('e.mime', 'like', 'image/%')
    .executeTakeFirst();
  if (!e) return undefined;
  let problems = db
    .selectFrom('problems as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select('p.id')
    .where('p.is_public', '=', 1)
    .where('p.status', '!=', 'withdrawn')
    .where('o.archived_at', 'is', null);
  problems = e.problem_id
    ? problems.where('p.id', '=', e.problem_id)
    : problems.where('p.id', 'in', (eb) =>
        eb
          .selectFrom('measure_problems')
          .select('problem_id')
          .where('measure_id', '=', e.measure_id ?? ''),
      );
  return (await problems.limit(1).executeTakeFirst()) ? e : undefined;
}

/** Which of these feedback ids were taken down (撤下) after being published. */
export async function withdrawnFeedbackAmong(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('feedback')
    .select('id')
    .where('id', 'in', [...ids])
    .where('status', '=', 'withdrawn')
    .execute();
  return rows.map((r) => r.id);
}

/** Published feedback of a village (on the village or any of its problems), newest first. */
export function listPublishedFeedback(db: Executor, organizationId: string, limit = 200) {
  return db
    .selectFrom('feedback')
    .select(['id', 'problem_id', 'kind', 'body', 'public_body', 'author_name', 'reply', 'replied_at', 'published_at', 'created_at'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

/** Published articles, newest first (`limit` rows after `offset`), optionally about one village. */
export function listPublishedArticles(db: Executor, limit: number, offset = 0) {
  return db
    .selectFrom('articles')
    .select(['id', 'title', 'source', 'published_at', 'summary', 'tags', 'views'])
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
export type PublicArticleRow = Awaited<ReturnType<typeof listPublishedArticles>>[number];

export async function countPublishedArticles(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirst();
  return toNumber(row?.n);
}

export function listMostRead(db: Executor, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'title', 'source', 'published_at', 'summary', 'tags', 'views'])
    .where('status', '=', 'published')
    .orderBy('views', 'desc')
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

export function findPublishedArticle(db: Executor, id: string) {
  return db
    .selectFrom('articles')
    .select(['id', 'title', 'source', 'published_at', 'summary', 'tags', 'views', 'body'])
    .where('id', '=', id)
    .where('status', '=', 'published')
    .executeTakeFirst();
}

/** Counts a view (新闻推荐: most read). Not audited: a count, not a change of the record. */
export async function countViews(db: Executor, id: string, n: number): Promise<void> {
  await db
    .updateTable('articles')
    .set((eb) => ({ views: eb('views', '+', n) }))
    .where('id', '=', id)
    .where('status', '=', 'published')
    .execute();
}

export function listArticleVillages(db: Executor, articleIds: readonly string[]) {
  if (articleIds.length === 0) return Promise.resolve([]);
  return (
    db
      .selectFrom('article_villages as av')
      .innerJoin('organizations as o', 'o.id', 'av.organization_id')
      .select(['av.article_id', 'o.id', 'o.name'])
      .where('av.article_id', 'in', articleIds)
      // An archived village has no public page to link to.
      .where('o.archived_at', 'is', null)
      .orderBy('o.name')
      .execute()
  );
}

/** Published articles that share a village with the given ones (相关新闻), newest first. */
export function listArticlesOfVillages(db: Executor, villageIds: readonly string[], limit: number) {
  if (villageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('articles as a')
    .innerJoin('article_villages as av', 'av.article_id', 'a.id')
    .select(['a.id', 'a.title', 'a.source', 'a.published_at', 'a.summary', 'a.tags', 'a.views'])
    .distinct()
    .where('av.organization_id', 'in', villageIds)
    .where('a.status', '=', 'published')
    .orderBy('a.published_at', 'desc')
    .limit(limit)
    .execute();
}

/** A published article's image, if the article is published. */
export function findPublishedArticleImage(db: Executor, id: string) {
  return db
    .selectFrom('article_images as i')
    .innerJoin('articles as a', 'a.id', 'i.article_id')
    .select(['i.id', 'i.sha256', 'i.mime'])
    .where('i.id', '=', id)
    .where('a.status', '=', 'published')
    .executeTakeFirst();
}

export function listPublishedCirculars(db: Executor) {
  return db
    .selectFrom('circulars')
    .select(['id', 'month', 'title', 'number', 'doc_date', 'issuing_office', 'published_at'])
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .execute();
}

// ── The record's public history, for a replay into an empty ledger (the demo) ──

export function listAllPublicProblems(db: Executor) {
  return db
    .selectFrom('problems as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('check_items as ci', 'ci.id', 'p.check_item_id')
    .leftJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
    .select([
      'p.id',
      'p.code',
      'p.description',
      'p.due_on',
      'p.created_at',
      'p.organization_id',
      'o.name as organization_name',
      'sa.name as area_name',
    ])
    .where('p.is_public', '=', 1)
    .execute();
}

export function listHistoryOfPublicProblems(db: Executor) {
  return db
    .selectFrom('problem_history as h')
    .innerJoin('problems as p', 'p.id', 'h.problem_id')
    .select(['h.problem_id', 'h.from_status', 'h.to_status', 'h.at'])
    .where('p.is_public', '=', 1)
    .where('h.action', '!=', 'create')
    .execute();
}

export function listNotesOfPublicProblems(db: Executor) {
  return db
    .selectFrom('progress_notes as n')
    .innerJoin('problems as p', 'p.id', 'n.problem_id')
    .select(['n.problem_id', 'n.text', 'n.at'])
    .where('p.is_public', '=', 1)
    .execute();
}

export function listConfirmedAttainments(db: Executor) {
  return db
    .selectFrom('village_attainments as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .innerJoin('inspection_rounds as r', 'r.id', 'a.round_id')
    .select(['a.organization_id', 'o.name as organization_name', 'r.name as round_name', 'a.confirmed_on', 'a.decided_at'])
    .where('a.status', '=', 'confirmed')
    .execute();
}

/** Photos on settled problems of the given villages (the demo publishes these). */
export function listDemoPhotos(db: Executor, organizationIds: readonly string[]) {
  if (organizationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence as e')
    .innerJoin('problems as p', 'p.id', 'e.problem_id')
    .select(['e.id', 'e.uploaded_at'])
    .where('e.organization_id', 'in', organizationIds)
    .where('p.status', 'in', ['accepted', 'closed'])
    .where('p.is_public', '=', 1)
    .where('e.mime', 'like', 'image/%')
    .execute();
}

/**
 * Of these problem codes, those the portal may not show now: 公示 off, or withdrawn. A published circular froze its
 * overdue list with every problem; the public reads it without these.
 */
export async function hiddenProblemCodes(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('problems')
    .select('code')
    .where('code', 'in', [...new Set(codes)])
    .where((eb) => eb.or([eb('is_public', '=', 0), eb('status', '=', 'withdrawn')]))
    .execute();
  return new Set(rows.map((r) => r.code));
}
