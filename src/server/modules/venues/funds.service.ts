import type {
  CreateAllocationBody,
  CreateSpendingBody,
  FundProjectRow,
  FundSummary,
  VenueProjectDetail,
} from '../../../domain/contracts/venues.ts';
import { MAX_PROJECT_TOTAL_YUAN } from '../../../domain/contracts/venues.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { shanghaiDate } from '../../../domain/time.ts';
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
      note: a.note,
    })),
    spendings: ledger.spendings.map((s) => ({
      subdistrictName: byId.get(s.project_id)?.parent_name ?? '',
      organizationName: byId.get(s.project_id)?.organization_name ?? '',
      date: s.spent_on,
      payee: s.payee,
      purpose: s.purpose,
      voucherNo: s.voucher_no,
      amount: yuan(s.amount),
      overrideReason: s.override_reason,
    })),
  });
  return { fileName: `村级活动场所建设专项经费使用情况-${day}.xlsx`, asciiFileName: `venue-fund-${day}.xlsx`, bytes };
}
