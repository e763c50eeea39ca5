import { Alert, Button } from 'antd';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.ts';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return String(error);
}

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
