import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Permission } from '../../domain/roles.ts';
import { useHasPermission, useSession } from '../api/session.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.ts';
import { ForbiddenPage } from '../pages/not-found/ForbiddenPage.tsx';
import { paths } from './paths.ts';

export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div className="full-page-center" aria-busy="true">
      <Spin size="large" tip={t('common.loading')}>
        <div style={{ width: 120, height: 80 }} />
      </Spin>
    </div>
  );
}

/** Signed-out visitors go to the login page, which brings them back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const { t } = useI18n();

  if (session.isPending) return <FullPageSpin />;
  if (session.isError) {
    return (
      <div className="full-page-center">
        <Result
          status="warning"
          title={t('common.loadFailed')}
          extra={<ErrorAlert error={session.error} onRetry={() => void session.refetch()} />}
        />
      </div>
    );
  }
  if (!session.data) {
    const next = `${location.pathname}${location.search}${location.hash}`;
    const search = next === '/' ? '' : `?${new URLSearchParams({ next }).toString()}`;
    return <Navigate to={`${paths.login}${search}`} replace />;
  }
  return children;
}

/** Pages that need a permission show a plain "not allowed" page to everyone else. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const allowed = useHasPermission(permission);
  return allowed ? children : <ForbiddenPage />;
}

export function ReloadButton() {
  const { t } = useI18n();
  return (
    <Button type="primary" onClick={() => window.location.reload()}>
      {t('error.reload')}
    </Button>
  );
}
