import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import type { NotificationMessage } from '../../../domain/notification-messages.ts';
import type { ProblemStatus } from '../../../domain/problem-workflow.ts';
import { monthPeriod } from '../../../domain/cadence.ts';
import {
  circularKey,
  circularReminder,
  type CircularReminder,
  type EscalationLevel,
  nextReminderOn,
  type ProblemReminder,
  problemReminder,
  problemReminderKey,
  reportKey,
  reportReminder,
  type ReportReminder,
  submittedKey,
} from '../../../domain/reminders.ts';
import { addDays, shanghaiDate } from '../../../domain/time.ts';
import type { Executor } from '../../http/context.ts';
import { DeliverySkipped, type NotificationChannel } from '../../notify/channels.ts';
import { REPORTING_KINDS } from '../statistics/figures.service.ts';
import { createNotifications, type NewNotification } from './notifications.service.ts';
import * as repo from './notifications.repository.ts';
import * as circularsRepo from '../circulars/circulars.repository.ts';
import { ledgerStartedAt } from '../dashboard/dashboard.repository.ts';
import * as orgRepo from '../organizations/organizations.repository.ts';

/** Outbound tries per notification before giving up (the in-app copy stays). */
export const MAX_DELIVERY_ATTEMPTS = 5;
/** Outbound sends per run; the rest wait for the next run. */
const DELIVERY_BATCH = 500;
/**
 * Notifications taken for sending at a time (deliverPending): two statements a chunk instead of one per row; a
 * crash mid-chunk leaves at most this many marked unconfirmed.
 */
const SEND_CHUNK = 100;
/**
 * A send taken and not confirmed for this long was interrupted (the run stopped): it is given back and sent again.
 * Longer than the job's lease (5 minutes), so a run still sending is never overtaken.
 */
export const INTERRUPTED_AFTER_MS = 15 * 60_000;

/** Who is told at each escalation level: the village, then also the subdistrict, then also the district. */
/** The roles deadline reminders go to (submissions go to liaison group members). */
export const REMINDER_ROLES: readonly string[] = ['village_secretary', 'subdistrict_officer', 'district_officer'];

const LEVEL_ROLES: Record<EscalationLevel, readonly string[]> = {
  village: ['village_secretary'],
  subdistrict: ['village_secretary', 'subdistrict_officer'],
  district: ['village_secretary', 'subdistrict_officer', 'district_officer'],
};

/** Users found by organization path (a role held there, a group covering it), looked up for a path and its ancestors. */
class PathIndex {
  private readonly byPath = new Map<string, Array<{ userId: string; tag: string }>>();
  add(path: string, userId: string, tag: string): void {
    const list = this.byPath.get(path) ?? [];
    list.push({ userId, tag });
    this.byPath.set(path, list);
  }
  /** Distinct users holding one of `tags` at `path` (`/a/b/c/`) or above it (`/a/b/`, `/a/`). */
  usersAbove(path: string, tags: readonly string[]): string[] {
    const users: string[] = [];
    // The prefixes ending at each '/' after the first: selfAndAncestors without building the list (a run asks ~30,000 times).
    for (let i = path.indexOf('/', 1); i !== -1; i = path.indexOf('/', i + 1)) {
      const here = this.byPath.get(path.slice(0, i + 1));
      if (here) for (const e of here) if (tags.includes(e.tag) && !users.includes(e.userId)) users.push(e.userId);
    }
    return users;
  }
}

/** The words of a deadline reminder, as the kind's parameters. */
function problemMessage(
  reminder: ProblemReminder,
  p: { code: string; description: string; organization_name: string; due_on: string },
): NotificationMessage {
  const ref = { organizationName: p.organization_name, code: p.code, description: p.description, dueOn: p.due_on };
  if (reminder.kind === 'problem_due') return { kind: 'problem_due', params: { ...ref, daysLeft: reminder.daysLeft } };
  return { kind: 'problem_overdue', params: { ...ref, daysOverdue: reminder.daysOverdue, escalated: reminder.level !== 'village' } };
}

/** Notifications per transaction when a run has many to add (the first run over a province's backlog). */
const INSERT_CHUNK = 2_000;

/**
 * The most notifications one run adds (whole steps: a step with more recipients is added whole). The job runs
 * every minute; a day whose steps come to more (a province's first run of a day: ~31,000) is told over the next
 * runs, a few minutes, instead of holding the database for seconds in one run.
 */
export const MAX_NOTICES_PER_RUN = 3_000;

/**
 * The most problems one run examines (problems.remind_on <= today, the earliest first); the rest wait for the next
 * run. Moving a problem's remind_on on PostgreSQL rewrites the row and its 14 index entries (≈ 0.17 ms a problem
 * at province scale): 2,000 a run keep a run that also adds its 3,000 notices under a second. A province's steps
 * reached overnight (≈ 8,000) take the first four runs of a day (docs/PERFORMANCE.md, issue 14).
 */
export const MAX_EXAMINED_PER_RUN = 2_000;

/** What a run did, beside the notices it added (the job's log line, the bench). */
export interface ReminderRunStats {
  /** Problems examined (remind_on reached). */
  examined: number;
}

/**
 * Inserts the reminders due at `now`: deadlines near or passed, submissions
 * waiting for acceptance, weekly reports due or missing. Each is a step with a
 * dedupe key (src/domain/reminders.ts). A run examines only the problems worth a
 * look today (problems.remind_on <= today: a write to the status, the deadline or
 * the submission, or a step reached, since the last look; at most `maxExamined`),
 * works out each one's step now, and looks up whether its key was sent (to anyone).
 * A step goes to the holders of the roles (or the liaison group) at the moment it
 * is told; someone given the role later sees the problem in the lists and hears of
 * its next step. All the recipients of one step are written in one transaction,
 * and the insert skips a duplicate key per user, so running it twice, or in two
 * processes, or after a crash, adds nothing twice and leaves nobody out. A run
 * adds at most `maxNotices` (MAX_NOTICES_PER_RUN) in whole steps. Then, after the
 * notices are committed, each examined problem's remind_on moves: to the day of its
 * next step (nextReminderOn; null: none) when its step is told or was told before;
 * a step left over by the budget keeps it (the next run, a minute later, tells it);
 * a step nobody can hear (no holder of the role, no liaison group covering the
 * village) waits for a holder until the next day (remind_on: tomorrow), until
 * the problem changes, or until someone can hear it (wakeWaitingForHolder); while no liaison group covers anything at all, a
 * submission waits until one does (repo.AWAITING_COVERAGE).
 * The move is guarded by the row's version and remind_on as read, so a write
 * meanwhile keeps its look. Returns how many notifications were new.
 */
export async function createReminders(
  db: Executor,
  now: Date,
  rules: CadenceRules,
  options: { maxNotices?: number; maxExamined?: number; stats?: ReminderRunStats } = {},
): Promise<number> {
  const budget = options.maxNotices ?? MAX_NOTICES_PER_RUN;
  const today = shanghaiDate(now);
  const report = reportReminder(now, rules.reports);
  // Without any liaison group covering an organization nobody hears of a submission: those examined meanwhile wait
  // (AWAITING_COVERAGE) until one does.
  const covered = await repo.hasLiaisonCoverage(db);
  if (covered) await repo.wakeWaitingForCoverage(db, today);
  // The problems worth a look today (light rows from problems_remind_idx); each one's step now and its key.
  const examined = (await repo.listProblemsToExamine(db, today, options.maxExamined ?? MAX_EXAMINED_PER_RUN)).map((p) => {
    const status = p.status as ProblemStatus;
    if (status === 'submitted') return { ...p, reminder: null, key: p.submitted_at ? submittedKey(p.id, p.submitted_at) : null };
    const reminder = problemReminder({ status, dueOn: p.due_on }, today, rules.reminders);
    return { ...p, reminder, key: reminder && p.due_on ? problemReminderKey(p.id, reminder, p.due_on) : null };
  });
  if (options.stats) options.stats.examined = examined.length;
  const sent = await repo.listSentKeys(
    db,
    examined.flatMap((p) => (p.key ? [p.key] : [])),
  );
  const unsent = examined.filter((p) => p.key !== null && !sent.has(p.key));
  const submissions = unsent.filter((p) => p.status === 'submitted');
  const steps = unsent.filter((p) => p.reminder !== null);
  // The villages yet to hear of the week's report (organization mode): read when the run has budget left for them.
  const unsentUnits = () =>
    report && rules.reports.unit === 'organization'
      ? repo.listUnsentReportUnits(
          db,
          report.weekStart,
          REPORTING_KINDS,
          report.kind === 'report_due' ? 'due' : 'missing',
          report.dueAt.toISOString(),
        )
      : Promise.resolve([]);
  const byGroupMode = report !== null && rules.reports.unit !== 'organization';
  // 一月一通报: the issuing offices whose last month's circular is near its due day, or past it, and not published.
  const circular = circularReminder(now, rules.circular.dueDay);
  const issuers = circular ? await issuersToRemind(db, circular) : [];
  let units: Awaited<ReturnType<typeof unsentUnits>> | null = null;
  let created = 0;
  const told = new Map<string, string[]>();
  // A step nobody can hear: looked at again tomorrow (or when the problem changes).
  const unheard = new Set<string>();
  if (unsent.length > 0 || issuers.length > 0 || (units = await unsentUnits()).length > 0 || byGroupMode) {
    const [roles, coverage] = await Promise.all([repo.listRecipientRoles(db, REMINDER_ROLES), repo.listLiaisonCoverage(db)]);
    const byRole = new PathIndex();
    for (const r of roles) byRole.add(r.path, r.user_id, r.role);
    const byGroup = new PathIndex();
    for (const c of coverage) if (c.organization_path) byGroup.add(c.organization_path, c.user_id, 'member');

    // Who is told, before reading any words, up to the run's budget: a step nobody holds a role for waits for a
    // holder (and takes none of the budget); the steps past the budget wait for the next run.
    let left = budget;
    const tell = (id: string, users: string[]) => {
      if (users.length === 0) unheard.add(id);
      if (users.length === 0 || (left < users.length && told.size > 0)) return;
      told.set(id, users);
      left -= users.length;
    };
    const submittedAt = new Map(submissions.map((p) => [p.id, p.submitted_at]));
    for (const p of submissions) if (left > 0) tell(p.id, byGroup.usersAbove(p.org_path, ['member']));
    for (const p of steps) {
      if (left <= 0) break;
      const level = p.reminder!.kind === 'problem_due' ? 'village' : p.reminder!.level;
      tell(p.id, byRole.usersAbove(p.org_path, LEVEL_ROLES[level]));
    }

    const groups: NewNotification[][] = [];
    for (const p of await repo.listNoticeDetails(db, [...told.keys()])) {
      const users = told.get(p.id)!;
      const link = `/ledger/${p.id}`;
      if (p.status === 'submitted') {
        const at = submittedAt.get(p.id);
        if (!at) continue;
        const params = { organizationName: p.organization_name, code: p.code, description: p.description };
        const dedupeKey = submittedKey(p.id, at);
        groups.push(
          users.map((userId) => ({
            userId,
            kind: 'problem_submitted' as const,
            params,
            dedupeKey,
            link,
            organizationId: p.organization_id,
          })),
        );
        continue;
      }
      // The problem as it is now (a step read a moment ago may have moved with a transition meanwhile).
      const reminder = problemReminder({ status: p.status as ProblemStatus, dueOn: p.due_on }, today, rules.reminders);
      if (!reminder || !p.due_on) continue;
      const message = problemMessage(reminder, { ...p, due_on: p.due_on });
      const dedupeKey = problemReminderKey(p.id, reminder, p.due_on);
      // Its step's audience (the level may have moved with it).
      const audience = byRole.usersAbove(p.org_path, LEVEL_ROLES[reminder.kind === 'problem_due' ? 'village' : reminder.level]);
      groups.push(audience.map((userId) => ({ userId, ...message, dedupeKey, link, organizationId: p.organization_id })));
    }
    // The district officers of each issuing organization: a handful, told outside the run's budget.
    for (const issuer of issuers) {
      const users = byRole.usersAbove(issuer.path, ['district_officer']);
      const message: NotificationMessage = { kind: circular!.kind, params: { month: circular!.month, dueOn: circular!.dueOn } };
      groups.push(
        users.map((userId) => ({
          userId,
          ...message,
          dedupeKey: circularKey(issuer.id, circular!.month, circular!.kind),
          link: '/circulars',
          organizationId: issuer.id,
        })),
      );
    }
    if (report && left > 0)
      groups.push(...(await reportReminders(db, report, rules, units ?? (await unsentUnits()), byRole, coverage, left)));
    created = await insertInChunks(db, groups, now);
  }

  // After the notices are committed: each examined problem's next look (a crash before this only means a second look).
  const tomorrow = addDays(today, 1);
  const moves = examined.flatMap((p) => {
    const settled = p.key === null || sent.has(p.key) || told.has(p.id);
    const next = settled
      ? p.status === 'submitted'
        ? null
        : nextReminderOn({ status: p.status as ProblemStatus, dueOn: p.due_on }, today, rules.reminders)
      : unheard.has(p.id)
        ? p.status === 'submitted' && !covered
          ? repo.AWAITING_COVERAGE
          : tomorrow
        : undefined; // left over by the budget: the next run tells it
    return next === undefined ? [] : [{ id: p.id, version: p.version, remindOn: p.remind_on!, next }];
  });
  await repo.moveRemindOn(db, moves);
  return created;
}

/**
 * Someone can now hear reminders in these subtrees (given a role that hears them, enabled again, or seated in a
 * liaison group or given its villages): a step nobody could hear there waited for the next day, and is looked at by
 * the next run instead, so the new holder hears of it within a minute. In the caller's transaction.
 */
export async function wakeWaitingForHolder(db: Executor, paths: readonly string[], now: Date): Promise<number> {
  const today = shanghaiDate(now);
  return repo.wakeWaitingIn(db, [...new Set(paths)], today, addDays(today, 1));
}

/**
 * The reminder steps changed (a rules change): every problem that may have a reminder to tell is examined again
 * from today, in the caller's transaction, so that new or moved thresholds are told (the dedupe keys keep those
 * already told from being told twice).
 */
export async function remindAgainFrom(db: Executor, now: Date): Promise<number> {
  return repo.remindAllFrom(db, shanghaiDate(now));
}

const byUser = (a: NewNotification, b: NewNotification) =>
  a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : a.dedupeKey < b.dedupeKey ? -1 : a.dedupeKey > b.dedupeKey ? 1 : 0;

/**
 * Inserts the groups (each: one step's recipients) in transactions of about INSERT_CHUNK rows, never splitting a
 * group. In recipient order (groups by their first recipient): the per-user indexes then take the rows in key
 * order, page after page, instead of at random all over a table of hundreds of thousands of rows.
 */
async function insertInChunks(db: Executor, unordered: readonly NewNotification[][], now: Date): Promise<number> {
  // A step nobody holds a role for makes an empty group: nothing to insert (and no first recipient to order by).
  const groups = unordered
    .filter((g) => g.length > 0)
    .map((g) => [...g].sort(byUser))
    .sort((x, y) => byUser(x[0]!, y[0]!));
  let created = 0;
  let chunk: NewNotification[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const items = chunk;
    chunk = [];
    created += db.isTransaction
      ? await createNotifications(db, items, now)
      : await db.transaction().execute((trx) => createNotifications(trx, items, now));
  };
  for (const g of groups) {
    if (chunk.length + g.length > INSERT_CHUNK) await flush();
    chunk.push(...g);
  }
  await flush();
  return created;
}

/**
 * The roots (each issues its own circular) whose circular of `reminder.month` is not published and who were not yet
 * told of this step. Not before the program began: a month that ended before the ledger's first entry owes none, as
 * 跟踪督查到位 counts it (dashboard.service twoInPlace).
 */
async function issuersToRemind(db: Executor, reminder: CircularReminder): Promise<Array<{ id: string; path: string }>> {
  const roots = await orgRepo.listRoots(db);
  const sent = await repo.listSentKeys(
    db,
    roots.map((r) => circularKey(r.id, reminder.month, reminder.kind)),
  );
  const waiting = roots.filter((r) => !sent.has(circularKey(r.id, reminder.month, reminder.kind)));
  if (waiting.length === 0) return [];
  const started = await ledgerStartedAt(db);
  if (started === null || monthPeriod(reminder.month).to.toISOString() <= started) return [];
  const out: Array<{ id: string; path: string }> = [];
  for (const r of waiting) if ((await circularsRepo.findOfMonth(db, r.id, reminder.month))?.status !== 'published') out.push(r);
  return out;
}

async function reportReminders(
  db: Executor,
  reminder: ReportReminder,
  rules: CadenceRules,
  unsentUnits: ReadonlyArray<{ id: string; name: string; path: string }>,
  byRole: PathIndex,
  coverage: Awaited<ReturnType<typeof repo.listLiaisonCoverage>>,
  budget: number,
): Promise<NewNotification[][]> {
  const keyOf = (unitId: string) => reportKey(reminder.weekStart, unitId, reminder.kind);
  const units: Array<{ id: string; name: string; organizationId: string | null; users: string[] }> = [];
  if (rules.reports.unit === 'organization') {
    // Villages that have not filed and were not told yet (listUnsentReportUnits).
    for (const o of unsentUnits) {
      const users = byRole.usersAbove(o.path, ['village_secretary']);
      if (users.length) units.push({ id: o.id, name: o.name, organizationId: o.id, users });
    }
  } else {
    // Liaison groups file in this mode: a handful, looked at in memory.
    const filed = await repo.listFiledUnits(db, reminder.weekStart, rules.reports.unit);
    const groups = new Map<string, { name: string; users: Set<string> }>();
    for (const c of coverage) {
      const g = groups.get(c.group_id) ?? { name: c.group_name, users: new Set<string>() };
      g.users.add(c.user_id);
      groups.set(c.group_id, g);
    }
    const candidates = [...groups].filter(([id]) => !filed.has(id));
    const sent = await repo.listSentKeys(
      db,
      candidates.map(([id]) => keyOf(id)),
    );
    for (const [id, g] of candidates) if (!sent.has(keyOf(id))) units.push({ id, name: g.name, organizationId: null, users: [...g.users] });
  }
  const out: NewNotification[][] = [];
  let left = budget;
  for (const unit of units) {
    // Whole units within the run's budget; the rest are told by the next runs.
    if (left <= 0) break;
    if (left < unit.users.length && out.length > 0) continue;
    left -= unit.users.length;
    const base = { unitName: unit.name, weekStart: reminder.weekStart, dueTime: rules.reports.dueTime };
    const message: NotificationMessage =
      reminder.kind === 'report_due'
        ? { kind: 'report_due', params: base }
        : { kind: 'report_missing', params: { ...base, dueWeekday: rules.reports.dueWeekday } };
    out.push(
      unit.users.map((userId) => ({
        userId,
        ...message,
        dedupeKey: keyOf(unit.id),
        link: `/weekly-reports?week=${reminder.weekStart}`,
        organizationId: unit.organizationId,
      })),
    );
  }
  return out;
}

export interface DeliveryResult {
  delivered: number;
  failed: number;
  skipped: number;
}

/**
 * Sends undelivered, unread notifications through the channel, oldest first, DELIVERY_BATCH a run, taking them
 * SEND_CHUNK at a time: one statement takes a chunk (marks it delivered with a mark saying the send is not confirmed
 * yet), the chunk is sent row by row, one statement confirms the sent rows and one per distinct error gives the
 * failed ones back (the attempt count and the error, retried on later runs up to MAX_DELIVERY_ATTEMPTS; a recipient
 * the channel can never reach, DeliverySkipped, is not retried). A row is taken once, so no notification is sent
 * twice, not even by two runs at once (a lease that ran out under a run still sending). A run that stops mid-chunk
 * (a crash) leaves that chunk's unconfirmed rows delivered with the mark (repo.SENDING_MARK): after
 * INTERRUPTED_AFTER_MS a later run gives them back and sends them again (at least once: one that had gone out before
 * the stop goes out twice); the chunks it had not taken wait for the next run. A notification read in the app before it went out is
 * not sent any more.
 */
export async function deliverPending(
  db: Executor,
  channel: NotificationChannel,
  now: Date,
  publicUrl: string | null,
): Promise<DeliveryResult> {
  const result: DeliveryResult = { delivered: 0, failed: 0, skipped: 0 };
  const at = now.toISOString();
  await repo.reclaimInterrupted(db, new Date(now.getTime() - INTERRUPTED_AFTER_MS).toISOString());
  const pending = await repo.listUndelivered(db, MAX_DELIVERY_ATTEMPTS, DELIVERY_BATCH);
  for (let i = 0; i < pending.length; i += SEND_CHUNK) {
    const chunk = pending.slice(i, i + SEND_CHUNK);
    const taken = await repo.takeForDelivery(
      db,
      chunk.map((n) => n.id),
      at,
    );
    const sent: string[] = [];
    /** Failed sends by what to record: `${giveUp ? 1 : 0} ${message}`. */
    const failed = new Map<string, { giveUp: boolean; error: string; ids: string[] }>();
    for (const n of chunk) {
      if (!taken.has(n.id)) continue;
      try {
        await channel.send({
          to: { userId: n.user_id, displayName: n.display_name, phone: n.phone, email: n.email },
          title: n.title,
          body: n.body,
          link: n.link ? `${publicUrl ?? ''}${n.link}` : null,
        });
        sent.push(n.id);
      } catch (err) {
        const giveUp = err instanceof DeliverySkipped;
        const error = (err as Error).message;
        const key = `${giveUp ? 1 : 0} ${error}`;
        const f = failed.get(key) ?? { giveUp, error, ids: [] };
        f.ids.push(n.id);
        failed.set(key, f);
        if (giveUp) result.skipped++;
        else result.failed++;
      }
    }
    await repo.confirmDelivered(db, sent, at);
    result.delivered += sent.length;
    for (const f of failed.values())
      await repo.markDeliveryFailed(db, f.ids, at, f.error, { giveUp: f.giveUp, maxAttempts: MAX_DELIVERY_ATTEMPTS });
  }
  return result;
}
