import { describe, expect, it } from 'vitest';
import { AuditEventDataSchema } from '../../../domain/audit-events.ts';
import { changeEffect, type ChangeEffect, MAX_EVENTS, MAX_SUBTREES, needsWholeCount } from './figures.cache.ts';

/**
 * After a write, the live figures count again only the subtree of the event's organization when its type stays
 * inside it, nothing when the figures never read what it changed, and everything otherwise (figures.cache.ts).
 * Every audit type the app records is listed here with what it should do, so a new type is decided, not
 * defaulted: one left out fails this test. ('everything' is always safe; 'none' or 'local' wrongly given would
 * leave the figures out of date, which figures.derive.test.ts catches for the ledger's writes.)
 */
const EXPECTED: Record<ChangeEffect, readonly string[]> = {
  local: [
    'problem.created',
    'problem.transitioned',
    'problem.updated',
    'problem.progress_noted',
    'measure.created',
    'measure.updated',
    'weekly_report.saved',
    'weekly_report.submitted',
    'weekly_report.returned',
    'weekly_report.commented',
    'attainment.transitioned',
    'inspection.result_recorded',
    'inspection.status_changed',
    'review.recorded',
    'review.updated',
    'review.outcomes_recorded',
  ],
  none: [
    'evidence.uploaded',
    'evidence.publication_changed',
    'duty.signed_in',
    'duty_roster.updated',
    'article.created',
    'article.image_uploaded',
    'article.published',
    'article.unpublished',
    'article.updated',
    'fund.allocated',
    'fund.spent',
    'fund.allocation_reversed',
    'fund.spending_reversed',
    'plan.created',
    'plan.edited',
    'plan.approved',
    'session.created',
    'session.ended',
    'session.login_failed',
    'notification.read',
    'notification.report_reminded',
    'user.created',
    'user.password_changed',
    'user.password_reset',
    'user.role_granted',
    'user.role_revoked',
    'user.updated',
    'study_attendance.updated',
    'study_file.uploaded',
    'study_plan.created',
    'study_plan.updated',
    'study_session.recorded',
    'study_session.updated',
    'venue.created',
    'venue.updated',
    'venue_file.uploaded',
    'venue_project.created',
    'venue_project.milestone_recorded',
    'venue_project.transitioned',
    'venue_project.updated',
    'tour.created',
    'tour.participant_removed',
    'tour.participants_added',
    'tour.takeaway_recorded',
    'tour.updated',
    'meeting.recorded',
    'meeting.updated',
    'visit.recorded',
    'visit.updated',
    'visit_task.assigned',
    'visit_task.resolved',
    'feedback.converted',
    'feedback.published',
    'feedback.received',
    'feedback.rejected',
    'feedback.replied',
    'feedback.withdrawn',
    'circular.created',
    'circular.deleted',
    'circular.edited',
    'circular.published',
    'interview.scheduled',
    'interview.updated',
    'member.created',
    'member.updated',
    'members.imported',
    'service_hall.updated',
    'problem_counters.recounted',
  ],
  everything: [
    'organization.created',
    'organization.updated',
    'organization.moved',
    'organization.archived',
    'organization.restored',
    'liaison_group.created',
    'liaison_group.updated',
    'inspection.round_created',
    'inspection.rectification_period_set',
    'standard.draft_edited',
    'standard.version_created',
    'standard.version_published',
    'settings.updated',
    'snapshot.frozen',
    'ledger.imported',
    'system.demo_seeded',
  ],
};

describe('which writes the live figures count again', () => {
  it('decides every audit type the app records', () => {
    const recorded = AuditEventDataSchema.options.map((o) => o.shape.type.value as string);
    expect(recorded.length).toBeGreaterThan(50);
    const listed = Object.values(EXPECTED).flat();
    expect([...recorded].sort()).toEqual([...listed].sort());
    for (const [effect, types] of Object.entries(EXPECTED)) for (const type of types) expect(changeEffect(type), type).toBe(effect);
  });

  it('counts everything again for a type it does not know', () => {
    expect(changeEffect('problem.teleported')).toBe('everything');
  });

  it('tells the warmer when only a whole count answers the events since its step (needsWholeCount)', () => {
    const mark = (type: string, organizationId: string | null, seq = 1) => ({ seq, type, organizationId, at: '2026-11-26T02:00:00.000Z' });
    const roots = new Set(['root']);
    const villages = (n: number) => Array.from({ length: n }, (_, i) => mark('problem.transitioned', `village-${i}`, i));
    expect(needsWholeCount([], roots)).toBe(false);
    // A village's writes and what the figures never read: a derivation answers.
    expect(needsWholeCount([mark('problem.created', 'v1'), mark('session.login', null), mark('evidence.uploaded', 'v2')], roots)).toBe(
      false,
    );
    expect(needsWholeCount(villages(MAX_SUBTREES), roots)).toBe(false);
    // What makes deriveKept give up.
    expect(needsWholeCount(villages(MAX_SUBTREES + 1), roots)).toBe(true);
    expect(needsWholeCount([mark('problem.created', 'v1'), mark('inspection.round_created', null)], roots)).toBe(true);
    expect(needsWholeCount([mark('weekly_report.saved', null)], roots)).toBe(true);
    expect(needsWholeCount([mark('organization.updated', 'v1')], roots)).toBe(true);
    expect(needsWholeCount([mark('weekly_report.saved', 'root')], roots)).toBe(true);
    expect(
      needsWholeCount(
        Array.from({ length: MAX_EVENTS + 1 }, (_, i) => mark('session.login', null, i)),
        roots,
      ),
    ).toBe(true);
  });
});
