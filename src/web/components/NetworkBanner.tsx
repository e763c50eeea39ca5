import { Alert } from 'antd';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/index.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

const isOnline = () => navigator.onLine;

/**
 * A banner while the browser knows it is offline (a village phone out of signal), and a short "back online" after.
 * Saves tried meanwhile fail at once with the network message instead of spinning (query-client's networkMode),
 * and what the page shows is fetched again on reconnect.
 */
export function NetworkBanner() {
  const { t } = useI18n();
  const online = useSyncExternalStore(subscribe, isOnline, () => true);
  const wasOffline = useRef(false);
  const [backOnline, setBackOnline] = useState(false);

  useEffect(() => {
    if (!online) {
      wasOffline.current = true;
      setBackOnline(false);
      return;
    }
    if (!wasOffline.current) return;
    wasOffline.current = false;
    setBackOnline(true);
    const timer = setTimeout(() => setBackOnline(false), 4000);
    return () => clearTimeout(timer);
  }, [online]);

  if (!online) {
    return (
      <Alert
        type="warning"
        showIcon
        banner
        role="alert"
        className="network-banner"
        message={t('common.offline')}
        data-testid="offline-banner"
      />
    );
  }
  if (backOnline) {
    return (
      <Alert
        type="success"
        showIcon
        banner
        role="status"
        className="network-banner"
        message={t('common.backOnline')}
        data-testid="online-banner"
      />
    );
  }
  return null;
}
