import { addDays, shanghaiDate } from './time.ts';

/**
 * The problem lifecycle of DOMAIN.md as data: 验收一个、合格一个、销号一个.
 * Adding a status or an action breaks the build until every `satisfies`
 * table and exhaustive switch handles it.
 */
export const PROBLEM_STATUSES = ['open', 'rectifying', 'submitted', 'accepted', 'closed', 'withdrawn'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const PROBLEM_ACTIONS = ['start', 'submit', 'reject', 'accept', 'close', 'reopen', 'withdraw'] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

/** The permission each action needs, over the problem's organization (see roles.ts). */
export type ProblemPermission = 'problem.rectify' | 'problem.verify' | 'problem.close' | 'problem.withdraw';

export interface Transition {
  from: ProblemStatus;
  to: ProblemStatus;
  permission: ProblemPermission;
  /** 退回, 回头看 and 撤销 need a reason in words. */
  reasonRequired: boolean;
  /** 申请验收 needs at least one piece of evidence. */
  evidenceRequired: boolean;
}

export const PROBLEM_WORKFLOW = {
  start: { from: 'open', to: 'rectifying', permission: 'problem.rectify', reasonRequired: false, evidenceRequired: false },
  submit: { from: 'rectifying', to: 'submitted', permission: 'problem.rectify', reasonRequired: false, evidenceRequired: true },
  reject: { from: 'submitted', to: 'rectifying', permission: 'problem.verify', reasonRequired: true, evidenceRequired: false },
  accept: { from: 'submitted', to: 'accepted', permission: 'problem.verify', reasonRequired: false, evidenceRequired: false },
  close: { from: 'accepted', to: 'closed', permission: 'problem.close', reasonRequired: false, evidenceRequired: false },
  reopen: { from: 'closed', to: 'rectifying', permission: 'problem.close', reasonRequired: true, evidenceRequired: false },
  // 撤销: recorded by mistake (the 两委会 disputed it and the liaison group agreed). Only before any work started.
  withdraw: { from: 'open', to: 'withdrawn', permission: 'problem.withdraw', reasonRequired: true, evidenceRequired: false },
} as const satisfies Record<ProblemAction, Transition>;

/**
 * Who acts (DOMAIN.md: "Who acts is configurable per program; the table gives the defaults"): the roles that may
 * fire each action, kept in the program's rules (cadence rules `problems.actors`, edited on 规则设置). A district
 * admin may fire every action whatever is set. Only roles that work the ledger can be chosen: not the read-only
 * viewer, nor the finance bureau's reviewer, who does not see the ledger.
 */
export const PROBLEM_ACTOR_ROLES = ['village_secretary', 'liaison_member', 'subdistrict_officer', 'district_officer'] as const;
export type ProblemActorRole = (typeof PROBLEM_ACTOR_ROLES)[number];
export type ProblemActors = Record<ProblemAction, readonly ProblemActorRole[]>;

/** DOMAIN.md's table: the village rectifies, the liaison group verifies, the district closes; both may withdraw. */
export const DEFAULT_PROBLEM_ACTORS = {
  start: ['village_secretary'],
  submit: ['village_secretary'],
  reject: ['liaison_member'],
  accept: ['liaison_member'],
  close: ['district_officer'],
  reopen: ['district_officer'],
  withdraw: ['liaison_member', 'district_officer'],
} as const satisfies ProblemActors;

/**
 * True when one of the assignments lets its holder fire `action` over the organization at `path`: a district admin
 * over it, or a role the program lets act (`actors`) assigned over it.
 */
export function mayFireProblemAction(
  assignments: ReadonlyArray<{ role: string; organizationPath: string }>,
  action: ProblemAction,
  path: string,
  actors: ProblemActors,
): boolean {
  const roles = actors[action] as readonly string[];
  return assignments.some((a) => path.startsWith(a.organizationPath) && (a.role === 'district_admin' || roles.includes(a.role)));
}

/** The roles (not the district admin) that act on a submission: who accepts or sends back, told when one comes in. */
export const verifyingRoles = (actors: ProblemActors): ProblemActorRole[] => [...new Set([...actors.accept, ...actors.reject])];

/** The roles that rectify (start and submit): the village's side, told of a send-back, an acceptance, a closing. */
export const rectifyingRoles = (actors: ProblemActors): ProblemActorRole[] => [...new Set([...actors.start, ...actors.submit])];

/**
 * Four eyes (四眼原则, DOMAIN.md): whoever accepted a problem does not also
 * close it. `acceptedBy` is the acceptor of the current cycle (reopening
 * clears it, a new acceptance sets it), so after 回头看 the latest acceptance
 * counts. A district admin is exempt, and the program may switch the rule off
 * (cadence rules, `problems.fourEyes`). True when the rule refuses the action.
 */
export function fourEyesForbids(c: {
  action: ProblemAction;
  acceptedBy: string | null;
  actorId: string;
  actorIsDistrictAdmin: boolean;
  ruleOn: boolean;
}): boolean {
  return c.ruleOn && c.action === 'close' && !c.actorIsDistrictAdmin && c.acceptedBy !== null && c.acceptedBy === c.actorId;
}

export const PROBLEM_STATUS_LABELS = {
  open: { zh: '待整改', en: 'Open' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  submitted: { zh: '待验收', en: 'Awaiting acceptance' },
  accepted: { zh: '已验收', en: 'Accepted' },
  closed: { zh: '已销号', en: 'Closed' },
  withdrawn: { zh: '已撤销', en: 'Withdrawn' },
} as const satisfies Record<ProblemStatus, { zh: string; en: string }>;

export const PROBLEM_ACTION_LABELS = {
  start: { zh: '开始整改', en: 'Start' },
  submit: { zh: '申请验收', en: 'Submit for acceptance' },
  reject: { zh: '退回', en: 'Send back' },
  accept: { zh: '验收合格', en: 'Accept' },
  close: { zh: '销号', en: 'Close' },
  reopen: { zh: '回头看（重新整改）', en: 'Reopen' },
  withdraw: { zh: '撤销（误登记）', en: 'Withdraw' },
} as const satisfies Record<ProblemAction, { zh: string; en: string }>;

/** The actions whose `from` is the given status (before permission checks). */
export function actionsFrom(status: ProblemStatus): ProblemAction[] {
  return PROBLEM_ACTIONS.filter((a) => PROBLEM_WORKFLOW[a].from === status);
}

/** Still the village's to fix: only these can be overdue. */
export function isActionable(status: ProblemStatus): boolean {
  switch (status) {
    case 'open':
    case 'rectifying':
      return true;
    case 'submitted':
    case 'accepted':
    case 'closed':
    case 'withdrawn':
      return false;
  }
}

/** Every status but withdrawn. */
export type CountedStatus = Exclude<ProblemStatus, 'withdrawn'>;

/**
 * Counted in the ledger's figures. A withdrawn problem (撤销, recorded by
 * mistake) is left out of every count, rate and list of work; it stays in the
 * history and in the ledger under its own filter.
 */
export function isCounted(status: ProblemStatus): status is CountedStatus {
  switch (status) {
    case 'withdrawn':
      return false;
    case 'open':
    case 'rectifying':
    case 'submitted':
    case 'accepted':
    case 'closed':
      return true;
  }
}

/** The statuses that count (every one but withdrawn), for SQL `IN` lists. */
export const COUNTED_STATUSES: readonly CountedStatus[] = PROBLEM_STATUSES.filter(isCounted);

/**
 * Settled: nothing more to do for it. Closed (销号) after acceptance, or
 * withdrawn as wrongly recorded. Accepted is not settled yet: it still waits
 * for 销号 ("验收一个、合格一个、销号一个"). A village meets the standard (达标)
 * only when every problem of its round is settled.
 */
export function isSettled(status: ProblemStatus): boolean {
  switch (status) {
    case 'closed':
    case 'withdrawn':
      return true;
    case 'open':
    case 'rectifying':
    case 'submitted':
    case 'accepted':
      return false;
  }
}

/** The settled statuses, for SQL `IN` lists. */
export const SETTLED_STATUSES: readonly ProblemStatus[] = PROBLEM_STATUSES.filter(isSettled);

/** The statuses still waiting for someone (open up to accepted), for SQL `IN` lists. */
export const UNSETTLED_STATUSES: readonly ProblemStatus[] = PROBLEM_STATUSES.filter((s) => !isSettled(s));

/**
 * Overdue = still open or rectifying on a Shanghai calendar day after `dueOn`.
 * A problem submitted on time is not overdue while it waits; one sent back
 * after its deadline is (it is rectifying again).
 */
export function isOverdue(status: ProblemStatus, dueOn: string | null, now: Date): boolean {
  return dueOn !== null && isActionable(status) && shanghaiDate(now) > dueOn;
}

/** Due within `days` calendar days (today included) and not yet overdue. */
export function isDueSoon(status: ProblemStatus, dueOn: string | null, now: Date, days = 7): boolean {
  if (dueOn === null || !isActionable(status)) return false;
  const today = shanghaiDate(now);
  return dueOn >= today && dueOn <= addDays(today, days - 1);
}

/** Whole calendar days past the deadline (0 when not overdue). */
export function daysOverdue(status: ProblemStatus, dueOn: string | null, now: Date): number {
  if (!isOverdue(status, dueOn, now) || dueOn === null) return 0;
  return Math.round((Date.parse(shanghaiDate(now)) - Date.parse(dueOn)) / 86_400_000);
}

/** Accepted on a Shanghai day after the deadline counts as "late" in the statistics. */
export function isLateAcceptance(acceptedAt: Date, dueOn: string | null): boolean {
  return dueOn !== null && shanghaiDate(acceptedAt) > dueOn;
}
