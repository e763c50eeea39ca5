import { renderToStaticMarkup } from 'react-dom/server';
import { translateZh } from '../../i18n/I18nProvider.tsx';
import { LoginView } from './LoginView.tsx';

/**
 * The login page as HTML, for the build to write beside index.html (scripts/web-build.ts, staticLoginPage): the
 * server puts it into the page it sends for /login, so that a phone shows the form as soon as the page and its
 * styles arrive, before the app's code (on Fast 3G about half of the wait). Chinese: the app switches to English
 * when it takes over, for those who chose it.
 */
export function staticLoginPageHtml(): string {
  return renderToStaticMarkup(
    <LoginView
      static
      t={translateZh}
      lang="zh"
      values={{ username: '', password: '' }}
      problems={{ username: null, password: null }}
      showPassword={false}
      pending={false}
      notice={null}
    />,
  );
}
