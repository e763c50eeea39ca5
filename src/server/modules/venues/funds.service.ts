import type {
  CreateAllocationBody,
  CreateSpendingBody,
  FundProjectRow,
  FundSummary,
  ReverseFundEntryBody,
  VenueProjectDetail,
} from '../../../domain/contracts/venues.ts';
import { MAX_PROJECT_TOTAL_YUAN } from '../../../domain/contracts/venues.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { chineseDate, shanghaiDate } from '../../../domain/time.ts';
import {
  isFunded,
  VENUE_PROJECT_STATUS_LABELS,
  type VenueProjectKind,
  type VenueProjectStatus,
} from '../../../domain/venue-project-workflow.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, forbidden, notFound, refuseAfterToday } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { writeFundWorkbook } from './funds-workbook.ts';
import * as repo from './funds.repository.ts';
import { getProject } from './venue-projects.service.ts';
import * as projectsRepo from './venue-projects.repository.ts';
import { canManageFund, canReadVenues, refuseArchivedVenue } from './venues.policy.ts';
import { fen, yuan } from './venues.presenter.ts';

const PROJECT = '活动场所整改项目';

/** Loads a project the actor may keep the fund of, with an approved plan. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION. */
async function loadFunded(ctx: AuthedContext, trx: Executor, id: string): Promise<projectsRepo.VenueProjectRow> {
  const p = await projectsRepo.findById(trx, id);
  if (!p || !canReadVenues(ctx.actor, p.org_path)) throw notFound(PROJECT);
  if (!canManageFund(ctx.actor, p.org_path)) throw forbidden('只有财政局可以下达和登记专项经费 (only the finance bureau keeps the fund)');
  refuseArchivedVenue(p);
  const status = p.status as VenueProjectStatus;
  if (!isFunded(status))
    throw new AppError(
      'INVALID_TRANSITION',
      `项目${VENUE_PROJECT_STATUS_LABELS[status].zh}，方案评审通过后才能下达和使用专项经费 (funds follow an approved plan)`,
    );
  return p;
}

/** A project's allocations or spends would add up to more than MAX_PROJECT_TOTAL_YUAN. */
function overTotal(what: '下达' | '支出', amount: number, totalFen: number): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `本项目已${what} ${yuan(totalFen)} 元，再${what} ${amount} 元将超过单个项目合计上限 ${MAX_PROJECT_TOTAL_YUAN} 元 (a project's total may not exceed ${MAX_PROJECT_TOTAL_YUAN} yuan)`,
    { fields: [{ in: 'body', path: 'amount', message: 'over the project total' }] },
  );
}

/** A day money moved may not be after today. */
const refuseFutureDay = (ctx: AuthedContext, day: string, path: string) =>
  refuseAfterToday(ctx.now, day, path, '日期不能晚于今天 (the day cannot be after today)');

/**
 * Allocates special-fund money to a project, within its approved budget: beyond it only with `overBudget` and its
 * reason (kept in the allocation's note, audited); checked and written in one statement, so two at once cannot both
 * pass. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (plan not approved), VALIDATION_FAILED (over the budget
 * without the reason, a day after today).
 */
export async function allocate(ctx: AuthedContext, projectId: string, body: CreateAllocationBody): Promise<VenueProjectDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadFunded(ctx, trx, projectId);
    refuseFutureDay(ctx, body.allocatedOn, 'allocatedOn');
    const overBudget = body.overBudget?.reason ?? null;
    const row = {
      id: newId(),
      project_id: p.id,
      organization_id: p.organization_id,
      org_path: p.org_path,
      amount: fen(body.amount),
      allocated_on: body.allocatedOn,
      document_no: body.documentNo,
      note: [body.note, overBudget ? `超预算下达：${overBudget}` : ''].filter(Boolean).join('；') || null,
      created_by: ctx.actor.userId,
      created_at: ctx.now.toISOString(),
    };
    const limit = overBudget ? fen(MAX_PROJECT_TOTAL_YUAN) : Math.min(Number(p.budget), fen(MAX_PROJECT_TOTAL_YUAN));
    if (!(await projectsRepo.addAllocated(trx, p.id, row.amount, limit))) {
      const now = (await projectsRepo.findById(trx, p.id))!;
      if (Number(now.allocated) + row.amount > fen(MAX_PROJECT_TOTAL_YUAN)) throw overTotal('下达', body.amount, Number(now.allocated));
      throw new AppError(
        'VALIDATION_FAILED',
        `下达后累计 ${yuan(Number(now.allocated) + row.amount)} 元，超过批复预算 ${yuan(Number(now.budget))} 元；确需超出预算下达请勾选“超出预算”并说明原因 (over the approved budget: an explicit reason is needed)`,
        {
          fields: [{ in: 'body', path: 'amount', message: 'over the approved budget' }],
          overBudget: { amount: body.amount, allocated: yuan(Number(now.allocated)), budget: yuan(Number(now.budget)) },
        },
      );
    }
    await repo.insertAllocation(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'fund.allocated',
        after: {
          organizationName: p.organization_name,
          amount: body.amount,
          allocatedOn: row.allocated_on,
          documentNo: row.document_no,
          note: row.note,
          ...(overBudget ? { overBudgetReason: overBudget } : {}),
        },
      },
      { entityType: 'fund', entityId: row.id, organizationId: p.organization_id },
    );
  });
  return getProject(ctx, projectId);
}

/**
 * Records a spend. It must fit the project's balance (allocated − spent), checked and written in one
 * statement; going over needs `override` with its reason, which the audit event keeps.
 * Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (plan not approved), VALIDATION_FAILED (over the balance without override).
 */
export async function spend(ctx: AuthedContext, projectId: string, body: CreateSpendingBody): Promise<VenueProjectDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadFunded(ctx, trx, projectId);
    refuseFutureDay(ctx, body.spentOn, 'spentOn');
    const amount = fen(body.amount);
    const override = body.override !== undefined;
    if (!(await projectsRepo.addSpent(trx, p.id, amount, override, fen(MAX_PROJECT_TOTAL_YUAN)))) {
      const now = (await projectsRepo.findById(trx, p.id))!;
      if (Number(now.spent) + amount > fen(MAX_PROJECT_TOTAL_YUAN)) throw overTotal('支出', body.amount, Number(now.spent));
      const balance = yuan(Number(now.allocated) - Number(now.spent));
      throw new AppError(
        'VALIDATION_FAILED',
        `支出 ${body.amount} 元超过项目结余 ${balance} 元；确需超支请勾选“超支”并说明原因 (over the balance: an explicit override with a reason is needed)`,
        { fields: [{ in: 'body', path: 'amount', message: 'over the balance' }], overspend: { amount: body.amount, balance } },
      );
    }
    const row = {
      id: newId(),
      project_id: p.id,
      organization_id: p.organization_id,
      org_path: p.org_path,
      amount,
      spent_on: body.spentOn,
      payee: body.payee,
      purpose: body.purpose,
      voucher_no: body.voucherNo,
      override_reason: body.override?.reason ?? null,
      created_by: ctx.actor.userId,
      created_at: ctx.now.toISOString(),
    };
    await repo.insertSpending(trx, row);
    const after = (await projectsRepo.findById(trx, p.id))!;
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'fund.spent',
        after: {
          organizationName: p.organization_name,
          amount: body.amount,
          spentOn: row.spent_on,
          payee: row.payee,
          purpose: row.purpose,
          voucherNo: row.voucher_no,
          balanceAfter: yuan(Number(after.allocated) - Number(after.spent)),
        },
        overrideReason: row.override_reason,
      },
      { entityType: 'fund', entityId: row.id, organizationId: p.organization_id },
    );
  });
  return getProject(ctx, projectId);
}

/**
 * The entry of `projectId` to reverse (冲销): not itself a reversal, not reversed already, and the reversal's day
 * neither before it nor after today. Throws NOT_FOUND, INVALID_TRANSITION, CONFLICT, VALIDATION_FAILED.
 */
async function loadReversible<T extends { id: string; project_id: string; reverses_id: string | null }>(
  ctx: AuthedContext,
  trx: Executor,
  table: 'fund_allocations' | 'fund_spendings',
  entry: T | undefined,
  projectId: string,
  what: '下达' | '支出',
  dayOf: (entry: T) => string,
  body: ReverseFundEntryBody,
): Promise<T> {
  if (!entry || entry.project_id !== projectId) throw notFound(what);
  if (entry.reverses_id)
    throw new AppError(
      'INVALID_TRANSITION',
      `这是一笔冲销记录，不能再冲销；如需更正请重新登记 (a reversal is not reversed; enter the entry anew)`,
    );
  if (await repo.findReversalOf(trx, table, entry.id))
    throw new AppError('CONFLICT', `这笔${what}已经冲销，不能重复冲销；请刷新后查看 (already reversed)`);
  refuseFutureDay(ctx, body.reversedOn, 'reversedOn');
  const day = dayOf(entry);
  if (body.reversedOn < day)
    throw new AppError('VALIDATION_FAILED', `冲销日期不能早于原${what}日期 ${chineseDate(day)} (a reversal cannot precede its entry)`, {
      fields: [{ in: 'body', path: 'reversedOn', message: 'before the entry it reverses' }],
    });
  return entry;
}

/**
 * 冲销 of an allocation entered wrongly: a new entry of the opposite amount, naming it and why; the allocation stays
 * as it was and counts no more. Only while what stays allocated covers what was spent (checked and written in one
 * statement): allocate the right amount first, then reverse the wrong one. One reversal at most (a second is 409).
 * Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (a reversal, plan not approved), CONFLICT (reversed already),
 * VALIDATION_FAILED (it would leave the project overspent, a day before the entry or after today).
 */
export async function reverseAllocation(
  ctx: AuthedContext,
  projectId: string,
  allocationId: string,
  body: ReverseFundEntryBody,
): Promise<VenueProjectDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadFunded(ctx, trx, projectId);
    const a = await loadReversible(
      ctx,
      trx,
      'fund_allocations',
      await repo.findAllocation(trx, allocationId),
      p.id,
      '下达',
      (e) => e.allocated_on,
      body,
    );
    if (!(await projectsRepo.subtractAllocated(trx, p.id, Number(a.amount)))) {
      const now = (await projectsRepo.findById(trx, p.id))!;
      throw new AppError(
        'VALIDATION_FAILED',
        `冲销后已下达 ${yuan(Number(now.allocated) - Number(a.amount))} 元，少于已支出 ${yuan(Number(now.spent))} 元；请先下达正确金额，再冲销这一笔 (the project would be overspent: allocate the right amount first)`,
        { fields: [{ in: 'body', path: 'reversedOn', message: 'would leave the project overspent' }] },
      );
    }
    const row = {
      id: newId(),
      project_id: p.id,
      organization_id: p.organization_id,
      org_path: p.org_path,
      amount: -Number(a.amount),
      allocated_on: body.reversedOn,
      document_no: body.reference ?? a.document_no,
      note: null,
      created_by: ctx.actor.userId,
      created_at: ctx.now.toISOString(),
      reverses_id: a.id,
      reversal_reason: body.reason,
    };
    await repo.insertAllocation(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'fund.allocation_reversed',
        after: {
          organizationName: p.organization_name,
          amount: yuan(row.amount),
          reversedOn: row.allocated_on,
          documentNo: row.document_no,
          reverses: { id: a.id, amount: yuan(a.amount), allocatedOn: a.allocated_on, documentNo: a.document_no },
        },
        reason: body.reason,
      },
      { entityType: 'fund', entityId: row.id, organizationId: p.organization_id },
    );
  });
  return getProject(ctx, projectId);
}

/**
 * 冲销 of a spend entered wrongly: a new entry of the opposite amount, naming it and why; the spend and its vouchers
 * stay as they were, and the amount returns to the balance. One reversal at most (a second is 409).
 * Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION (a reversal, plan not approved), CONFLICT (reversed already),
 * VALIDATION_FAILED (a day before the spend or after today).
 */
export async function reverseSpending(
  ctx: AuthedContext,
  projectId: string,
  spendingId: string,
  body: ReverseFundEntryBody,
): Promise<VenueProjectDetail> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadFunded(ctx, trx, projectId);
    const s = await loadReversible(
      ctx,
      trx,
      'fund_spendings',
      await repo.findSpending(trx, spendingId),
      p.id,
      '支出',
      (e) => e.spent_on,
      body,
    );
    await projectsRepo.subtractSpent(trx, p.id, Number(s.amount));
    const row = {
      id: newId(),
      project_id: p.id,
      organization_id: p.organization_id,
      org_path: p.org_path,
      amount: -Number(s.amount),
      spent_on: body.reversedOn,
      payee: s.payee,
      purpose: s.purpose,
      voucher_no: body.reference ?? s.voucher_no,
      override_reason: null,
      created_by: ctx.actor.userId,
      created_at: ctx.now.toISOString(),
      reverses_id: s.id,
      reversal_reason: body.reason,
    };
    await repo.insertSpending(trx, row);
    const after = (await projectsRepo.findById(trx, p.id))!;
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'fund.spending_reversed',
        after: {
          organizationName: p.organization_name,
          amount: yuan(row.amount),
          reversedOn: row.spent_on,
          voucherNo: row.voucher_no,
          reverses: { id: s.id, amount: yuan(s.amount), spentOn: s.spent_on, payee: s.payee, voucherNo: s.voucher_no },
          balanceAfter: yuan(Number(after.allocated) - Number(after.spent)),
        },
        reason: body.reason,
      },
      { entityType: 'fund', entityId: row.id, organizationId: p.organization_id },
    );
  });
  return getProject(ctx, projectId);
}

/** A project whose plan the finance bureau approved (评审通过), and every step after it. */
const APPROVED_STATUSES: ReadonlySet<string> = new Set<VenueProjectStatus>(['approved', 'in_works', 'completed', 'accepted']);
const isApproved = (status: string) => APPROVED_STATUSES.has(status);

/** Projects in the reader's scope with their fund figures, by subdistrict and village. */
async function fundRows(ctx: AuthedContext): Promise<{ rows: FundProjectRow[]; projects: projectsRepo.VenueProjectRow[] }> {
  const roots = scopeRoots(ctx.actor.assignments, 'venue.read');
  if (roots.length === 0) throw forbidden('您没有查看专项经费的权限');
  const projects = (await projectsRepo.listAll(ctx.db.kysely))
    .filter((p) => roots.some((r) => p.org_path.startsWith(r)))
    .sort(
      (a, b) =>
        (a.parent_name ?? '').localeCompare(b.parent_name ?? '', 'zh-CN') ||
        a.organization_name.localeCompare(b.organization_name, 'zh-CN') ||
        a.created_at.localeCompare(b.created_at),
    );
  return {
    projects,
    rows: projects.map((p) => ({
      projectId: p.id,
      organizationName: p.organization_name,
      subdistrictName: p.parent_name,
      venueName: p.venue_name,
      kind: p.kind as VenueProjectKind,
      status: p.status as VenueProjectStatus,
      // 批复预算: only what the finance bureau approved (a plan in drafting or review counted 685,000 元 too much).
      budget: isApproved(p.status) ? yuan(p.budget) : 0,
      approved: isApproved(p.status),
      requestedBudget: yuan(p.budget),
      allocated: yuan(p.allocated),
      spent: yuan(p.spent),
      balance: yuan(Number(p.allocated) - Number(p.spent)),
      overspent: Number(p.spent) > Number(p.allocated),
    })),
  };
}

const sum = (rows: readonly FundProjectRow[]) => {
  const t = rows.reduce(
    (a, r) => ({ budget: a.budget + fen(r.budget), allocated: a.allocated + fen(r.allocated), spent: a.spent + fen(r.spent) }),
    { budget: 0, allocated: 0, spent: 0 },
  );
  return { budget: yuan(t.budget), allocated: yuan(t.allocated), spent: yuan(t.spent), balance: yuan(t.allocated - t.spent) };
};

/** The fund: totals, per subdistrict and per project, in the reader's scope. Throws FORBIDDEN (no venue.read). */
export async function getFundSummary(ctx: AuthedContext): Promise<FundSummary> {
  const { rows } = await fundRows(ctx);
  const bySub = new Map<string, FundProjectRow[]>();
  for (const r of rows) bySub.set(r.subdistrictName ?? '—', [...(bySub.get(r.subdistrictName ?? '—') ?? []), r]);
  return {
    totals: sum(rows),
    bySubdistrict: [...bySub].map(([subdistrictName, list]) => ({ subdistrictName, projects: list.length, ...sum(list) })),
    projects: rows,
    canManage: scopeRoots(ctx.actor.assignments, 'fund.manage').length > 0,
  };
}

/** The fund as an .xlsx in the layout a finance office files. Throws FORBIDDEN (not the fund's keeper). */
export async function exportFund(ctx: AuthedContext): Promise<{ fileName: string; asciiFileName: string; bytes: Buffer }> {
  if (scopeRoots(ctx.actor.assignments, 'fund.manage').length === 0 && scopeRoots(ctx.actor.assignments, 'venue.manage').length === 0)
    throw forbidden('只有财政局和区级干部可以导出专项经费明细');
  const { rows, projects } = await fundRows(ctx);
  const ledger = await repo.listLedger(
    ctx.db.kysely,
    projects.map((p) => p.id),
  );
  const byId = new Map(projects.map((p) => [p.id, p]));
  const day = shanghaiDate(ctx.now);
  // 冲销 in the finance office's words: a reversal names the entry it reverses and why; a reversed entry says so.
  const money = (f: number) => yuan(f).toLocaleString('zh-CN', { minimumFractionDigits: 2 });
  const allocationById = new Map(ledger.allocations.map((a) => [a.id, a]));
  const spendingById = new Map(ledger.spendings.map((s) => [s.id, s]));
  const reversedAllocations = new Set(ledger.allocations.flatMap((a) => (a.reverses_id ? [a.reverses_id] : [])));
  const reversedSpendings = new Set(ledger.spendings.flatMap((s) => (s.reverses_id ? [s.reverses_id] : [])));
  const allocationNote = (a: (typeof ledger.allocations)[number]) => {
    const of = a.reverses_id ? allocationById.get(a.reverses_id) : undefined;
    if (of) return `冲销${chineseDate(of.allocated_on)}${of.document_no}下达的${money(of.amount)}元：${a.reversal_reason ?? ''}`;
    return [a.note, reversedAllocations.has(a.id) ? '已冲销' : ''].filter(Boolean).join('；') || null;
  };
  const spendingNote = (s: (typeof ledger.spendings)[number]) => {
    const of = s.reverses_id ? spendingById.get(s.reverses_id) : undefined;
    if (of) return `冲销${chineseDate(of.spent_on)}凭证${of.voucher_no}的支出${money(of.amount)}元：${s.reversal_reason ?? ''}`;
    return (
      [s.override_reason ? `超支：${s.override_reason}` : '', reversedSpendings.has(s.id) ? '已冲销' : ''].filter(Boolean).join('；') ||
      null
    );
  };
  const bytes = await writeFundWorkbook({
    asAt: day,
    createdAt: ctx.now,
    projects: rows,
    allocations: ledger.allocations.map((a) => ({
      subdistrictName: byId.get(a.project_id)?.parent_name ?? '',
      organizationName: byId.get(a.project_id)?.organization_name ?? '',
      date: a.allocated_on,
      documentNo: a.document_no,
      amount: yuan(a.amount),
      note: allocationNote(a),
    })),
    spendings: ledger.spendings.map((s) => ({
      subdistrictName: byId.get(s.project_id)?.parent_name ?? '',
      organizationName: byId.get(s.project_id)?.organization_name ?? '',
      date: s.spent_on,
      payee: s.payee,
      purpose: s.purpose,
      voucherNo: s.voucher_no,
      amount: yuan(s.amount),
      note: spendingNote(s),
    })),
  });
  return { fileName: `村级活动场所建设专项经费使用情况-${day}.xlsx`, asciiFileName: `venue-fund-${day}.xlsx`, bytes };
}
