import { Result } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { useI18n } from '../i18n/index.ts';
import { NotFoundPage } from '../pages/not-found/NotFoundPage.tsx';
import { ReloadButton } from './RequireAuth.tsx';

/** Shown when a page throws while rendering or its code fails to load (e.g. after a deploy). */
export function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (import.meta.env.DEV) console.error(error);
  return <Result status="error" title={t('error.title')} subTitle={t('error.subtitle')} extra={<ReloadButton />} />;
}
