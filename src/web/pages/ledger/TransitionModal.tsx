import { Alert, Checkbox, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { PROBLEM_ACTION_LABELS, PROBLEM_WORKFLOW, type ProblemAction } from '../../../domain/problem-workflow.ts';
import { ApiError } from '../../api/client.ts';
import { useTransitionProblem } from '../../api/problems.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useConfirmDiscard } from '../../components/use-confirm-discard.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';

const HINTS: Record<ProblemAction, MessageKey> = {
  start: 'ledger.transition.hint.start',
  submit: 'ledger.transition.hint.submit',
  reject: 'ledger.transition.hint.reject',
  accept: 'ledger.transition.hint.accept',
  close: 'ledger.transition.hint.close',
  reopen: 'ledger.transition.hint.reopen',
  withdraw: 'ledger.transition.hint.withdraw',
};

/** Which actions ask for words: required for 退回 / 回头看, an optional opinion for 验收合格. */
function reasonMode(action: ProblemAction): 'required' | 'optional' | 'none' {
  if (PROBLEM_WORKFLOW[action].reasonRequired) return 'required';
  return action === 'accept' ? 'optional' : 'none';
}

/** Confirms a workflow step; asks for the reason or opinion where the step takes one. */
export function TransitionModal({
  problem,
  action,
  onClose,
  onDone,
}: {
  problem: { id: string; code: string; version: number; measures?: ReadonlyArray<{ id: string; description: string; progress: number }> };
  action: ProblemAction;
  onClose: () => void;
  onDone: (action: ProblemAction) => void;
}) {
  const { t, pick } = useI18n();
  const transition = useTransitionProblem();
  const [reason, setReason] = useState('');
  const confirmDiscard = useConfirmDiscard('transition');
  const [touched, setTouched] = useState(false);
  // The step is taken on the problem as the dialog opened on it (its version, its unfinished measures): a tap again
  // after an answer lost on a weak link sends the very same step, which the server answers with the first answer
  // (Idempotency-Key: stepKey), while the page behind has already been read again. After a refusal because someone
  // else changed the problem, the dialog follows the latest.
  const current = (p: typeof problem) => ({
    version: p.version,
    unfinished: (action === 'close' || action === 'submit' ? (p.measures ?? []) : []).filter((m) => m.progress < 100),
  });
  const [opened] = useState(() => current(problem));
  const [followLatest, setFollowLatest] = useState(false);
  const { version, unfinished } = followLatest ? current(problem) : opened;
  // 销号 settles the measures too: unfinished ones are completed on the closer's word (checked by default, and
  // required); on 申请验收 the village may say they are all done.
  const [completeMeasures, setCompleteMeasures] = useState(action === 'close');
  const blockedByMeasures = action === 'close' && unfinished.length > 0 && !completeMeasures;
  const mode = reasonMode(action);
  const missing = mode === 'required' && reason.trim() === '';
  const danger = action === 'reject' || action === 'close' || action === 'reopen' || action === 'withdraw';
  const error = transition.error;

  const ok = async () => {
    setTouched(true);
    if (missing || blockedByMeasures) return;
    try {
      await transition.mutateAsync({
        id: problem.id,
        body: {
          action,
          version,
          reason: reason.trim() || undefined,
          completeMeasures: unfinished.length > 0 && completeMeasures ? true : undefined,
        },
      });
      onDone(action);
      onClose();
    } catch (err) {
      // Shown in the modal; on a conflict the problem was refetched, and the next tap is on the latest.
      if (err instanceof ApiError && err.isStale) setFollowLatest(true);
    }
  };

  return (
    <Modal
      open
      title={`${pick(PROBLEM_ACTION_LABELS[action])} · ${problem.code}`}
      okText={pick(PROBLEM_ACTION_LABELS[action])}
      cancelText={t('common.cancel')}
      onOk={() => void ok()}
      onCancel={() => confirmDiscard(reason.trim() !== '', onClose)}
      confirmLoading={transition.isPending}
      okButtonProps={{ danger, disabled: blockedByMeasures, 'data-testid': 'transition-ok' }}
      cancelButtonProps={{ 'data-testid': 'transition-cancel' }}
      maskClosable={false}
      destroyOnHidden
      centered
    >
      {error ? (
        <Alert
          type={error instanceof ApiError && error.isConflict ? 'warning' : 'error'}
          showIcon
          role="alert"
          message={errorMessage(error)}
          description={error instanceof ApiError && error.isStale ? t('common.conflict') : undefined}
          style={{ marginBottom: 12 }}
          data-testid="transition-error"
        />
      ) : null}
      <Typography.Paragraph>{t(HINTS[action])}</Typography.Paragraph>
      {unfinished.length > 0 && (
        <div style={{ marginBottom: 12 }} data-testid="transition-measures">
          <Typography.Text type="secondary">{t('ledger.transition.unfinished', { n: unfinished.length })}</Typography.Text>
          <ul style={{ margin: '4px 0 8px', paddingInlineStart: 20 }}>
            {unfinished.map((m) => (
              <li key={m.id}>
                {m.description}（{m.progress}%）
              </li>
            ))}
          </ul>
          <Checkbox
            checked={completeMeasures}
            onChange={(e) => setCompleteMeasures(e.target.checked)}
            data-testid="transition-complete-measures"
            style={{ minHeight: 40, alignItems: 'center' }}
          >
            {t(action === 'close' ? 'ledger.transition.completeOnClose' : 'ledger.transition.completeOnSubmit')}
          </Checkbox>
          {blockedByMeasures && (
            <div>
              <Typography.Text type="danger">{t('ledger.transition.completeRequired')}</Typography.Text>
            </div>
          )}
        </div>
      )}
      {mode !== 'none' && (
        <>
          <Input.TextArea
            rows={4}
            value={reason}
            maxLength={1000}
            showCount
            autoFocus
            status={touched && missing ? 'error' : undefined}
            placeholder={t(mode === 'required' ? 'ledger.transition.reasonRequired' : 'ledger.transition.opinionPlaceholder')}
            onChange={(e) => setReason(e.target.value)}
            data-testid="transition-reason"
          />
          {touched && missing && <Typography.Text type="danger">{t('ledger.transition.reasonRequired')}</Typography.Text>}
        </>
      )}
    </Modal>
  );
}
