import { App, type ModalFuncProps } from 'antd';
import { useI18n, type MessageKey } from '../i18n/index.ts';

/** The "discard what was typed?" question, as both guards ask it (a dialog's close, a page left: use-unsaved-guard.ts). */
export function discardQuestion(
  t: (key: MessageKey) => string,
  testIdPrefix: string,
  answers: { onOk: () => void; onCancel?: () => void },
): ModalFuncProps {
  return {
    title: t('common.discardTitle'),
    content: t('common.discardContent'),
    okText: t('common.discard'),
    okButtonProps: { danger: true, 'data-testid': `${testIdPrefix}-discard` },
    cancelText: t('common.keepEditing'),
    cancelButtonProps: { 'data-testid': `${testIdPrefix}-keep` },
    ...answers,
  };
}

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
    modal.confirm(discardQuestion(t, testIdPrefix, { onOk: close }));
  };
}
