import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../api/session.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.ts';
import { FullPageSpin } from './FullPageSpin.tsx';
import { paths } from './paths.ts';

/**
 * What the guard shows for the session query's state. A session already known stays in use when a re-check fails
 * (offline on a village's weak link): the page and what was typed in it stay; only a real answer signs out (a 401
 * is answered as no session, `null`). The error screen is for a first check that never got an answer.
 */
export function authView(session: { isPending: boolean; isError: boolean; data: unknown }): 'wait' | 'error' | 'login' | 'app' {
  if (session.data) return 'app';
  if (session.isPending) return 'wait';
  if (session.isError && session.data === undefined) return 'error';
  return 'login';
}

/** Signed-out visitors go to the login page, which brings them back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const { t } = useI18n();

  switch (authView(session)) {
    case 'app':
      return children;
    case 'wait':
      return <FullPageSpin />;
    case 'error':
      // Plain markup rather than antd's Result: its pictures would weigh on every first load after sign-in.
      return (
        <div className="full-page-center">
          <div className="plain-result">
            <h1 className="plain-result-title">{t('common.loadFailed')}</h1>
            <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
          </div>
        </div>
      );
    case 'login': {
      const next = `${location.pathname}${location.search}${location.hash}`;
      const search = next === '/' ? '' : `?${new URLSearchParams({ next }).toString()}`;
      return <Navigate to={`${paths.login}${search}`} replace />;
    }
  }
}
