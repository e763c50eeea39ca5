import { Alert } from 'antd';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';

/**
 * A save's refusal under its form: a stale version as a warning saying what happens next (`staleHint`: the record was
 * refreshed, what was typed is kept), anything else as the error itself.
 */
export function SaveError({ error, stale, staleHint, testId }: { error: unknown; stale: boolean; staleHint: string; testId: string }) {
  const { t } = useI18n();
  if (!error) return null;
  if (!stale) return <ErrorAlert error={error} title={t('study.record.failed')} />;
  return <Alert type="warning" showIcon role="alert" message={errorMessage(error)} description={staleHint} data-testid={testId} />;
}
