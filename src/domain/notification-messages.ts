// zod/mini: its objects never probe for `eval` (classic zod's fast path does, which the browser's CSP reports),
// and the web renders notifications with these schemas.
import * as z from 'zod/mini';
import { chineseMonth, chineseMonthDay, weekLabel } from './cadence.ts';
import type { NotificationKind } from './reminders.ts';
import { SHANGHAI_OFFSET_MS } from './time.ts';

/**
 * Notifications are stored as a kind and its parameters, and put into words
 * when read, in the reader's language. The Chinese words are also stored
 * (title, body) for the outbound channels and for rows older than the
 * parameters. Each kind has one schema of parameters and one template per
 * language; English uses ASCII punctuation, Chinese full-width.
 */

export type MessageLang = 'zh' | 'en';

const problemRef = {
  organizationName: z.string(),
  code: z.string(),
  description: z.string(),
};
/** Who did it (a display name); null when unknown. */
const byName = z.nullable(z.string());
const count = (min: number) => z.int().check(z.minimum(min));

export const NOTIFICATION_PARAMS = {
  /** A deadline is near: `daysLeft` 0 = due today. */
  problem_due: z.object({ ...problemRef, dueOn: z.string(), daysLeft: count(0) }),
  /** A deadline has passed; `escalated` once the subdistrict or district is told too (督办). */
  problem_overdue: z.object({ ...problemRef, dueOn: z.string(), daysOverdue: count(1), escalated: z.boolean() }),
  /** Submitted for acceptance (to the verifiers). */
  problem_submitted: z.object(problemRef),
  /** Sent back by a verifier, with the reason (to the village). */
  problem_rejected: z.object({ ...problemRef, reason: z.string(), byName }),
  /** Passed acceptance, with the opinion if any (to the village). */
  problem_accepted: z.object({ ...problemRef, opinion: z.nullable(z.string()), byName }),
  /** Closed by the district (to the village). */
  problem_closed: z.object({ ...problemRef, byName }),
  /** Reopened after closing (回头看), with the reason (to the village). */
  problem_reopened: z.object({ ...problemRef, reason: z.string(), byName }),
  /** This week's report is due today at `dueTime`. */
  report_due: z.object({ unitName: z.string(), weekStart: z.string(), dueTime: z.string() }),
  /** This week's report is past its due time (weekday 1–7 and HH:MM). */
  report_missing: z.object({
    unitName: z.string(),
    weekStart: z.string(),
    dueWeekday: z.int().check(z.minimum(1), z.maximum(7)),
    dueTime: z.string(),
  }),
  /** 催报: a reviewer (the subdistrict, the district, the liaison group) reminded the unit of its past-due report. */
  report_reminded: z.object({ unitName: z.string(), weekStart: z.string(), byName }),
  /** 一月一通报: last month's circular is due by `dueOn` (Shanghai) and not published yet. */
  circular_due: z.object({ month: z.string(), dueOn: z.string() }),
  /** 一月一通报: last month's circular was due by `dueOn` and is still not published. */
  circular_overdue: z.object({ month: z.string(), dueOn: z.string() }),
  /** An interview (约谈) was scheduled or moved; `scheduledAt` is ISO-8601 UTC. */
  interview_scheduled: z.object({
    organizationName: z.string(),
    scheduledAt: z.string(),
    location: z.string(),
    interviewer: z.string(),
    attendees: z.string(),
    notice: z.string(),
  }),
} as const satisfies Record<NotificationKind, z.ZodMiniType>;

export type NotificationParams<K extends NotificationKind> = z.infer<(typeof NOTIFICATION_PARAMS)[K]>;

/** A kind with its parameters, checked together. */
export type NotificationMessage = { [K in NotificationKind]: { kind: K; params: NotificationParams<K> } }[NotificationKind];

export interface RenderedNotification {
  title: string;
  body: string;
}

/** The longest body a notification shows (an interview notice may be long; the page holds the rest). */
export const NOTIFICATION_BODY_MAX = 500;

const WEEKDAYS: Record<MessageLang, readonly string[]> = {
  zh: ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** "2026-12-03 09:30", Shanghai time. */
function shanghaiMinute(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

function clip(text: string): string {
  return text.length > NOTIFICATION_BODY_MAX ? `${text.slice(0, NOTIFICATION_BODY_MAX - 1)}…` : text;
}

type Templates = { [K in NotificationKind]: (p: NotificationParams<K>) => RenderedNotification };

const about = (p: { organizationName: string; code: string; description: string }) => `${p.organizationName} · ${p.code} ${p.description}`;

const ZH: Templates = {
  problem_due: (p) => ({
    title: `整改即将到期：${p.code} ${p.daysLeft === 0 ? '今天到期' : `还有 ${p.daysLeft} 天到期`}`,
    body: `${about(p)}（整改时限 ${p.dueOn}）`,
  }),
  problem_overdue: (p) => ({
    title: `整改已超期${p.escalated ? '（督办）' : ''}：${p.code} 已超期 ${p.daysOverdue} 天`,
    body: `${about(p)}（整改时限 ${p.dueOn}）`,
  }),
  problem_submitted: (p) => ({ title: `待验收：${p.code} 已提交整改，请组织验收`, body: about(p) }),
  problem_rejected: (p) => ({
    title: `已退回：${p.code} 验收未通过，请重新整改`,
    body: `退回原因：${p.reason}${p.byName ? `（${p.byName}）` : ''}\n${about(p)}`,
  }),
  problem_accepted: (p) => ({
    title: `验收合格：${p.code} 已通过验收`,
    body: `${p.opinion ? `验收意见：${p.opinion}${p.byName ? `（${p.byName}）` : ''}\n` : ''}${about(p)}`,
  }),
  problem_closed: (p) => ({ title: `已销号：${p.code}`, body: `${about(p)}${p.byName ? `（销号：${p.byName}）` : ''}` }),
  problem_reopened: (p) => ({
    title: `回头看：${p.code} 需重新整改`,
    body: `原因：${p.reason}${p.byName ? `（${p.byName}）` : ''}\n${about(p)}`,
  }),
  report_due: (p) => ({
    title: `周报提醒：${p.unitName} 本周周报请于今天 ${p.dueTime} 前提交`,
    body: `${weekLabel(p.weekStart, 'zh')} 的周报尚未提交`,
  }),
  report_missing: (p) => ({
    title: `周报未按时提交：${p.unitName}`,
    body: `${weekLabel(p.weekStart, 'zh')} 的周报已过截止时间（${WEEKDAYS.zh[p.dueWeekday]} ${p.dueTime}），请尽快补报`,
  }),
  report_reminded: (p) => ({
    title: `催报：${p.unitName} ${weekLabel(p.weekStart, 'zh')} 的周报尚未提交`,
    body: `${p.byName ? `${p.byName}提醒：` : ''}请尽快填报并提交${weekLabel(p.weekStart, 'zh')}的周报`,
  }),
  circular_due: (p) => ({
    title: `月度通报待印发：${chineseMonth(p.month)}`,
    body: `按规则应于${chineseMonthDay(p.dueOn)}前印发（跟踪督查到位），请生成通报草稿、核对后印发`,
  }),
  circular_overdue: (p) => ({
    title: `月度通报逾期未印发：${chineseMonth(p.month)}`,
    body: `应于${chineseMonthDay(p.dueOn)}前印发，现已逾期，计入跟踪督查到位；请尽快生成并印发`,
  }),
  interview_scheduled: (p) => ({
    title: `约谈通知：${p.organizationName}`,
    body: clip(`${shanghaiMinute(p.scheduledAt)}，地点：${p.location}，约谈人：${p.interviewer}，参加人员：${p.attendees}。${p.notice}`),
  }),
};

const EN: Templates = {
  problem_due: (p) => ({
    title: `Due soon: ${p.code} ${p.daysLeft === 0 ? 'is due today' : `is due in ${days(p.daysLeft)}`}`,
    body: `${about(p)} (deadline ${p.dueOn})`,
  }),
  problem_overdue: (p) => ({
    title: `Overdue${p.escalated ? ' (escalated)' : ''}: ${p.code} is ${days(p.daysOverdue)} overdue`,
    body: `${about(p)} (deadline ${p.dueOn})`,
  }),
  problem_submitted: (p) => ({ title: `Awaiting acceptance: ${p.code} was submitted, please verify it`, body: about(p) }),
  problem_rejected: (p) => ({
    title: `Sent back: ${p.code} did not pass acceptance, please rectify it again`,
    body: `Reason: ${p.reason}${p.byName ? ` (${p.byName})` : ''}\n${about(p)}`,
  }),
  problem_accepted: (p) => ({
    title: `Accepted: ${p.code} passed acceptance`,
    body: `${p.opinion ? `Opinion: ${p.opinion}${p.byName ? ` (${p.byName})` : ''}\n` : ''}${about(p)}`,
  }),
  problem_closed: (p) => ({ title: `Closed: ${p.code}`, body: `${about(p)}${p.byName ? ` (closed by ${p.byName})` : ''}` }),
  problem_reopened: (p) => ({
    title: `Reopened: ${p.code} needs rectifying again`,
    body: `Reason: ${p.reason}${p.byName ? ` (${p.byName})` : ''}\n${about(p)}`,
  }),
  report_due: (p) => ({
    title: `Weekly report: ${p.unitName}, please file this week's report by ${p.dueTime} today`,
    body: `The report for ${weekLabel(p.weekStart, 'en')} has not been filed yet`,
  }),
  report_missing: (p) => ({
    title: `Weekly report missing: ${p.unitName}`,
    body: `The report for ${weekLabel(p.weekStart, 'en')} is past its deadline (${WEEKDAYS.en[p.dueWeekday]} ${p.dueTime}); please file it as soon as possible`,
  }),
  report_reminded: (p) => ({
    title: `Reminder: ${p.unitName} has not filed the report for ${weekLabel(p.weekStart, 'en')}`,
    body: `${p.byName ? `${p.byName} asks: ` : ''}please fill in and file the report for ${weekLabel(p.weekStart, 'en')} as soon as possible`,
  }),
  circular_due: (p) => ({
    title: `Monthly circular due: ${p.month}`,
    body: `It is due by ${p.dueOn} (tracking in place): generate the draft, check it and publish it`,
  }),
  circular_overdue: (p) => ({
    title: `Monthly circular overdue: ${p.month}`,
    body: `It was due by ${p.dueOn} and counts against tracking in place; please generate and publish it as soon as possible`,
  }),
  interview_scheduled: (p) => ({
    title: `Interview notice: ${p.organizationName}`,
    body: clip(
      `${shanghaiMinute(p.scheduledAt)}, place: ${p.location}, interviewer: ${p.interviewer}, attendees: ${p.attendees}. ${p.notice}`,
    ),
  }),
};

const TEMPLATES: Record<MessageLang, Templates> = { zh: ZH, en: EN };

/** Puts a checked message into words (the server stores the Chinese; the web renders the reader's language). */
export function renderMessage(message: NotificationMessage, lang: MessageLang): RenderedNotification {
  const template = TEMPLATES[lang][message.kind] as (p: NotificationMessage['params']) => RenderedNotification;
  return template(message.params);
}

const isKind = (kind: string): kind is NotificationKind => Object.hasOwn(NOTIFICATION_PARAMS, kind);

/**
 * Puts a stored notification into words in `lang`; null when the kind is
 * unknown or the parameters do not fit its schema (an old row without
 * parameters, or one from a newer version): show the stored title and body then.
 */
export function renderNotification(kind: string, params: unknown, lang: MessageLang): RenderedNotification | null {
  if (!isKind(kind) || params === null || params === undefined) return null;
  const parsed = NOTIFICATION_PARAMS[kind].safeParse(params);
  if (!parsed.success) return null;
  return renderMessage({ kind, params: parsed.data } as NotificationMessage, lang);
}
