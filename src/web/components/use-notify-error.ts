import { App } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.ts';
import { errorMessage } from './ErrorAlert.tsx';

/**
 * Shows a failed action's server message as a toast. On a conflict the
 * mutation hooks have already refetched; the toast says so.
 */
export function useNotifyError(): (error: unknown) => void {
  const { message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.isStale) {
        void message.warning({ content: `${errorMessage(error)} ${t('common.conflict')}`, duration: 6 });
        return;
      }
      void message.error({ content: errorMessage(error), duration: 5 });
    },
    [message, t],
  );
}
