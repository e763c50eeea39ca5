import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Popconfirm } from 'antd';
import { Link } from 'react-router';
import { useCurrentUser, useLogout } from '../api/session.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { NotificationBell } from '../components/NotificationBell.tsx';
import { useI18n } from '../i18n/index.ts';
import { paths } from './paths.ts';
import { clearDraftsOf } from '../lib/local-draft.ts';

/**
 * Signs out and reloads on the login page: a fresh page load drops every
 * cached answer of this user, so nothing of theirs can show to the next one.
 */
export function useSignOut() {
  const logout = useLogout();
  const user = useCurrentUser();
  return {
    pending: logout.isPending,
    // Even if the server call fails (e.g. offline), the browser leaves the signed-in pages. Drafts kept on the phone
    // go with the person (a shared phone): signing out is leaving them.
    signOut: () =>
      logout.mutate(undefined, {
        onSettled: () => {
          clearDraftsOf(user.id);
          window.location.replace(`${paths.login}?signedOut=1`);
        },
      }),
  };
}

export function HeaderBar({ isMobile, onOpenMenu }: { isMobile: boolean; onOpenMenu: () => void }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const { signOut, pending } = useSignOut();

  return (
    <div className="app-header-inner">
      {isMobile && (
        <Button
          type="text"
          className="header-button header-menu-button"
          icon={<MenuOutlined />}
          aria-label={t('nav.menu')}
          data-testid="nav-toggle"
          onClick={onOpenMenu}
        />
      )}
      <Link to={paths.home} className="app-brand" data-testid="app-brand">
        {isMobile ? t('app.shortName') : t('app.name')}
      </Link>
      <div className="header-spacer" />
      <NotificationBell compact={isMobile} />
      <LanguageSwitch className="header-button" compact={isMobile} />
      <Link to={paths.account} className="header-user" title={user.displayName} data-testid="header-user">
        <UserOutlined />
        <span className="header-user-name">{user.displayName}</span>
      </Link>
      {/* On a phone the icon sits where the thumb lands, and signing out again on a weak link is slow: asked first. */}
      <Popconfirm
        disabled={!isMobile}
        title={t('nav.logoutConfirm')}
        okText={t('nav.logoutShort')}
        cancelText={t('common.cancel')}
        placement="bottomRight"
        onConfirm={signOut}
        okButtonProps={{ 'data-testid': 'logout-confirm' }}
      >
        <Button
          type="text"
          className="header-button"
          icon={<LogoutOutlined />}
          loading={pending}
          onClick={isMobile ? undefined : signOut}
          aria-label={t('nav.logout')}
          title={t('nav.logout')}
          data-testid="logout"
        >
          {isMobile ? null : t('nav.logoutShort')}
        </Button>
      </Popconfirm>
    </div>
  );
}
