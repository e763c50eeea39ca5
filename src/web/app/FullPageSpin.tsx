import { useI18n } from '../i18n/index.ts';

/**
 * A page-sized "loading" spinner in plain CSS (styles.css, `.plain-spin`): it shows while the first page's code
 * arrives, before antd is loaded, so it must not need antd itself.
 */
export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div className="full-page-center" aria-busy="true">
      <div className="plain-spin" role="status">
        <span className="plain-spin-dot" aria-hidden="true" />
        <span className="plain-spin-tip">{t('common.loading')}</span>
      </div>
    </div>
  );
}
