import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Modal, Progress, Spin, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { LedgerImportResult, LedgerIssue } from '../../../domain/contracts/ledger.ts';
import { ApiError } from '../../api/client.ts';
import { importLedger } from '../../api/ledger.ts';
import { problemKeys } from '../../api/problems.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { withoutEnglishGloss } from '../../lib/error-message.ts';

type Phase = 'pick' | 'checking' | 'preview' | 'committing' | 'done';

function errorsOf(err: unknown): LedgerIssue[] {
  if (!(err instanceof ApiError)) return [];
  const d = err.details as { errors?: LedgerIssue[] } | undefined;
  return Array.isArray(d?.errors) ? d.errors : [];
}

/** 导入台账: upload → dry-run preview (errors by row/column) → 确认导入 (all or nothing). */
export function ImportLedgerModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>('pick');
  const [percent, setPercent] = useState(0);
  const [result, setResult] = useState<LedgerImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reset = () => {
    setFile(null);
    setPhase('pick');
    setPercent(0);
    setResult(null);
    setError(null);
  };

  const run = async (f: File, dryRun: boolean) => {
    setError(null);
    setPercent(0);
    setPhase(dryRun ? 'checking' : 'committing');
    try {
      const r = await importLedger(f, dryRun, setPercent);
      setResult(r);
      setPhase(dryRun ? 'preview' : 'done');
      if (!dryRun) {
        void queryClient.invalidateQueries({ queryKey: problemKeys.all });
        void message.success(t('ledger.importDialog.done', { n: r.newProblems }));
      }
    } catch (err) {
      setError(err);
      setPhase(dryRun ? 'pick' : 'preview');
    }
  };

  const issues = result?.errors ?? errorsOf(error);
  const busy = phase === 'checking' || phase === 'committing';
  const canCommit = phase === 'preview' && result !== null && result.errors.length === 0 && result.newProblems > 0;

  return (
    <Modal
      open={open}
      title={t('ledger.import')}
      onCancel={busy ? undefined : onClose}
      afterClose={reset}
      maskClosable={false}
      closable={!busy}
      width={760}
      destroyOnHidden
      centered
      footer={[
        <Button key="cancel" onClick={onClose} disabled={busy}>
          {phase === 'done' ? t('common.close') : t('common.cancel')}
        </Button>,
        phase === 'preview' && (
          <Button key="again" onClick={reset}>
            {t('ledger.importDialog.another')}
          </Button>
        ),
        phase !== 'done' && (
          <Button
            key="ok"
            type="primary"
            disabled={!canCommit}
            loading={phase === 'committing'}
            onClick={() => file && void run(file, false)}
            data-testid="ledger-import-ok"
          >
            {t('ledger.importDialog.commit')}
          </Button>
        ),
      ]}
    >
      {phase === 'pick' && (
        <Upload.Dragger
          accept=".xlsx"
          multiple={false}
          showUploadList={false}
          beforeUpload={(f) => {
            setFile(f);
            void run(f, true);
            return false;
          }}
          data-testid="ledger-import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('ledger.importDialog.pick')}</p>
          <p className="ant-upload-hint">{t('ledger.importDialog.hint')}</p>
        </Upload.Dragger>
      )}
      {busy && (
        <div style={{ textAlign: 'center', padding: 24 }}>
          {percent < 100 ? (
            <Progress percent={percent} />
          ) : (
            <Spin tip={t(phase === 'checking' ? 'ledger.importDialog.checking' : 'ledger.importDialog.committing')}>
              <div style={{ height: 60 }} />
            </Spin>
          )}
        </div>
      )}
      {error !== null && !busy && <ErrorAlert error={error} />}
      {result && !busy && (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 12 }} bordered>
            <Descriptions.Item label={t('ledger.importDialog.file')}>{result.fileName}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.importDialog.rows')}>{result.rows}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.importDialog.newProblems')}>{result.newProblems}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.importDialog.existing')}>{result.existing}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.importDialog.measures')}>{result.measures}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.importDialog.errors')}>{result.errors.length}</Descriptions.Item>
          </Descriptions>
          {phase === 'preview' && result.errors.length === 0 && (
            <Alert
              style={{ marginTop: 12 }}
              type={result.newProblems > 0 ? 'success' : 'info'}
              showIcon
              message={
                result.newProblems > 0 ? t('ledger.importDialog.ready', { n: result.newProblems }) : t('ledger.importDialog.nothing')
              }
            />
          )}
          {phase === 'done' && (
            <Alert style={{ marginTop: 12 }} type="success" showIcon message={t('ledger.importDialog.done', { n: result.newProblems })} />
          )}
          {/* What will not come in as the file says: read before 确认导入, not only counted. */}
          {result.ignoredColumns.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }} data-testid="ledger-import-ignored">
              {t('ledger.importDialog.ignored', { columns: result.ignoredColumns.join(lang === 'zh' ? '、' : ', ') })}
            </Typography.Paragraph>
          )}
          {result.unknownColumns.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="ledger-import-unknown">
              {t('ledger.importDialog.unknown', { columns: result.unknownColumns.join(lang === 'zh' ? '、' : ', ') })}
            </Typography.Paragraph>
          )}
          {result.warnings.length > 0 && (
            <>
              <Typography.Paragraph type="warning" style={{ marginTop: 12, marginBottom: 0 }}>
                {t('ledger.importDialog.warnings', { n: result.warnings.length })}
              </Typography.Paragraph>
              <IssueTable issues={result.warnings} testId="ledger-import-warnings" />
            </>
          )}
        </>
      )}
      {issues.length > 0 && !busy && (
        <>
          <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('ledger.importDialog.fixErrors', { n: issues.length })} />
          <IssueTable issues={issues} testId="ledger-import-errors" />
        </>
      )}
    </Modal>
  );
}

/** A file's errors or notes, by row and column. */
function IssueTable({ issues, testId }: { issues: readonly LedgerIssue[]; testId: string }) {
  const { t, lang } = useI18n();
  return (
    <Table<LedgerIssue & { key: number }>
      style={{ marginTop: 8 }}
      size="small"
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={issues.map((e, i) => ({ ...e, message: lang === 'zh' ? withoutEnglishGloss(e.message) : e.message, key: i }))}
      columns={[
        { title: t('ledger.importDialog.row'), dataIndex: 'row', width: 70 },
        { title: t('ledger.importDialog.column'), dataIndex: 'column', width: 120 },
        { title: t('ledger.importDialog.message'), dataIndex: 'message' },
      ]}
      data-testid={testId}
    />
  );
}
