import { Alert, Button } from 'antd';
import { useI18n } from '../i18n/index.ts';
import { errorMessage } from '../lib/error-message.ts';
import { staleError } from './query-state.ts';

/** Above a page whose refresh failed: what is shown was loaded before; the reason, and a retry. */
export function StaleNotice({ query }: { query: { isError: boolean; error: unknown; data: unknown; refetch: () => unknown } }) {
  const { t } = useI18n();
  const error = staleError(query);
  if (!error) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      message={t('common.staleShown')}
      description={errorMessage(error)}
      data-testid="stale-notice"
      action={
        <Button size="small" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </Button>
      }
      style={{ marginBottom: 12 }}
    />
  );
}
