import { PassThrough, type Readable } from 'node:stream';
import {
  LEDGER_EXPORT_MAX_ROWS,
  type LedgerExportQuery,
  type LedgerImportItem,
  type LedgerImportResult,
  type LedgerIssue,
} from '../../../domain/contracts/ledger.ts';
import type { ProblemFilter } from '../../../domain/contracts/problems.ts';
import { chineseDate, SHANGHAI_OFFSET_MS, shanghaiDate } from '../../../domain/time.ts';
import { joinMeasures, ledgerColumn, type LedgerColumnKey } from '../../../domain/ledger-sheet.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { daysOverdue, PROBLEM_STATUS_LABELS, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import type { MeasuresTable } from '../../db/database.ts';
import { toBool } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext } from '../../http/context.ts';
import { AppError, forbidden } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as measuresRepo from '../measures/measures.repository.ts';
import { actorCan, canRead as canReadOrg } from '../organizations/organizations.policy.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';
import { canReadProblem } from '../problems/problems.policy.ts';
import * as problemsRepo from '../problems/problems.repository.ts';
import { insertProblem, resolveFilter } from '../problems/problems.service.ts';
import { notePublicProblemEvent } from '../portal/public-events.ts';
import { parseLedgerInWorker, takeImportSlot } from './ledger-import-pool.ts';
import type { ParsedSheet, SheetRow } from './ledger-sheet.ts';
import { type LedgerSheetRow, startLedgerWorkbook } from './ledger-workbook.ts';
import { assertLooksLikeXlsx } from './ledger-xlsx-guard.ts';
import * as repo from './ledger.repository.ts';

const collator = new Intl.Collator('zh-CN');

// ---------------------------------------------------------------- export

/** A file name without characters that Windows or a download header refuse. */
function safeFilePart(text: string): string {
  return text.replace(/[\\/:*?"<>|\s]+/g, '').slice(0, 40);
}

/** Who the ledger is of: the filtered organization, else the reader's scope (渭南高新区 for the district). */
async function ledgerOwnerName(ctx: AuthedContext, filter: ProblemFilter): Promise<string> {
  if (filter.organizationId) return (await orgRepo.findById(ctx.db.kysely, filter.organizationId))?.name ?? '';
  const roots = scopeRoots(ctx.actor.assignments, 'problem.read');
  const orgs = await orgRepo.findByIds(
    ctx.db.kysely,
    roots.map((r) => pathIds(r).at(-1)!),
  );
  const names = orgs.map((o) => o.name);
  return names.length > 2 ? `${names.slice(0, 2).join('、')}等` : names.join('、');
}

function describeFilter(f: LedgerExportQuery): string {
  const parts: string[] = [];
  if (f.status?.length) parts.push(`状态：${f.status.map((s) => PROBLEM_STATUS_LABELS[s].zh).join('、')}`);
  if (f.overdue) parts.push('仅逾期');
  if (f.dueSoon) parts.push('7日内到期');
  if (f.dueFrom || f.dueTo) parts.push(`整改时限 ${f.dueFrom ?? '…'} 至 ${f.dueTo ?? '…'}`);
  if (f.area) parts.push(`领域 ${f.area}`);
  if (f.checkItemId) parts.push('指定检查项');
  if (f.ownerId) parts.push('指定责任人');
  if (f.roundId) parts.push('指定排查批次');
  if (f.q) parts.push(`关键词“${f.q}”`);
  return parts.length ? `筛选：${parts.join('；')}` : '全部问题';
}

function evidenceText(names: string[]): string | null {
  if (names.length === 0) return null;
  const shown = names.slice(0, 5).join('、');
  return `${names.length} 份：${shown}${names.length > 5 ? ' 等' : ''}`;
}

/** Problems per batch of the export: their measures, notes and evidence are read, and their rows written, together. */
export const EXPORT_BATCH = 2_000;

type ListedProblem = Awaited<ReturnType<typeof problemsRepo.list>>['rows'][number];

/** The sheet rows of a batch of listed problems, with their measures, latest note, evidence and names. */
async function sheetRowsOf(ctx: AuthedContext, rows: readonly ListedProblem[]): Promise<LedgerSheetRow[]> {
  const db = ctx.db.kysely;
  const ids = rows.map((r) => r.id);
  const [measures, notes, evidence, users, groups, rounds] = await Promise.all([
    repo.measuresOf(db, ids),
    repo.notesOf(db, ids),
    repo.evidenceOf(db, ids),
    problemsRepo.userNames(
      db,
      rows.map((r) => r.accepted_by),
    ),
    repo.liaisonGroupNames(
      db,
      rows.flatMap((r) => (r.source_group_id ? [r.source_group_id] : [])),
    ),
    repo.roundNames(
      db,
      rows.flatMap((r) => (r.source_round_id ? [r.source_round_id] : [])),
    ),
  ]);
  const measuresBy = new Map<string, string[]>();
  for (const m of measures) measuresBy.set(m.problem_id, [...(measuresBy.get(m.problem_id) ?? []), m.description]);
  const latestNote = new Map(notes.map((n) => [n.problem_id, n.text]));
  const evidenceBy = new Map<string, Map<string, string>>();
  for (const e of evidence.sort((a, b) => a.uploaded_at.localeCompare(b.uploaded_at))) {
    const m = evidenceBy.get(e.problem_id) ?? new Map<string, string>();
    m.set(e.id, e.original_name);
    evidenceBy.set(e.problem_id, m);
  }
  return rows.map((r) => {
    const status = r.status as ProblemStatus;
    const sourceName = (r.source_group_id && groups.get(r.source_group_id)) || (r.source_round_id && rounds.get(r.source_round_id)) || null;
    return {
      code: r.code,
      organization: r.organization_name,
      area: r.area_name ?? null,
      checkItem: r.check_item_code ? `${r.check_item_code} ${r.check_item_title ?? ''}`.trim() : null,
      description: r.description,
      source: [sourceName, r.found_on].filter(Boolean).join(' / '),
      measures: joinMeasures(measuresBy.get(r.id) ?? []),
      leadOfficial: r.lead_official,
      responsibleOrg: r.responsible_org_name ?? null,
      owner: r.owner_name,
      dueOn: r.due_on,
      progress: latestNote.get(r.id) ?? null,
      evidence: evidenceText([...(evidenceBy.get(r.id)?.values() ?? [])]),
      status,
      daysOverdue: daysOverdue(status, r.due_on, ctx.now),
      acceptedBy: r.accepted_by ? (users.get(r.accepted_by) ?? null) : null,
      acceptanceOpinion: r.acceptance_opinion,
      closedOn: r.closed_at ? shanghaiDate(new Date(r.closed_at)) : null,
      isPublic: toBool(r.is_public),
      remark: r.remark,
    };
  });
}

export interface LedgerExport {
  fileName: string;
  asciiFileName: string;
  /**
   * The .xlsx as it is written: EXPORT_BATCH problems at a time, waiting while the reader is behind. A failure
   * after the first byte destroys the stream (the download breaks off; the server logs the error).
   */
  body: Readable;
}

/**
 * The filtered ledger as an .xlsx, only problems the actor may read (the
 * same scope and filters as GET /api/problems). A read: no audit event.
 * Everything that can refuse (scope, filter, the row limit) is checked before
 * the first byte, so a refusal is the JSON error answer; the workbook is then
 * streamed. The filtered problems are listed in one read (at most
 * LEDGER_EXPORT_MAX_ROWS rows: one consistent set, sorted by organization name
 * in Chinese collation here); their measures, notes and evidence and the
 * sheet rows follow in batches, and the file is never whole in memory.
 * Throws NOT_FOUND (organization filter), VALIDATION_FAILED (over LEDGER_EXPORT_MAX_ROWS).
 */
export async function exportLedger(ctx: AuthedContext, query: LedgerExportQuery): Promise<LedgerExport> {
  const filter = await resolveFilter(ctx, query);
  const db = ctx.db.kysely;
  const { total, rows } = await problemsRepo.list(db, ctx.db.kind, filter, query.sort ?? 'code', LEDGER_EXPORT_MAX_ROWS, 0);
  if (total > LEDGER_EXPORT_MAX_ROWS) {
    throw new AppError(
      'VALIDATION_FAILED',
      `符合条件的问题有 ${total} 条，超过单次导出上限 ${LEDGER_EXPORT_MAX_ROWS} 条；请按组织、状态或时限缩小范围后分批导出`,
    );
  }
  if (!query.sort) {
    rows.sort(
      (a, b) =>
        collator.compare(a.organization_name, b.organization_name) ||
        (a.due_on ?? '9999').localeCompare(b.due_on ?? '9999') ||
        a.code.localeCompare(b.code),
    );
  }
  const owner = await ledgerOwnerName(ctx, query);
  const today = shanghaiDate(ctx.now);
  const clock = new Date(ctx.now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
  const body = new PassThrough();
  const writer = startLedgerWorkbook(body, {
    title: `${owner}问题整改台账（截至${chineseDate(today)}）`,
    info: `${describeFilter(query)} · 共 ${rows.length} 条 · 导出：${ctx.actor.displayName} ${today} ${clock}`,
    rowCount: rows.length,
    createdAt: ctx.now,
  });
  void (async () => {
    // Each batch leaves `rows` as it is written: what is in the file is no longer held.
    while (rows.length > 0) await writer.addRows(await sheetRowsOf(ctx, rows.splice(0, EXPORT_BATCH)));
    await writer.finish();
  })().catch((err: unknown) => body.destroy(err instanceof Error ? err : new Error(String(err))));
  const day = today.replace(/-/g, '');
  return { fileName: `问题整改台账-${safeFilePart(owner) || '台账'}-${day}.xlsx`, asciiFileName: `ledger-${day}.xlsx`, body };
}

// ---------------------------------------------------------------- import

/** Throws FORBIDDEN unless the actor may record problems somewhere (checked before the upload is read). */
export function assertMayImport(ctx: AuthedContext): void {
  if (scopeRoots(ctx.actor.assignments, 'problem.create').length === 0) {
    throw forbidden('您没有登记问题的权限，不能导入台账（需要区级干部、包联组成员或管理员账号）');
  }
}

/** Who may add a progress note (as problems.policy's addProgress). */
const PROGRESS_PERMISSIONS = ['problem.rectify', 'problem.edit', 'problem.verify'] as const;

type OrgRow = Awaited<ReturnType<typeof repo.organizationsByNames>>[number];
type CheckItemRow = Awaited<ReturnType<typeof repo.currentCheckItems>>[number];

/** Splits "良田街道/大闵村" into the name and the parent that disambiguates it. */
function splitOrgName(text: string): { name: string; parent: string | null } {
  const parts = text
    .split(/[/／]/)
    .map((s) => s.trim())
    .filter(Boolean);
  return { name: parts.at(-1) ?? '', parent: parts.length > 1 ? parts.at(-2)! : null };
}

/** What the rows refer to, each looked up in one batched query. */
interface Lookups {
  /** Problems by code, among those the actor may read. */
  existing: Set<string>;
  findOrg: (text: string) => { org: OrgRow } | { error: string };
  /** Check items of the current standard (empty when none is published). */
  checkItems: CheckItemRow[];
}

async function lookUp(ctx: AuthedContext, sheet: ParsedSheet): Promise<Lookups> {
  const db = ctx.db.kysely;
  const codes = sheet.rows.flatMap((r) => (r.code ? [r.code] : []));
  const names = sheet.rows.flatMap((r) =>
    [r.organization, ...(r.responsibleOrg ? [r.responsibleOrg] : [])].map((n) => splitOrgName(n).name),
  );
  const [problems, orgs, checkItems] = await Promise.all([
    codes.length ? repo.problemsByCodes(db, codes) : [],
    repo.organizationsByNames(db, names.filter(Boolean)),
    sheet.rows.some((r) => r.checkItem) ? repo.currentCheckItems(db) : [],
  ]);
  // What the actor cannot read does not exist for the import either (and its existence is not revealed).
  const readable = orgs.filter((o) => canReadOrg(ctx.actor, o));
  const parentIds = [...new Set(readable.flatMap((o) => (o.parent_id ? [o.parent_id] : [])))];
  const parents = new Map((await orgRepo.findByIds(db, parentIds)).map((p) => [p.id, p.name]));
  const byName = new Map<string, OrgRow[]>();
  for (const o of readable) byName.set(o.name, [...(byName.get(o.name) ?? []), o]);

  return {
    existing: new Set(problems.filter((p) => canReadProblem(ctx.actor, p)).map((p) => p.code)),
    checkItems,
    findOrg: (text) => {
      const { name, parent } = splitOrgName(text);
      let candidates = byName.get(name) ?? [];
      if (parent) candidates = candidates.filter((o) => o.parent_id && parents.get(o.parent_id) === parent);
      if (candidates.length === 0)
        return { error: `找不到组织“${text}”：请核对名称（须与组织架构中的名称一致），或该组织不在您的管辖范围内` };
      const active = candidates.filter((o) => !o.archived_at);
      if (active.length === 0) return { error: `组织“${text}”已归档，不能登记问题` };
      if (active.length > 1) {
        const example = active[0]!.parent_id ? parents.get(active[0]!.parent_id) : null;
        return { error: `有 ${active.length} 个名为“${name}”的组织，请写成“上级组织/${name}”${example ? `，如“${example}/${name}”` : ''}` };
      }
      return { org: active[0]! };
    },
  };
}

/** "ZZSZ-01", "zzsz-01 党组织设置" (as exported) or the title alone; narrowed by the 标准领域 column when given. */
function matchCheckItem(items: readonly CheckItemRow[], text: string, area: string | null): { id: string } | { warning: string } {
  const token = text.split(/\s+/)[0]!.toUpperCase();
  let candidates = items.filter((i) => i.code.toUpperCase() === token || i.title === text);
  if (area) {
    const inArea = candidates.filter((i) => i.area_name === area || i.area_code === area);
    if (inArea.length) candidates = inArea;
  }
  const ids = [...new Set(candidates.map((i) => i.id))];
  if (ids.length === 1) return { id: ids[0]! };
  if (ids.length === 0) return { warning: `现行标准中没有检查项“${text}”，该问题将不关联检查项（可写检查项编号，如 ZZSZ-01）` };
  return { warning: `“${text}”对应现行标准中的多个检查项，未关联；请写检查项编号` };
}

/** A row that passed every check, ready to be written. */
interface Planned {
  sheet: SheetRow;
  organization: OrgRow;
  checkItemId: string | null;
  responsibleOrgId: string | null;
  remark: string | null;
  foundOn: string | null;
}

interface Checked {
  items: LedgerImportItem[];
  planned: Planned[];
  errors: LedgerIssue[];
  warnings: LedgerIssue[];
}

/** Checks every row against the ledger and the actor's rights; collects every error, never stops at the first. */
async function checkRows(ctx: AuthedContext, sheet: ParsedSheet): Promise<Checked> {
  const { existing, findOrg, checkItems } = await lookUp(ctx, sheet);
  const actor = ctx.actor;
  const today = shanghaiDate(ctx.now);
  const headerOf = (key: LedgerColumnKey) => sheet.layout.columns.find((c) => c.key === key)?.header ?? ledgerColumn(key).header;
  const out: Checked = { items: [], planned: [], errors: [], warnings: [] };
  const firstRowOfCode = new Map<string, number>();
  const firstRowOfProblem = new Map<string, number>();

  for (const row of sheet.rows) {
    const errors = [...row.errors];
    const warnings: LedgerIssue[] = [];
    const err = (key: LedgerColumnKey, message: string) => errors.push({ row: row.row, column: headerOf(key), message });
    const warn = (key: LedgerColumnKey, message: string) => warnings.push({ row: row.row, column: headerOf(key), message });
    const item = (outcome: LedgerImportItem['outcome'], code: string | null): LedgerImportItem => ({
      row: row.row,
      outcome,
      code,
      organizationName: row.organization,
      description: row.description.slice(0, 100),
      dueOn: row.dueOn,
      measures: outcome === 'existing' ? 0 : row.measures.length,
    });

    if (row.code) {
      const seen = firstRowOfCode.get(row.code);
      if (seen !== undefined) {
        err('code', `问题编号与第 ${seen} 行重复`);
      } else {
        firstRowOfCode.set(row.code, row.row);
        // Already in the ledger: skipped as it is (an import never edits an existing problem).
        if (existing.has(row.code)) {
          out.items.push(item('existing', row.code));
          continue;
        }
        err('code', `问题编号“${row.code}”在台账中找不到（或您无权查看）；新问题请清空问题编号`);
      }
    }

    let organization: OrgRow | null = null;
    if (row.organization && !row.errors.some((e) => e.column === headerOf('organization'))) {
      const r = findOrg(row.organization);
      if ('error' in r) err('organization', r.error);
      else if (!actorCan(actor, 'problem.create', r.org.path)) err('organization', `您没有在“${r.org.name}”登记问题的权限`);
      else organization = r.org;
    }
    if (organization) {
      const { name, path } = organization;
      if (row.measures.length && !actorCan(actor, 'measure.manage', path)) {
        err('measures', `您没有为“${name}”制定整改措施的权限；请清空此格，由该组织自行制定`);
      }
      if (row.progress && !PROGRESS_PERMISSIONS.some((p) => actorCan(actor, p, path))) {
        err('progress', `您没有填报“${name}”整改进展的权限；请清空此格`);
      }
    }

    let checkItemId: string | null = null;
    if (row.checkItem && checkItems.length) {
      const m = matchCheckItem(checkItems, row.checkItem, row.area);
      if ('id' in m) checkItemId = m.id;
      else warn('checkItem', m.warning);
    }

    // 责任单位 is often a body outside the tree (村两委, 镇党委): kept in the remark rather than lost or refused.
    let responsibleOrgId: string | null = null;
    let remark = row.remark;
    if (row.responsibleOrg) {
      const r = findOrg(row.responsibleOrg);
      if ('org' in r) responsibleOrgId = r.org.id;
      else {
        remark = [remark, `${headerOf('responsibleOrg')}：${row.responsibleOrg}`].filter(Boolean).join('；');
        warn('responsibleOrg', `“${row.responsibleOrg}”不是组织架构中的组织，已写入备注`);
        if (remark.length > 500) err('remark', `${headerOf('remark')}加上责任单位后超过 500 字，请精简`);
      }
    }

    let foundOn = row.foundOn;
    if (foundOn && foundOn > today) {
      warn('source', `发现日期 ${foundOn} 晚于今天，按今天登记`);
      foundOn = null;
    }

    if (organization && row.description) {
      const key = `${organization.id}\n${row.description}`;
      const seen = firstRowOfProblem.get(key);
      if (seen !== undefined) warn('description', `与第 ${seen} 行是同一组织的相同问题，导入后会有两条`);
      else firstRowOfProblem.set(key, row.row);
    }

    out.errors.push(...errors);
    out.warnings.push(...warnings);
    if (errors.length || !organization) {
      out.items.push(item('error', null));
      continue;
    }
    out.items.push(item('new', null));
    out.planned.push({ sheet: row, organization, checkItemId, responsibleOrgId, remark, foundOn });
  }

  // A sheet imported twice without codes would double the ledger: say so before it happens.
  const twins = await repo.problemsByDescriptions(
    ctx.db.kysely,
    out.planned.map((p) => p.organization.id),
    out.planned.map((p) => p.sheet.description),
  );
  const twinCode = new Map(twins.map((t) => [`${t.organization_id}\n${t.description}`, t.code]));
  for (const p of out.planned) {
    const code = twinCode.get(`${p.organization.id}\n${p.sheet.description}`);
    if (code)
      out.warnings.push({
        row: p.sheet.row,
        column: headerOf('description'),
        message: `台账中已有相同的问题（${code}）；如是同一问题，请填上问题编号，以免重复登记`,
      });
  }
  out.warnings.sort((a, b) => a.row - b.row);
  return out;
}

/** The organization under which all the given ones sit (the import's audit event is filed there). */
function commonOrganizationId(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  let common = pathIds(paths[0]!);
  for (const p of paths.slice(1)) {
    const ids = pathIds(p);
    let i = 0;
    while (i < common.length && common[i] === ids[i]) i++;
    common = common.slice(0, i);
  }
  return common.at(-1) ?? null;
}

/**
 * Writes the planned rows in one transaction: each problem through
 * insertProblem (its history row and problem.created event), its measures and
 * first progress note with their events, then one ledger.imported event.
 * Returns the new codes by Excel row.
 */
async function writeRows(
  ctx: AuthedContext,
  planned: readonly Planned[],
  summary: { rows: number; measures: number; fileName: string },
): Promise<Map<number, string>> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const created = new Map<number, string>();
    const at = ctx.now.toISOString();
    for (const { sheet: s, organization: org, ...p } of planned) {
      const problemId = await insertProblem(ctx, trx, {
        organizationId: org.id,
        checkItemId: p.checkItemId ?? undefined,
        description: s.description,
        severity: 'minor',
        foundOn: p.foundOn ?? undefined,
        dueOn: s.dueOn ?? undefined,
        ownerName: s.owner ?? undefined,
        responsibleOrgId: p.responsibleOrgId ?? undefined,
        leadOfficial: s.leadOfficial ?? undefined,
        tags: [],
        isPublic: s.isPublic,
        remark: p.remark ?? undefined,
      });
      const problem = (await problemsRepo.findPlain(trx, problemId))!;
      created.set(s.row, problem.code);
      for (const description of s.measures) {
        const m: MeasuresTable = {
          id: newId(),
          organization_id: org.id,
          // The problem's path, read in this transaction (the organization was looked up before it: moved since?).
          org_path: problem.org_path,
          description,
          owner_id: null,
          owner_name: s.owner,
          due_on: s.dueOn,
          progress: 0,
          version: 1,
          created_by: ctx.actor.userId,
          created_at: at,
          updated_at: at,
        };
        await measuresRepo.insert(trx, m);
        await measuresRepo.link(trx, m.id, [problemId]);
        await recordAuditEvent(
          trx,
          ctx,
          {
            type: 'measure.created',
            after: { description, ownerName: m.owner_name, dueOn: m.due_on, progress: 0, problemIds: [problemId] },
          },
          { entityType: 'measure', entityId: m.id, organizationId: org.id },
        );
      }
      if (s.progress) {
        await problemsRepo.insertNote(trx, { id: newId(), problem_id: problemId, author_id: ctx.actor.userId, at, text: s.progress });
        await recordAuditEvent(
          trx,
          ctx,
          { type: 'problem.progress_noted', text: s.progress },
          { entityType: 'problem', entityId: problemId, organizationId: org.id },
        );
        // As a note posted by hand: the portal shows it, so the public ledger records it.
        await notePublicProblemEvent(trx, ctx, { kind: 'progress_posted', problemId, text: s.progress });
      }
    }
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'ledger.imported', rows: summary.rows, problems: planned.length, measures: summary.measures, fileName: summary.fileName },
      { entityType: 'problem', entityId: null, organizationId: commonOrganizationId(planned.map((p) => p.organization.path)) },
    );
    return created;
  });
}

/**
 * Imports a ledger sheet: every row is checked first (organization by name,
 * in scope, with the right to record problems there; description; dates…),
 * and every error is reported with its Excel row and column. A row whose
 * 问题编号 is already in the ledger is skipped, so an exported file re-imports
 * without duplicates. Imported problems start as 待整改: statuses, acceptance
 * and closing are history, which a sheet cannot fabricate.
 *
 * The file is read in a worker thread within LEDGER_IMPORT_LIMITS (size,
 * unpacked size, cell length, time, memory), one import at a time per user;
 * `upload` is only read once the actor may import and holds the slot.
 *
 * With `dryRun` nothing is written. Otherwise all rows go in one transaction,
 * or nothing does; a file with nothing new writes nothing (no audit event).
 * Throws FORBIDDEN, RATE_LIMITED (an import of the actor's under way, or too
 * many at once), PAYLOAD_TOO_LARGE (over a limit), UNSUPPORTED_MEDIA_TYPE
 * (not an .xlsx), VALIDATION_FAILED (no header, too many rows, or — when
 * committing — any row error).
 */
export async function importLedger(
  ctx: AuthedContext,
  upload: () => Promise<{ fileName: string; bytes: Buffer }>,
  dryRun: boolean,
): Promise<LedgerImportResult> {
  assertMayImport(ctx);
  const release = takeImportSlot(ctx.actor.userId);
  try {
    const file = await upload();
    // The plainly wrong file (empty, .xls, not a zip) is told without starting a worker.
    assertLooksLikeXlsx(file.bytes);
    return await checkAndWrite(ctx, file.fileName, await parseLedgerInWorker(file.bytes), dryRun);
  } finally {
    release();
  }
}

async function checkAndWrite(ctx: AuthedContext, fileName: string, sheet: ParsedSheet, dryRun: boolean): Promise<LedgerImportResult> {
  const checked = await checkRows(ctx, sheet);
  const result: LedgerImportResult = {
    dryRun,
    fileName,
    sheetName: sheet.sheetName,
    headerRow: sheet.layout.headerRow,
    rows: sheet.rows.length,
    newProblems: checked.planned.length,
    existing: checked.items.filter((o) => o.outcome === 'existing').length,
    measures: checked.planned.reduce((n, p) => n + p.sheet.measures.length, 0),
    progressNotes: checked.planned.filter((p) => p.sheet.progress).length,
    errors: checked.errors,
    warnings: checked.warnings,
    ignoredColumns: sheet.layout.columns.filter((c) => ledgerColumn(c.key).use === 'ignored').map((c) => c.header),
    unknownColumns: sheet.layout.unknownHeaders,
    items: checked.items,
  };
  if (dryRun) return result;
  if (result.errors.length) {
    throw new AppError('VALIDATION_FAILED', `表格中有 ${result.errors.length} 处错误，未导入任何内容；请按提示修改后重新上传`, {
      errors: result.errors,
    });
  }
  if (checked.planned.length === 0) return result;
  const codes = await writeRows(ctx, checked.planned, { rows: result.rows, measures: result.measures, fileName });
  return { ...result, items: result.items.map((i) => (i.outcome === 'new' ? { ...i, code: codes.get(i.row) ?? null } : i)) };
}
