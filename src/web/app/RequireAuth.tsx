import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../api/session.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.ts';
import { FullPageSpin } from './FullPageSpin.tsx';
import { paths } from './paths.ts';

/** Signed-out visitors go to the login page, which brings them back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const { t } = useI18n();

  if (session.isPending) return <FullPageSpin />;
  if (session.isError) {
    // Plain markup rather than antd's Result: its pictures would weigh on every first load after sign-in.
    return (
      <div className="full-page-center">
        <div className="plain-result">
          <h1 className="plain-result-title">{t('common.loadFailed')}</h1>
          <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
        </div>
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
