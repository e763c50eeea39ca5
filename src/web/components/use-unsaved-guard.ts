import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';
import { useI18n } from '../i18n/index.ts';
import { useLeaveWarning } from '../lib/use-leave-warning.ts';
import { discardQuestion } from './use-confirm-discard.ts';

/**
 * A page-long form with unsaved input (记录学习活动: a topic, 23 attendance marks): leaving it inside the app (Back,
 * the menu) asks first, as closing or reloading the tab does (useLeaveWarning). Returns `allowLeave`, to call just
 * before the page itself navigates away after a save. `onDiscard` runs when the person chooses to leave without
 * saving (e.g. to forget a draft kept on the phone).
 */
export function useUnsavedGuard(unsaved: boolean, testIdPrefix: string, onDiscard?: () => void): () => void {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const leaving = useRef(false);
  useLeaveWarning(unsaved);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved && !leaving.current && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );
  const blocked = blocker.state === 'blocked';
  const { proceed, reset } = blocker;
  const discarded = useRef(onDiscard);
  discarded.current = onDiscard;
  useEffect(() => {
    if (!blocked) return;
    const dialog = modal.confirm(
      discardQuestion(t, testIdPrefix, {
        onOk: () => {
          discarded.current?.();
          proceed?.();
        },
        onCancel: () => reset?.(),
      }),
    );
    return () => dialog.destroy();
  }, [blocked, proceed, reset, modal, t, testIdPrefix]);
  return () => {
    leaving.current = true;
  };
}
