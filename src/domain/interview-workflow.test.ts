import { describe, expect, it } from 'vitest';
import { canInterviewTransition, INTERVIEW_WORKFLOW, interviewActionsFrom, isInterviewOpen } from './interview-workflow.ts';

describe('interview workflow', () => {
  it('goes scheduled → held → closed, or scheduled → cancelled', () => {
    expect(interviewActionsFrom('scheduled')).toEqual(['reschedule', 'record', 'cancel']);
    expect(interviewActionsFrom('held')).toEqual(['close']);
    expect(interviewActionsFrom('closed')).toEqual([]);
    expect(interviewActionsFrom('cancelled')).toEqual([]);
    expect(INTERVIEW_WORKFLOW.record.to).toBe('held');
    expect(INTERVIEW_WORKFLOW.close.to).toBe('closed');
    expect(INTERVIEW_WORKFLOW.cancel.to).toBe('cancelled');
  });

  it('cannot close before it is held, nor cancel once held', () => {
    expect(canInterviewTransition('close', 'scheduled')).toBe(false);
    expect(canInterviewTransition('cancel', 'held')).toBe(false);
    expect(canInterviewTransition('reschedule', 'held')).toBe(false);
  });

  it('requires the follow-up to close and a reason to cancel', () => {
    expect(INTERVIEW_WORKFLOW.close.requires).toEqual(['followUp']);
    expect(INTERVIEW_WORKFLOW.cancel.requires).toEqual(['reason']);
    expect(INTERVIEW_WORKFLOW.record.requires).toContain('commitmentDueOn');
  });

  it('is open until closed or cancelled', () => {
    expect(isInterviewOpen('scheduled')).toBe(true);
    expect(isInterviewOpen('held')).toBe(true);
    expect(isInterviewOpen('closed')).toBe(false);
    expect(isInterviewOpen('cancelled')).toBe(false);
  });
});
