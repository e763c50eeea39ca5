import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_BODY_MAX,
  NOTIFICATION_PARAMS,
  type NotificationMessage,
  renderMessage,
  renderNotification,
} from './notification-messages.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from './reminders.ts';

const ref = { organizationName: 'Damin', code: 'WT-261127-0001', description: 'Rules not on the wall' };

/** One message of every kind, with ASCII user content so that any full-width mark comes from a template. */
const SAMPLES: { [K in NotificationKind]: Extract<NotificationMessage, { kind: K }>['params'] } = {
  problem_due: { ...ref, dueOn: '2026-12-04', daysLeft: 3 },
  problem_overdue: { ...ref, dueOn: '2026-12-04', daysOverdue: 7, escalated: true },
  problem_submitted: ref,
  problem_rejected: { ...ref, reason: 'Photo unreadable', byName: 'Wang' },
  problem_accepted: { ...ref, opinion: 'Done', byName: 'Wang' },
  problem_closed: { ...ref, byName: 'Zhao' },
  problem_reopened: { ...ref, reason: 'Sign fell off', byName: 'Zhao' },
  report_due: { unitName: 'Damin', weekStart: '2026-11-23', dueTime: '18:00' },
  report_missing: { unitName: 'Damin', weekStart: '2026-11-23', dueWeekday: 5, dueTime: '18:00' },
  report_reminded: { unitName: 'Damin', weekStart: '2026-11-23', byName: 'Sun' },
  circular_due: { month: '2026-10', dueOn: '2026-11-10' },
  circular_overdue: { month: '2026-10', dueOn: '2026-11-10' },
  interview_scheduled: {
    organizationName: 'Damin',
    scheduledAt: '2026-12-03T01:30:00.000Z',
    location: 'Room 1',
    interviewer: 'District office',
    attendees: 'Secretary',
    notice: 'Please attend',
  },
};

const FULL_WIDTH = /[：；，。（）【】、]/;

describe('notification messages', () => {
  it.each(NOTIFICATION_KINDS)('renders %s in both languages, English without full-width punctuation', (kind) => {
    const params = SAMPLES[kind];
    expect(NOTIFICATION_PARAMS[kind].safeParse(params).success).toBe(true);
    const zh = renderNotification(kind, params, 'zh')!;
    const en = renderNotification(kind, params, 'en')!;
    for (const r of [zh, en]) {
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.body.length).toBeGreaterThan(0);
      expect(`${r.title}${r.body}`).not.toContain('undefined');
    }
    expect(`${en.title}\n${en.body}`).not.toMatch(FULL_WIDTH);
    expect(`${en.title}\n${en.body}`).not.toMatch(/[\u4e00-\u9fff]/);
    expect(zh.title).toMatch(/[\u4e00-\u9fff]/);
    expect(zh.title).toContain('：');
  });

  it('keeps the Chinese words the reminders always sent', () => {
    const r = (m: NotificationMessage) => renderMessage(m, 'zh');
    expect(r({ kind: 'problem_due', params: { ...SAMPLES.problem_due, daysLeft: 0 } }).title).toBe('整改即将到期：WT-261127-0001 今天到期');
    expect(r({ kind: 'problem_due', params: SAMPLES.problem_due })).toEqual({
      title: '整改即将到期：WT-261127-0001 还有 3 天到期',
      body: 'Damin · WT-261127-0001 Rules not on the wall（整改时限 2026-12-04）',
    });
    expect(r({ kind: 'problem_overdue', params: SAMPLES.problem_overdue }).title).toBe('整改已超期（督办）：WT-261127-0001 已超期 7 天');
    expect(r({ kind: 'problem_overdue', params: { ...SAMPLES.problem_overdue, escalated: false } }).title).toBe(
      '整改已超期：WT-261127-0001 已超期 7 天',
    );
    expect(r({ kind: 'problem_submitted', params: ref }).title).toBe('待验收：WT-261127-0001 已提交整改，请组织验收');
    expect(r({ kind: 'report_missing', params: SAMPLES.report_missing })).toEqual({
      title: '周报未按时提交：Damin',
      body: '2026年11月23日—11月29日 的周报已过截止时间（周五 18:00），请尽快补报',
    });
    expect(r({ kind: 'interview_scheduled', params: SAMPLES.interview_scheduled }).body).toBe(
      '2026-12-03 09:30，地点：Room 1，约谈人：District office，参加人员：Secretary。Please attend',
    );
  });

  it('says the English a reader expects', () => {
    const r = (m: NotificationMessage) => renderMessage(m, 'en');
    expect(r({ kind: 'problem_overdue', params: SAMPLES.problem_overdue }).title).toBe(
      'Overdue (escalated): WT-261127-0001 is 7 days overdue',
    );
    expect(r({ kind: 'problem_overdue', params: { ...SAMPLES.problem_overdue, daysOverdue: 1, escalated: false } }).title).toBe(
      'Overdue: WT-261127-0001 is 1 day overdue',
    );
    expect(r({ kind: 'problem_due', params: { ...SAMPLES.problem_due, daysLeft: 0 } }).title).toBe('Due soon: WT-261127-0001 is due today');
    expect(r({ kind: 'problem_rejected', params: SAMPLES.problem_rejected }).body).toBe(
      'Reason: Photo unreadable (Wang)\nDamin · WT-261127-0001 Rules not on the wall',
    );
    expect(r({ kind: 'report_missing', params: SAMPLES.report_missing }).body).toContain('(Friday 18:00)');
  });

  it('clips a long interview notice in both languages', () => {
    const params = { ...SAMPLES.interview_scheduled, notice: 'x'.repeat(2000) };
    for (const lang of ['zh', 'en'] as const) {
      const body = renderMessage({ kind: 'interview_scheduled', params }, lang).body;
      expect(body).toHaveLength(NOTIFICATION_BODY_MAX);
      expect(body.endsWith('…')).toBe(true);
    }
  });

  it('answers null (show the stored words) for an unknown kind, no parameters or parameters that do not fit', () => {
    expect(renderNotification('something_new', { a: 1 }, 'en')).toBeNull();
    expect(renderNotification('problem_due', null, 'en')).toBeNull();
    expect(renderNotification('problem_due', { ...ref, dueOn: '2026-12-04' }, 'en')).toBeNull();
    expect(renderNotification('toString', {}, 'en')).toBeNull();
  });
});
