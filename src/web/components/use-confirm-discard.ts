import { App } from 'antd';
import { useI18n } from '../i18n/index.ts';

/**
 * Closing a dialog that holds typed text asks first (Cancel, ×, Esc, a tap on
 * the mask), so a stray tap never loses a reason half-written on a phone.
 * Returns `requestClose(dirty, close)`.
 */
export function useConfirmDiscard(testIdPrefix: string) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  return (dirty: boolean, close: () => void) => {
    if (!dirty) {
      close();
      return;
    }
    modal.confirm({
      title: t('common.discardTitle'),
      content: t('common.discardContent'),
      okText: t('common.discard'),
      okButtonProps: { danger: true, 'data-testid': `${testIdPrefix}-discard` },
      cancelText: t('common.keepEditing'),
      cancelButtonProps: { 'data-testid': `${testIdPrefix}-keep` },
      onOk: close,
    });
  };
}
