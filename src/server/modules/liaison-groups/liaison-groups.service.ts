import type {
  CreateLiaisonGroupBody,
  LiaisonGroup,
  LiaisonGroupList,
  LiaisonSeat,
  MemberCandidateList,
  UpdateLiaisonGroupBody,
} from '../../../domain/contracts/liaison-groups.ts';
import { LIAISON_SEAT_BARS, ROLE_LABELS, rolesBarringLiaisonSeat } from '../../../domain/roles.ts';
import type { OrganizationRow } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, archivedOrganization, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as organizations from '../organizations/organizations.repository.ts';
import { loadReadable } from '../organizations/organizations.service.ts';
import * as users from '../users/users.repository.ts';
import { allowedGroupActions, canManageGroup, canManageLiaisonGroups, canSeeGroup } from './liaison-groups.policy.ts';
import { groupSnapshot, presentGroup } from './liaison-groups.presenter.ts';
import * as repo from './liaison-groups.repository.ts';
import type { GroupVillage, LiaisonGroupRow, MemberWithUser } from './liaison-groups.repository.ts';
import { wakeWaitingForHolder } from '../notifications/reminders.service.ts';

const GROUP = '包联组';
const VILLAGE_KINDS = new Set(['village', 'community']);

interface Loaded {
  group: LiaisonGroupRow;
  members: MemberWithUser[];
  villages: GroupVillage[];
}

const target = (id: string) => ({ entityType: 'liaison_group' as const, entityId: id, organizationId: null });

function policyView(l: Loaded) {
  return { archived_at: l.group.archived_at, memberUserIds: l.members.map((m) => m.user_id), villagePaths: l.villages.map((v) => v.path) };
}

function present(ctx: AuthedContext, l: Loaded): LiaisonGroup {
  return presentGroup(l.group, l.members, l.villages, allowedGroupActions(ctx.actor, policyView(l)));
}

function snapshotOf(l: Loaded) {
  return groupSnapshot(
    l.group,
    l.members,
    l.villages.map((v) => v.id),
  );
}

async function loadMany(db: Executor, groups: LiaisonGroupRow[]): Promise<Loaded[]> {
  const ids = groups.map((g) => g.id);
  const [members, villages] = await Promise.all([repo.listMembers(db, ids), repo.listVillages(db, ids)]);
  return groups.map((group) => ({
    group,
    members: members.filter((m) => m.group_id === group.id),
    villages: villages.filter((v) => v.group_id === group.id),
  }));
}

async function load(db: Executor, id: string): Promise<Loaded | undefined> {
  const group = await repo.findGroup(db, id);
  return group ? (await loadMany(db, [group]))[0] : undefined;
}

/** Loads a group the actor may see. Throws NOT_FOUND otherwise (existence is not revealed). */
async function loadVisible(ctx: AuthedContext, db: Executor, id: string): Promise<Loaded> {
  const loaded = await load(db, id);
  if (!loaded || !canSeeGroup(ctx.actor, policyView(loaded))) throw notFound(GROUP);
  return loaded;
}

function assertCanManage(ctx: AuthedContext): void {
  if (!canManageLiaisonGroups(ctx.actor)) throw forbidden('包联组由区级统一设置，只有区级管理员或区党群工作部干部可以修改');
}

/** Loads a visible group for a change: NOT_FOUND, then FORBIDDEN, then CONFLICT on a stale version. */
async function loadForChange(ctx: AuthedContext, trx: Executor, id: string, version: number): Promise<Loaded> {
  const loaded = await loadVisible(ctx, trx, id);
  assertCanManage(ctx);
  if (!canManageGroup(ctx.actor, policyView(loaded)))
    throw forbidden('该包联组的村不在您管理的区内 (the group belongs to another district)');
  if (loaded.group.version !== version) throw conflict(GROUP);
  return loaded;
}

/**
 * Each seat's user must exist, be enabled and hold no role that keeps them out
 * of a seat (LIAISON_SEAT_BARS: no read-only viewer, village secretary or
 * district admin). Throws VALIDATION_FAILED naming the seat.
 */
async function assertSeatable(trx: Executor, members: CreateLiaisonGroupBody['members']): Promise<void> {
  // Granting a role or disabling an account writes the user's row first: with the rows locked (in id order, so two
  // seatings take turns rather than deadlock), neither can slip in between these checks and the seating's commit.
  for (const id of [...new Set(members.map((m) => m.userId))].sort()) await users.lockRow(trx, id);
  const held = await users.listAssignments(
    trx,
    members.map((m) => m.userId),
  );
  for (const [i, m] of members.entries()) {
    const user = await users.findById(trx, m.userId);
    if (!user || user.disabled_at) {
      throw new AppError('VALIDATION_FAILED', user ? `“${user.display_name}”的账号已停用，不能担任包联组成员` : '所选成员的账号不存在', {
        fields: [{ in: 'body', path: `members.${i}.userId`, message: user ? 'account disabled' : 'no such user' }],
      });
    }
    const [role] = rolesBarringLiaisonSeat(held.filter((a) => a.user_id === m.userId).map((a) => a.role));
    if (role) {
      const why = LIAISON_SEAT_BARS[role]!;
      throw new AppError(
        'VALIDATION_FAILED',
        `“${user.display_name}”持有“${ROLE_LABELS[role].zh}”角色，不能担任包联组成员（${why.zh}）。` +
          `包联组席位请选择区、街道干部，或没有其他角色的部门包联账号 ` +
          `(an account holding the ${ROLE_LABELS[role].en} role may not take a liaison seat: ${why.en})`,
        { fields: [{ in: 'body', path: `members.${i}.userId`, message: `holds the ${ROLE_LABELS[role].en} role` }] },
      );
    }
  }
}

/**
 * Checks the villages a group is to cover: visible to the actor, of kind
 * village or community, not archived, and not covered by another active group.
 * Takes each village's row lock first (in id order), so two groups cannot
 * claim one village at the same time.
 * Throws NOT_FOUND, VALIDATION_FAILED, CONFLICT (naming the other group).
 */
async function assertAssignable(
  ctx: AuthedContext,
  trx: Executor,
  villageIds: readonly string[],
  groupId: string | null,
): Promise<OrganizationRow[]> {
  const orgs: OrganizationRow[] = [];
  for (const id of villageIds) {
    const org = await loadReadable(ctx, trx, id);
    if (!VILLAGE_KINDS.has(org.kind)) {
      throw new AppError('VALIDATION_FAILED', `“${org.name}”不是村或社区，不能作为包联对象`, {
        fields: [{ in: 'body', path: 'villageIds', message: 'must be a village or community' }],
      });
    }
    orgs.push(org);
  }
  for (const org of [...orgs].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!(await organizations.lockIfActive(trx, org.id))) {
      throw archivedOrganization(org.name, '作为包联对象', {
        fields: [{ in: 'body', path: 'villageIds', message: 'organization archived' }],
      });
    }
  }
  const taken = await repo.findActiveCoverage(trx, villageIds, groupId);
  if (taken.length > 0) {
    const names = taken.map((t) => `${t.organization_name}已由“${t.group_name}”包联`).join('；');
    throw new AppError('CONFLICT', `${names}。一个村（社区）只能属于一个包联组，请先从原包联组中移出`, {
      conflicts: taken.map((t) => ({
        organizationId: t.organization_id,
        organizationName: t.organization_name,
        groupId: t.group_id,
        groupName: t.group_name,
      })),
    });
  }
  return orgs;
}

/** Groups the actor may see; managers also get archived ones on request. */
export async function listGroups(ctx: AuthedContext, query: { includeArchived?: boolean }): Promise<LiaisonGroupList> {
  const db = ctx.db.kysely;
  const all = await loadMany(db, await repo.listGroups(db, query.includeArchived ?? false));
  return {
    items: all.filter((l) => canSeeGroup(ctx.actor, policyView(l))).map((l) => present(ctx, l)),
    allowedActions: canManageLiaisonGroups(ctx.actor) ? ['create'] : [],
  };
}

/** Throws NOT_FOUND when absent or not visible to the actor. */
export async function getGroup(ctx: AuthedContext, id: string): Promise<LiaisonGroup> {
  return present(ctx, await loadVisible(ctx, ctx.db.kysely, id));
}

/** Accounts for the seat pickers. Throws FORBIDDEN without district-wide liaison.manage. */
export async function listMemberCandidates(ctx: AuthedContext, query: { q?: string; limit: number }): Promise<MemberCandidateList> {
  assertCanManage(ctx);
  const db = ctx.db.kysely;
  const rows = await repo.searchCandidates(db, ctx.db.kind, query.q || undefined, query.limit);
  const groups = await repo.activeGroupNamesOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      groups: groups.filter((g) => g.user_id === r.id).map((g) => g.name),
    })),
  };
}

/** Sets up a group with its three members and villages. Throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, CONFLICT. */
export async function createGroup(ctx: AuthedContext, body: CreateLiaisonGroupBody): Promise<LiaisonGroup> {
  assertCanManage(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await assertSeatable(trx, body.members);
    await assertAssignable(ctx, trx, body.villageIds, null);
    const id = newId();
    const now = ctx.now.toISOString();
    await repo.insertGroup(trx, {
      id,
      name: body.name,
      department_name: body.departmentName,
      archived_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await repo.insertMembers(
      trx,
      body.members.map((m) => ({ id: newId(), group_id: id, user_id: m.userId, seat: m.seat, created_at: now })),
    );
    await repo.insertVillages(
      trx,
      body.villageIds.map((organizationId) => ({ id: newId(), group_id: id, organization_id: organizationId, created_at: now })),
    );
    const after = (await load(trx, id))!;
    await wakeCovered(trx, after, ctx.now);
    await recordAuditEvent(trx, ctx, { type: 'liaison_group.created', after: snapshotOf(after) }, target(id));
    return present(ctx, after);
  });
}

/**
 * Renames a group, changes its department, replaces its seats or its villages.
 * Throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED, INVALID_TRANSITION (archived), CONFLICT (stale, or a village taken).
 */
export async function updateGroup(ctx: AuthedContext, id: string, body: UpdateLiaisonGroupBody): Promise<LiaisonGroup> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadForChange(ctx, trx, id, body.version);
    if (before.group.archived_at) throw new AppError('INVALID_TRANSITION', '该包联组已归档，不能修改；如需继续使用请先恢复');
    const now = ctx.now.toISOString();
    const changes = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.departmentName !== undefined ? { department_name: body.departmentName } : {}),
    };
    // The conditional write comes first: it serializes concurrent edits of this group.
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, now))) throw conflict(GROUP);

    if (body.members) {
      await assertSeatable(trx, body.members);
      const current = new Map(before.members.map((m) => [m.seat, m.user_id]));
      const changed = body.members.filter((m) => current.get(m.seat) !== m.userId);
      await repo.deleteMembers(
        trx,
        id,
        changed.map((m) => m.seat),
      );
      await repo.insertMembers(
        trx,
        changed.map((m) => ({ id: newId(), group_id: id, user_id: m.userId, seat: m.seat satisfies LiaisonSeat, created_at: now })),
      );
    }

    if (body.villageIds) {
      const current = new Set(before.villages.map((v) => v.id));
      const wanted = new Set(body.villageIds);
      const added = body.villageIds.filter((v) => !current.has(v));
      await assertAssignable(ctx, trx, added, id);
      await repo.deleteVillages(
        trx,
        id,
        [...current].filter((v) => !wanted.has(v)),
      );
      await repo.insertVillages(
        trx,
        added.map((organizationId) => ({ id: newId(), group_id: id, organization_id: organizationId, created_at: now })),
      );
    }

    const after = (await load(trx, id))!;
    if (body.members || body.villageIds) await wakeCovered(trx, after, ctx.now);
    await recordAuditEvent(trx, ctx, { type: 'liaison_group.updated', before: snapshotOf(before), after: snapshotOf(after) }, target(id));
    return present(ctx, after);
  });
}

/** Submissions in the group's villages that nobody could hear of are told to its members on the next run. */
async function wakeCovered(trx: Executor, group: Loaded, now: Date): Promise<void> {
  if (group.group.archived_at || group.members.length === 0) return;
  await wakeWaitingForHolder(
    trx,
    group.villages.map((v) => v.path),
    now,
  );
}

/**
 * Archives a group: its members lose the liaison role on its villages, which
 * become free for another group. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION, CONFLICT.
 */
export async function archiveGroup(ctx: AuthedContext, id: string, version: number): Promise<LiaisonGroup> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadForChange(ctx, trx, id, version);
    if (before.group.archived_at) throw new AppError('INVALID_TRANSITION', '该包联组已归档');
    if (!(await repo.updateIfVersion(trx, id, version, { archived_at: ctx.now.toISOString() }, ctx.now.toISOString())))
      throw conflict(GROUP);
    const after = (await load(trx, id))!;
    await recordAuditEvent(trx, ctx, { type: 'liaison_group.updated', before: snapshotOf(before), after: snapshotOf(after) }, target(id));
    return present(ctx, after);
  });
}

/**
 * Brings an archived group back, if none of its villages has meanwhile gone
 * to another active group. Throws NOT_FOUND, FORBIDDEN, INVALID_TRANSITION, CONFLICT.
 */
export async function restoreGroup(ctx: AuthedContext, id: string, version: number): Promise<LiaisonGroup> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadForChange(ctx, trx, id, version);
    if (!before.group.archived_at) throw new AppError('INVALID_TRANSITION', '该包联组未归档，无需恢复');
    // Its members may have been given a barring role (or been disabled) while it was archived: the seats are
    // checked again, as on creating or editing a group, so nobody both rectifies and verifies.
    await assertSeatable(
      trx,
      before.members.map((m) => ({ seat: m.seat as CreateLiaisonGroupBody['members'][number]['seat'], userId: m.user_id })),
    ).catch((err: unknown) => {
      if (!(err instanceof AppError)) throw err;
      throw new AppError('INVALID_TRANSITION', `不能恢复该包联组：${err.message}。请先更换该成员再恢复`, err.details);
    });
    if (!(await repo.updateIfVersion(trx, id, version, { archived_at: null }, ctx.now.toISOString()))) throw conflict(GROUP);
    await assertAssignable(
      ctx,
      trx,
      before.villages.map((v) => v.id),
      id,
    );
    const after = (await load(trx, id))!;
    await wakeCovered(trx, after, ctx.now);
    await recordAuditEvent(trx, ctx, { type: 'liaison_group.updated', before: snapshotOf(before), after: snapshotOf(after) }, target(id));
    return present(ctx, after);
  });
}
