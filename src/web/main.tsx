import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { AppErrorBoundary } from './app/AppErrorBoundary.tsx';
import { createAppRouter } from './app/router.tsx';
import { createQueryClient } from './api/query-client.ts';
import { sessionFromPage, sessionQuery } from './api/session.ts';
import { englishReady, I18nProvider } from './i18n/index.ts';
import { staticLoginForm } from './pages/login/static-login.ts';
import './styles.css';

// The app's entry: React, the router, TanStack Query and the dictionary. Pages, antd and charts load later
// (see app/router.tsx), so a phone on a slow line can sign in after a small download.
const queryClient = createQueryClient();
// Who is signed in: written into the page by the server on a first load behind the sign-in, else asked at once, in
// parallel with the first page's code, not after it.
const pageSession = sessionFromPage();
if (pageSession !== undefined) queryClient.setQueryData(sessionQuery.queryKey, pageSession);
else void queryClient.prefetchQuery(sessionQuery);
const router = createAppRouter(queryClient);

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing <div id="root">');

function render(root: HTMLElement) {
  createRoot(root).render(
    <StrictMode>
      <AppErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <I18nProvider>
            <RouterProvider router={router} />
          </I18nProvider>
        </QueryClientProvider>
      </AppErrorBoundary>
    </StrictMode>,
  );
}

// A first load of /login comes with the login page written in (a phone shows it before this code arrives): it is
// replaced only once the router has the app's login page (and a reader who chose English has the dictionary),
// never by a loading spinner or an empty page in between, and that page takes over what was typed
// (pages/login/static-login.ts).
if (!staticLoginForm()) render(container);
else {
  const routerReady = new Promise<void>((resolve) => {
    if (router.state.initialized) return resolve();
    const stop = router.subscribe((state) => {
      if (!state.initialized) return;
      stop();
      resolve();
    });
  });
  void Promise.all([routerReady, englishReady()]).then(() => render(container));
}
