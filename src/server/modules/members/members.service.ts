import type {
  CreateMemberBody,
  MemberExportQuery,
  MemberImportIssue,
  MemberImportQuery,
  MemberImportResult,
  MemberList,
  MemberListQuery,
  PartyMember,
  UpdateMemberBody,
} from '../../../domain/contracts/members.ts';
import { probationTooOld } from '../../../domain/member-sheet.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import type { PartyMembersTable } from '../../db/database.ts';
import { toBool } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { assertLooksLikeXlsx } from '../ledger/ledger-xlsx-guard.ts';
import { canReadStudy, canRecordSomewhere, canRecordStudy, canSeePhones } from '../study/study.policy.ts';
import { listRoots, loadBranchForRecording, loadStudyOrg, refuseArchived } from '../study/study-scope.ts';
import { parseMembersInWorker, takeMemberImportSlot } from './members-import-pool.ts';
import { MEMBER_IMPORT_LIMITS } from './members-sheet.ts';
import { writeMembersWorkbook } from './members-workbook.ts';
import { presentMember, snapshotMember } from './members.presenter.ts';
import * as repo from './members.repository.ts';

const MEMBER = '党员';

/** Members in the reader's scope (or one organization's subtree), by branch and name. Throws NOT_FOUND. */
export async function listMembers(ctx: AuthedContext, query: MemberListQuery): Promise<MemberList> {
  const db = ctx.db.kysely;
  const roots = await listRoots(ctx, db, query.organizationId);
  const { total, rows } = await repo.list(db, ctx.db.kind, {
    roots,
    q: query.q,
    includeLeft: query.includeLeft ?? false,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((r) => presentMember(r, ctx.actor)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    canRecord: canRecordSomewhere(ctx.actor),
  };
}

const phoneForbidden = () => forbidden('您没有登记或修改党员联系电话的权限');

/** The first day anyone could have joined the Party (founded in 1921). */
const FIRST_JOINED_ON = '1921-01-01';

/**
 * What is wrong with a member's date, or null: 入党 in the future (2030-01-01 and 9999-12-31 were taken, from the
 * form and from a workbook) or before the Party existed; 转出 in the future. Today is Shanghai's.
 */
export function memberDateProblem(kind: 'joinedOn' | 'leftOn', date: string | null | undefined, now: Date): string | null {
  if (!date) return null;
  const label = kind === 'joinedOn' ? '入党时间' : '转出日期';
  // The date given first: "不能晚于今天（2099-01-01）" read as if 2099-01-01 were today.
  if (date > shanghaiDate(now)) return `${label}（${date}）不能晚于今天`;
  if (kind === 'joinedOn' && date < FIRST_JOINED_ON) return `入党时间（${date}）不能早于 1921 年`;
  return null;
}

/** What is wrong with a 预备党员's 入党时间, or null: more than two years ago (earliestProbationaryJoin; 1990 was taken). */
export function probationProblem(status: string, joinedOn: string | null | undefined, now: Date): string | null {
  if (!probationTooOld(status, joinedOn, shanghaiDate(now))) return null;
  return `预备党员的入党时间（${joinedOn}）距今已超过两年：预备期一年，最长延长一年。请核对入党时间，或将身份改为正式党员`;
}

/** Refuses a member's date that cannot be (memberDateProblem), on its field. Throws VALIDATION_FAILED. */
function refuseImpossibleDates(body: { joinedOn?: string | null; leftOn?: string | null }, now: Date): void {
  for (const kind of ['joinedOn', 'leftOn'] as const) {
    const problem = memberDateProblem(kind, body[kind], now);
    if (problem) throw new AppError('VALIDATION_FAILED', problem, { fields: [{ in: 'body', path: kind, message: problem }] });
  }
}

/** Refuses a 预备党员 who joined too long ago (probationProblem), on the field the writer changed. Throws VALIDATION_FAILED. */
function refuseProbation(status: string, joinedOn: string | null | undefined, path: 'joinedOn' | 'status', now: Date): void {
  const problem = probationProblem(status, joinedOn, now);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { fields: [{ in: 'body', path, message: problem }] });
}

/** Adds a member to a branch's register. Throws NOT_FOUND, VALIDATION_FAILED (not a branch, a date that cannot be, a 预备党员 who joined over two years ago), FORBIDDEN (not study.record, or a phone without member.phone), CONFLICT (already registered). */
export async function createMember(ctx: AuthedContext, body: CreateMemberBody): Promise<PartyMember> {
  refuseImpossibleDates(body, ctx.now);
  refuseProbation(body.status, body.joinedOn, 'joinedOn', ctx.now);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const branch = await loadBranchForRecording(ctx, trx, body.organizationId);
    if (body.phone && !canSeePhones(ctx.actor, branch.path)) throw phoneForbidden();
    // The same person twice (a double tap, or the form after an import): the import skips such a row; so does this.
    // Taken in turn with imports into the branch (PostgreSQL; SQLite's transactions begin IMMEDIATE).
    await repo.lockBranchImports(trx, ctx.db.kind, branch.id);
    if (await repo.findSameInBranch(trx, branch.id, body.name, body.joinedOn ?? null))
      throw new AppError(
        'CONFLICT',
        `本支部已有党员“${body.name}”${body.joinedOn ? `（${body.joinedOn} 入党）` : ''}，请勿重复登记 (this member is already in the register)`,
      );
    const at = ctx.now.toISOString();
    const row: PartyMembersTable = {
      id: newId(),
      organization_id: branch.id,
      org_path: branch.path,
      name: body.name,
      gender: body.gender,
      joined_on: body.joinedOn ?? null,
      status: body.status,
      works_away: body.worksAway ? 1 : 0,
      phone: body.phone ?? null,
      note: body.note ?? null,
      left_on: null,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insert(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'member.created', after: snapshotMember(row) },
      { entityType: 'member', entityId: row.id, organizationId: branch.id },
    );
    return presentMember({ ...row, organization_name: branch.name }, ctx.actor);
  });
}

/**
 * Edits a member (or records that they left). Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale version, or the branch
 * archived), VALIDATION_FAILED (left before joining, a date that cannot be, a 预备党员 who joined over two years ago).
 */
export async function updateMember(ctx: AuthedContext, id: string, body: UpdateMemberBody): Promise<PartyMember> {
  refuseImpossibleDates(body, ctx.now);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await repo.findById(trx, id);
    if (!before || !canReadStudy(ctx.actor, before.org_path)) throw notFound(MEMBER);
    if (!canRecordStudy(ctx.actor, before.org_path)) throw forbidden('您没有修改该党支部党员名册的权限');
    if (body.phone !== undefined && !canSeePhones(ctx.actor, before.org_path)) throw phoneForbidden();
    // The row carries its branch's archiving (read with it).
    refuseArchived({ name: before.organization_name, archived_at: before.organization_archived_at ?? null });
    if (before.version !== body.version) throw conflict(MEMBER);
    const changes: repo.MemberChanges = {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.gender !== undefined && { gender: body.gender }),
      ...(body.joinedOn !== undefined && { joined_on: body.joinedOn }),
      ...(body.status !== undefined && { status: body.status }),
      ...(body.worksAway !== undefined && { works_away: body.worksAway ? 1 : 0 }),
      ...(body.phone !== undefined && { phone: body.phone }),
      ...(body.note !== undefined && { note: body.note }),
      ...(body.leftOn !== undefined && { left_on: body.leftOn }),
    };
    const after = { ...before, ...changes, version: before.version + 1 };
    // Only an edit of the status or the date is checked: a probation that ran out in the register since does not
    // block changing a phone number.
    if (body.status !== undefined || body.joinedOn !== undefined)
      refuseProbation(after.status, after.joined_on, body.joinedOn !== undefined ? 'joinedOn' : 'status', ctx.now);
    // Left before joining: such a member would be in the register on no day, the dates are mistyped.
    if (after.joined_on !== null && after.left_on !== null && after.left_on < after.joined_on) {
      const path = body.leftOn !== undefined ? 'leftOn' : 'joinedOn';
      throw new AppError('VALIDATION_FAILED', `转出日期不能早于入党日期（${after.joined_on}）(left before joining)`, {
        fields: [{ in: 'body', path, message: 'leftOn before joinedOn' }],
      });
    }
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(MEMBER);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'member.updated', before: snapshotMember(before), after: snapshotMember(after) },
      { entityType: 'member', entityId: id, organizationId: before.organization_id },
    );
    return presentMember(after, ctx.actor);
  });
}

const ymd = (d: Date) => shanghaiDate(d).replace(/-/g, '');

/**
 * A branch's register as .xlsx, in the columns branches keep; the phone column only for member.phone.
 * Throws NOT_FOUND, VALIDATION_FAILED (not a branch).
 */
export async function exportMembers(
  ctx: AuthedContext,
  query: MemberExportQuery,
): Promise<{ fileName: string; asciiFileName: string; bytes: Buffer }> {
  const db = ctx.db.kysely;
  const branch = await loadStudyOrg(ctx, db, query.organizationId);
  if (branch.kind !== 'branch')
    throw new AppError('VALIDATION_FAILED', '党员名册按党支部导出，请选择党支部 (the register is exported per branch)', {
      fields: [{ in: 'querystring', path: 'organizationId', message: 'not a Party branch' }],
    });
  const withPhone = canSeePhones(ctx.actor, branch.path);
  const rows = await repo.listOfBranch(db, branch.id);
  const bytes = await writeMembersWorkbook({
    title: `${branch.name}党员名册`,
    info: `导出时间：${shanghaiDate(ctx.now)}；共 ${rows.length} 名党员${withPhone ? '' : '；（联系电话不对外提供）'}`,
    rows: rows.map((m) => ({
      name: m.name,
      gender: m.gender as 'male' | 'female',
      joinedOn: m.joined_on,
      status: m.status as 'full' | 'probationary',
      worksAway: toBool(m.works_away),
      phone: withPhone ? m.phone : null,
      note: m.note,
    })),
    withPhone,
    createdAt: ctx.now,
  });
  return { fileName: `党员名册-${branch.name}-${ymd(ctx.now)}.xlsx`, asciiFileName: `members-${ymd(ctx.now)}.xlsx`, bytes };
}

const MAX_ERRORS = 500;
const keyOf = (name: string, joinedOn: string | null) => `${name}\n${joinedOn ?? ''}`;

/**
 * Imports a branch's register from Excel: every row checked (bad rows named by row and column), then all new rows
 * in one transaction, or none when any row is bad. A row with the name and joining date of a member already in the
 * register is skipped, so an exported file re-imports cleanly. The upload is read only once the actor may import,
 * and parsed in a worker thread. Throws NOT_FOUND, VALIDATION_FAILED, FORBIDDEN, PAYLOAD_TOO_LARGE,
 * UNSUPPORTED_MEDIA_TYPE, RATE_LIMITED.
 */
export async function importMembers(
  ctx: AuthedContext,
  query: MemberImportQuery,
  readUpload: () => Promise<{ fileName: string; bytes: Buffer }>,
): Promise<MemberImportResult> {
  const db = ctx.db.kysely;
  const branch = await loadBranchForRecording(ctx, db, query.organizationId);
  const release = takeMemberImportSlot(ctx.actor.userId);
  try {
    const { bytes } = await readUpload();
    assertLooksLikeXlsx(bytes, MEMBER_IMPORT_LIMITS);
    const sheet = await parseMembersInWorker(bytes);
    const mayPhone = canSeePhones(ctx.actor, branch.path);
    const existing = new Set((await repo.listOfBranch(db, branch.id)).map((m) => keyOf(m.name, m.joined_on)));
    const seen = new Map<string, number>();
    const errors: MemberImportIssue[] = [];
    const planned: PartyMembersTable[] = [];
    let skipped = 0;
    const at = ctx.now.toISOString();
    const phoneHeader = sheet.columns.find((c) => /电话|手机|联系/.test(c)) ?? '联系电话';
    const joinedHeader = sheet.columns.find((c) => /入党/.test(c)) ?? '入党时间';
    for (const r of sheet.rows) {
      const rowErrors = [...r.errors];
      const joinedProblem =
        memberDateProblem('joinedOn', r.joinedOn, ctx.now) ?? (r.status ? probationProblem(r.status, r.joinedOn, ctx.now) : null);
      if (joinedProblem) rowErrors.push({ row: r.row, column: joinedHeader, message: joinedProblem });
      if (r.phone && !mayPhone) rowErrors.push({ row: r.row, column: phoneHeader, message: '您无权登记党员联系电话，请清空此列后再导入' });
      if (r.name && r.gender) {
        const key = keyOf(r.name, r.joinedOn);
        const first = seen.get(key);
        if (first !== undefined)
          rowErrors.push({ row: r.row, column: '姓名', message: `与第 ${first} 行是同一名党员（姓名、入党时间相同）` });
        else seen.set(key, r.row);
        if (rowErrors.length === 0 && existing.has(key)) {
          skipped++;
          continue;
        }
      }
      if (rowErrors.length) {
        errors.push(...rowErrors);
        continue;
      }
      planned.push({
        id: newId(),
        organization_id: branch.id,
        org_path: branch.path,
        name: r.name,
        gender: r.gender!,
        joined_on: r.joinedOn,
        status: r.status ?? 'full',
        works_away: r.worksAway ? 1 : 0,
        phone: r.phone,
        note: r.note,
        left_on: null,
        created_by: ctx.actor.userId,
        version: 1,
        created_at: at,
        updated_at: at,
      });
    }
    const result: MemberImportResult = {
      dryRun: query.dryRun ?? false,
      created: errors.length ? 0 : planned.length,
      skipped,
      errors: errors.slice(0, MAX_ERRORS),
      columns: sheet.columns,
      unknownHeaders: sheet.unknownHeaders,
    };
    if (sheet.rows.length === 0 && errors.length === 0)
      throw new AppError('VALIDATION_FAILED', '表格中没有党员：表头下方没有填写姓名的行 (the sheet has no members)');
    if (result.dryRun || errors.length || planned.length === 0) return result;
    await db.transaction().execute(async (trx) => {
      // The upload took its time: a branch archived or out of reach meanwhile takes nothing (a village moved
      // meanwhile: the database gives the rows its path as written, migration 2026-12-04-13).
      await loadBranchForRecording(ctx, trx, query.organizationId);
      // Members another import (or a hand) added meanwhile are skipped, as those found before were.
      await repo.lockBranchImports(trx, ctx.db.kind, branch.id);
      const now = new Set((await repo.listOfBranch(trx, branch.id)).map((m) => keyOf(m.name, m.joined_on)));
      const fresh = planned.filter((row) => !now.has(keyOf(row.name, row.joined_on)));
      result.skipped += planned.length - fresh.length;
      result.created = fresh.length;
      if (fresh.length === 0) return;
      await repo.insertMany(trx, fresh);
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'members.imported', created: fresh.length, skipped: result.skipped },
        { entityType: 'member', entityId: null, organizationId: branch.id },
      );
    });
    return result;
  } finally {
    release();
  }
}
