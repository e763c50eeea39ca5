import { Alert, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { WeeklyReportDetail } from '../../../domain/contracts/weekly-reports.ts';
import { ApiError } from '../../api/client.ts';
import { useReturnWeeklyReport } from '../../api/weekly-reports.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useConfirmDiscard } from '../../components/use-confirm-discard.ts';
import { useI18n } from '../../i18n/index.ts';
import { testId } from '../../lib/test-id.ts';

const REASON_MAX = 2000;

/** 退回: asks for the reason (required) and sends the report back. */
export function ReturnModal({ report, onClose, onDone }: { report: WeeklyReportDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const send = useReturnWeeklyReport();
  const [reason, setReason] = useState('');
  const confirmDiscard = useConfirmDiscard('report-return');
  const [touched, setTouched] = useState(false);
  const missing = reason.trim() === '';

  const ok = async () => {
    setTouched(true);
    if (missing) return;
    try {
      await send.mutateAsync({ id: report.id, version: report.version, reason: reason.trim() });
      onDone();
      onClose();
    } catch {
      // Shown in the modal; on a conflict the report was refetched.
    }
  };

  return (
    <Modal
      open
      title={`${t('reports.return.title')} · ${report.unit.name}`}
      okText={t('reports.return')}
      cancelText={t('common.cancel')}
      onOk={() => void ok()}
      onCancel={() => confirmDiscard(reason.trim() !== '', onClose)}
      confirmLoading={send.isPending}
      okButtonProps={{ danger: true, ...testId('report-return-ok') }}
      maskClosable={false}
      destroyOnHidden
      centered
    >
      {send.error ? (
        <Alert
          type={send.error instanceof ApiError && send.error.isConflict ? 'warning' : 'error'}
          showIcon
          role="alert"
          message={errorMessage(send.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Typography.Text strong>{t('reports.return.reason')}</Typography.Text>
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('reports.return.reasonPlaceholder')}
        autoSize={{ minRows: 3, maxRows: 8 }}
        maxLength={REASON_MAX}
        status={touched && missing ? 'error' : undefined}
        aria-label={t('reports.return.reason')}
        data-testid="report-return-reason"
        style={{ marginTop: 8 }}
      />
      {touched && missing ? <Typography.Text type="danger">{t('reports.return.reasonRequired')}</Typography.Text> : null}
    </Modal>
  );
}
