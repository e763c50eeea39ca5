import { lazy, Suspense } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorNotice } from './RootRouteError.tsx';

// Loaded when needed: antd's Result and its pictures are not part of every page's first load.
const NotFoundPage = lazy(() => import('../pages/not-found/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })));

/** Shown inside the layout when a page throws while rendering or its code fails to load (e.g. after a deploy). */
export function RouteError() {
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Suspense fallback={null}>
        <NotFoundPage />
      </Suspense>
    );
  }
  return (
    <div className="page-error">
      <ErrorNotice error={error} />
    </div>
  );
}
