import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { prefetchDashboard } from '../pages/dashboard/dashboard-prefetch.ts';
import { FullPageSpin } from './FullPageSpin.tsx';
import { paths } from './paths.ts';
import { RequirePermission } from './RequirePermission.tsx';
import { RootRouteError } from './RootRouteError.tsx';

const loadAntShell = () => import('./AntShell.tsx');
const loadSignedInLayout = () => import('./SignedInLayout.tsx');
const loadRouteError = () => import('./RouteError.tsx');
const loadDashboard = () => import('../pages/dashboard/DashboardPage.tsx');

/** Fetches (and runs) the code of the first page after sign-in: the login page asks for it while the visitor types. */
export function preloadSignedIn(): Promise<unknown> {
  return Promise.all([loadAntShell(), loadSignedInLayout(), loadRouteError(), loadDashboard()]);
}

/**
 * Every page loads on first visit, and so does antd: the login page is plain HTML and CSS, and the antd theme
 * (AntShell), the signed-in layout and the in-layout error page load with the first page behind the sign-in.
 * This module and what it imports are the app's entry: keep antd, tables, charts and date pickers out of it.
 * On a first load the router asks for every lazy part of the matched routes at once (no waterfall).
 */
export function createAppRouter(queryClient: QueryClient) {
  return createBrowserRouter([
    {
      errorElement: <RootRouteError />,
      // Shown while a lazily loaded page's code arrives on a first visit straight to its URL.
      hydrateFallbackElement: <FullPageSpin />,
      children: [
        { path: paths.login, lazy: () => import('../pages/login/LoginPage.tsx').then((m) => ({ Component: m.LoginPage })) },
        {
          lazy: () => loadAntShell().then((m) => ({ Component: m.AntShell })),
          children: [
            {
              path: '/',
              lazy: () => loadSignedInLayout().then((m) => ({ Component: m.SignedInLayout })),
              children: [
                {
                  lazy: () => loadRouteError().then((m) => ({ ErrorBoundary: m.RouteError })),
                  children: [
                    { index: true, element: <Navigate to={paths.dashboard} replace /> },
                    {
                      path: 'organizations',
                      lazy: () => import('../pages/organizations/OrganizationsPage.tsx').then((m) => ({ Component: m.OrganizationsPage })),
                    },
                    {
                      path: 'organizations/:id',
                      lazy: () => import('../pages/organizations/OrganizationsPage.tsx').then((m) => ({ Component: m.OrganizationsPage })),
                    },
                    {
                      path: 'users',
                      element: (
                        <RequirePermission permission="user.read">
                          <Outlet />
                        </RequirePermission>
                      ),
                      children: [
                        {
                          index: true,
                          lazy: () => import('../pages/users/UsersPage.tsx').then((m) => ({ Component: m.UsersPage })),
                        },
                      ],
                    },
                    {
                      path: 'audit',
                      element: (
                        <RequirePermission permission="audit.read">
                          <Outlet />
                        </RequirePermission>
                      ),
                      children: [
                        {
                          index: true,
                          lazy: () => import('../pages/audit/AuditPage.tsx').then((m) => ({ Component: m.AuditPage })),
                        },
                      ],
                    },
                    {
                      path: 'ledger',
                      element: (
                        <RequirePermission permission="problem.read">
                          <Outlet />
                        </RequirePermission>
                      ),
                      children: [
                        {
                          index: true,
                          lazy: () => import('../pages/ledger/LedgerPage.tsx').then((m) => ({ Component: m.LedgerPage })),
                        },
                        {
                          path: ':id',
                          lazy: () => import('../pages/ledger/ProblemDetailPage.tsx').then((m) => ({ Component: m.ProblemDetailPage })),
                        },
                      ],
                    },
                    {
                      path: 'inspections',
                      element: (
                        <RequirePermission permission="problem.read">
                          <Outlet />
                        </RequirePermission>
                      ),
                      children: [
                        {
                          index: true,
                          lazy: () => import('../pages/inspections/InspectionsPage.tsx').then((m) => ({ Component: m.InspectionsPage })),
                        },
                        {
                          path: 'checklists/:id',
                          lazy: () => import('../pages/inspections/ChecklistPage.tsx').then((m) => ({ Component: m.ChecklistPage })),
                        },
                        {
                          path: ':id',
                          lazy: () => import('../pages/inspections/RoundDetailPage.tsx').then((m) => ({ Component: m.RoundDetailPage })),
                        },
                      ],
                    },
                    {
                      path: 'standards/*',
                      lazy: () => import('../pages/standards/StandardsPage.tsx').then((m) => ({ Component: m.StandardsPage })),
                    },
                    {
                      path: 'liaison-groups/*',
                      lazy: () => import('../pages/liaison-groups/LiaisonGroupsPage.tsx').then((m) => ({ Component: m.LiaisonGroupsPage })),
                    },
                    {
                      path: 'dashboard/*',
                      // The figures are asked for while the page's code loads (not awaited: the page shows its own progress).
                      loader: ({ request }) => {
                        void prefetchDashboard(queryClient, new URL(request.url));
                        return null;
                      },
                      lazy: () => loadDashboard().then((m) => ({ Component: m.DashboardPage })),
                    },
                    {
                      path: 'statistics/*',
                      lazy: () => import('../pages/statistics/StatisticsPage.tsx').then((m) => ({ Component: m.StatisticsPage })),
                    },
                    {
                      path: 'weekly-reports/*',
                      lazy: () => import('../pages/weekly-reports/WeeklyReportsPage.tsx').then((m) => ({ Component: m.WeeklyReportsPage })),
                    },
                    {
                      path: 'rankings/*',
                      lazy: () => import('../pages/rankings/RankingsPage.tsx').then((m) => ({ Component: m.RankingsPage })),
                    },
                    {
                      path: 'interviews/*',
                      lazy: () => import('../pages/interviews/InterviewsPage.tsx').then((m) => ({ Component: m.InterviewsPage })),
                    },
                    {
                      path: 'settings/*',
                      lazy: () => import('../pages/settings/SettingsPage.tsx').then((m) => ({ Component: m.SettingsPage })),
                    },
                    {
                      path: 'circulars/*',
                      lazy: () => import('../pages/circulars/CircularsPage.tsx').then((m) => ({ Component: m.CircularsPage })),
                    },
                    {
                      path: 'articles/*',
                      lazy: () => import('../pages/articles/ArticlesPage.tsx').then((m) => ({ Component: m.ArticlesPage })),
                    },
                    {
                      path: 'feedback/*',
                      lazy: () => import('../pages/feedback/FeedbackPage.tsx').then((m) => ({ Component: m.FeedbackPage })),
                    },
                    {
                      path: 'reviews/*',
                      lazy: () => import('../pages/reviews/ReviewsPage.tsx').then((m) => ({ Component: m.ReviewsPage })),
                    },
                    {
                      path: 'village-plans/*',
                      lazy: () => import('../pages/plans/PlansPage.tsx').then((m) => ({ Component: m.PlansPage })),
                    },
                    {
                      path: 'attainments/*',
                      lazy: () => import('../pages/attainments/AttainmentsPage.tsx').then((m) => ({ Component: m.AttainmentsPage })),
                    },
                    {
                      path: 'visits/*',
                      lazy: () => import('../pages/visits/VisitsPage.tsx').then((m) => ({ Component: m.VisitsPage })),
                    },
                    {
                      path: 'venues/*',
                      lazy: () => import('../pages/venues/VenuesPage.tsx').then((m) => ({ Component: m.VenuesPage })),
                    },
                    {
                      path: 'study/*',
                      lazy: () => import('../pages/study/StudyPage.tsx').then((m) => ({ Component: m.StudyPage })),
                    },
                    {
                      path: 'notifications/*',
                      lazy: () => import('../pages/notifications/NotificationsPage.tsx').then((m) => ({ Component: m.NotificationsPage })),
                    },
                    {
                      path: 'help',
                      lazy: () => import('../pages/help/HelpPage.tsx').then((m) => ({ Component: m.HelpPage })),
                    },
                    {
                      path: 'account',
                      lazy: () => import('../pages/account/AccountPage.tsx').then((m) => ({ Component: m.AccountPage })),
                    },
                    { path: '*', lazy: () => import('../pages/not-found/NotFoundPage.tsx').then((m) => ({ Component: m.NotFoundPage })) },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
