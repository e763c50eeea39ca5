import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { NotFoundPage } from '../pages/not-found/NotFoundPage.tsx';
import { OrganizationsPage } from '../pages/organizations/OrganizationsPage.tsx';
import { AppLayout } from './AppLayout.tsx';
import { paths } from './paths.ts';
import { FullPageSpin, RequireAuth, RequirePermission } from './RequireAuth.tsx';
import { RouteError } from './RouteError.tsx';

// Organizations is the landing page and ships in the main bundle; the rest load on first visit.
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    // Shown while a lazily loaded page's code arrives on a first visit straight to its URL.
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      { path: paths.login, element: <LoginPage /> },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          {
            errorElement: <RouteError />,
            children: [
              { index: true, element: <Navigate to={paths.dashboard} replace /> },
              { path: 'organizations', element: <OrganizationsPage /> },
              { path: 'organizations/:id', element: <OrganizationsPage /> },
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
                lazy: () => import('../pages/dashboard/DashboardPage.tsx').then((m) => ({ Component: m.DashboardPage })),
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
                path: 'notifications/*',
                lazy: () => import('../pages/notifications/NotificationsPage.tsx').then((m) => ({ Component: m.NotificationsPage })),
              },
              {
                path: 'account',
                lazy: () => import('../pages/account/AccountPage.tsx').then((m) => ({ Component: m.AccountPage })),
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
