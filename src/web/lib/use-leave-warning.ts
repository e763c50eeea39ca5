import { useEffect } from 'react';

/**
 * While a form holds unsaved typing, closing the tab or reloading asks first (the browser's own question). The typing
 * is also kept as a draft (local-draft.ts); this is the second net.
 */
export function useLeaveWarning(unsaved: boolean): void {
  useEffect(() => {
    if (!unsaved) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium (cheap Android phones) asks only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [unsaved]);
}
