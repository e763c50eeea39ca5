import { lazy } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { paths } from '../../app/paths.ts';
import { useCurrentUser } from '../../api/session.ts';
import { dashboardKindOf } from './dashboard-scope.ts';
import { VillageDashboardView } from './VillageDashboard.tsx';

// The overview's charts (ECharts), table and organization picker load only for those who see it, not for village secretaries.
const DistrictOverview = lazy(() => import('./DistrictOverview.tsx').then((m) => ({ default: m.DistrictOverview })));

/**
 * 工作台: a village secretary lands on their village's dashboard; everyone else on the overview
 * of their scope, with `?organizationId=` to drill into a subdistrict. `/dashboard/village?organizationId=`
 * opens any readable village's dashboard.
 */
export function DashboardPage() {
  const user = useCurrentUser();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const organizationId = params.get('organizationId') ?? undefined;
  // An account without the ledger (the finance bureau's) starts on the venue campaign's board.
  if (!user.permissions.includes('problem.read')) return <Navigate to={paths.venues} replace />;
  if (dashboardKindOf(pathname, organizationId, user.roles) === 'village') {
    return <VillageDashboardView organizationId={organizationId} />;
  }
  return <DistrictOverview organizationId={organizationId} />;
}
