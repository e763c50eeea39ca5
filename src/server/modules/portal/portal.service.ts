import { ATTAINMENT_STATUS_LABELS, isAttained } from '../../../domain/attainment-workflow.ts';
import type { CircularAnnex } from '../../../domain/circular-text.ts';
import type { CircularDetail } from '../../../domain/contracts/circulars.ts';
import type { PortalSettingsValue } from '../../../domain/contracts/portal.ts';
import type { ChainHead } from '../../../domain/hash-chain.ts';
import { escapeRegExp, type Masker, maskWithWriter } from '../../../domain/masking.ts';
import { PROBLEM_STATUS_LABELS, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { PUBLIC_EVENT_LABELS, type PublicEventType } from '../../../domain/public-chain.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { venueStateText } from '../../../domain/venue-campaign.ts';
import { scoreText } from '../../../domain/village-score.ts';
import type { Executor } from '../../http/context.ts';
import { currentStandings, type VillageStanding } from '../attainments/village-scores.service.ts';
import * as circularsRepo from '../circulars/circulars.repository.ts';
import { parseAnnex, presentCircularDetail } from '../circulars/circulars.presenter.ts';
import { loadAnnexView } from '../circulars/circulars.service.ts';
import { currentStates } from '../venues/venue-figures.ts';
import { withoutCutNumber } from '../articles/article-html.ts';
import { loadPortalSettings } from './portal-settings.ts';
import * as repo from './portal.repository.ts';
import { circularAnchor, currentHead } from './public-chain.service.ts';
import { loadVillageServiceLine, type VillageServiceLine } from './village-service-line.ts';
import * as chainRepo from './public-chain.repository.ts';

/**
 * What the public pages show, read and masked on the server: every text a
 * person wrote goes through the Masker (portal.mask.ts), every name field is
 * masked, and nothing carries a user id, a phone, a remark, a reviewer's
 * opinion or a moderator's reason. The templates (portal.pages.ts) only lay
 * these out.
 */

// ── View models ──────────────────────────────────────────────────────────────

export interface Figures {
  /** Public problems found (withdrawn not counted). */
  found: number;
  /** Not yet accepted: open, rectifying, submitted. */
  fixing: number;
  /** Accepted or closed. */
  done: number;
  /** Open past their deadline; null while the deadlines are not public (showDeadlines off): the count would tell them. */
  overdue: number | null;
}

const FIXING: readonly string[] = ['open', 'rectifying', 'submitted'];

function emptyFigures(showDeadlines: boolean): Figures {
  return { found: 0, fixing: 0, done: 0, overdue: showDeadlines ? 0 : null };
}

function addTo(f: Figures, status: string, n: number, late: number): void {
  f.found += n;
  if (FIXING.includes(status)) f.fixing += n;
  else f.done += n;
  if (f.overdue !== null) f.overdue += late;
}

export interface Standing {
  /** "86 / 100" */
  score: string;
  attained: boolean;
  /** 已达标, 待确认, 未申报… */
  state: string;
  confirmedOn: string | null;
  roundName: string;
  /** The round's checklist is still being filled in. */
  inProgress: boolean;
}

export interface VillageVenue {
  name: string;
  /** "已清零（新建，已验收，投入使用）", "施工中 60%：…" (masked). */
  state: string;
  onList: boolean;
}

export interface VillageSummary {
  id: string;
  name: string;
  subdistrict: string | null;
  /** The organization above the village (its 街道), null for one directly under the root. */
  subdistrictId: string | null;
  sample: boolean;
  figures: Figures;
  standing: Standing | null;
  venuesOnList: number;
}

export interface HomeView {
  districtName: string;
  /** When the figures were counted (a large portal may serve them up to a minute old: portal.cache.ts). */
  asAt: string;
  figures: Figures;
  villages: VillageSummary[];
  /** The villages' 街道 with their figures summed (a large portal's home lists these: portal.pages.ts HOME_VILLAGES_MAX). */
  subdistricts: SubdistrictSummary[];
  attained: number;
  scored: number;
  venuesLeft: number | null;
  articles: ArticleCard[];
  circulars: CircularCard[];
  settings: PortalSettingsValue;
}

/** A 街道 on the home page of a large portal: its villages counted and their figures summed. */
export interface SubdistrictSummary {
  id: string;
  name: string;
  villages: number;
  figures: Figures;
}

/** The villages of the home view grouped by their 街道, in the home page's order. */
function subdistrictSummaries(villages: readonly VillageSummary[]): SubdistrictSummary[] {
  const by = new Map<string, SubdistrictSummary>();
  for (const v of villages) {
    if (!v.subdistrictId) continue;
    const s = by.get(v.subdistrictId) ?? {
      id: v.subdistrictId,
      name: v.subdistrict ?? '',
      villages: 0,
      figures: emptyFigures(v.figures.overdue !== null),
    };
    s.villages += 1;
    s.figures.found += v.figures.found;
    s.figures.fixing += v.figures.fixing;
    s.figures.done += v.figures.done;
    if (s.figures.overdue !== null) s.figures.overdue += v.figures.overdue ?? 0;
    by.set(v.subdistrictId, s);
  }
  return [...by.values()];
}

/** One 街道's page: the home view's villages under it (null when it has none on the portal). */
export async function subdistrictView(
  db: Executor,
  id: string,
  now: Date,
  m: Masker,
): Promise<{ home: HomeView; subdistrict: SubdistrictSummary; villages: VillageSummary[] } | null> {
  const home = await homeView(db, now, m);
  const subdistrict = home.subdistricts.find((x) => x.id === id);
  return subdistrict ? { home, subdistrict, villages: home.villages.filter((v) => v.subdistrictId === id) } : null;
}

export interface ArticleCard {
  id: string;
  title: string;
  source: string;
  publishedAt: string | null;
  summary: string;
  tags: string[];
  views: number;
}

export interface CircularCard {
  id: string;
  title: string;
  number: string | null;
  docDate: string;
  month: string;
}

function parseTags(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function articleCard(r: repo.PublicArticleRow, m: Masker): ArticleCard {
  return {
    id: r.id,
    title: m.text(r.title),
    source: m.text(r.source),
    publishedAt: r.published_at,
    summary: m.text(withoutCutNumber(r.summary)),
    tags: parseTags(r.tags).map((t) => m.text(t)),
    views: Number(r.views),
  };
}

function standingOf(s: VillageStanding): Standing {
  return {
    score: scoreText(s.score),
    attained: isAttained(s.attainment.status),
    // 未申报 is the office's word: a villager reads what it means.
    state: s.attainment.status === 'none' ? '尚未申请达标验收' : ATTAINMENT_STATUS_LABELS[s.attainment.status].zh,
    confirmedOn: s.attainment.confirmedOn,
    roundName: s.checklist.round_name,
    inProgress: !s.checklistDone,
  };
}

/** Each village's score and 达标 state (attainments module). */
function loadStandings(db: Executor, now: Date): Promise<Map<string, VillageStanding>> {
  return currentStandings(db, now);
}

/** Each venue's place in the clearance campaign (venues module). */
function loadVenueStates(db: Executor, now: Date) {
  return currentStates(db, now);
}

const PINYIN = new Intl.Collator('zh-CN');

export async function homeView(db: Executor, now: Date, m: Masker): Promise<HomeView> {
  const today = shanghaiDate(now);
  const [villages, counts, settings, articles, circulars, root] = await Promise.all([
    repo.listVillages(db),
    repo.countPublicProblems(db, today),
    loadPortalSettings(db),
    repo.listPublishedArticles(db, 5),
    repo.listPublishedCirculars(db),
    repo.findRoot(db),
  ]);
  // In pinyin order, as the app lists them (the database's order is by code point: 上庄, 兴旺, 前进 …).
  villages.sort((a, b) => PINYIN.compare(a.parent_name ?? '', b.parent_name ?? '') || PINYIN.compare(a.name, b.name));
  const [standings, venues] = await Promise.all([
    settings.showScores ? loadStandings(db, now) : Promise.resolve(new Map<string, VillageStanding>()),
    settings.showVenues ? loadVenueStates(db, now) : Promise.resolve([]),
  ]);
  const byVillage = new Map<string, Figures>();
  const total = emptyFigures(settings.showDeadlines);
  // The totals are the sum of the villages listed: an archived (撤销) village's problems were counted, unlisted.
  const listed = new Set(villages.map((v) => v.id));
  for (const c of counts) {
    if (!listed.has(c.organizationId)) continue;
    const f = byVillage.get(c.organizationId) ?? emptyFigures(settings.showDeadlines);
    addTo(f, c.status, c.n, c.late);
    addTo(total, c.status, c.n, c.late);
    byVillage.set(c.organizationId, f);
  }
  const venuesOnList = new Map<string, number>();
  for (const v of venues) if (v.onList) venuesOnList.set(v.organizationId, (venuesOnList.get(v.organizationId) ?? 0) + 1);
  const summaries = villages.map((v) => {
    const s = standings.get(v.id);
    return {
      id: v.id,
      name: v.name,
      subdistrict: v.parent_name,
      subdistrictId: v.parent_id,
      sample: Number(v.is_sample) === 1,
      figures: byVillage.get(v.id) ?? emptyFigures(settings.showDeadlines),
      standing: s ? standingOf(s) : null,
      venuesOnList: venuesOnList.get(v.id) ?? 0,
    };
  });
  return {
    districtName: root?.name ?? '',
    asAt: now.toISOString(),
    figures: total,
    villages: summaries,
    subdistricts: subdistrictSummaries(summaries),
    attained: summaries.filter((v) => v.standing?.attained).length,
    scored: summaries.filter((v) => v.standing).length,
    venuesLeft: settings.showVenues && venues.length > 0 ? venues.filter((v) => v.onList).length : null,
    articles: articles.map((a) => articleCard(a, m)),
    circulars: circulars.slice(0, 5).map((c) => ({ id: c.id, title: c.title, number: c.number, docDate: c.doc_date, month: c.month })),
    settings,
  };
}

export interface PublicMeasure {
  description: string;
  owner: string;
  dueOn: string | null;
  progress: number;
}

export interface PublicFeedback {
  id: string;
  kind: string;
  body: string;
  author: string;
  reply: string | null;
  repliedAt: string | null;
  publishedAt: string | null;
}

export interface PublicProblem {
  id: string;
  code: string;
  area: string;
  checkItem: string | null;
  description: string;
  status: ProblemStatus;
  statusLabel: string;
  dueOn: string | null;
  overdue: boolean;
  owner: string;
  measures: PublicMeasure[];
  notes: Array<{ at: string; text: string }>;
  photos: Array<{ id: string; caption: string | null }>;
  feedback: PublicFeedback[];
}

export interface ChainEntryView {
  seq: number;
  at: string;
  type: string;
  label: string;
  village: string;
  hash: string;
  summary: string;
}

export interface VillageView {
  village: { id: string; name: string; subdistrict: string | null; subdistrictId: string | null; sample: boolean };
  figures: Figures;
  standing: Standing | null;
  venues: VillageVenue[];
  problems: PublicProblem[];
  /** Feedback on the village itself (not on one of its problems). */
  feedback: PublicFeedback[];
  entries: ChainEntryView[];
  head: ChainHead;
  settings: PortalSettingsValue;
  /** The service hall's line (today's person on duty, opening hours): village-service-line.ts. */
  service: VillageServiceLine | null;
}

function presentFeedback(f: Awaited<ReturnType<typeof repo.listPublishedFeedback>>[number], m: Masker): PublicFeedback {
  return {
    id: f.id,
    kind: f.kind,
    body: maskWithWriter(m, f.public_body ?? f.body, f.author_name),
    author: f.author_name ? m.person(f.author_name) : '群众',
    reply: f.reply ? maskWithWriter(m, f.reply, f.author_name) : null,
    repliedAt: f.replied_at,
    publishedAt: f.published_at,
  };
}

/** A text field of an entry ('' when absent or not text). */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What an entry says, in one line (the entry holds masked text already). */
function entrySummary(type: string, data: Record<string, unknown>): string {
  const problem = data.problem as { code?: string } | null | undefined;
  const code = problem?.code ?? '';
  switch (type as PublicEventType) {
    case 'problem.published':
      return `${code} ${str(data.description)}`;
    case 'problem.unpublished':
      return code;
    case 'problem.status_changed': {
      const label = (s: unknown) => PROBLEM_STATUS_LABELS[s as ProblemStatus]?.zh ?? String(s);
      return `${code} ${label(data.from)} → ${label(data.to)}`;
    }
    case 'problem.progress_posted':
      return `${code} ${str(data.text)}`;
    case 'feedback.published':
      return str(data.text);
    case 'feedback.replied':
      return str(data.reply);
    case 'village.attained':
      return `${str(data.round)} ${str(data.confirmedOn)}`;
    case 'village.attainment_revoked':
      return str(data.round);
    case 'venue.cleared': {
      const venue = data.venue as { name?: string } | undefined;
      return `${venue?.name ?? ''} ${str(data.clearedOn)}`;
    }
    default:
      return '';
  }
}

/** Entries that carry a text of a problem or a villager (shown by code only on a village page). */
const BRIEF_TYPES: ReadonlySet<PublicEventType> = new Set([
  'problem.published',
  'problem.progress_posted',
  'feedback.published',
  'feedback.replied',
] as const);

/**
 * An entry for a page; its text was masked when it was written, and is masked
 * again by today's dictionary. `brief` (a village page) names the problem by
 * its code only: the page's own list decides what it shows of a problem (a
 * withdrawn one, or progress notes the district has hidden, stay off it),
 * while the full entries are on the ledger page and its API.
 */
export function presentEntry(
  r: chainRepo.PublicChainRow,
  m: Masker,
  brief = false,
  withdrawnFeedback: ReadonlySet<string> = new Set(),
): ChainEntryView {
  const entry = JSON.parse(r.entry) as { at: string; type: string; village?: { name?: string }; data?: Record<string, unknown> };
  const label = PUBLIC_EVENT_LABELS[r.type as PublicEventType]?.zh ?? r.type;
  const data = entry.data ?? {};
  const code = (data.problem as { code?: string } | null | undefined)?.code ?? '';
  const freeText = BRIEF_TYPES.has(r.type as PublicEventType);
  // A feedback taken down (撤下) keeps its entries, hash-covered and served as stored by the API for verification;
  // the pages no longer quote it.
  const takenDown = typeof data.feedbackId === 'string' && withdrawnFeedback.has(data.feedbackId);
  const summary = takenDown ? '（留言已撤下）' : brief && freeText ? code : m.text(entrySummary(r.type, data));
  return {
    seq: r.seq,
    at: entry.at,
    type: r.type,
    label,
    village: entry.village?.name ?? '',
    hash: r.hash,
    summary: summary.length > 80 ? `${summary.slice(0, 80)}…` : summary,
  };
}

/** A village's public page; null when it is not a public village. */
export async function villageView(db: Executor, id: string, now: Date, m: Masker): Promise<VillageView | null> {
  const village = await repo.findVillage(db, id);
  if (!village) return null;
  const today = shanghaiDate(now);
  const [settings, rows, feedback, entries, head] = await Promise.all([
    loadPortalSettings(db),
    repo.listPublicProblems(db, id),
    repo.listPublishedFeedback(db, id),
    chainRepo.listOfOrganization(db, id, 12),
    currentHead(db),
  ]);
  const ids = rows.map((r) => r.id);
  const [measures, notes, photos, standings, venues, service] = await Promise.all([
    settings.showMeasures ? repo.listMeasures(db, ids) : Promise.resolve([]),
    settings.showProgressNotes ? repo.listNotes(db, ids) : Promise.resolve([]),
    settings.showEvidence ? repo.listPublishedPhotos(db, ids) : Promise.resolve([]),
    settings.showScores ? loadStandings(db, now) : Promise.resolve(new Map<string, VillageStanding>()),
    settings.showVenues ? loadVenueStates(db, now) : Promise.resolve([]),
    loadVillageServiceLine(db, id, now, m),
  ]);
  const group = <T extends { problem_id: string | null }>(xs: readonly T[]) => {
    const out = new Map<string, T[]>();
    for (const x of xs) if (x.problem_id) out.set(x.problem_id, [...(out.get(x.problem_id) ?? []), x]);
    return out;
  };
  const measuresOf = group(measures);
  const notesOf = group(notes);
  const photosOf = group(photos);
  const feedbackOf = group(feedback);
  const figures = emptyFigures(settings.showDeadlines);
  const problems: PublicProblem[] = rows.map((r) => {
    const status = r.status as ProblemStatus;
    const overdue = (status === 'open' || status === 'rectifying') && r.due_on !== null && r.due_on < today;
    addTo(figures, status, 1, overdue ? 1 : 0);
    const seen = new Set<string>();
    return {
      id: r.id,
      code: r.code,
      area: r.area_name ?? '其他',
      checkItem: r.check_item_title,
      description: m.text(r.description),
      status,
      statusLabel: PROBLEM_STATUS_LABELS[status]?.zh ?? status,
      dueOn: settings.showDeadlines ? r.due_on : null,
      overdue: settings.showDeadlines && overdue,
      owner: m.person(r.owner_name),
      measures: (measuresOf.get(r.id) ?? []).map((x) => ({
        description: m.text(x.description),
        owner: m.person(x.owner_name),
        dueOn: settings.showDeadlines ? x.due_on : null,
        progress: Number(x.progress),
      })),
      notes: (notesOf.get(r.id) ?? []).map((n) => ({ at: n.at, text: m.text(n.text) })),
      photos: (photosOf.get(r.id) ?? [])
        .filter((p) => !seen.has(p.id) && seen.add(p.id))
        .map((p) => ({ id: p.id, caption: p.caption ? m.text(p.caption) : null })),
      feedback: (feedbackOf.get(r.id) ?? []).map((f) => presentFeedback(f, m)),
    };
  });
  const s = standings.get(id);
  return {
    village: {
      id: village.id,
      name: village.name,
      subdistrict: village.parent_name,
      subdistrictId: village.parent_kind === 'subdistrict' ? village.parent_id : null,
      sample: Number(village.is_sample) === 1,
    },
    figures,
    standing: s ? standingOf(s) : null,
    venues: venues
      .filter((v) => v.organizationId === id)
      .map((v) => ({ name: m.text(v.venueName), state: m.text(venueStateText(v, 'zh')), onList: v.onList })),
    problems,
    // The village's own feedback. Feedback on a problem shows under that problem, and not at all once the problem
    // is no longer public (its 公示 switched off, or withdrawn): it would speak of a problem the page does not show.
    feedback: feedback.filter((f) => !f.problem_id).map((f) => presentFeedback(f, m)),
    entries: entries.map((e) => presentEntry(e, m, true)),
    head,
    settings,
    service,
  };
}

export interface NewsListView {
  articles: ArticleCard[];
  page: number;
  pages: number;
}

export const NEWS_PAGE_SIZE = 10;

export async function newsListView(db: Executor, page: number, m: Masker): Promise<NewsListView> {
  const [rows, total] = await Promise.all([
    repo.listPublishedArticles(db, NEWS_PAGE_SIZE, (page - 1) * NEWS_PAGE_SIZE),
    repo.countPublishedArticles(db),
  ]);
  return { articles: rows.map((r) => articleCard(r, m)), page, pages: Math.max(1, Math.ceil(total / NEWS_PAGE_SIZE)) };
}

export interface ArticleView {
  article: ArticleCard & { body: string; villages: Array<{ id: string; name: string }> };
  related: ArticleCard[];
  latest: ArticleCard[];
  mostRead: ArticleCard[];
}

/** A published article with 相关新闻 (a shared village or tag) and 新闻推荐 (latest, most read); null if not published. */
export async function articleView(db: Executor, id: string, m: Masker, maskBody: (html: string) => string): Promise<ArticleView | null> {
  const a = await repo.findPublishedArticle(db, id);
  if (!a) return null;
  const villages = (await repo.listArticleVillages(db, [id])).map((v) => ({ id: v.id, name: v.name }));
  const tags = parseTags(a.tags);
  const [byVillage, recent, mostRead] = await Promise.all([
    repo.listArticlesOfVillages(
      db,
      villages.map((v) => v.id),
      6,
    ),
    repo.listPublishedArticles(db, 40),
    repo.listMostRead(db, 6),
  ]);
  const seen = new Set<string>([id]);
  const related: repo.PublicArticleRow[] = [];
  const take = (r: repo.PublicArticleRow) => {
    if (related.length < 5 && !seen.has(r.id)) {
      seen.add(r.id);
      related.push(r);
    }
  };
  byVillage.forEach(take);
  recent.filter((r) => parseTags(r.tags).some((t) => tags.includes(t))).forEach(take);
  return {
    article: { ...articleCard(a, m), body: maskBody(a.body), villages },
    related: related.map((r) => articleCard(r, m)),
    latest: recent
      .filter((r) => r.id !== id)
      .slice(0, 5)
      .map((r) => articleCard(r, m)),
    mostRead: mostRead
      .filter((r) => r.id !== id)
      .slice(0, 5)
      .map((r) => articleCard(r, m)),
  };
}

export async function circularsView(db: Executor): Promise<CircularCard[]> {
  return (await repo.listPublishedCirculars(db)).map((c) => ({
    id: c.id,
    title: c.title,
    number: c.number,
    docDate: c.doc_date,
    month: c.month,
  }));
}

async function publishedCircular(db: Executor, id: string) {
  const row = await circularsRepo.find(db, id);
  return row?.status === 'published' ? row : null;
}

/**
 * The masking of the annex's tables for the public (owners as 张*, texts masked), without the overdue problems the
 * portal does not show (hiddenProblemCodes: 公示 off or withdrawn; the annex froze them with the rest).
 */
function maskAnnex(a: CircularAnnex, m: Masker, hidden: ReadonlySet<string>): CircularAnnex {
  return {
    ...a,
    overdue: a.overdue
      .filter((o) => !hidden.has(o.code))
      .map((o) => ({ ...o, description: m.text(o.description), owner: o.owner ? m.person(o.owner) : null })),
    overdueTasks: a.overdueTasks?.map((t) => ({ ...t, leader: m.person(t.leader), instruction: m.text(t.instruction) })),
    rag: a.rag.map((r) => ({ ...r, reasons: m.text(r.reasons) })),
    interviews: a.interviews.map((i) => ({ ...i, reasons: m.text(i.reasons) })),
  };
}

/** The text without the quoted descriptions of hidden problems (the overdue section quotes the longest overdue one). */
function withoutHiddenQuotes(text: string, hidden: ReadonlySet<string>): string {
  let out = text;
  for (const code of hidden) out = out.split(new RegExp(`${escapeRegExp(code)}“[^”]*”`)).join(code);
  return out;
}
/** Problem codes as the ledger writes them (WT-2612-0074), where a circular's text names one. */
const PROBLEM_CODE = /[A-Z]{1,8}-\d{4}-\d{4,}/g;

/** Every row of a published circular's annex, masked as publicCircular masks the rows it shows; null when not published. */
export async function publicCircularAnnex(
  db: Executor,
  id: string,
  m: Masker,
): Promise<{ annex: CircularAnnex; title: string; number: string | null; month: string } | null> {
  const row = await publishedCircular(db, id);
  if (!row) return null;
  const json = await circularsRepo.annexOf(db, id);
  if (json === undefined) return null;
  const annex = parseAnnex(json);
  const hidden = await repo.hiddenProblemCodes(
    db,
    annex.overdue.map((o) => o.code),
  );
  return { annex: maskAnnex(annex, m, hidden), title: row.title, number: row.number, month: row.month };
}

/**
 * A published circular as the public may read it: owners masked, texts masked, no names of officers. Its annex is
 * the excerpt the detail shows (loadAnnexView: unmasked, as stored), masked here row by row as
 * publicCircularAnnex masks every row.
 */
export async function publicCircular(
  db: Executor,
  id: string,
  m: Masker,
): Promise<{ detail: CircularDetail; anchor: ChainHead | null } | null> {
  const row = await publishedCircular(db, id);
  if (!row) return null;
  const view = await loadAnnexView(db, id);
  if (!view) return null;
  const d = presentCircularDetail(row, view, []);
  // The rows shown, and any problem the (editable) text names: the excerpt may not hold the one it quotes.
  const named = d.sections.flatMap((x) => x.text.match(PROBLEM_CODE) ?? []);
  const hidden = await repo.hiddenProblemCodes(db, [...d.annex.overdue.map((o) => o.code), ...named]);
  const detail: CircularDetail = {
    ...d,
    createdByName: null,
    publishedByName: null,
    opening: m.text(d.opening),
    sections: d.sections.map((s) => ({ ...s, text: m.text(withoutHiddenQuotes(s.text, hidden)) })),
    annex: maskAnnex(d.annex, m, hidden),
    praiseWarnings: [],
  };
  return { detail, anchor: await circularAnchor(db, { id, publishedAt: row.published_at }) };
}

export interface ChainView {
  head: ChainHead;
  entries: ChainEntryView[];
}

export async function chainView(db: Executor, m: Masker): Promise<ChainView> {
  const head = await currentHead(db);
  const rows = await chainRepo.listFrom(db, Math.max(1, head.seq - 19), 20);
  const feedbackIds = rows.flatMap((r) => {
    if (!r.type.startsWith('feedback.')) return [];
    const id = (JSON.parse(r.entry) as { data?: { feedbackId?: unknown } }).data?.feedbackId;
    return typeof id === 'string' ? [id] : [];
  });
  const withdrawn = new Set(await repo.withdrawnFeedbackAmong(db, feedbackIds));
  return { head, entries: rows.map((r) => presentEntry(r, m, false, withdrawn)).reverse() };
}

/**
 * The state of the whole record, for the page cache: the audit chain's height.
 * Every mutation writes an audit event, so a page rendered at this height is
 * still true while the height has not moved.
 */
export async function recordState(db: Executor): Promise<string> {
  return String(await repo.readAuditHeight(db));
}

export async function districtName(db: Executor): Promise<string> {
  const root = await repo.findRoot(db);
  return root?.name ?? '';
}
