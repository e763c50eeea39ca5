import { ApiOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button, Drawer, Layout, Space, Spin } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useCurrentUser } from '../api/session.ts';
import { NetworkBanner } from '../components/NetworkBanner.tsx';
import { RoleTags } from '../components/RoleTags.tsx';
import { useI18n } from '../i18n/index.ts';
import { useIsMobile } from '../lib/use-is-mobile.ts';
import { HeaderBar, useSignOut } from './HeaderBar.tsx';
import { NavMenu } from './NavMenu.tsx';
import { paths } from './paths.ts';

function ApiDocsLink() {
  const { t } = useI18n();
  const user = useCurrentUser();
  // The API reference is for administrators who integrate other systems.
  if (!user.permissions.includes('user.manage')) return null;
  return (
    <a href={paths.apiDocs} target="_blank" rel="noreferrer" data-testid="api-docs-link">
      <ApiOutlined /> {t('nav.apiDocs')}
    </a>
  );
}

function MobileDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const { signOut, pending } = useSignOut();
  return (
    <Drawer
      placement="left"
      open={open}
      onClose={onClose}
      width={288}
      title={t('app.name')}
      styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}
      data-testid="nav-drawer"
    >
      <div className="drawer-user">
        <strong>{user.displayName}</strong>
        <span className="text-secondary"> （{user.username}）</span>
        <div style={{ marginTop: 8 }}>
          <RoleTags roles={user.roles} />
        </div>
      </div>
      <NavMenu onNavigate={onClose} />
      <Space direction="vertical" size="middle" className="drawer-footer">
        <Button block icon={<LogoutOutlined />} loading={pending} onClick={signOut}>
          {t('nav.logout')}
        </Button>
        <ApiDocsLink />
      </Space>
    </Drawer>
  );
}

export function AppLayout() {
  const isMobile = useIsMobile();
  const location = useLocation();
  // The drawer belongs to the page it was opened on: navigating anywhere (even with the back button) closes it.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === location.pathname;

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <HeaderBar isMobile={isMobile} onOpenMenu={() => setMenuOpenOn(location.pathname)} />
      </Layout.Header>
      <Layout hasSider={!isMobile}>
        {!isMobile && (
          <Layout.Sider width={232} className="app-sider" theme="light">
            <NavMenu />
          </Layout.Sider>
        )}
        <Layout>
          <NetworkBanner />
          <Layout.Content className="app-content">
            <Suspense fallback={<Spin size="large" className="page-spin" />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
          <Layout.Footer className="app-footer">
            <Space size="middle" wrap>
              <span>台账 Taizhang</span>
              <ApiDocsLink />
            </Space>
          </Layout.Footer>
        </Layout>
      </Layout>
      {isMobile && <MobileDrawer open={menuOpen} onClose={() => setMenuOpenOn(null)} />}
    </Layout>
  );
}
