import { Alert, Input, Modal, Typography } from 'antd';
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
  problem: { id: string; code: string; version: number };
  action: ProblemAction;
  onClose: () => void;
  onDone: (action: ProblemAction) => void;
}) {
  const { t, pick } = useI18n();
  const transition = useTransitionProblem();
  const [reason, setReason] = useState('');
  const confirmDiscard = useConfirmDiscard('transition');
  const [touched, setTouched] = useState(false);
  const mode = reasonMode(action);
  const missing = mode === 'required' && reason.trim() === '';
  const danger = action === 'reject' || action === 'close' || action === 'reopen';
  const error = transition.error;

  const ok = async () => {
    setTouched(true);
    if (missing) return;
    try {
      await transition.mutateAsync({
        id: problem.id,
        body: { action, version: problem.version, reason: reason.trim() || undefined },
      });
      onDone(action);
      onClose();
    } catch {
      // Shown in the modal; on a conflict the problem was refetched.
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
      okButtonProps={{ danger, 'data-testid': 'transition-ok' }}
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
          description={error instanceof ApiError && error.isConflict ? t('common.conflict') : undefined}
          style={{ marginBottom: 12 }}
          data-testid="transition-error"
        />
      ) : null}
      <Typography.Paragraph>{t(HINTS[action])}</Typography.Paragraph>
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
