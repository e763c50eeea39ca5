import { PROBLEM_WORKFLOW, type ProblemAction } from '../../../domain/problem-workflow.ts';
import type { MessageKey } from '../../i18n/index.ts';

/**
 * The steps whose text is a reason someone gave against the work, shown in orange: those the workflow asks a reason
 * of (sent back, reopened, withdrawn).
 */
export function isReasonAgainst(action: string | null): boolean {
  return action !== null && Object.hasOwn(PROBLEM_WORKFLOW, action) && PROBLEM_WORKFLOW[action as ProblemAction].reasonRequired;
}

/**
 * What a step's text is: the village's account of what it did (申请验收: "整改情况"; it read "原因" in orange, as
 * if a fault), the verifier's opinion, or a reason.
 */
export function historyTextLabel(action: string | null): MessageKey {
  if (action === 'submit') return 'ledger.timeline.account';
  if (action === 'accept') return 'ledger.timeline.opinion';
  return 'ledger.timeline.reason';
}
