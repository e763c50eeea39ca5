import { useRouteError } from 'react-router';
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
      <ErrorNotice />
    </div>
  );
}

/** "Something went wrong" with a reload button, in plain HTML (also inside the layout: see RouteError). */
export function ErrorNotice() {
  const { t } = useI18n();
  return (
    <div className="plain-result" role="alert">
      <h1 className="plain-result-title">{t('error.title')}</h1>
      <p className="plain-result-text">{t('error.subtitle')}</p>
      <button type="button" className="plain-button plain-button-primary" onClick={() => window.location.reload()}>
        {t('error.reload')}
      </button>
    </div>
  );
}
