import { Alert, Button } from 'antd';
import { useI18n } from '../i18n/index.ts';
import { errorMessage } from '../lib/error-message.ts';

// Kept here too for the many callers; the login page takes it from lib/ so that it needs no antd.
export { errorMessage };

/** An inline, readable error; with `onRetry` it offers to try again. */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={title ?? errorMessage(error)}
      description={title ? errorMessage(error) : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
