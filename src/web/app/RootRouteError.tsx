import { useEffect, useState } from 'react';
import { useRouteError } from 'react-router';
import { browserOnline } from '../api/client.ts';
import { useI18n } from '../i18n/index.ts';

/**
 * Errors outside the signed-in layout: the login page, or the app's code failing to load (a tab left open
 * across a new release asks for files that are gone). Plain HTML and CSS, since antd may be what failed to load.
 */
export function RootRouteError() {
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);
  return (
    <div className="full-page-center">
      <ErrorNotice error={error} />
    </div>
  );
}

/**
 * A page's code that did not arrive (a dynamic import that failed: offline, a link that dropped, a release that
 * replaced the files). The browser keeps such a failure for the page's life, so only a reload opens it again.
 */
export function isCodeLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return /dynamically imported module|Importing a module script failed|Loading (CSS )?chunk|Unable to preload CSS/i.test(message);
}

/** What to say: offline (and reload by itself once back), code that did not arrive (reload), or anything else. */
export function errorNoticeKind(error: unknown, online: boolean): 'offline' | 'code' | 'other' {
  if (!isCodeLoadError(error)) return 'other';
  return online ? 'code' : 'offline';
}

/** "Something went wrong" with a reload button, in plain HTML (also inside the layout: see RouteError). */
export function ErrorNotice({ error }: { error?: unknown }) {
  const { t } = useI18n();
  const [online, setOnline] = useState(browserOnline);
  const kind = errorNoticeKind(error, online);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  // Back online after a page's code failed offline: open it again (a reload offline would show the browser's own error).
  const [wasOffline] = useState(kind === 'offline');
  useEffect(() => {
    if (wasOffline && online) window.location.reload();
  }, [wasOffline, online]);

  const [title, text] =
    kind === 'offline'
      ? [t('error.offlineTitle'), t('error.offlineText')]
      : kind === 'code'
        ? [t('error.codeTitle'), t('error.codeText')]
        : [t('error.title'), t('error.subtitle')];
  return (
    <div className="plain-result" role="alert" data-testid="error-notice" data-kind={kind}>
      <h1 className="plain-result-title">{title}</h1>
      <p className="plain-result-text">{text}</p>
      <button
        type="button"
        className="plain-button plain-button-primary"
        disabled={kind === 'offline'}
        onClick={() => window.location.reload()}
      >
        {kind === 'offline' ? t('error.offlineWaiting') : t('error.reload')}
      </button>
    </div>
  );
}
